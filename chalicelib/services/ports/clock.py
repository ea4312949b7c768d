"""Time for the domain. The domain never reads the system time directly."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

from ..domain.timestamps import iso, parse_iso

__all__ = ["Clock", "FixedClock", "SystemClock", "iso", "parse_iso"]  # the stored form of a time, with the clock


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that only moves when told to: tests and the sandbox clock use it."""

    def __init__(self, now: datetime) -> None:
        self._now = now

    def now(self) -> datetime:
        return self._now

    def set(self, now: datetime) -> None:
        self._now = now

    def advance(self, seconds: float) -> None:
        from datetime import timedelta

        self._now = self._now + timedelta(seconds=seconds)
