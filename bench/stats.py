"""Statistics per store and period: DynamoDB calls of one 30-day report, and the writes of the statistics step per 100
customer messages processed from the table's stream.

Runs on its own small table (with its stream) and a FixedClock container, like bench/timers.py.

Report (GET /v1/stats through chalice.test.Client, as bench/inbox.py; the auth read of the agent left out by
the same `_is_auth` rule): one store, a 30-day period holding 10 or 10,000 conversations, and as many in the
previous period (the report reads that too). Seeding: synthetic thread histories built with the pure rules of
chalicelib/services/domain/threads.py (a customer opens a thread, an agent answers 5 minutes later, the agent resolves
it 10 minutes after), each change folded by `chalicelib.services.domain.stats.observe` into one Collector in memory,
the day aggregates then written by DynamoStats.apply. The facts items (one per thread) are not written: reports
never read them, only the stream's folding does. The report's `conversations` is checked against the seeded
number, so the figure is the calls of a real report.

Stream: 100 customer messages (10 customers, 10 each, one store) received through Receive.receive, then
the stream read as bench/timers.py does and given to each of the app's stream consumers (outbound, statistics,
search) in Lambda-shaped batches of up to 100 records, round after round (the thread writes of one round are the
next round's records) until the stream has nothing new. The budgeted figure counts the write requests made inside
Statistics.observe (the service wrapped on the container for the run); the consumers' other writes are shown
beside it.
"""
from __future__ import annotations

import json
import statistics as pystats
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from . import ddbcount
from .stage import REGION
from .stage import app as quiet_app

if TYPE_CHECKING:
    from chalicelib.services.domain import Thread

TABLE = "comptoir-bench-stats"
PASSWORD = "bench-password"
TZ = "Europe/Paris"
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # the clock of the container (a Monday, 10:00 in Paris)
PERIOD = (date(2026, 10, 1), date(2026, 10, 30))  # 30 days; the previous period is 2026-09-01 .. 2026-09-30
SIZES = (10, 10_000)
REPEATS = 7
CUSTOMERS, PER_CUSTOMER = 10, 10
WRITES = ("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems")


def _container(stage: Any, clock: Any) -> Any:
    return stage.container_on(TABLE, clock)


def _brand(c: Any, brand_id: str, number: str) -> tuple[str, str, str]:
    """A brand with one store (Paris); returns (admin e-mail, store id, store number)."""
    email = f"admin@{brand_id}.bench.test"
    c.stores.provision_brand(name=f"Bench {brand_id}", admin_email=email, admin_password=PASSWORD,
                             store_name="Stats store", timezone=TZ, phone_number=number, brand_id=brand_id)
    return email, c.directory.list_stores(brand_id)[0].id, number


# -- report -------------------------------------------------------------------------------------------------


def _history(brand_id: str, store_id: str, number: str, i: int, opened: datetime,
             agent_id: str) -> list[tuple[Thread | None, Thread]]:
    """One conversation's thread changes (old, new): customer opens, agent answers, agent resolves."""
    from chalicelib.services.domain import Customer, Message
    from chalicelib.services.domain import threads as rules

    phone = f"+336{i:08d}"
    inbound = Message(brand_id=brand_id, thread_id=f"t{i:024x}", id=f"m{i:020x}a", direction="in",
                      author="customer", text="Bonjour", created_at=opened, channel="sms", store_id=store_id,
                      customer_address=phone, store_address=number)
    empty = rules.open_thread(brand_id=brand_id, thread_id=inbound.thread_id, store_id=store_id, channel="sms",
                              customer=Customer(id=f"c{i:020x}", phone=phone), message=inbound)
    first, _ = rules.apply_customer_message(empty, inbound)
    first.version = 1
    answer = Message(brand_id=brand_id, thread_id=inbound.thread_id, id=f"m{i:020x}b", direction="out",
                     author="agent", text="Bonjour !", created_at=opened + timedelta(minutes=5), channel="sms",
                     store_id=store_id, customer_address=phone, store_address=number, agent_id=agent_id)
    answered, _ = rules.apply_agent_message(first, answer)
    answered.version = 2
    resolved = rules.set_status(answered, "resolved", opened + timedelta(minutes=15), agent_id)
    resolved.version = 3
    return [(None, first), (first, answered), (answered, resolved)]


def _seed_days(c: Any, brand_id: str, store_id: str, number: str, agent_id: str, n: int) -> int:
    """n conversations spread over the period's days, n more over the previous period's; returns day items."""
    from chalicelib.models.stats import DynamoStats
    from chalicelib.services.domain.stats import Collector, ThreadFacts, observe

    clock = c.statistics._store_clock(brand_id)  # the stores' time zones and opening hours, as the stream uses
    collector = Collector()
    paris = ZoneInfo(TZ)
    first_day = PERIOD[0] - timedelta(days=30)
    for i in range(2 * n):
        j = i % n  # the conversation's rank in its period: the days evenly, 10:00 to 18:00 local
        day = (PERIOD[0] if i < n else first_day) + timedelta(days=j * 30 // n)
        opened = datetime.combine(day, dtime(10, 0), paris).astimezone(UTC) + timedelta(seconds=(j * 37) % 28_800)
        facts = ThreadFacts(brand_id=brand_id, thread_id=f"t{i:024x}")
        for old, new in _history(brand_id, store_id, number, i, opened, agent_id):
            facts = observe(facts, old, new, clock, collector)
    # DynamoStats.apply as the stream calls it, without facts (reports never read them). One day per call: a
    # collector holding several days of one store puts one TOTAL update per day in a single TransactWriteItems,
    # which DynamoDB refuses ("multiple operations on one item"): see the report of this figure's review.
    stats = DynamoStats()
    for key, delta in collector.days.items():
        one = Collector()
        one.days[key] = delta
        stats.apply(brand_id, {}, [], one)
    return len(collector.days)


def _is_auth(call: ddbcount.Call) -> bool:
    """As bench/inbox.py: the agent read of authenticate()."""
    return call.operation in ("GetItem", "Query") and "AGENT#" in call.describe()


def _report_figures(stage: Any, c: Any, report: Any) -> None:
    from chalice.test import Client

    with Client(quiet_app()) as client:
        for n in SIZES:
            brand_id = f"stats{n}"
            started = time.perf_counter()
            email, store_id, number = _brand(c, brand_id, f"+1555300{n % 10_000:04d}")
            token, _ = c.accounts.login(email, PASSWORD)
            admin = c.directory.find_agent_by_email(email)
            days = _seed_days(c, brand_id, store_id, number, admin.id, n)
            report.info(f"stats_seed_seconds_{n}", round(time.perf_counter() - started, 1),
                        f"{n} conversations in {PERIOD[0]}..{PERIOD[1]} and {n} in the 30 days before, 3 thread "
                        f"changes each folded by stats.observe, {days} day items written by DynamoStats.apply")
            base = f"/v1/stats?store_ids={store_id}&from={PERIOD[0]}&to={PERIOD[1]}"
            headers = {"Authorization": f"Bearer {token}"}
            # The same report of the SMS conversations only (all of them here): the filter reads the same items.
            for suffix, path in (("", base), ("_channels_sms", f"{base}&channels=sms")):
                _one_report(client, path, headers, n, suffix, report)


def _one_report(client: Any, path: str, headers: dict[str, str], n: int, suffix: str, report: Any) -> None:
    """The DynamoDB calls and time of one report path, checked against the seeded conversations."""
    client.http.get(path, headers=headers)  # warm-up
    times, calls = [], []
    for _ in range(REPEATS):
        with ddbcount.RECORDER.counting() as recorded:
            started = time.perf_counter()
            response = client.http.get(path, headers=headers)
            times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}: {response.body[:300]!r}")
        body = response.json_body
        if body["conversations"]["value"] != n or body["conversations"]["previous"] != n:
            raise RuntimeError(f"GET {path}: conversations {body['conversations']}; expected {n} and {n}")
        calls = list(recorded)
    reading = [call for call in calls if not _is_auth(call)]
    report.figure(f"stats_report_ddb_calls_30_days_{n}{suffix}", len(reading), 4,
                  f"GET {path.split('?')[0]}{'?channels=sms' if suffix else ''}, 1 store, 30 days, conversations "
                  f"{n} (previous {n}), contacts {body['contacts']['value']}, response time "
                  f"{body['response_time_seconds']['value']} s: {ddbcount.sequence(reading)}")
    report.info(f"stats_report_median_ms_{n}{suffix}", round(pystats.median(times) * 1e3, 1),
                f"median of {REPEATS} requests on moto, {len(calls)} calls with the auth read")


# -- stream -------------------------------------------------------------------------------------------------


class StreamReader:
    """The table's stream records not delivered yet, shaped as Lambda delivers them (oldest first)."""

    def __init__(self, stage: Any) -> None:
        import boto3

        self.arn = stage.client().describe_table(TableName=TABLE)["Table"]["LatestStreamArn"]
        self.streams = boto3.client("dynamodbstreams", endpoint_url=stage.endpoint, region_name=REGION)
        self.seen: set[str] = set()

    def new(self) -> list[dict[str, Any]]:
        from local.events import stream_record

        records: list[dict[str, Any]] = []
        for shard in self.streams.describe_stream(StreamArn=self.arn)["StreamDescription"]["Shards"]:
            iterator = self.streams.get_shard_iterator(StreamArn=self.arn, ShardId=shard["ShardId"],
                                                       ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
            while iterator:
                answer = self.streams.get_records(ShardIterator=iterator, Limit=1000)
                records += [stream_record(r, stream_arn=self.arn, region=REGION) for r in answer["Records"]
                            if r["eventID"] not in self.seen]
                if not answer["Records"]:
                    break
                iterator = answer.get("NextShardIterator")
        self.seen.update(r["eventID"] for r in records)
        return records


def _items_written(call: ddbcount.Call) -> int:
    params = json.loads(call.body or b"{}")
    if call.operation == "TransactWriteItems":
        return len(params.get("TransactItems", []))
    if call.operation == "BatchWriteItem":
        return sum(len(v) for v in params.get("RequestItems", {}).values())
    return 1


def _brief(call: ddbcount.Call) -> str:
    """A statistics call in short: the kinds of keys it reads or writes."""
    params = json.loads(call.body or b"{}")
    if call.operation == "TransactWriteItems":
        kinds: dict[str, int] = {}
        for entry in params.get("TransactItems", []):
            for action, spec in entry.items():
                sk = (spec.get("Key") or spec.get("Item"))["sk"]["S"]
                kind = f"{action} {'DAY' if sk.startswith('DAY#') else sk}"
                kinds[kind] = kinds.get(kind, 0) + 1
        return f"TransactWriteItems[{', '.join(f'{k} x{v}' for k, v in kinds.items())}]"
    if call.operation == "BatchGetItem":
        return f"BatchGetItem[FACTS x{sum(len(t.get('Keys', [])) for t in params.get('RequestItems', {}).values())}]"
    return call.describe()


def _stream_figure(stage: Any, c: Any, clock: Any, report: Any) -> None:
    from local.events import lambda_context, stream_consumers

    recorder = ddbcount.RECORDER
    brand_id = "statsstream"
    email, store_id, number = _brand(c, brand_id, "+15553100000")
    reader = StreamReader(stage)
    reader.new()  # everything written so far (other brands, this brand's setup) is not this figure's
    for m in range(PER_CUSTOMER):
        for k in range(CUSTOMERS):
            clock.advance(30)
            c.conversations.receive.receive(brand_id=brand_id, store_id=store_id, store_address=number, channel="sms",
                              customer_address=f"+3361000{k:04d}", text=f"Message {m} de {k}",
                              attachments=[], provider_key=f"SMbench{m:02d}{k:02d}")

    app = quiet_app()
    consumers = {name: app.handler_map[name] for name in stream_consumers(app)}
    observe = c.statistics.observe
    in_stats: list[ddbcount.Call] = []
    per_batch: list[str] = []  # what each observe() with thread changes did
    changes_seen = [0]

    def counted_observe(changes: list[Any]) -> None:
        """Statistics.observe, its calls told apart from the handler's (same recorder list, sliced)."""
        first = len(recorder.calls)
        changes_seen[0] += len(changes)
        try:
            observe(changes)
        finally:
            made = recorder.calls[first:]
            in_stats.extend(made)
            if changes:
                per_batch.append(f"{len(changes)} changes: {' -> '.join(_brief(call) for call in made)}")

    c.statistics.observe = counted_observe  # an instance attribute, dropped with the container afterwards
    rounds, batches, records_total = [], 0, 0
    with recorder.counting() as everything:
        for _ in range(10):
            records = reader.new()
            if not records:
                break
            rounds.append(len(records))
            records_total += len(records)
            for start in range(0, len(records), 100):
                batch = records[start:start + 100]
                batches += 1
                for name, consumer in consumers.items():
                    result = consumer({"Records": batch}, lambda_context(f"comptoir-bench-{name}", region=REGION))
                    if result.get("batchItemFailures"):
                        raise RuntimeError(f"{name} failed: {result}")
        else:
            raise RuntimeError("the stream kept producing records after 10 rounds")
    del c.statistics.observe

    stats_writes = [call for call in in_stats if call.operation in WRITES]
    all_writes = [call for call in everything if call.operation in WRITES]
    stats_items = sum(_items_written(call) for call in stats_writes)
    day = START.astimezone(ZoneInfo(TZ)).date()
    admin = c.directory.find_agent_by_email(email)
    body = c.statistics.report(admin, [store_id], day, day)
    expected = {"conversations": CUSTOMERS, "new_inbound_conversations": CUSTOMERS, "contacts": CUSTOMERS,
                "connected_customers": CUSTOMERS, "new_inbound_customers": CUSTOMERS, "new_outbound_customers": 0}
    got = {name: body[name]["value"] for name in expected}
    if got != expected or changes_seen[0] != CUSTOMERS * PER_CUSTOMER:
        raise RuntimeError(f"after the stream: report {got}, expected {expected}; "
                           f"{changes_seen[0]} thread changes observed, expected {CUSTOMERS * PER_CUSTOMER}")
    n = CUSTOMERS * PER_CUSTOMER
    report.figure("stream_writes_per_100_messages", round(len(stats_writes) * 100 / n, 2), 60,
                  f"{n} messages ({CUSTOMERS} customers x {PER_CUSTOMER}, 1 store) by Receive.receive; "
                  f"{records_total} stream records in {len(rounds)} rounds {rounds}, {batches} batches of <= 100 "
                  f"to each stream consumer; {changes_seen[0]} thread changes; writes inside Statistics.observe: "
                  f"{ddbcount.by_operation(stats_writes)}; per batch with thread changes: {' | '.join(per_batch)}")
    report.info("stream_handler_writes_per_100_messages", round(len(all_writes) * 100 / n, 2),
                f"every write of the three consumers: {ddbcount.by_operation(all_writes)}; all calls "
                f"{ddbcount.by_operation(everything)}")
    report.info("stream_stats_items_written_per_100_messages", round(stats_items * 100 / n, 2),
                f"items in the statistics transactions; report of {day} afterwards: {got}")


def run(stage: Any, report: Any) -> None:
    from chalicelib.services.ports.clock import FixedClock

    clock = FixedClock(START)
    c = _container(stage, clock)
    try:
        # The stream first, on a small table: moto deep-copies the whole table for every TransactWriteItems,
        # slow once the 10,000-conversation days (about 1 MB) are in it.
        _stream_figure(stage, c, clock, report)
        _report_figures(stage, c, report)
    finally:
        stage.fresh_container()  # back on the main table with the sandbox clock
