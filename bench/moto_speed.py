"""Costs of moto (5.x) that grow with the whole table, cut for the bench's in-process figures; results unchanged.

The bench measures call counts and handler times on moto's server in process (bench/stage.py); the
local stage itself runs on Amazon's DynamoDB Local and needs none of this.

1. Query reads every item of the table and sorts them all before keeping one partition (main
table) or the index's matches (which it sorts again): every Query, the agent read of every
authenticated request included, costs O(n log n) in the table's size. Here a Query on the table
reads its partition only; a Query on an index reads, unsorted, the items that hold its string hash
key (moto checks and sorts its matches afterwards either way), and sorts them on the values of
their keys rather than on moto's objects (the same order: a key attribute has one type). Scans
keep moto's sorted order.

2. Item answers (GetItem, Query, Scan...) are serialised by walking botocore's model of every
attribute value, about as long as everything else of the request together: a page of 50 threads
took 0.3 s. Here their plain JSON is written directly, the same document (`_plain`: what the model
walk keeps, blobs in base64), with moto's walk for anything else (dates, other operations).

3. TransactWriteItems, rolled back from an undo log instead of a table copy.

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

import base64
import copy
import json
import threading
from typing import Any

from moto.core.common_types import TYPE_RESPONSE
from moto.core.responses import ActionContext, ActionResult
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
from moto.dynamodb.models.utilities import dynamo_to_dict
from moto.dynamodb.responses import DynamoResult

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
                # moto types `items` as partitions of items, but a table without a range key maps the hash
                # key straight to its item (moto's own put_item ignores the same error).
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
_original_query = Table.query
_original_all_items = Table.all_items


def _table_query(self: Table, *args: Any, **kwargs: Any) -> Any:
    hash_key = kwargs["hash_key"] if "hash_key" in kwargs else (args[0] if args else None)
    index_name = kwargs["index_name"] if "index_name" in kwargs else (args[7] if len(args) > 7 else None)
    if index_name:
        # Only string keys are matched here: a number's text has several spellings ("1", "1.0").
        _query.scope = ("index", [(name, value.value) for name, value in kwargs.get("hash_key_conditions") or ()
                                  if value.type == "S"])
    else:
        _query.scope = ("table", hash_key)
    try:
        return _original_query(self, *args, **kwargs)
    finally:
        _query.scope = None


def _all_items(self: Table) -> list[Item]:
    scope = getattr(_query, "scope", None)
    if scope is None:
        return _original_all_items(self)
    kind, key = scope
    if kind == "index":
        # The items holding the index's string hash key(s), unsorted; moto checks them again and sorts its matches.
        items = _every_item(self)
        for name, value in key:
            items = [item for item in items if (attr := item.attrs.get(name)) is not None and attr.value == value]
        return items
    found = self.items.get(key)
    if found is None:
        return []
    # Without a range key, `found` is the item itself, not the partition moto's annotation promises.
    return list(found.values()) if self.range_key_attr else [found]  # type: ignore[list-item]


def _every_item(table: Table) -> list[Item]:
    if table.range_key_attr:
        return [item for by_range in table.items.values() for item in by_range.values()]
    return list(table.items.values())  # type: ignore[arg-type]  # items, not partitions: no range key


def _sorted_items(self: Table, hash_key_attrs: list[str], range_key_attrs: list[str | None],
                  items: list[Item]) -> list[Item]:
    """moto's order (`Table.sorted_items`), compared on plain values: DynamoType's comparisons cost ten times more."""
    names = self._generate_attr_to_sort_by(hash_key_attrs, range_key_attrs)
    items.sort(key=lambda item: tuple(_sort_value(item.attrs[name]) for name in names))
    return items


def _sort_value(attribute: DynamoType) -> Any:
    return attribute.value if attribute.type == "S" else attribute.cast_value


# -- answers -----------------------------------------------------------------------------------

_PLAIN_OPERATIONS = frozenset({"GetItem", "BatchGetItem", "Query", "Scan", "PutItem", "UpdateItem", "DeleteItem",
                               "BatchWriteItem", "TransactGetItems", "TransactWriteItems"})
_original_execute = DynamoResult.execute_result


class _NotPlain(Exception):
    pass


def _plain(value: Any) -> Any:
    """The JSON of an answer as moto's model walk writes it after `dynamo_to_dict`: no None anywhere,
    binary values in (canonical) base64."""
    if isinstance(value, DynamoType):
        if value.type == "B":
            return {"B": _base64(value.value)}
        if value.type == "BS":
            return {"BS": [_base64(inner) for inner in value.value]}
        return {value.type: _plain(value.value)}
    if isinstance(value, dict):
        return {key: _plain(inner) for key, inner in value.items() if inner is not None}
    if isinstance(value, list):
        return [_plain(inner) for inner in value]
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, (str, int, float)):  # bool is an int
        return value
    raise _NotPlain(type(value).__name__)


def _base64(value: str | bytes) -> str:
    return base64.b64encode(value if isinstance(value, bytes) else base64.b64decode(value)).decode("ascii")


def _keep_raw(self: Any, result: object) -> None:
    """DynamoResult converts its DynamoTypes for moto's walk when made: here only if the walk runs.
    `result` stays moto's own dict, which decorators complete (ConsumedCapacity) before the answer is written."""
    self._result = result


def _walked(self: Any, context: ActionContext) -> TYPE_RESPONSE:
    return _original_execute(ActionResult(dynamo_to_dict(self._result)), context)


def _execute_result(self: Any, context: ActionContext) -> TYPE_RESPONSE:
    operation = context.operation_model
    output = operation.output_shape
    raw = self._result
    if operation.name not in _PLAIN_OPERATIONS or output is None or not isinstance(raw, dict):
        return _walked(self, context)
    try:
        document = _plain({key: value for key, value in raw.items() if key in output.members})
    except _NotPlain:
        return _walked(self, context)
    version = context.service_model.metadata.get("jsonVersion", "1.0")
    status = operation.http.get("responseCode", 200)
    return status, {"Content-Type": f"application/x-amz-json-{version}"}, json.dumps(document)


def install() -> None:
    """Replaces moto's methods in this process (idempotent)."""
    # Patching methods on moto's classes is the point here; mypy refuses assignments to methods.
    DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]
    Table.query = _table_query  # type: ignore[method-assign]
    Table.all_items = _all_items  # type: ignore[method-assign]
    Table.sorted_items = _sorted_items  # type: ignore[method-assign]
    DynamoResult.__init__ = _keep_raw  # type: ignore[method-assign]
    DynamoResult.execute_result = _execute_result  # type: ignore[method-assign]
