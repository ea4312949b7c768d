"""The ops Lambda: what operators run from the AWS console, a JSON event `{"command": ...}` in, JSON out."""
from __future__ import annotations

from typing import Any

from chalice import Blueprint

from ..runtime import services

bp = Blueprint(__name__)


@bp.lambda_function(name="ops")
def ops(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Runs one operator command against this stack."""
    from ..operations import aws_failures, build

    current = services()
    return build(current, aws_failures(current.settings.region)).run(event)
