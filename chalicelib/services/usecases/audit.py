"""The audit trail: every administrative change, who made it, when, to what, and what changed.

Written by the handlers of administrative routes once the change succeeded (a refused change is not one),
read by brand admins newest first.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from ..domain import Agent, Page
from ..domain.errors import Forbidden, InvalidInput
from ..domain.safety import AuditEntry, redacted
from ..ports.clock import Clock, parse_iso
from ..ports.repositories import IdGenerator
from ..ports.safety import AuditLog

MAX_PAGE = 100


class Audit:
    def __init__(self, log: AuditLog, ids: IdGenerator, clock: Clock) -> None:
        self.log = log
        self.ids = ids
        self.clock = clock

    def record(self, actor: Agent, action: str, target_kind: str, target_id: str,
               details: dict[str, Any] | None = None) -> AuditEntry:
        """Records a change an agent made; secrets in the details are hidden, never stored."""
        entry = AuditEntry(brand_id=actor.brand_id, id=self.ids.new_id("au"), at=self.clock.now(), action=action,
                           target_kind=target_kind, target_id=target_id, actor_id=actor.id,
                           actor_email=actor.email or None, details=redacted(details or {}))
        self.log.add(entry)
        return entry

    def record_system(self, brand_id: str, action: str, target_kind: str, target_id: str,
                      details: dict[str, Any] | None = None) -> AuditEntry:
        """Records what the system did by itself to a brand's account (a login lockout): no actor."""
        entry = AuditEntry(brand_id=brand_id, id=self.ids.new_id("au"), at=self.clock.now(), action=action,
                           target_kind=target_kind, target_id=target_id, details=redacted(details or {}))
        self.log.add(entry)
        return entry

    def list(self, viewer: Agent, since: str | None, until: str | None, cursor: str | None,
             limit: int = 50) -> Page:
        """The brand's trail between two times (both optional, both included), newest first; brand admins only."""
        if not viewer.brand_admin:
            raise Forbidden("only a brand admin reads the audit trail")
        start, end = _time(since, "from"), _time(until, "to")
        if start and end and start > end:
            raise InvalidInput.field("from", "after 'to'")
        if not 1 <= limit <= MAX_PAGE:
            raise InvalidInput.field("limit", f"from 1 to {MAX_PAGE}")
        return self.log.list(viewer.brand_id, start, end, cursor, limit)


def _time(value: str | None, field: str) -> datetime | None:
    if not value:
        return None
    try:
        return parse_iso(value)
    except ValueError:
        raise InvalidInput.field(field, "an ISO 8601 time with its zone, e.g. 2026-03-01T00:00:00Z") from None
