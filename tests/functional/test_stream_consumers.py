"""Each stream consumer fails on its own: a statistics outage never holds back what customers wait for."""
from tests.functional.support import ALICE

TODAY = "from=2026-11-23&to=2026-11-23"


def failures(answer):
    return [f["itemIdentifier"] for f in answer["batchItemFailures"]]


def kind(record):
    return record["dynamodb"].get("NewImage", {}).get("kind", {}).get("S")


def sequences(event):
    return [r["dynamodb"]["SequenceNumber"] for r in event["Records"]]


def test_a_reply_goes_out_while_the_statistics_consumer_fails_and_is_counted_once_it_recovers(stage):
    token = stage.login()
    stage.text("Bonjour")
    thread = stage.only_thread(token)
    stage.clock.advance(300)
    reply = stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Oui ?"}, token=token)
    assert reply.status == 201
    statistics = stage.container.statistics
    real_apply = statistics.stats.apply

    def down(*args, **kwargs):
        raise ConnectionError("the statistics did not answer")

    statistics.stats.apply = down
    outbound = stage.app.handler_map["handle_outbound_stream"]
    counting = stage.app.handler_map["handle_statistics_stream"]
    search = stage.app.handler_map["handle_search_stream"]
    queued = stage.stream.take()
    assert outbound(queued, None) == {"batchItemFailures": []}
    outbox = stage.call("GET", "/sandbox/outbox?to=%2B33612345678").body["items"]
    assert [sms["body"] for sms in outbox] == ["Oui ?\n-- Demo store"]
    events = [queued, stage.stream.take()]  # then what sending wrote
    with_threads = [e for e in events if any(kind(r) == "thread" for r in e["Records"])]
    assert with_threads
    for event in with_threads:
        assert failures(counting(event, None)) == sequences(event)  # the whole batch, to be retried
        assert search(event, None) == {"batchItemFailures": []}

    statistics.stats.apply = real_apply  # back: Lambda retries the statistics' batches, and only theirs
    for event in with_threads:
        assert counting(event, None) == {"batchItemFailures": []}
    stage.settle()
    report = stage.call("GET", f"/v1/stats?{TODAY}", token=token).body
    assert report["response_rate"]["value"] == 1.0 and report["response_time_seconds"]["value"] == 300


def test_the_outbound_consumer_stops_at_the_first_failure_and_reports_it_with_every_later_record(stage):
    stage.call("POST", "/sandbox/sms", {"from": ALICE, "to": "+15550000001", "body": "Un"})
    stage.call("POST", "/sandbox/sms", {"from": ALICE, "to": "+15550000001", "body": "Deux"})
    event = stage.stream.take()
    reactions = stage.container.reactions
    real = reactions.message_written
    seen = []

    def first_fails(message):
        seen.append(message.text)
        if len(seen) == 1:
            raise ConnectionError("the table did not answer")
        real(message)

    reactions.message_written = first_fails
    answer = stage.app.handler_map["handle_outbound_stream"](event, None)
    messages = [r for r in event["Records"] if kind(r) == "message"]
    first = sequences(event).index(messages[0]["dynamodb"]["SequenceNumber"])
    assert failures(answer) == sequences(event)[first:]  # in order: "Deux" waits for "Un"
    assert seen == ["Un"]
    del reactions.message_written
    assert stage.app.handler_map["handle_outbound_stream"]({"Records": event["Records"][first:]}, None) == {
        "batchItemFailures": []}


def test_items_expired_by_time_to_live_leave_every_consumer_with_nothing_to_do(stage):
    """DynamoDB (and DynamoDB Local, which the local stage runs on) deletes expired items by itself and streams
    each deletion as a REMOVE made by the service: webhook dedup marks, password resets, throttle counters."""
    import boto3

    token = stage.login()
    stage.text("Bonjour")
    assert stage.call("POST", "/v1/auth/password-reset", {"email": "admin@demo.test"}).status == 202
    stage.settle()
    before = stage.call("GET", "/v1/threads", token=token).body["items"]
    ddb = boto3.client("dynamodb", region_name="eu-west-3")
    expiring = [item for item in ddb.scan(TableName="comptoir")["Items"] if "expires_at" in item]
    kinds = {item.get("kind", {}).get("S") or item["pk"]["S"].split("#")[0] for item in expiring}
    assert kinds >= {"dedup", "password_reset", "THROTTLE"}, expiring  # throttle counters carry no kind

    for item in expiring:  # what the time-to-live sweep does, once the date is past
        ddb.delete_item(TableName="comptoir", Key={"pk": item["pk"], "sk": item["sk"]})
    event = stage.stream.take()
    assert len(event["Records"]) == len(expiring)
    for record in event["Records"]:
        record["userIdentity"] = {"type": "Service", "principalId": "dynamodb.amazonaws.com"}
    for name in ("handle_outbound_stream", "handle_statistics_stream", "handle_search_stream"):
        assert stage.app.handler_map[name](event, None) == {"batchItemFailures": []}, name

    assert stage.stream.take()["Records"] == []  # nothing written in reaction
    assert stage.call("GET", "/v1/threads", token=token).body["items"] == before


def test_a_new_customers_link_is_written_once_with_their_store_and_the_number_they_wrote_to(stage):
    stage.call("POST", "/sandbox/sms", {"from": ALICE, "to": "+15550000001", "body": "Bonjour"})
    stored = stage.stream.take()
    assert stage.app.handler_map["handle_outbound_stream"](stored, None) == {"batchItemFailures": []}
    applied = stage.stream.take()  # the thread, with the message now on it
    links = stage.container.customers.customers
    written = []
    real = links.save_link
    links.save_link = lambda link: (written.append(link), real(link))
    search = stage.app.handler_map["handle_search_stream"]
    try:
        for event in (stored, applied):
            assert search(event, None) == {"batchItemFailures": []}
    finally:
        del links.save_link
    (link,) = written
    thread = next(r for r in applied["Records"] if kind(r) == "thread")["dynamodb"]["NewImage"]
    assert (link.store_id, link.channel, link.store_number) == (thread["store_id"]["S"], "sms", "+15550000001")
