"""The minute sweep (services/usecases/timers.py): DynamoDB calls of container.timers.sweep() with nothing due,
and per due timer; informationally, the calls of firing the claimed timers from the table's stream.

Seeding: N snoozed threads of one brand. Each thread is a domain Thread saved by the repository
(DynamoThreads.save), then snoozed through the service API (Snooze.snooze), which writes the thread and
its snooze timer in one transaction: the timers are exactly the ones the app writes. Runs on its own small table
(with its stream) and a FixedClock container, so the sandbox clock and the main table of the other figures stay
as they are; the figures would be the same on the main table (the sweep only reads the `timers_due` index).

Firing: the sweep claims a timer by deleting it; the deletion's stream record (REMOVE, old image) carries it to
its action. The records are read from moto's stream with a boto3 `dynamodbstreams` client (not counted: the
counter hooks the `dynamodb` service only), shaped as Lambda delivers them (local/events.py, as the local stage's
pump does) and given to the app's `handle_outbound_stream` consumer (the one that fires timers) in one batch, as
its event source mapping would.
"""
from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from . import ddbcount
from .stage import REGION
from .stage import app as quiet_app

TABLE = "comptoir-bench-timers"
N = 20
BRAND = "benchtimers"
PASSWORD = "bench-password"
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
SNOOZE = timedelta(hours=1)


def _container(stage: Any, clock: Any) -> Any:
    return stage.container_on(TABLE, clock)


def _seed(c: Any, n: int) -> list[str]:
    """n threads, each snoozed until START + 1 h through Snooze.snooze; returns their ids."""
    from chalicelib.services.domain import Customer, Thread

    c.stores.provision_brand(name="Bench timers", admin_email="timers@bench.test", admin_password=PASSWORD,
                             store_name="Timers store", timezone="Europe/Paris", phone_number="+15550000088",
                             brand_id=BRAND)
    admin = c.directory.find_agent_by_email("timers@bench.test")
    store_id = c.directory.list_stores(BRAND)[0].id
    ids = []
    for i in range(n):
        at = START - timedelta(minutes=i)
        thread = Thread(brand_id=BRAND, id=f"t{i:024x}", store_id=store_id, channel="sms",
                        customer=Customer(id=f"c{i:020x}", phone=f"+337{i:08d}"), status="waiting",
                        conversation_id=f"v{i:020x}", conversation_started_at=at, last_message_at=at, created_at=at,
                        waiting_since=at, last_inbound_at=at, contact_id=f"k{i:020x}", version=1)
        c.threads.save(None, thread)
        c.conversations.snooze.snooze(admin, thread.id, START + SNOOZE)
        ids.append(thread.id)
    return ids


def _removed_timers(stage: Any, stream_arn: str) -> list[dict[str, Any]]:
    """The stream's REMOVE records of timer items, shaped as Lambda delivers them (oldest first)."""
    import boto3

    from local.events import stream_record

    streams = boto3.client("dynamodbstreams", endpoint_url=stage.endpoint, region_name=REGION)
    records: list[dict[str, Any]] = []
    for shard in streams.describe_stream(StreamArn=stream_arn)["StreamDescription"]["Shards"]:
        iterator = streams.get_shard_iterator(StreamArn=stream_arn, ShardId=shard["ShardId"],
                                              ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        while iterator:
            answer = streams.get_records(ShardIterator=iterator, Limit=1000)
            records += [stream_record(r, stream_arn=stream_arn, region=REGION) for r in answer["Records"]]
            if not answer["Records"]:
                break
            iterator = answer.get("NextShardIterator")
    return [r for r in records if r["eventName"] == "REMOVE"
            and r["dynamodb"].get("OldImage", {}).get("kind", {}).get("S") == "timer"]


def run(stage: Any, report: Any) -> None:
    from chalicelib.services.ports.clock import FixedClock
    from local.events import lambda_context

    recorder = ddbcount.RECORDER
    clock = FixedClock(START)
    c = _container(stage, clock)
    try:
        started = time.perf_counter()
        thread_ids = _seed(c, N)
        report.info("timer_seed_seconds", round(time.perf_counter() - started, 1),
                    f"{N} threads saved by DynamoThreads.save, each snoozed by Snooze.snooze until "
                    f"now + 1 h, table {TABLE}")

        # Idle: N timers in the index, none due yet.
        with recorder.counting() as idle:
            claimed = c.timers.sweep()
        if claimed:
            raise RuntimeError(f"the idle sweep claimed {claimed} timers")
        report.figure("timer_sweep_ddb_calls_idle", len(idle), 1,
                      f"one sweep with {N} timers pending, none due: {ddbcount.sequence(idle)}")

        clock.advance(SNOOZE.total_seconds() + 60)
        with recorder.counting() as due:
            started = time.perf_counter()
            claimed = c.timers.sweep()
            elapsed = time.perf_counter() - started
        if claimed != N:
            raise RuntimeError(f"the sweep claimed {claimed} of {N} due timers")
        ops = ddbcount.by_operation(due)
        shown = due[:3]
        report.figure("timer_sweep_calls_per_due_timer", round(len(due) / N, 3), 3,
                      f"one sweep, {N} due: {len(due)} calls {ops} in {elapsed * 1e3:.0f} ms on moto: "
                      f"{ddbcount.sequence(shown)} -> ... ({len(due) - len(shown)} more)")
        with recorder.counting() as after:
            again = c.timers.sweep()
        if again:
            raise RuntimeError(f"a second sweep claimed {again} timers again")
        report.info("timer_sweep_ddb_calls_after_claim", len(after), f"the next sweep: {ddbcount.sequence(after)}")

        # Firing: the REMOVE records of the claimed timers, to the app's outbound stream consumer in one batch.
        stream_arn = stage.client().describe_table(TableName=TABLE)["Table"]["LatestStreamArn"]
        records = _removed_timers(stage, stream_arn)
        if len(records) != N:
            raise RuntimeError(f"{len(records)} REMOVE records of timers on the stream; expected {N}")
        handler = quiet_app().handler_map["handle_outbound_stream"]
        with recorder.counting() as fired:
            result = handler({"Records": records}, lambda_context("comptoir-bench-stream", region=REGION))
        if result.get("batchItemFailures"):
            raise RuntimeError(f"the outbound stream consumer failed on timers: {result}")
        woken = [c.threads.get(BRAND, t) for t in thread_ids]
        if any(t is None or t.snoozed_until is not None for t in woken):
            raise RuntimeError("a snoozed thread did not wake up")
        one = [call for call in fired if thread_ids[0] in call.describe()] or fired[:2]
        report.info("timer_fire_calls_per_due_timer", round(len(fired) / N, 3),
                    f"handle_outbound_stream on {N} REMOVE records of snooze timers: {len(fired)} calls "
                    f"{ddbcount.by_operation(fired)}; one wake: {ddbcount.sequence(one)}")
    finally:
        stage.fresh_container()  # back on the main table with the sandbox clock (bootstrap() points the models at it)
