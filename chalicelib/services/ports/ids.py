"""Identifiers: random, URL-safe, and time-ordered where order matters."""
from __future__ import annotations

import secrets
import time


class RandomIds:
    def new_id(self, prefix: str) -> str:
        # Milliseconds first (11 hex digits) so ids of one kind sort by creation; then 5 random bytes
        # (10 hex digits) so ids made in the same millisecond still differ.
        return f"{prefix}{int(time.time() * 1000):011x}{secrets.token_hex(5)}"

    def token(self) -> str:
        return secrets.token_urlsafe(32)


class SequentialIds:
    """Predictable ids for tests."""

    def __init__(self) -> None:
        self._n = 0

    def new_id(self, prefix: str) -> str:
        self._n += 1
        return f"{prefix}{self._n:06d}"

    def token(self) -> str:
        self._n += 1
        return f"token{self._n:06d}"
