"""The brand's audit trail: read by brand admins, written by the administrative routes once a change succeeded."""
from __future__ import annotations

from typing import Any

from chalice import Blueprint

from ..runtime import services
from ..services.domain import Agent
from ..services.domain.safety import AuditEntry
from . import render
from .http import current_agent, json_response, query, query_int, route

bp = Blueprint(__name__)


def audited(actor: Agent, action: str, target_kind: str, target_id: str, details: dict[str, Any] | None = None) -> None:
    """Records an administrative change the caller just made (secrets in `details` are hidden)."""
    services().safety.audit.record(actor, action, target_kind, target_id, details)


def entry(e: AuditEntry) -> dict[str, Any]:
    return {"id": e.id, "at": render.iso(e.at), "actor": {"id": e.actor_id, "email": e.actor_email},
            "action": e.action, "target": {"kind": e.target_kind, "id": e.target_id}, "details": e.details}


@route(bp, "/v1/audit", "GET", "The brand's audit trail, newest first, ?from=&to= (ISO 8601), ?cursor=&limit= "
       "(brand admins)", responses={200: "entries", 403: "not a brand admin"})
def list_audit():  # type: ignore[no-untyped-def]
    params = query(bp)
    page = services().safety.audit.list(current_agent(bp), params.get("from") or None, params.get("to") or None,
                                        params.get("cursor") or None, query_int(bp, "limit", 50))
    return json_response({"items": [entry(e) for e in page.items], "next_cursor": page.next_cursor})
