"""One DynamoDB transaction whose failed conditions come back as names, not positions."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pynamodb.connection import Connection
from pynamodb.exceptions import TransactWriteError
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from .conditions import CANCELLED_BY_CONDITION
from .tables import Item

_Operation = Callable[[TransactWrite], None]
_shared: dict[tuple[Any, ...], Connection] = {}


def _connection() -> Connection:
    """One connection per endpoint, built as PynamoDB builds the table's own (its Meta), and kept: a
    botocore client is costly to create. Keyed by the settings so that `tables.configure` takes effect."""
    meta: Any = Item.Meta  # PynamoDB fills the connection settings in at class creation
    settings = (meta.region, meta.host, meta.connect_timeout_seconds, meta.read_timeout_seconds,
                meta.max_retry_attempts, meta.max_pool_connections)
    if settings not in _shared:
        _shared.clear()
        _shared[settings] = Connection(region=meta.region, host=meta.host,
                                       connect_timeout_seconds=meta.connect_timeout_seconds,
                                       read_timeout_seconds=meta.read_timeout_seconds,
                                       max_retry_attempts=meta.max_retry_attempts,
                                       max_pool_connections=meta.max_pool_connections,
                                       extra_headers=meta.extra_headers)
    return _shared[settings]


class Transaction:
    """Collects puts and updates with a label each; `commit()` returns the labels whose condition failed.

    PynamoDB sends condition checks, deletes, puts and updates in that order, so the
    cancellation reasons are mapped back in that order.
    """

    def __init__(self) -> None:
        self._operations: list[_Operation] = []
        self._puts: list[str] = []
        self._updates: list[str] = []
        self._checks: list[str] = []
        self._deletes: list[str] = []

    def check(self, label: str, model: Any, hash_key: str, range_key: str, condition: Any) -> None:
        self._operations.append(lambda tx: tx.condition_check(model, hash_key, range_key, condition=condition))
        self._checks.append(label)

    def delete(self, label: str, item: Model, condition: Any = None) -> None:
        self._operations.append(lambda tx: tx.delete(item, condition=condition, add_version_condition=False))
        self._deletes.append(label)

    def put(self, label: str, item: Model, condition: Any = None) -> None:
        self._operations.append(lambda tx: tx.save(item, condition=condition))
        self._puts.append(label)

    def update(self, label: str, item: Model, actions: list[Any], condition: Any = None) -> None:
        self._operations.append(lambda tx: tx.update(item, actions, condition=condition, add_version_condition=False))
        self._updates.append(label)

    def __len__(self) -> int:
        return len(self._operations)

    def commit(self) -> set[str]:
        if not self._operations:
            return set()
        try:
            with TransactWrite(connection=_connection()) as tx:  # sent when the block ends
                for operation in self._operations:
                    operation(tx)
        except TransactWriteError as error:
            reasons = error.cancellation_reasons or []
            if not reasons:
                raise
            labels = self._checks + self._deletes + self._puts + self._updates
            failed = {label for label, reason in zip(labels, reasons, strict=False)
                      if reason is not None and reason.code == CANCELLED_BY_CONDITION}
            if not failed:
                raise
            return failed
        return set()
