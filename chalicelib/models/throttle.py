"""Throttle counters: one item per key and window, added to atomically, gone by TTL after the window.

These items carry no `kind` and no brand: a login is throttled before anyone knows the brand. They are a
model of their own on the table (its Meta), never read through `Item`; the stream consumers ignore them.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import PynamoDBException
from pynamodb.models import Model

from ..services.ports.throttle import Window
from . import keys_safety
from .conditions import condition_failed
from .tables import Item
from .transactions import Transaction

# DynamoDB deletes expired items within days, not on time: the window's own end decides, the TTL only cleans up.
TTL_MARGIN_SECONDS = 3600


class CounterItem(Model):
    Meta = Item.Meta  # type: ignore[assignment]  # the same table and endpoint, configured together

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    n = NumberAttribute(default=0)
    expires_at = NumberAttribute(null=True)  # the table's TTL attribute, epoch seconds


def _key(window: Window) -> tuple[str, str]:
    return keys_safety.throttle_key(window.key, int(window.start.timestamp()))


class DynamoCounters:
    """The Counters port on the table: a read is one BatchGetItem, an add one UpdateItem or one transaction."""

    def counts(self, windows: Sequence[Window]) -> list[int]:
        found = {(item.pk, item.sk): int(item.n or 0) for item in CounterItem.batch_get([_key(w) for w in windows])}
        return [found.get(_key(w), 0) for w in windows]

    def add(self, windows: Sequence[Window]) -> list[Window]:
        closed = [w for w in windows if w.limit <= 0]  # a window that allows nothing needs no write
        if closed or not windows:
            return closed
        if len(windows) == 1:  # one counter: a plain conditional update costs half a transaction
            pk, sk = _key(windows[0])
            try:
                CounterItem(pk, sk).update(_adding(windows[0]), condition=_below(windows[0]))
            except PynamoDBException as error:
                if condition_failed(error):
                    return list(windows)
                raise
            return []
        tx = Transaction()
        for index, window in enumerate(windows):
            tx.update(str(index), CounterItem(*_key(window)), _adding(window), condition=_below(window))
        failed = tx.commit()
        return [w for index, w in enumerate(windows) if str(index) in failed]


def _adding(window: Window) -> list[Any]:
    return [CounterItem.n.add(1), CounterItem.expires_at.set(int(window.end.timestamp()) + TTL_MARGIN_SECONDS)]


def _below(window: Window) -> Any:
    return CounterItem.n.does_not_exist() | (CounterItem.n < window.limit)
