"""How a time is written down: ISO 8601 in UTC, to the millisecond, so that keys and cursors sort as text."""
from __future__ import annotations

from datetime import UTC, datetime


def iso(dt: datetime) -> str:
    """ISO 8601 in UTC with a Z, to the millisecond: sortable as text."""
    utc = dt.astimezone(UTC)  # the year zero-padded ourselves: strftime writes year 369 as "369", which sorts wrong
    return f"{utc.year:04d}-" + utc.strftime("%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def parse_iso(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError("a time needs a time zone, e.g. 2026-01-31T09:00:00Z")
    return value.astimezone(UTC)
