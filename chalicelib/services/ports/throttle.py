"""What the throttle needs from storage: counters per key and fixed time window."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol


@dataclass(frozen=True)
class Window:
    """One counter: what is counted (`key`), over which fixed period, and how many the period allows.

    Windows are aligned on the epoch (`start` is a multiple of `seconds`), so every process names the
    same window for the same key and time without asking anyone."""

    key: str
    start: datetime
    seconds: int
    limit: int

    @classmethod
    def at(cls, key: str, now: datetime, seconds: int, limit: int) -> Window:
        """The window of `key` that holds `now`."""
        epoch = int(now.timestamp())
        return cls(key, datetime.fromtimestamp(epoch - epoch % seconds, UTC), seconds, limit)

    @property
    def end(self) -> datetime:
        return self.start + timedelta(seconds=self.seconds)


class Counters(Protocol):
    """Counters that expire by themselves once their window is over."""

    def counts(self, windows: Sequence[Window]) -> list[int]:
        """How many each window holds (0 for one never counted), in one read."""
        ...

    def add(self, windows: Sequence[Window]) -> list[Window]:
        """Adds one to every window, all or none, in one atomic write, unless one already holds its limit:
        then nothing is added and the windows at their limit are returned (an empty list: all counted)."""
        ...
