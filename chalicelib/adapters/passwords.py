"""Password hashing with Argon2id (argon2-cffi): no hand-written crypto, parameters from the library's defaults."""
from __future__ import annotations

import base64
import os


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode().rstrip("=")


class Argon2Hasher:
    def __init__(self) -> None:
        from argon2 import PasswordHasher

        self._hasher = PasswordHasher()

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        from argon2.exceptions import InvalidHashError, VerificationError

        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def dummy_hash(self) -> str:
        """A hash of no password with this hasher's own parameters, made without hashing: verifying a password
        against it costs exactly what verifying a real one costs, and never succeeds."""
        h = self._hasher
        return (f"$argon2id$v=19$m={h.memory_cost},t={h.time_cost},p={h.parallelism}"
                f"${_b64(os.urandom(h.salt_len))}${_b64(os.urandom(h.hash_len))}")
