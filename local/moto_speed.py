"""Two costs of moto (5.x) that grow with the whole table, cut for the local stage; results unchanged.

1. Query reads every item of the table and sorts them all before keeping one partition (main
table) or the index's matches (which it sorts again): every Query, the agent read of every
authenticated request included, costs O(n log n) in the table's size. Here a Query on the table
reads its partition only, and a Query on an index reads the items unsorted (moto sorts its
matches afterwards either way). Scans keep moto's sorted order.

2. TransactWriteItems, rolled back from an undo log instead of a table copy.

moto (5.x) deep-copies every table a transaction touches before applying it, stream records
included, so that it can put the copy back if the transaction is cancelled. The cost of one
transaction grows with everything the table ever held: a few hundred customer messages already
take seconds each, and a burst of them cannot settle. This keeps moto's semantics (the same
checks, the same cancellation reasons in the same order, nothing applied when anything fails)
but remembers only what the transaction changes: a copy of each touched item as it was, and the
length of each touched stream shard, which a rollback restores in place. The shard objects stay
the same, so stream iterators issued before a cancelled transaction keep reading the live shard.
"""

from __future__ import annotations

import copy
import threading
from typing import Any

from moto.dynamodb.comparisons import get_filter_expression
from moto.dynamodb.exceptions import (
    ConditionalCheckFailed,
    MockValidationException,
    MultipleTransactionsException,
    TooManyTransactionsException,
    TransactionCanceledException,
    TransactWriteSingleOpException,
)
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType, Item
from moto.dynamodb.models.table import Table

_OPERATIONS = frozenset({"ConditionCheck", "Put", "Delete", "Update"})


class _UndoLog:
    """What a transaction changed, enough to put it back."""

    def __init__(self) -> None:
        self._items: list[tuple[Table, DynamoType, DynamoType | None, Item | None]] = []
        self._streams: dict[int, tuple[Any, int]] = {}

    def remember(self, table: Table, key: dict[str, Any]) -> None:
        """Called before a write to `key`: keeps the item as it is now (or its absence) and the stream length."""
        hash_value = DynamoType(key[table.hash_key_attr])
        range_value = DynamoType(key[table.range_key_attr]) if table.range_key_attr else None
        current = table.get_item(hash_value, range_value)
        self._items.append((table, hash_value, range_value, copy.deepcopy(current)))
        shard = table.stream_shard
        if shard is not None and id(shard) not in self._streams:
            self._streams[id(shard)] = (shard, len(shard.items))

    def roll_back(self) -> None:
        for table, hash_value, range_value, before in reversed(self._items):
            if range_value is not None:
                partition = table.items[hash_value]
                if before is None:
                    partition.pop(range_value, None)
                    if not partition:
                        table.items.pop(hash_value, None)
                else:
                    partition[range_value] = before
            elif before is None:
                table.items.pop(hash_value, None)
            else:
                table.items[hash_value] = before  # type: ignore[assignment]
        for shard, length in self._streams.values():
            del shard.items[length:]


def transact_write_items(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
    """moto's DynamoDBBackend.transact_write_items, with `_UndoLog` in place of the table copies."""
    if len(transact_items) > 100:
        raise TooManyTransactionsException()
    undo = _UndoLog()
    target_items: set[tuple[str, str]] = set()

    def check_unicity(table_name: str, key: dict[str, Any]) -> None:
        item = (str(table_name), str(dict(sorted(key.items()))))
        if item in target_items:
            raise MultipleTransactionsException()
        target_items.add(item)

    errors: list[tuple[str | None, str | None, dict[str, Any] | None]] = []
    for item in transact_items:
        original_item: dict[str, Any] | None = None
        if len(list(item.keys())) > 1:
            raise TransactWriteSingleOpException
        try:
            op_type, op = next(iter(item.items()))
            if op_type not in _OPERATIONS:
                raise ValueError("Unsupported transaction operation")
            table_name = op["TableName"]
            condition_expression = op.get("ConditionExpression")
            names = op.get("ExpressionAttributeNames")
            values = op.get("ExpressionAttributeValues")
            table = self.get_table(table_name)
            if op_type == "Put":
                attrs = op["Item"]
                key = {table.hash_key_attr: attrs[table.hash_key_attr]}
                if table.range_key_attr is not None:
                    key[table.range_key_attr] = attrs[table.range_key_attr]
            else:
                key = op["Key"]
            check_unicity(table_name, key)
            current = self.get_item(table_name, key)
            if condition_expression is not None:
                condition = get_filter_expression(condition_expression, names, values)
                if not condition.expr(current):
                    if op.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and current:
                        original_item = current.to_json()["Attributes"]
                    raise ConditionalCheckFailed(item=original_item)
            if op_type != "ConditionCheck":
                undo.remember(table, key)
            if op_type == "Put":
                self.put_item(table_name, op["Item"], condition_expression=condition_expression,
                              expression_attribute_names=names, expression_attribute_values=values)
            elif op_type == "Delete":
                self.delete_item(table_name, key, condition_expression=condition_expression,
                                 expression_attribute_names=names, expression_attribute_values=values)
            elif op_type == "Update":
                self.update_item(table_name, key, update_expression=op["UpdateExpression"],
                                 condition_expression=condition_expression,
                                 expression_attribute_names=names, expression_attribute_values=values)
            errors.append((None, None, None))
        except (MultipleTransactionsException, MockValidationException):
            undo.roll_back()
            raise
        except ConditionalCheckFailed as e:
            errors.append(("ConditionalCheckFailed", str(e.message), original_item))
        except Exception as e:  # noqa: BLE001 - as moto: any other failure is a cancellation reason
            errors.append((type(e).__name__, str(e), original_item))
    if any(code is not None for code, _, _ in errors):
        undo.roll_back()
        raise TransactionCanceledException(errors)


# -- queries ---------------------------------------------------------------------------------

_query = threading.local()  # set while Table.query runs in this thread: what all_items() may return
_NO_QUERY = object()
_original_query = Table.query
_original_all_items = Table.all_items


def _table_query(self: Table, *args: Any, **kwargs: Any) -> Any:
    hash_key = kwargs["hash_key"] if "hash_key" in kwargs else (args[0] if args else None)
    index_name = kwargs["index_name"] if "index_name" in kwargs else (args[7] if len(args) > 7 else None)
    _query.partition = None if index_name else hash_key
    try:
        return _original_query(self, *args, **kwargs)
    finally:
        _query.partition = _NO_QUERY


def _all_items(self: Table) -> list[Item]:
    partition = getattr(_query, "partition", _NO_QUERY)
    if partition is _NO_QUERY:
        return _original_all_items(self)
    if partition is None:  # an index: every item is a candidate; the query sorts the ones it keeps
        if self.range_key_attr:
            return [item for by_range in self.items.values() for item in by_range.values()]
        return list(self.items.values())  # type: ignore[arg-type]
    found = self.items.get(partition)
    if found is None:
        return []
    return list(found.values()) if self.range_key_attr else [found]  # type: ignore[list-item]


def install() -> None:
    """Replaces moto's methods in this process (idempotent)."""
    DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]
    Table.query = _table_query  # type: ignore[method-assign]
    Table.all_items = _all_items  # type: ignore[method-assign]
