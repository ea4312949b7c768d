"""Statistics through the API, from the real stream records (I1-I14)."""
from tests.functional.support import ALICE

TODAY = "from=2026-11-23&to=2026-11-23"


def indicator(report, name):
    return report[name]["value"]


def test_answered_then_unanswered_contact_gives_100_then_50_percent(stage):
    token = stage.login()
    stage.text("Bonjour")
    thread = stage.only_thread(token)
    stage.clock.advance(300)
    assert stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Oui ?"}, token=token).status == 201
    stage.settle()
    report = stage.call("GET", f"/v1/stats?{TODAY}", token=token).body
    assert indicator(report, "response_rate") == 1.0
    assert indicator(report, "response_time_seconds") == 300
    assert indicator(report, "conversations") == 1 and indicator(report, "new_inbound_conversations") == 1
    assert indicator(report, "contacts") == 1 and indicator(report, "new_inbound_customers") == 1
    stage.clock.advance(600)
    stage.text("Encore une question")
    report = stage.call("GET", f"/v1/stats?{TODAY}", token=token).body
    assert indicator(report, "response_rate") == 0.5
    assert indicator(report, "contacts") == 2
    assert indicator(report, "connected_customers") == 1


def test_a_batch_delivered_twice_counts_once(stage):
    token = stage.login()
    stage.text("Bonjour")
    stage.stream.iterators.clear()  # read the whole stream again from its start, as a retried batch would
    stage.settle()
    report = stage.call("GET", f"/v1/stats?{TODAY}", token=token).body
    assert indicator(report, "contacts") == 1 and indicator(report, "new_inbound_conversations") == 1


def test_outbound_conversation_and_the_customers_answer(stage):
    token = stage.login()
    store_id = stage.call("GET", "/v1/stores", token=token).body["items"][0]["id"]
    stage.call("POST", "/v1/threads", {"store_id": store_id, "channel": "sms", "to": ALICE, "text": "Votre colis"},
               token=token)
    stage.settle()
    stage.clock.advance(120)
    stage.text("Merci !")
    report = stage.call("GET", f"/v1/stats?{TODAY}", token=token).body
    assert indicator(report, "new_outbound_conversations") == 1
    assert indicator(report, "outbound_customer_response_rate") == 1.0
    assert indicator(report, "outbound_customer_response_time_seconds") == 120
    assert indicator(report, "new_outbound_customers") == 1


def test_top_stores_and_csv(stage):
    token = stage.login()
    stage.text("Bonjour")
    top = stage.call("GET", f"/v1/stats/top-stores?{TODAY}&metric=contacts", token=token).body
    assert top["items"][0]["rank"] == 1 and top["items"][0]["in_perimeter"] is True
    answer = stage.call("GET", f"/v1/stats/top-stores.csv?{TODAY}&metric=contacts", token=token)
    assert answer.status == 200 and answer.headers["Content-Type"].startswith("text/csv")
    lines = answer.body.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("rank,previous_rank,store") and "Demo store" in lines[1]


def test_bad_dates_are_named(stage):
    token = stage.login()
    answer = stage.call("GET", "/v1/stats?from=2026-11-23&to=yesterday", token=token)
    assert answer.status == 400 and "to" in answer.body["errors"]
    reversed_period = stage.call("GET", "/v1/stats?from=2026-11-23&to=2026-11-01", token=token)
    assert reversed_period.status == 400
    unknown = stage.call("GET", f"/v1/stats?{TODAY}&metric=nope", token=token)
    assert unknown.status == 200
    assert stage.call("GET", f"/v1/stats/top-stores?{TODAY}&metric=nope", token=token).status == 400


def test_realtime_waiting_by_wait_and_colleagues_connected_today(stage):
    token = stage.login()
    stage.call("PUT", "/v1/me/presence", {"channel": "chat", "state": "available"}, token=token)
    stage.text("Bonjour")
    stage.text("Bonsoir", sender="+33699999999")
    stage.clock.advance(10 * 60)
    realtime = stage.call("GET", "/v1/stats/realtime", token=token).body
    assert realtime["waiting"]["total"] == 2 and realtime["waiting"]["by_wait"]["5_to_15_min"] == 2
    me = realtime["colleagues"][0]
    assert me["connected"] is True and me["connected_seconds_today"] == 600
    thread = stage.call("GET", "/v1/threads", token=token).body["items"][0]
    stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Oui ?"}, token=token)
    stage.settle()
    realtime = stage.call("GET", "/v1/stats/realtime", token=token).body
    assert realtime["waiting"]["total"] == 1 and realtime["colleagues"][0]["contacts_handled_today"] == 1


def test_a_batch_failing_half_way_is_retried_without_double_counting(stage):
    token = stage.login()
    stage.call("POST", "/sandbox/sms", {"from": ALICE, "to": "+15550000001", "body": "Bonjour"})
    stream = stage.stream
    shard = stream._shards()[0]
    iterator = stream.streams.get_shard_iterator(StreamArn=stream.arn, ShardId=shard,
                                                 ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    first = stream.streams.get_records(ShardIterator=iterator, Limit=100)
    for consumer in stream.handlers.values():  # onto its thread
        consumer({"Records": [stream._lambda_shape(r) for r in first["Records"]]}, None)
    handler = stage.app.handler_map["handle_statistics_stream"]
    answer = stream.streams.get_records(ShardIterator=first["NextShardIterator"], Limit=100)
    thread_batch = {"Records": [stream._lambda_shape(r) for r in answer["Records"]]}
    assert thread_batch["Records"]
    statistics = stage.container.statistics
    real_apply = statistics.stats.apply
    calls = {"n": 0}

    def fail_once(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise ConnectionError("the table did not answer")
        return real_apply(*args, **kwargs)

    statistics.stats.apply = fail_once
    failed = handler(thread_batch, None)
    assert len(failed["batchItemFailures"]) == len(thread_batch["Records"])  # retried from the start
    assert handler(thread_batch, None)["batchItemFailures"] == []
    assert handler(thread_batch, None)["batchItemFailures"] == []  # and once more, as Lambda may
    statistics.stats.apply = real_apply
    report = stage.call("GET", f"/v1/stats?{TODAY}", token=token).body
    assert indicator(report, "contacts") == 1 and indicator(report, "new_inbound_conversations") == 1


def test_one_batch_across_midnight_and_over_a_hundred_threads_counts_every_thread(stage):
    """A transaction touches an item once and holds 100 items at most: the facts of a group of threads
    are written with exactly their day additions, so nothing is lost or blocked."""
    from datetime import UTC, datetime, timedelta

    from chalicelib.services.domain import Customer, Thread
    from chalicelib.services.usecases.statistics import ThreadChange

    token = stage.login()
    store_id = stage.call("GET", "/v1/stores", token=token).body["items"][0]["id"]
    changes = []
    for i in range(101):  # 22:20 to 00:00 Paris time: two local days
        at = datetime(2026, 11, 23, 21, 20, tzinfo=UTC) + timedelta(minutes=i)
        thread = Thread(brand_id="demo", id=f"t{i:03d}", store_id=store_id, channel="sms",
                        customer=Customer(id=f"c{i}"), status="waiting", conversation_id=f"v{i}",
                        conversation_started_at=at, last_message_at=at, created_at=at, waiting_since=at,
                        last_inbound_at=at, contact_id=f"k{i}", version=1)
        changes.append(ThreadChange(i + 1, None, thread))
    stage.container.statistics.observe(changes)
    stage.container.statistics.observe(changes)  # delivered again
    report = stage.call("GET", f"/v1/stats?from=2026-11-23&to=2026-11-24&store_ids={store_id}", token=token).body
    assert indicator(report, "contacts") == 101 and indicator(report, "connected_customers") == 101


def test_the_report_has_a_series_per_day_for_charts(stage):
    token = stage.login()
    stage.text("Bonjour")
    report = stage.call("GET", "/v1/stats?from=2026-11-22&to=2026-11-23", token=token).body
    assert report["daily"] == [
        {"date": "2026-11-22", "contacts": 0, "conversations": 0, "response_time_seconds": None},
        {"date": "2026-11-23", "contacts": 1, "conversations": 1, "response_time_seconds": None},
    ]
