"""`python -m ops ...`: argparse in, one JSON document out on stdout (the export: JSON lines), errors on stderr."""
from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable
from typing import Any, Protocol

from botocore.exceptions import BotoCoreError, ClientError

from ops.export import ExportError, export_brand


class Target(Protocol):
    def run(self, event: dict[str, Any]) -> dict[str, Any]: ...


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m ops", description=__doc__)
    where = root.add_mutually_exclusive_group()
    where.add_argument("--stack", help="a deployed stack (AWS credentials); without it, the running local stage")
    where.add_argument("--local", action="store_true", help="the local stage found through PORT and COMPTOIR_DATA")
    root.add_argument("--region", help="the stack's region (default: the AWS configuration's)")
    groups = root.add_subparsers(dest="group", required=True)

    def command(group: Any, name: str, help_text: str, *arguments: tuple[str, str]) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = group.add_parser(name, help=help_text)
        # Where to run may also follow the command (`ops brands create ... --stack NAME`); left out, the value
        # given before the command stands.
        sub.add_argument("--stack", default=argparse.SUPPRESS, help="a deployed stack (as before the command)")
        sub.add_argument("--local", action="store_true", default=argparse.SUPPRESS, help="the local stage")
        sub.add_argument("--region", default=argparse.SUPPRESS, help="the stack's region")
        for flag, help_arg in arguments:
            sub.add_argument(flag, required=True, help=help_arg)
        return sub

    brands = groups.add_parser("brands").add_subparsers(dest="action", required=True)
    command(brands, "create", "a brand, its first store and number, its first admin's invitation",
            ("--name", "the brand's name"), ("--admin-email", "the first admin's address"),
            ("--store-name", "the first store's name"), ("--timezone", "IANA time zone, e.g. Europe/Paris"),
            ("--number", "the store's textable number, E.164"))
    command(brands, "list", "every brand with its stores")
    export = command(brands, "export", "everything of a brand, as JSON lines", ("--brand-id", "the brand"))
    export.add_argument("--out", help="the file to write (default: stdout)")
    export.add_argument("--resume", help="a cursor file: saved after each page, read to resume (needs --out)")
    numbers = groups.add_parser("numbers").add_subparsers(dest="action", required=True)
    assign = command(numbers, "assign", "give a store its textable number (one number, one store)",
                     ("--store-id", "the store"), ("--number", "E.164 number"))
    assign.add_argument("--brand-id", help="the store's brand: spares a walk over the table to find it")
    command(numbers, "release", "take a number away from its store", ("--number", "E.164 number"))
    agents = groups.add_parser("agents").add_subparsers(dest="action", required=True)
    command(agents, "reset-password", "e-mail an agent a password reset link", ("--email", "the agent's login"))
    failures = groups.add_parser("failures").add_subparsers(dest="action", required=True)
    command(failures, "list", "background work that failed for good")
    replay = command(failures, "replay", "replay each failed stream batch once, and say what happened")
    replay.add_argument("--dry-run", action="store_true", help="only list what would be replayed")
    return root


def event_of(args: argparse.Namespace) -> dict[str, Any]:
    """The JSON event of the command, as the ops Lambda takes it."""
    skip = {"stack", "local", "region", "group", "action", "out", "resume"}
    event = {k: v for k, v in vars(args).items() if k not in skip and v is not None and v is not False}
    return {"command": f"{args.group} {args.action}", **event}


def _target(args: argparse.Namespace) -> Target:
    if args.stack and args.local:
        raise SystemExit("python -m ops: --stack and --local name two places: give one")
    if args.stack:
        from ops.stack import stack_operations

        return stack_operations(args.stack, args.region)
    from ops.local_stage import local_operations

    return local_operations()


def main(argv: list[str] | None = None, target_for: Callable[[argparse.Namespace], Target] = _target,
         stdout: Any = None, stderr: Any = None) -> int:
    out, err = stdout or sys.stdout, stderr or sys.stderr
    args = parser().parse_args(argv)
    try:
        # The app logs JSON lines to stdout (Lambda's habit): here they go to stderr, stdout is the answer's.
        with contextlib.redirect_stdout(err):
            target = target_for(args)
            if args.group == "brands" and args.action == "export":
                export_brand(target, args.brand_id, out_path=args.out, resume_path=args.resume, stdout=out,
                             stderr=err)
                return 0
            answer = target.run(event_of(args))
    except (RuntimeError, ExportError, BotoCoreError, ClientError) as error:  # said plainly, no traceback
        print(f"ops: {error}", file=err)
        return 1
    if "error" in answer:
        problem = answer["error"]
        fields = "".join(f"\n  {name}: {text}" for name, text in problem.get("errors", {}).items())
        print(f"ops: {problem.get('type')}: {problem.get('detail')}{fields}", file=err)
        return 1
    print(json.dumps(answer, indent=2, ensure_ascii=False), file=out)
    return 0
