"""Counts DynamoDB API calls with botocore's own event hooks: exact and machine-independent.

PynamoDB gives every Connection (one per model class and thread) its own botocore session from
`get_session()`, created lazily, so there is no single session to hook after the fact. Instead the
hook goes into `botocore.handlers.BUILTIN_HANDLERS`, which every botocore session registers when it
is created: every client made afterwards (PynamoDB's, boto3's) emits `before-call.dynamodb.<Op>`
to it, once per API call (retries are not separate calls). `install()` must therefore run before
the app or boto3 creates its first client; `bench/__main__.py` calls it first thing.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from botocore import handlers

EVENT = "before-call.dynamodb"


@dataclass
class Call:
    operation: str
    body: bytes

    def describe(self) -> str:
        """`Op(target)` with the table/index and key, enough to tell the calls of a request apart."""
        try:
            params = json.loads(self.body or b"{}")
        except ValueError:
            return self.operation
        if self.operation == "TransactWriteItems":
            parts = []
            for entry in params.get("TransactItems", []):
                for action, spec in entry.items():
                    parts.append(f"{action}:{_key(spec.get('Key') or spec.get('Item'))}")
            return f"TransactWriteItems[{', '.join(parts)}]"
        if self.operation == "BatchGetItem":
            keys = [_key(k) for table in params.get("RequestItems", {}).values() for k in table.get("Keys", [])]
            return f"BatchGetItem[{', '.join(keys)}]"
        if self.operation == "Query":
            return f"Query({params.get('IndexName') or 'table'}: {_condition(params)}, Limit={params.get('Limit')})"
        if "Key" in params:
            return f"{self.operation}({_key(params['Key'])})"
        return self.operation


def _condition(params: dict[str, Any]) -> str:
    """The key condition with its names and values filled in (the filter, e.g. PynamoDB's on `kind`, left out)."""
    text = params.get("KeyConditionExpression", "")
    names, values = params.get("ExpressionAttributeNames", {}), params.get("ExpressionAttributeValues", {})
    for placeholder in sorted(values, key=len, reverse=True):
        text = text.replace(placeholder, repr(next(iter(values[placeholder].values()))))
    for placeholder in sorted(names, key=len, reverse=True):
        text = text.replace(placeholder, names[placeholder])
    return text


def _key(key: dict[str, Any] | None) -> str:
    if not key:
        return "?"
    return "/".join(str(key[k].get("S", key[k])) for k in ("pk", "sk") if k in key)


@dataclass
class Recorder:
    calls: list[Call] = field(default_factory=list)
    active: bool = False

    def __call__(self, model: Any = None, params: Any = None, **_: Any) -> None:
        if self.active and model is not None:
            body = params.get("body", b"") if isinstance(params, dict) else b""
            self.calls.append(Call(model.name, body if isinstance(body, bytes) else str(body).encode()))

    @contextmanager
    def counting(self) -> Iterator[list[Call]]:
        """Records the DynamoDB calls made inside the block (the block's list is yielded)."""
        self.calls = []
        self.active = True
        try:
            yield self.calls
        finally:
            self.active = False


RECORDER = Recorder()
_installed = False


def install() -> Recorder:
    """Registers the counter on every botocore session created from now on (idempotent)."""
    global _installed
    if not _installed:
        handlers.BUILTIN_HANDLERS.append((EVENT, RECORDER))
        _installed = True
    return RECORDER


def by_operation(calls: list[Call]) -> dict[str, int]:
    return dict(Counter(c.operation for c in calls))


def sequence(calls: list[Call]) -> str:
    return " -> ".join(c.describe() for c in calls) or "(none)"
