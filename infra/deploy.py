"""`make deploy STAGE=prod REGION=eu-west-3`: build, show the change set, apply it, publish the web client.

Idempotent: the package and template go to S3 under content-hash keys, so a deploy of unchanged sources
finds "no changes" and changes nothing. `--plan` (or DRY_RUN=1) stops after printing the plan.
The steps that need the network and a toolchain (the Linux wheels, the web build) are behind `Build`,
so the rest runs against moto in the tests.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from infra import artifacts, changeset, deploy_secrets
from infra.changeset import DeployError, Plan

PROJECT_DIR = Path(__file__).resolve().parent.parent
# Stack outputs the deploy reads, by what they are; the first name present is used, and a step whose
# output is absent is skipped with a message (a template without the web client still deploys).
OUTPUTS = {
    "web_url": ("WebUrl", "WebClientUrl"),
    "web_bucket": ("WebBucketName", "WebBucket"),
    "distribution": ("WebDistributionId", "DistributionId"),
    "api_url": ("ApiUrl",),
    "twilio_sms": ("TwilioSmsWebhookUrl",),
    "twilio_status": ("TwilioStatusCallbackUrl",),
    "meta": ("MetaWebhookUrl",),
    "dashboard": ("DashboardUrl",),
}
# Template parameters an operator may give (command line or environment); the rest keep their
# default on a creation and their previous value on an update.
OPERATOR_PARAMETERS = {"MailFrom": "MAIL_FROM", "AlarmEmail": "ALARM_EMAIL", "DomainName": "DOMAIN_NAME",
                       "CertificateArn": "CERTIFICATE_ARN", "LogLevel": "LOG_LEVEL"}


@dataclass(frozen=True)
class Options:
    stack: str
    region: str
    plan_only: bool = False
    assume_yes: bool = False
    parameters: dict[str, str] = field(default_factory=dict)  # operator-given template parameters


@dataclass(frozen=True)
class Built:
    package: Path            # the Lambda deployment zip
    web_dist: Path | None    # the built web client's folder, None when it could not be built


@dataclass
class Aws:
    """The AWS clients of one deploy, in its region."""
    cloudformation: Any
    s3: Any
    ssm: Any
    cloudfront: Any
    sts: Any

    @classmethod
    def in_region(cls, region: str) -> Aws:
        import boto3

        session = boto3.session.Session(region_name=region)
        return cls(*(session.client(name) for name in ("cloudformation", "s3", "ssm", "cloudfront", "sts")))


def build_sources(project_dir: Path) -> Built:
    """The real build: the locked Linux wheels with the app (network: PyPI), and `make web` (npm)."""
    from infra.package import build_package

    package = build_package(project_dir, project_dir / "build" / "lambda")
    subprocess.run(["make", "--no-print-directory", "web"], cwd=project_dir, check=True)
    return Built(package, project_dir / "web" / "dist")


def synthesise_template(out: Path) -> Path:
    """The stack's template, synthesised from the app and the model (`infra.synth`)."""
    from infra.synth import synthesise

    return synthesise(out)


@dataclass
class Deployer:
    aws: Aws
    out: TextIO = sys.stdout
    build: Callable[[Path], Built] = build_sources
    synthesise: Callable[[Path], Path] = synthesise_template
    confirm: Callable[[str], bool] = lambda question: input(question).strip().lower() in ("y", "yes")
    ask_secret: Callable[[str], str] | None = None  # None: secrets are not asked for (no terminal)
    sleep: Callable[[float], None] = time.sleep
    project_dir: Path = PROJECT_DIR
    built: Built | None = field(default=None, init=False)

    def run(self, options: Options) -> int:
        """The whole deploy; 0 when the stack is as the sources say (or the plan was shown), 1 otherwise."""
        try:
            missing = self._check_secrets(options)
            if missing and not options.plan_only:
                raise DeployError("secrets missing, nothing applied; create them with:\n" + _commands(options, missing))
            plan = self._plan(options)
            self._say(changeset.format_plan(options.stack, plan))
            if options.plan_only:
                self._discard(plan, options.stack)
                return self._after_plan(options, missing)
            if not plan.empty:
                self._apply(options, plan)
            self._publish(options, self._outputs(options.stack))
            return 0
        except DeployError as error:
            self._say(f"Deploy failed: {error}")
            return 1

    def _check_secrets(self, options: Options) -> list[deploy_secrets.Secret]:
        missing = deploy_secrets.missing_secrets(self.aws.ssm, options.stack)
        if not missing or options.plan_only:
            return missing
        generated = [s for s in missing if s.generated]
        asked = [s for s in missing if not s.generated] if self.ask_secret else []
        for secret in generated + asked:
            self._say(f"Creating secret {deploy_secrets.parameter_name(options.stack, secret)} "
                      f"({'generated' if secret.generated else 'your answer'})")
        deploy_secrets.create_missing(self.aws.ssm, options.stack, generated + asked,
                                      ask=self.ask_secret or (lambda prompt: ""))
        return deploy_secrets.missing_secrets(self.aws.ssm, options.stack)

    def _plan(self, options: Options) -> Plan:
        build_dir = self.project_dir / "build"
        self._say("Building the deployment package and the web client...")
        self.built = built = self.build(self.project_dir)
        template_path = self.synthesise(build_dir / "template.json")
        template = json.loads(template_path.read_text())
        account = self.aws.sts.get_caller_identity()["Account"]
        bucket = artifacts.artifacts_bucket_name(account, options.region)
        if artifacts.ensure_artifacts_bucket(self.aws.s3, bucket, options.region):
            self._say(f"Created the artifacts bucket {bucket} (private, versioned, encrypted)")
        code_key = artifacts.upload_artifact(self.aws.s3, bucket, options.stack, built.package, "package")
        template_key = artifacts.upload_artifact(self.aws.s3, bucket, options.stack, template_path, "template")
        self._say(f"Package s3://{bucket}/{code_key} ({built.package.stat().st_size / 2**20:.1f} MiB)")
        given = {"CodeBucket": bucket, "CodeKey": code_key, deploy_secrets.PATH_PARAMETER:
                 deploy_secrets.secrets_path(options.stack), **options.parameters}
        parameters = stack_parameters(template, given, self._previous_parameters(options.stack))
        plan = changeset.create_plan(self.aws.cloudformation, options.stack,
                                     artifacts.template_url(bucket, options.region, template_key), parameters,
                                     name=f"deploy-{time.strftime('%Y%m%d-%H%M%S')}-{code_key[-20:-4]}",
                                     sleep=self.sleep)
        return plan

    def _previous_parameters(self, stack: str) -> dict[str, str]:
        if changeset.stack_status(self.aws.cloudformation, stack) in (None, "REVIEW_IN_PROGRESS"):
            return {}
        described = self.aws.cloudformation.describe_stacks(StackName=stack)["Stacks"][0]
        return {p["ParameterKey"]: p.get("ParameterValue", "") for p in described.get("Parameters", [])}

    def _discard(self, plan: Plan, stack: str) -> None:
        """Leaves nothing behind a plan that is not applied: no change set to execute, no empty new stack."""
        if plan.change_set_id:
            self.aws.cloudformation.delete_change_set(ChangeSetName=plan.change_set_id)
        if plan.change_type == "CREATE" and changeset.stack_status(self.aws.cloudformation, stack) == \
                "REVIEW_IN_PROGRESS":
            self.aws.cloudformation.delete_stack(StackName=stack)

    def _after_plan(self, options: Options, missing: list[deploy_secrets.Secret]) -> int:
        if missing:
            self._say("Secrets missing (the deploy creates the generated one and asks for the others):\n"
                      + _commands(options, missing))
        self._say("Plan only: nothing applied.")
        return 0

    def _apply(self, options: Options, plan: Plan) -> None:
        destructive = [c for c in plan.changes if c.destructive]
        if destructive and not options.assume_yes:
            if not self.confirm(f"{len(destructive)} resource(s) would be deleted or replaced. Apply? [y/N] "):
                self._discard(plan, options.stack)
                raise DeployError("not confirmed: nothing applied")
        self._say("Applying the change set...")
        status = changeset.apply_plan(self.aws.cloudformation, options.stack, plan, sleep=self.sleep)
        self._say(f"Stack {options.stack}: {status}")

    def _outputs(self, stack: str) -> dict[str, str]:
        described = self.aws.cloudformation.describe_stacks(StackName=stack)["Stacks"][0]
        return {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs", [])}

    def _publish(self, options: Options, outputs: dict[str, str]) -> None:
        self._publish_web_client(outputs)
        self._say(next_steps(options.stack, outputs))

    def _publish_web_client(self, outputs: dict[str, str]) -> None:
        bucket, distribution = output(outputs, "web_bucket"), output(outputs, "distribution")
        dist = self.built.web_dist if self.built else None
        if not bucket:
            self._say(f"Web client: not uploaded, the stack has no {OUTPUTS['web_bucket'][0]} output")
            return
        if dist is None or not (dist / "index.html").is_file():
            raise DeployError(f"the web client is not built ({dist}): run `make web`")
        uploaded = artifacts.upload_web_client(self.aws.s3, bucket, dist)
        self._say(f"Web client: {len(uploaded)} file(s) uploaded to s3://{bucket}")
        if not uploaded:
            return
        if not distribution:
            self._say(f"CDN: not invalidated, the stack has no {OUTPUTS['distribution'][0]} output")
            return
        invalidation = artifacts.invalidate(self.aws.cloudfront, distribution, uploaded)
        self._say(f"CDN: invalidation {invalidation} of /* on {distribution}")

    def _say(self, text: str) -> None:
        print(text, file=self.out, flush=True)


def stack_parameters(template: dict[str, Any], given: dict[str, str],
                     previous: dict[str, str]) -> list[dict[str, Any]]:
    """The change set's parameters: those given, else the stack's previous value, else the template's default.

    Every value is spelled out (CloudFormation's UsePreviousValue only where the previous value is hidden,
    NoEcho), so the plan is the same whoever runs it. Only parameters the template declares are passed, and
    a required one (no default) that nobody gave stops the deploy with the option to give it.
    """
    parameters: list[dict[str, Any]] = []
    for name, declaration in template.get("Parameters", {}).items():
        if given.get(name):
            parameters.append({"ParameterKey": name, "ParameterValue": given[name]})
        elif name in previous and declaration.get("NoEcho"):
            parameters.append({"ParameterKey": name, "UsePreviousValue": True})
        elif name in previous:
            parameters.append({"ParameterKey": name, "ParameterValue": previous[name]})
        elif "Default" in declaration:
            parameters.append({"ParameterKey": name, "ParameterValue": str(declaration["Default"])})
        else:
            option = OPERATOR_PARAMETERS.get(name, name)
            raise DeployError(f"the template needs {name} ({declaration.get('Description', '')}): "
                              f"give it as {option}=... (make) or --{option.lower().replace('_', '-')}")
    return parameters


def output(outputs: dict[str, str], what: str) -> str | None:
    """The first of the stack outputs known for `what`, or None."""
    return next((outputs[name] for name in OUTPUTS[what] if outputs.get(name)), None)


def next_steps(stack: str, outputs: dict[str, str]) -> str:
    """The URLs an operator needs, and what to do next."""
    lines = ["", f"Stack {stack} is deployed."]
    for label, what in (("Web client", "web_url"), ("API", "api_url"), ("Twilio SMS webhook", "twilio_sms"),
                        ("Twilio status callback", "twilio_status"), ("Meta webhook", "meta"),
                        ("Dashboard", "dashboard")):
        if value := output(outputs, what):
            lines.append(f"  {label + ':':<24} {value}")
    lines += [
        "Next steps:",
        f"  1. Create the first brand (prints the admin's invitation URL to open):\n"
        f"     .venv/bin/python -m ops brands create --stack {stack} --name 'Brand' --admin-email admin@example.com"
        f" \\\n       --store-name 'First store' --timezone Europe/Paris --number +33100000000",
        "  2. Twilio console > Phone Numbers > the store's number > Messaging > 'A message comes in':\n"
        f"     Webhook, HTTP POST, {output(outputs, 'twilio_sms') or 'the TwilioSmsWebhookUrl output'}",
        "  3. Confirm the alarm e-mail subscription, if AlarmEmail was given.",
    ]
    return "\n".join(lines)


def _commands(options: Options, missing: list[deploy_secrets.Secret]) -> str:
    return "\n".join("  " + deploy_secrets.put_command(options.stack, options.region, s) for s in missing)


STACK_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9-]{0,43}$")  # function names are <stack>-<function>, 64 at most


def parse_options(argv: list[str] | None, environ: dict[str, str]) -> Options:
    """Options from the command line, else from the environment make passes (STAGE, REGION, DRY_RUN, ...)."""
    parser = argparse.ArgumentParser(prog="python -m infra.deploy", description=__doc__.splitlines()[0])
    parser.add_argument("--stage", default=environ.get("STAGE"), help="stage name; the stack is comptoir-<stage>")
    parser.add_argument("--stack", default=environ.get("STACK"), help="stack name (default comptoir-<stage>)")
    parser.add_argument("--region", default=environ.get("REGION") or environ.get("AWS_REGION"))
    parser.add_argument("--plan", action="store_true", default=environ.get("DRY_RUN", "") not in ("", "0"),
                        help="print the plan only")
    parser.add_argument("--yes", action="store_true", default=environ.get("YES", "") not in ("", "0"),
                        help="apply without asking, even when resources would be deleted or replaced")
    for name, variable in OPERATOR_PARAMETERS.items():
        parser.add_argument(f"--{variable.lower().replace('_', '-')}", dest=name, metavar=variable,
                            default=environ.get(variable), help=f"template parameter {name}")
    args = parser.parse_args(argv)
    if not args.region or not (args.stage or args.stack):
        parser.error("give STAGE=... and REGION=... (or --stage and --region)")
    stack = args.stack or f"comptoir-{args.stage}"
    if not STACK_NAME.match(stack):
        parser.error(f"stack name {stack!r}: a letter, then letters, digits or hyphens, 44 characters at most")
    given = {name: getattr(args, name) for name in OPERATOR_PARAMETERS if getattr(args, name)}
    return Options(stack, args.region, plan_only=args.plan, assume_yes=args.yes, parameters=given)


def main(argv: list[str] | None = None) -> int:
    options = parse_options(argv, dict(os.environ))
    import getpass

    interactive = sys.stdin.isatty()
    deployer = Deployer(Aws.in_region(options.region), ask_secret=getpass.getpass if interactive else None)
    if not interactive:
        deployer.confirm = lambda question: False  # no one to ask: only --yes applies a destructive change
    return deployer.run(options)


if __name__ == "__main__":
    sys.exit(main())
