"""Data kept across restarts: moto keeps nothing, so the local stage snapshots every table to
`$COMPTOIR_DATA/dynamodb.json` and restores it at the next start.

The snapshot is read from moto's memory under the backend's request lock rather than with Scan:
moto's response serialiser costs about half a second per MB scanned, all of it under the
process's one GIL, while the in-memory copy takes milliseconds and is a consistent point in time.
Restoring goes through the public API (CreateTable, UpdateTimeToLive, BatchWriteItem).
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from moto.dynamodb.models import dynamodb_backends
from moto.dynamodb.models.utilities import dynamo_to_dict

from local.attributes import item_from_json, item_to_json

log = logging.getLogger("local.persistence")

SNAPSHOT_FILE = "dynamodb.json"
_FORMAT = "comptoir-local-dynamodb"
_VERSION = 1
_BATCH = 25  # BatchWriteItem's limit

TableCopy = dict[str, Any]  # {account, region, description, time_to_live, tags, stream_next_sequence, items}


def capture_tables(lock: AbstractContextManager[Any]) -> list[TableCopy]:
    """Every table of every region in moto, with its items, JSON-safe."""
    with lock:
        raw = [
            {
                "account": account,
                "region": region,
                "description": table.describe(base_key="Table")["Table"],
                "time_to_live": dict(table.ttl),
                "tags": list(table.tags),
                "stream_next_sequence": _next_sequence(table),
                "items": [dynamo_to_dict(item.attrs) for item in _unsorted_items(table)],
            }
            for account, by_account in list(dynamodb_backends.items())
            for region, backend in list(by_account.items())
            for table in list(backend.tables.values())
        ]
    # dynamo_to_dict built new containers, so the rest can run without holding up moto.
    for copy in raw:
        copy["items"] = [item_to_json(item) for item in copy["items"]]
    return raw


def _unsorted_items(table: Any) -> list[Any]:
    """The table's items as they sit in moto's dict: `Table.all_items()` sorts them all, under the lock."""
    if table.range_key_attr:
        return [item for by_range in list(table.items.values()) for item in list(by_range.values())]
    return list(table.items.values())


def write_snapshot(path: Path, tables: list[TableCopy]) -> None:
    """Writes atomically: a crash leaves either the previous snapshot or this one, never half of one."""
    document = {"format": _FORMAT, "version": _VERSION, "tables": tables}
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as out:
        json.dump(document, out, separators=(",", ":"), default=str)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)


def restore_snapshot(path: Path, client_for_region: Callable[[str], Any]) -> list[str]:
    """Recreates every table of the snapshot as it was and writes its items; returns the table names.

    Run it before the stream pump starts: the pump begins at LATEST, so these writes are not
    replayed to the stream handlers (they were processed before the snapshot was taken).
    """
    if not path.exists():
        return []
    document = json.loads(path.read_text(encoding="utf-8"))
    if document.get("format") != _FORMAT or document.get("version") != _VERSION:
        raise ValueError(f"{path} is not a version {_VERSION} local-stage snapshot")
    restored = []
    for copy in document["tables"]:
        client = client_for_region(copy["region"])
        name = copy["description"]["TableName"]
        client.create_table(**create_table_request(copy["description"], copy.get("tags") or []))
        if copy.get("stream_next_sequence"):
            _continue_sequence(copy["account"], copy["region"], name, int(copy["stream_next_sequence"]))
        ttl = copy.get("time_to_live") or {}
        if ttl.get("TimeToLiveStatus") in ("ENABLED", "ENABLING"):
            client.update_time_to_live(
                TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": ttl["AttributeName"]}
            )
        _write_items(client, name, [item_from_json(item) for item in copy["items"]])
        restored.append(name)
        log.info("restored table", extra={"table": name, "items": len(copy["items"])})
    return restored


def create_table_request(description: dict[str, Any], tags: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """The CreateTable parameters that rebuild a table from its DescribeTable description."""
    billing = description.get("BillingModeSummary", {}).get("BillingMode", "PROVISIONED")
    request: dict[str, Any] = {
        "TableName": description["TableName"],
        "KeySchema": description["KeySchema"],
        "AttributeDefinitions": description["AttributeDefinitions"],
        "BillingMode": billing,
    }
    if billing == "PROVISIONED":
        request["ProvisionedThroughput"] = _throughput(description["ProvisionedThroughput"])
    indexes = [_index_request(index, billing) for index in description.get("GlobalSecondaryIndexes") or []]
    if indexes:
        request["GlobalSecondaryIndexes"] = indexes
    local_indexes = [
        _index_request(index, "PAY_PER_REQUEST") for index in description.get("LocalSecondaryIndexes") or []
    ]
    if local_indexes:
        request["LocalSecondaryIndexes"] = local_indexes
    stream = description.get("StreamSpecification") or {}
    if stream.get("StreamEnabled"):
        request["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": stream["StreamViewType"]}
    if description.get("DeletionProtectionEnabled"):
        request["DeletionProtectionEnabled"] = True
    if tags:
        request["Tags"] = tags
    return request


def _index_request(index: dict[str, Any], billing: str) -> dict[str, Any]:
    request = {key: index[key] for key in ("IndexName", "KeySchema", "Projection")}
    if billing == "PROVISIONED" and "ProvisionedThroughput" in index:
        request["ProvisionedThroughput"] = _throughput(index["ProvisionedThroughput"])
    return request


def _throughput(throughput: dict[str, Any]) -> dict[str, int]:
    return {key: int(throughput[key]) for key in ("ReadCapacityUnits", "WriteCapacityUnits")}


def _next_sequence(table: Any) -> int | None:
    shard = table.stream_shard
    return None if shard is None else int(shard.starting_sequence_number) + len(shard.items)


def _continue_sequence(account: str, region: str, table: str, next_sequence: int) -> None:
    # On AWS a shard's sequence numbers only grow; moto starts every new shard at the same number.
    # Continue where the previous run stopped, so that a handler remembering the sequence numbers
    # it applied (at-most-once guards) never mistakes a new record for one it already saw.
    shard = dynamodb_backends[account][region].get_table(table).stream_shard
    if shard is not None and not shard.items:
        shard.starting_sequence_number = next_sequence


def _write_items(client: Any, table: str, items: list[dict[str, Any]]) -> None:
    for start in range(0, len(items), _BATCH):
        requests = {table: [{"PutRequest": {"Item": item}} for item in items[start : start + _BATCH]]}
        while requests:
            requests = client.batch_write_item(RequestItems=requests).get("UnprocessedItems") or {}


class Snapshotter:
    """Writes the snapshot every `interval` seconds when something changed, and once more at stop.

    A snapshot of a large table takes a while (part of it holding moto's lock, all of it the GIL):
    the next one waits at least `busy_factor` times as long as the last took, so snapshots never
    take more than about a tenth of the stage's time while writes keep coming.
    """

    def __init__(
        self, path: Path, capture: Callable[[], list[TableCopy]], *, interval: float = 2.0, busy_factor: float = 10.0
    ) -> None:
        self.path = path
        self._capture = capture
        self._interval = interval
        self._busy_factor = busy_factor
        self._last_took = 0.0
        self._dirty = threading.Event()
        self._stopping = threading.Event()
        self._writing = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="snapshot", daemon=True)

    def mark_dirty(self) -> None:
        self._dirty.set()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stops the thread and writes a last snapshot, whether or not anything is marked dirty."""
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        self.write_now()

    def write_now(self) -> None:
        with self._writing:
            # Cleared before capturing: a write that lands during the capture marks it dirty again.
            self._dirty.clear()
            started = time.monotonic()
            try:
                tables = self._capture()
                write_snapshot(self.path, tables)
            except Exception:
                self._dirty.set()
                log.exception("snapshot failed, will retry", extra={"path": str(self.path)})
                return
            finally:
                self._last_took = time.monotonic() - started
        log.debug("snapshot written", extra={"path": str(self.path), "tables": len(tables)})

    def _run(self) -> None:
        while not self._stopping.wait(max(self._interval, self._busy_factor * self._last_took)):
            if self._dirty.is_set():
                self.write_now()
