"""Lambda entry point run every minute."""
from __future__ import annotations

from typing import Any

from chalice import Blueprint, Rate

from ..logs import with_lambda_context
from ..runtime import services

bp = Blueprint(__name__)


@bp.schedule(Rate(1, unit=Rate.MINUTES))
def sweep_timers(event: Any) -> dict[str, int]:
    """Every minute: claim due timers (escalations, snoozes); on the local stage also the sandbox network's
    delivery reports."""
    with_lambda_context(getattr(event, "context", None))
    c = services()
    for job in c.minute_jobs:
        job()
    return {"jobs": len(c.minute_jobs)}
