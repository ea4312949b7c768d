"""Tiny helpers for CloudFormation JSON: intrinsic functions read better as calls than as nested dicts."""
from __future__ import annotations

from typing import Any

Json = dict[str, Any]


def var(name: str) -> str:
    """`${name}` for a `Fn::Sub` string (f-strings would need `${{{name}}}`)."""
    return "${" + name + "}"


def ref(name: str) -> Json:
    return {"Ref": name}


def get_att(logical_id: str, attribute: str) -> Json:
    return {"Fn::GetAtt": [logical_id, attribute]}


def sub(text: str, variables: dict[str, Any] | None = None) -> Json:
    return {"Fn::Sub": text if variables is None else [text, variables]}


def if_(condition: str, when_true: Any, when_false: Any) -> Json:
    return {"Fn::If": [condition, when_true, when_false]}


def logical_id(snake_name: str) -> str:
    """`handle_outbound_stream` -> `HandleOutboundStream`: CloudFormation ids are alphanumeric."""
    return "".join(part[:1].upper() + part[1:] for part in snake_name.split("_") if part)
