"""The throttle's counters in memory, and a password hasher that counts its work."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from chalicelib.services.ports.throttle import Window
from tests.fakes import PlainHasher


class FakeCounters:
    """The Counters port in memory, with the repository's all-or-none add. `calls` counts reads and adds."""

    def __init__(self) -> None:
        self.values: dict[tuple[str, datetime], int] = {}
        self.calls = 0

    def counts(self, windows: Sequence[Window]) -> list[int]:
        self.calls += 1
        return [self.values.get((w.key, w.start), 0) for w in windows]

    def add(self, windows: Sequence[Window]) -> list[Window]:
        self.calls += 1
        full = [w for w in windows if self.values.get((w.key, w.start), 0) >= w.limit]
        if not full:
            for w in windows:
                self.values[(w.key, w.start)] = self.values.get((w.key, w.start), 0) + 1
        return full


class CountingHasher(PlainHasher):
    """Counts every hash computed: `hash` and `verify` each compute one (Argon2 costs the same for both)."""

    def __init__(self) -> None:
        self.hashes = 0

    def hash(self, password: str) -> str:
        self.hashes += 1
        return super().hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        self.hashes += 1
        return super().verify(password_hash, password)
