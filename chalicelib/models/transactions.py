"""One DynamoDB transaction whose failed conditions come back as names, not positions."""
from __future__ import annotations

from typing import Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from .conditions import CANCELLED_BY_CONDITION
from .tables import Item


class Transaction:
    """Collects puts and updates with a label each; `commit()` returns the labels whose condition failed.

    PynamoDB sends condition checks, deletes, puts and updates in that order, so the
    cancellation reasons are mapped back in that order.
    """

    def __init__(self) -> None:
        self._tx = TransactWrite(connection=Item._get_connection().connection)
        self._puts: list[str] = []
        self._updates: list[str] = []
        self._checks: list[str] = []
        self._deletes: list[str] = []

    def check(self, label: str, model: Any, hash_key: str, range_key: str, condition: Any) -> None:
        self._tx.condition_check(model, hash_key, range_key, condition=condition)
        self._checks.append(label)

    def delete(self, label: str, item: Item, condition: Any = None) -> None:
        self._tx.delete(item, condition=condition, add_version_condition=False)
        self._deletes.append(label)

    def put(self, label: str, item: Item, condition: Any = None) -> None:
        self._tx.save(item, condition=condition)
        self._puts.append(label)

    def update(self, label: str, item: Item, actions: list[Any], condition: Any = None) -> None:
        self._tx.update(item, actions, condition=condition, add_version_condition=False)
        self._updates.append(label)

    def commit(self) -> set[str]:
        if not (self._puts or self._updates or self._checks or self._deletes):
            return set()
        try:
            self._tx._commit()
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
