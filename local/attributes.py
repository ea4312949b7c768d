"""DynamoDB attribute values between boto3's form (binary as `bytes`) and JSON (binary as base64).

Lambda puts base64 strings in stream events and the failure file is JSON, while boto3 wants and
returns `bytes`: these two functions are the only place that knows the difference.
"""

from __future__ import annotations

import base64
from typing import Any

AttributeMap = dict[str, Any]


def item_to_json(item: AttributeMap) -> AttributeMap:
    """An item (or key) as boto3 returns it -> JSON-safe, binary values base64-encoded, an untyped empty
    value read as the empty map it stands for."""
    return {name: _value_to_json(value) for name, value in item.items()}


def item_from_json(item: AttributeMap) -> AttributeMap:
    """A JSON-safe item -> the form boto3 expects, binary values as bytes."""
    return {name: _value_from_json(value) for name, value in item.items()}


def _value_to_json(value: dict[str, Any]) -> dict[str, Any]:
    if not value:
        # DynamoDB Local's stream records write an empty map as `{}` at any depth (its GetItem and Query
        # do not); a value names its type everywhere else, so `{}` can only be that empty map.
        return {"M": {}}
    ((kind, inner),) = value.items()
    if kind == "B":
        return {"B": _b64(inner)}
    if kind == "BS":
        return {"BS": [_b64(one) for one in inner]}
    if kind == "M":
        return {"M": item_to_json(inner)}
    if kind == "L":
        return {"L": [_value_to_json(one) for one in inner]}
    return value


def _value_from_json(value: dict[str, Any]) -> dict[str, Any]:
    ((kind, inner),) = value.items()
    if kind == "B":
        return {"B": base64.b64decode(inner)}
    if kind == "BS":
        return {"BS": [base64.b64decode(one) for one in inner]}
    if kind == "M":
        return {"M": item_from_json(inner)}
    if kind == "L":
        return {"L": [_value_from_json(one) for one in inner]}
    return value


def _b64(raw: bytes | str) -> str:
    # Already a string when it came from JSON: leave it as is.
    return raw if isinstance(raw, str) else base64.b64encode(raw).decode("ascii")
