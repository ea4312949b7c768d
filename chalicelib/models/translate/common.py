"""What every translator shares: optional times."""
from __future__ import annotations

from datetime import datetime

from ...services.ports.clock import iso, parse_iso


def when(value: str | None) -> datetime | None:
    """A stored time, or None where none was stored."""
    return parse_iso(value) if value else None


def iso_or_none(value: datetime | None) -> str | None:
    return iso(value) if value else None
