"""The stream pump delivers DynamoDB stream records to each stream consumer as Lambda does, each on its own."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest

REGION = "eu-west-3"


def far() -> float:
    return time.monotonic() + 10


def sequence(record: dict[str, Any]) -> str:
    return str(record["dynamodb"]["SequenceNumber"])


def test_inserts_and_modifies_arrive_in_order_in_lambda_shape(fake, make_pump, put, dynamodb, table):
    pump = make_pump()
    pump.attach()
    put("p1", kind={"S": "thread"}, blob={"B": b"\x00\xff"})
    dynamodb.update_item(
        TableName=table,
        Key={"pk": {"S": "p1"}, "sk": {"S": "a"}},
        UpdateExpression="SET n = :n",
        ExpressionAttributeValues={":n": {"N": "2"}},
    )
    put("p2")

    assert pump.drain(far()) == 3 * 2  # every record to each of the fake's two consumers

    records = fake.delivered()
    assert [r["eventName"] for r in records] == ["INSERT", "MODIFY", "INSERT"]
    first, modify, _ = records
    stream_arn = dynamodb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
    assert first["eventVersion"] == "1.1"
    assert first["eventSource"] == "aws:dynamodb"
    assert first["awsRegion"] == REGION
    assert first["eventSourceARN"] == stream_arn
    assert isinstance(first["eventID"], str)
    assert first["dynamodb"]["Keys"] == {"pk": {"S": "p1"}, "sk": {"S": "a"}}
    assert first["dynamodb"]["NewImage"]["blob"] == {"B": "AP8="}  # base64, as in a Lambda event
    assert "OldImage" not in first["dynamodb"]
    assert first["dynamodb"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    assert isinstance(first["dynamodb"]["ApproximateCreationDateTime"], int)
    assert abs(first["dynamodb"]["ApproximateCreationDateTime"] - time.time()) < 60
    assert isinstance(first["dynamodb"]["SizeBytes"], int)
    assert modify["dynamodb"]["OldImage"]["kind"] == {"S": "thread"}
    assert modify["dynamodb"]["NewImage"]["n"] == {"N": "2"}
    assert [int(sequence(r)) for r in records] == sorted(int(sequence(r)) for r in records)
    json.dumps(records)  # nothing but JSON, like the real event


def test_the_handler_gets_a_lambda_context(fake, make_pump, put):
    pump = make_pump()
    pump.attach()
    put("p1")

    pump.drain(far())

    (context,) = fake.contexts
    assert context.function_name == "comptoir-local-handle_outbound_stream"
    assert context.aws_request_id
    assert context.get_remaining_time_in_millis() > 0


def test_records_written_before_the_pump_attaches_are_not_delivered(fake, make_pump, put):
    put("before")
    pump = make_pump()
    pump.attach()
    put("after")

    pump.drain(far())

    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in fake.delivered()] == ["after"]


def test_batches_hold_at_most_the_batch_size(fake, make_pump, put):
    pump = make_pump(batch_size=2)
    pump.attach()
    for n in range(5):
        put(f"p{n}")

    pump.drain(far())

    assert [len(call) for call in fake.stream_calls] == [2, 2, 1]


def test_a_batch_that_raises_is_retried_whole_and_not_lost(fake, make_pump, put):
    def boom(_records: list[dict[str, Any]]) -> None:
        raise RuntimeError("provider down")

    fake.stream_script = [boom, boom]
    pump = make_pump()
    pump.attach()
    put("p1")
    put("p2")

    pump.drain(far())

    keys = [[r["dynamodb"]["Keys"]["pk"]["S"] for r in call] for call in fake.stream_calls]
    assert keys == [["p1", "p2"]] * 3


def test_partial_batch_failure_resumes_at_the_first_failed_record(fake, make_pump, put):
    def second_fails(records: list[dict[str, Any]]) -> dict[str, Any]:
        return {"batchItemFailures": [{"itemIdentifier": sequence(records[1])}]}

    fake.stream_script = [second_fails]
    pump = make_pump()
    pump.attach()
    for pk in ("p1", "p2", "p3"):
        put(pk)

    pump.drain(far())

    keys = [[r["dynamodb"]["Keys"]["pk"]["S"] for r in call] for call in fake.stream_calls]
    assert keys == [["p1", "p2", "p3"], ["p2", "p3"]]


def test_an_unknown_item_identifier_fails_the_whole_batch(fake, make_pump, put):
    fake.stream_script = [lambda _records: {"batchItemFailures": [{"itemIdentifier": "not-a-sequence"}]}]
    pump = make_pump()
    pump.attach()
    put("p1")
    put("p2")

    pump.drain(far())

    assert [len(call) for call in fake.stream_calls] == [2, 2]


def test_records_that_keep_failing_go_to_the_failure_file_and_the_shard_moves_on(fake, make_pump, put, tmp_path: Path):
    def p2_fails(records: list[dict[str, Any]]) -> dict[str, Any] | None:
        failed = [r for r in records if r["dynamodb"]["Keys"]["pk"]["S"] == "p2"]
        return {"batchItemFailures": [{"itemIdentifier": sequence(r)} for r in failed]} if failed else None

    fake.stream_script = [p2_fails] * 10
    pump = make_pump(max_attempts=3, batch_size=2)
    pump.attach()
    for pk in ("p1", "p2", "p3"):
        put(pk)

    pump.drain(far())

    keys = [[r["dynamodb"]["Keys"]["pk"]["S"] for r in call] for call in fake.stream_calls]
    # p1 done at once; p2 tried 3 times then given up; p3 comes next, in its own GetRecords batch.
    assert keys == [["p1", "p2"], ["p2"], ["p2"], ["p3"]]
    lines = (tmp_path / "failed-stream-records.jsonl").read_text().splitlines()
    (given_up,) = [json.loads(line) for line in lines]
    assert given_up["record"]["dynamodb"]["Keys"]["pk"] == {"S": "p2"}
    assert given_up["attempts"] == 3


def test_the_pump_thread_delivers_without_being_asked(fake, make_pump, put, wait_for):
    pump = make_pump()
    pump.start()
    put("p1")

    wait_for(lambda: len(fake.delivered()) == 1)


def test_a_stream_that_never_quiets_down_times_out(fake, make_pump, put):
    counter = iter(range(10_000))
    fake.on_record = lambda _record: put(f"again-{next(counter)}")  # every record writes another
    pump = make_pump()
    pump.attach()
    put("p1")

    with pytest.raises(TimeoutError):
        pump.drain(time.monotonic() + 0.3)


def test_a_table_created_after_start_is_read_from_its_first_record(fake, make_pump, dynamodb, table):
    pump = make_pump(tables=lambda name: name.startswith(table))
    pump.attach()
    late = table + "-late"
    dynamodb.create_table(
        TableName=late,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
    )
    try:
        dynamodb.put_item(TableName=late, Item={"pk": {"S": "first"}})

        pump.drain(far())

        assert [r["dynamodb"]["Keys"] for r in fake.delivered()] == [{"pk": {"S": "first"}}]
    finally:
        dynamodb.delete_table(TableName=late)


def pks(calls: list[list[dict[str, Any]]]) -> list[list[str]]:
    return [[r["dynamodb"]["Keys"]["pk"]["S"] for r in call] for call in calls]


def test_each_consumer_retries_its_own_failures_from_its_own_position(fake, make_pump, put):
    def second_fails(records: list[dict[str, Any]]) -> dict[str, Any]:
        return {"batchItemFailures": [{"itemIdentifier": sequence(records[1])}]}

    fake.statistics_script = [second_fails]
    pump = make_pump()
    pump.attach()
    for pk in ("p1", "p2", "p3"):
        put(pk)

    pump.drain(far())

    assert pks(fake.stream_calls) == [["p1", "p2", "p3"]]
    assert pks(fake.statistics_calls) == [["p1", "p2", "p3"], ["p2", "p3"]]


def test_a_consumer_that_keeps_failing_gives_up_alone(fake, make_pump, put, tmp_path: Path):
    def boom(_records: list[dict[str, Any]]) -> None:
        raise RuntimeError("statistics table unavailable")

    fake.statistics_script = [boom] * 10
    pump = make_pump(max_attempts=3)
    pump.attach()
    put("p1")

    pump.drain(far())

    assert pks(fake.stream_calls) == [["p1"]]
    assert pks(fake.statistics_calls) == [["p1"]] * 3
    lines = (tmp_path / "failed-stream-records.jsonl").read_text().splitlines()
    assert [json.loads(line)["handler"] for line in lines] == ["handle_statistics_stream"]


def test_a_stuck_consumer_does_not_hold_back_another(fake, make_pump, put, wait_for):
    released = threading.Event()

    def stuck(_records: list[dict[str, Any]]) -> None:
        assert released.wait(10), "never released"

    fake.statistics_script = [stuck]
    pump = make_pump()
    pump.start()
    put("p1")
    wait_for(lambda: len(fake.statistics_calls) == 1)  # statistics is now stuck on p1
    put("p2")

    wait_for(lambda: pks(fake.stream_calls) == [["p1"], ["p2"]] or pks(fake.stream_calls) == [["p1", "p2"]])
    assert len(fake.statistics_calls) == 1
    released.set()
    wait_for(lambda: [pk for call in pks(fake.statistics_calls) for pk in call] == ["p1", "p2"])


def test_with_a_parallelization_factor_parts_run_at_once_and_each_partition_stays_in_order(fake, make_pump, put):
    both_running = threading.Barrier(2, timeout=5)
    fake.stream_script = [lambda _records: both_running.wait(), lambda _records: both_running.wait()]
    pump = make_pump(parallelization={"handle_outbound_stream": 2})
    pump.attach()
    writes = [(f"p{n}", sort) for sort in ("a", "b", "c") for n in range(8)]
    for pk, sk in writes:
        put(pk, sk)

    pump.drain(far())  # the barrier would time out if the two parts ran one after the other

    delivered = [(r["dynamodb"]["Keys"]["pk"]["S"], r["dynamodb"]["Keys"]["sk"]["S"]) for r in fake.delivered()]
    assert sorted(delivered) == sorted(writes)  # each record once
    for n in range(8):
        assert [sk for pk, sk in delivered if pk == f"p{n}"] == ["a", "b", "c"]
    calls_of = {pk: i for i, call in enumerate(pks(fake.stream_calls)) for pk in call}
    assert len(set(calls_of.values())) == 2  # two parts, each partition in one of them
    assert pks(fake.statistics_calls) == [[pk for pk, _ in writes]]  # a factor of one: the batch whole, in order


def test_with_a_parallelization_factor_that_many_batches_of_a_shard_run_at_once(fake, make_pump, put):
    # As Lambda: a factor of 2 and batches of 2 take 4 records of the shard at a time, 2 batches side by side,
    # each at most the batch size, each partition in order.
    both_running = threading.Barrier(2, timeout=5)
    fake.stream_script = [lambda _records: both_running.wait(), lambda _records: both_running.wait()]
    pump = make_pump(parallelization={"handle_outbound_stream": 2}, batch_size=2)
    pump.attach()
    writes = [(f"p{n}", sort) for sort in ("a", "b") for n in range(4)]
    for pk, sk in writes:
        put(pk, sk)

    pump.drain(far())

    delivered = [(r["dynamodb"]["Keys"]["pk"]["S"], r["dynamodb"]["Keys"]["sk"]["S"]) for r in fake.delivered()]
    assert sorted(delivered) == sorted(writes)
    assert all(len(call) <= 2 for call in pks(fake.stream_calls))
    for n in range(4):
        assert [sk for pk, sk in delivered if pk == f"p{n}"] == ["a", "b"]


def test_a_failing_part_is_retried_alone(fake, make_pump, put):
    failed = threading.Event()

    def fail_the_part_holding_p1_once(records: list[dict[str, Any]]) -> None:
        if not failed.is_set() and any(r["dynamodb"]["Keys"]["pk"]["S"] == "p1" for r in records):
            failed.set()
            raise ConnectionError("down")

    fake.stream_script = [fail_the_part_holding_p1_once] * 10
    pump = make_pump(parallelization={"handle_outbound_stream": 2})
    pump.attach()
    for n in range(6):
        put(f"p{n}")

    pump.drain(far())

    delivered = [r["dynamodb"]["Keys"]["pk"]["S"] for r in fake.delivered()]
    assert sorted(set(delivered)) == [f"p{n}" for n in range(6)]
    with_p1 = next(call for call in pks(fake.stream_calls) if "p1" in call)
    assert delivered.count("p1") == 2  # its part failed once, then succeeded
    assert all(delivered.count(pk) == 1 for pk in set(delivered) - set(with_p1))  # the other part ran once


def statistics_consumer(pump: Any) -> Any:
    return next(c for c in pump.consumers if c.handler_name == "handle_statistics_stream")


def test_a_batching_window_gathers_records_until_it_passes_or_the_batch_is_full(fake, make_pump, put):
    pump = make_pump(batching_windows={"handle_statistics_stream": 60}, batch_size=3)
    pump.attach()
    statistics = statistics_consumer(pump)
    outbound = next(c for c in pump.consumers if c is not statistics)
    put("p1")
    assert statistics.poll_once(gather=True) == 0  # the window is open: the record waits for others
    assert outbound.poll_once(gather=True) == 1  # a consumer without a window: each record as it comes
    put("p2")
    assert statistics.poll_once(gather=True) == 0
    assert fake.statistics_calls == []
    put("p3")
    assert statistics.poll_once(gather=True) == 3  # a full batch goes at once
    put("p4")
    statistics.poll_once(gather=True)

    assert pump.drain(far()) >= 1  # a settle or a stop does not wait for the window
    assert pks(fake.statistics_calls) == [["p1", "p2", "p3"], ["p4"]]
    assert pks(fake.stream_calls)[0] == ["p1"]


def test_the_pump_thread_delivers_a_gathered_batch_once_its_window_has_passed(fake, make_pump, put, wait_for):
    pump = make_pump(batching_windows={"handle_statistics_stream": 1.0})
    pump.start()
    put("p1")
    put("p2")

    wait_for(lambda: fake.statistics_calls != [])
    assert pks(fake.statistics_calls) == [["p1", "p2"]]  # one invocation for both
    pump.stop()


def test_records_gathered_but_not_delivered_are_read_again_after_a_crash(fake, make_pump, put, tmp_path):
    first = make_pump(batching_windows={"handle_statistics_stream": 60}, checkpoint_dir=tmp_path / "checkpoints")
    first.attach()
    put("p1")
    assert statistics_consumer(first).poll_once(gather=True) == 0  # gathered, then the stage dies

    again = make_pump(checkpoint_dir=tmp_path / "checkpoints")
    again.attach()
    again.drain(far())
    assert pks(fake.statistics_calls) == [["p1"]]
