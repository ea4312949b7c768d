"""Data survives a restart: a snapshot of moto's tables, restored before the stream pump starts."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from local.persistence import Snapshotter, capture_tables, restore_snapshot, write_snapshot

EVERY_TYPE = {
    "pk": {"S": "brand#1"},
    "sk": {"S": "thread#1"},
    "kind": {"S": "thread"},
    "n": {"N": "42.5"},
    "blob": {"B": b"\x00\x01\xff"},
    "blobs": {"BS": [b"a", b"b"]},
    "tags": {"SS": ["x", "y"]},
    "numbers": {"NS": ["1", "2"]},
    "ok": {"BOOL": True},
    "nothing": {"NULL": True},
    "map": {"M": {"inner": {"S": "v"}, "bytes": {"B": b"\x07"}, "list": {"L": [{"N": "1"}, {"S": "two"}]}}},
    "list": {"L": [{"M": {"k": {"S": "v"}}}, {"B": b"\x08"}]},
}


def only(table: str, copies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # moto's memory is shared by every test of the session: keep the test's table.
    return [copy for copy in copies if copy["description"]["TableName"] == table]


def scan(dynamodb: Any, table: str) -> list[dict[str, Any]]:
    return sorted(dynamodb.scan(TableName=table)["Items"], key=lambda item: item["pk"]["S"])


def shape(description: dict[str, Any]) -> dict[str, Any]:
    return {
        "keys": description["KeySchema"],
        "attributes": sorted(description["AttributeDefinitions"], key=lambda a: a["AttributeName"]),
        "billing": description["BillingModeSummary"]["BillingMode"],
        "indexes": [(i["IndexName"], i["KeySchema"], i["Projection"]) for i in description["GlobalSecondaryIndexes"]],
        "stream": description["StreamSpecification"],
    }


def test_a_table_with_an_index_a_stream_a_ttl_and_every_attribute_type_round_trips(
    backend, dynamodb, table, tmp_path: Path
):
    dynamodb.update_time_to_live(
        TableName=table, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires_at"}
    )
    dynamodb.put_item(TableName=table, Item=EVERY_TYPE)
    dynamodb.put_item(TableName=table, Item={"pk": {"S": "brand#2"}, "sk": {"S": "store#1"}})
    before = dynamodb.describe_table(TableName=table)["Table"]
    items_before = scan(dynamodb, table)
    path = tmp_path / "dynamodb.json"

    write_snapshot(path, only(table, capture_tables(backend.lock)))
    dynamodb.delete_table(TableName=table)
    restored = restore_snapshot(path, lambda _region: dynamodb)

    assert restored == [table]
    after = dynamodb.describe_table(TableName=table)["Table"]
    assert shape(after) == shape(before)
    assert scan(dynamodb, table) == items_before
    ttl = dynamodb.describe_time_to_live(TableName=table)["TimeToLiveDescription"]
    assert ttl == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires_at"}
    by_kind = dynamodb.query(
        TableName=table,
        IndexName="by_kind",
        KeyConditionExpression="kind = :k",
        ExpressionAttributeValues={":k": {"S": "thread"}},
    )["Items"]
    assert [item["pk"]["S"] for item in by_kind] == ["brand#1"]


def test_restored_items_are_not_replayed_to_the_stream_handler(
    backend, fake, make_pump, put, dynamodb, table, tmp_path: Path
):
    put("old-1")
    put("old-2")
    path = tmp_path / "dynamodb.json"
    write_snapshot(path, only(table, capture_tables(backend.lock)))
    dynamodb.delete_table(TableName=table)

    restore_snapshot(path, lambda _region: dynamodb)
    pump = make_pump()
    pump.attach()
    put("new")
    pump.drain(time.monotonic() + 10)

    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in fake.delivered()] == ["new"]


def test_sequence_numbers_keep_growing_across_a_restore(backend, fake, make_pump, put, dynamodb, table, tmp_path: Path):
    pump = make_pump()
    pump.attach()
    for n in range(5):
        put(f"old-{n}", "a")
        put(f"old-{n}", "a", n={"N": "1"})  # more writes than items: the shard is longer than the table
    pump.drain(time.monotonic() + 10)
    seen_before = max(int(r["dynamodb"]["SequenceNumber"]) for r in fake.delivered())
    path = tmp_path / "dynamodb.json"
    write_snapshot(path, only(table, capture_tables(backend.lock)))
    dynamodb.delete_table(TableName=table)
    restore_snapshot(path, lambda _region: dynamodb)
    fake.stream_calls.clear()

    pump = make_pump()
    pump.attach()
    put("new")
    pump.drain(time.monotonic() + 10)

    (record,) = fake.delivered()
    assert int(record["dynamodb"]["SequenceNumber"]) > seen_before


def test_no_snapshot_restores_nothing(dynamodb, tmp_path: Path):
    assert restore_snapshot(tmp_path / "absent.json", lambda _region: dynamodb) == []


def test_the_snapshot_is_json_with_binary_as_base64(backend, put, table, tmp_path: Path):
    put("p1", blob={"B": b"\x00"})
    path = tmp_path / "dynamodb.json"

    write_snapshot(path, only(table, capture_tables(backend.lock)))

    document = json.loads(path.read_text())
    (copy,) = document["tables"]
    assert copy["items"] == [{"pk": {"S": "p1"}, "sk": {"S": "a"}, "blob": {"B": "AA=="}}]
    assert not list(tmp_path.glob("*.tmp"))


def test_the_snapshotter_writes_when_marked_dirty_and_once_more_at_stop(wait_for, tmp_path: Path):
    captures: list[int] = []

    def capture() -> list[dict[str, Any]]:
        captures.append(1)
        return []

    path = tmp_path / "dynamodb.json"
    snapshotter = Snapshotter(path, capture, interval=0.01)
    snapshotter.start()
    time.sleep(0.05)
    assert not path.exists()  # nothing changed, nothing written

    snapshotter.mark_dirty()
    wait_for(path.exists)
    written = len(captures)
    snapshotter.stop()

    assert len(captures) == written + 1
    assert json.loads(path.read_text())["tables"] == []


def test_a_failed_snapshot_is_tried_again(wait_for, tmp_path: Path):
    attempts: list[int] = []

    def flaky() -> list[dict[str, Any]]:
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("disk full")
        return []

    snapshotter = Snapshotter(tmp_path / "dynamodb.json", flaky, interval=0.01)
    snapshotter.start()
    snapshotter.mark_dirty()
    wait_for(lambda: (tmp_path / "dynamodb.json").exists())
    snapshotter.stop()


def test_a_slow_snapshot_spaces_out_the_next_ones_while_writes_keep_coming(tmp_path: Path):
    captures: list[float] = []

    def slow() -> list[dict[str, Any]]:
        captures.append(time.monotonic())
        snapshotter.mark_dirty()  # a write landed during the capture: always something new
        time.sleep(0.05)
        return []

    snapshotter = Snapshotter(tmp_path / "dynamodb.json", slow, interval=0.01, busy_factor=10)
    snapshotter.mark_dirty()
    snapshotter.start()
    time.sleep(1.2)
    snapshotter.stop()

    gaps = [later - earlier for earlier, later in zip(captures[:-2], captures[1:-1], strict=True)]  # not stop()'s
    assert gaps and min(gaps) >= 0.5, gaps
