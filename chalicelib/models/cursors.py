"""Opaque list cursors, checked against the partition they continue: a crafted one cannot reach another brand."""
from __future__ import annotations

import base64
import json
from typing import Any

from ..services.domain.errors import InvalidInput


def encode(state: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(state, separators=(",", ":")).encode()).decode().rstrip("=")


def decode(cursor: str | None) -> dict[str, Any]:
    if not cursor:
        return {}
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        state = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput.field("cursor", "not a cursor of this list") from None
    if not isinstance(state, dict):
        raise InvalidInput.field("cursor", "not a cursor of this list")
    return state


def to_key(plain: dict[str, str]) -> dict[str, dict[str, str]]:
    return {name: {"S": value} for name, value in plain.items()}


def from_key(key: dict[str, dict[str, str]]) -> dict[str, str]:
    return {name: value["S"] for name, value in key.items()}


def checked_key(plain: Any, expected: dict[str, str]) -> dict[str, dict[str, str]]:
    """The stored key, if every expected attribute has the expected value (its partition)."""
    if not isinstance(plain, dict) or not all(isinstance(v, str) for v in plain.values()):
        raise InvalidInput.field("cursor", "not a cursor of this list")
    for name, value in expected.items():
        if plain.get(name) != value:
            raise InvalidInput.field("cursor", "not a cursor of this list")
    return to_key(plain)
