"""Account safety and the audit trail: what an admin changed, and a pending change of an agent's e-mail."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# Words that mark a value never written to the audit trail: a secret does not become readable by being logged.
SECRET_MARKS = ("password", "token", "secret")


@dataclass(frozen=True)
class AuditEntry:
    """One administrative change: who did it, when, to what, and what changed."""

    brand_id: str
    id: str
    at: datetime
    action: str  # e.g. rights.update, store.update, customer.erase
    target_kind: str
    target_id: str
    actor_id: str | None = None  # None for what the system did by itself (a login lockout)
    actor_email: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class EmailChange:
    """An agent asked for a new login e-mail; it takes effect when the link mailed to that address is used."""

    brand_id: str
    token: str  # the repository keeps only its hash
    agent_id: str
    new_email: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None


def redacted(details: Any) -> Any:
    """The details of a change with every secret-looking field replaced, at any depth."""
    if isinstance(details, dict):
        return {k: "(hidden)" if any(m in str(k).lower() for m in SECRET_MARKS) else redacted(v)
                for k, v in details.items()}
    if isinstance(details, list | tuple):
        return [redacted(v) for v in details]
    return details
