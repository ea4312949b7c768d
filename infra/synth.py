"""`python -m infra.synth --out build/template.json`: writes the AWS stage's CloudFormation template.

Offline and quick: it imports the app and the model, reads `.chalice/config.json`, and packages
nothing (the deployment package is built separately with `chalice package`, see README.md).
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

from pynamodb.models import Model

from infra.appcheck import check_handlers, load_app
from infra.functions import CONSUMERS, OPS, SWEEP, load_stage_settings
from infra.template import build_template

PROJECT_DIR = Path(__file__).resolve().parent.parent


def _load_model(target: str) -> type[Model]:
    module_name, _, attribute = target.partition(":")
    model = getattr(importlib.import_module(module_name), attribute)
    if not (isinstance(model, type) and issubclass(model, Model)):
        raise TypeError(f"{target} is not a PynamoDB model")
    return model


def synthesise(out: Path, app_target: str = "app:app", model_target: str = "chalicelib.models.tables:Item",
               project_dir: Path = PROJECT_DIR) -> Path:
    if str(project_dir) not in sys.path:
        sys.path.insert(0, str(project_dir))
    app = load_app(app_target)
    check_handlers(app, (*CONSUMERS, SWEEP, OPS))
    template = build_template(app, _load_model(model_target), load_stage_settings(project_dir))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(template, indent=2) + "\n")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.synth", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("build/template.json"))
    parser.add_argument("--app", default="app:app", help="the Chalice app, module:attribute")
    parser.add_argument("--model", default="chalicelib.models.tables:Item", help="the table's PynamoDB model")
    args = parser.parse_args(argv)
    print(synthesise(args.out, args.app, args.model))
    return 0


if __name__ == "__main__":
    sys.exit(main())
