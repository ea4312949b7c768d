"""The pump's checkpoints: a pump stopped (or killed) and started again resumes right after what it processed."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from local.checkpoints import Checkpoints


def far() -> float:
    return time.monotonic() + 10


def pks(calls: list[list[dict[str, Any]]]) -> list[str]:
    return [record["dynamodb"]["Keys"]["pk"]["S"] for call in calls for record in call]


def test_a_pump_stopped_and_started_again_delivers_every_record_once(fake, make_pump, put, tmp_path: Path):
    first = make_pump(checkpoint_dir=tmp_path / "checkpoints")
    first.attach()
    for n in range(3):
        put(f"p{n}")
    first.drain(far())
    first.stop()
    put("p3")  # while the stage is down
    put("p4")

    second = make_pump(checkpoint_dir=tmp_path / "checkpoints")
    second.attach()
    put("p5")
    second.drain(far())

    expected = [f"p{n}" for n in range(6)]
    assert pks(fake.stream_calls) == expected
    assert pks(fake.statistics_calls) == expected  # each consumer from its own checkpoint


def test_the_position_is_saved_after_each_batch(fake, make_pump, put, tmp_path: Path):
    first = make_pump(checkpoint_dir=tmp_path / "checkpoints", batch_size=2)
    first.attach()
    for n in range(5):
        put(f"p{n}")
    first.poll_once()  # one batch of two per consumer, then the stage dies

    second = make_pump(checkpoint_dir=tmp_path / "checkpoints", batch_size=2)
    second.attach()
    second.drain(far())

    assert pks(fake.stream_calls) == [f"p{n}" for n in range(5)]
    assert [len(call) for call in fake.stream_calls] == [2, 2, 1]


def test_what_was_written_before_the_first_batch_of_a_killed_pump_is_delivered_after_restart(
    fake, make_pump, put, tmp_path: Path
):
    # The reply queued just before the kill: the pump had attached at LATEST and processed nothing yet.
    make_pump(checkpoint_dir=tmp_path / "checkpoints").attach()
    put("queued-reply")

    second = make_pump(checkpoint_dir=tmp_path / "checkpoints")
    second.attach()
    second.drain(far())

    assert pks(fake.stream_calls) == ["queued-reply"]


def test_the_first_start_begins_at_latest(fake, make_pump, put, tmp_path: Path):
    put("before")
    pump = make_pump(checkpoint_dir=tmp_path / "checkpoints")
    pump.attach()
    put("after")

    pump.drain(far())

    assert pks(fake.stream_calls) == ["after"]


def test_each_consumer_has_its_own_file(make_pump, put, tmp_path: Path):
    pump = make_pump(checkpoint_dir=tmp_path / "checkpoints")
    pump.attach()
    put("p0")
    pump.drain(far())

    files = sorted(path.name for path in (tmp_path / "checkpoints").iterdir())
    assert files == ["handle_outbound_stream.json", "handle_statistics_stream.json"]
    saved = json.loads((tmp_path / "checkpoints" / "handle_outbound_stream.json").read_text())
    assert [entry["after"] is not None for entry in saved["shards"]] == [True]


def test_checkpoints_round_trip_and_an_unreadable_file_counts_as_none(tmp_path: Path):
    checkpoints = Checkpoints(tmp_path / "c.json")
    assert checkpoints.load() == {}

    checkpoints.save({("arn:s", "shard-1"): "42", ("arn:s", "shard-2"): None})

    assert checkpoints.load() == {("arn:s", "shard-1"): "42", ("arn:s", "shard-2"): None}
    assert [path.name for path in tmp_path.iterdir()] == ["c.json"]  # no temporary file left behind
    (tmp_path / "c.json").write_text("{not json")
    assert checkpoints.load() == {}
