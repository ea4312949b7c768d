"""Read receipts through Meta's webhook: a read event keeps when the customer read our messages, once."""
from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import quote

from tests.functional.test_meta_webhook import (
    PAGE,
    PHONE_ID,
    answer_customer,
    connect,
    fixture_body,
    messages,
    post,
    threads,
)


def _iso(millis: int) -> str:
    return datetime.fromtimestamp(millis / 1000, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def messenger_read(stage, watermark_ms: int, at_ms: int) -> bytes:
    read = json.loads(fixture_body("messenger_read"))
    event = read["entry"][0]["messaging"][0]
    event["read"]["watermark"], event["timestamp"] = watermark_ms, at_ms
    return json.dumps(read).encode()


def test_a_messenger_read_sets_read_at_once_at_the_time_the_customer_read(stage):
    token, thread = answer_customer(stage, "messenger_text", "Oui.")
    stage.stream.drain()
    now_ms = int(stage.clock.now().timestamp() * 1000)
    [ours, _] = messages(stage, token, thread["id"])
    assert ours["read_at"] is None
    assert post(stage, messenger_read(stage, now_ms + 1, now_ms + 5000)).status == 200
    [ours, theirs] = messages(stage, token, thread["id"])
    assert (ours["status"], ours["read_at"]) == ("delivered", _iso(now_ms + 5000))
    assert theirs["read_at"] is None  # the customer's own message is never "read" by them
    assert post(stage, messenger_read(stage, now_ms + 1, now_ms + 90000)).status == 200  # again, later
    [again, _] = messages(stage, token, thread["id"])
    assert again["read_at"] == _iso(now_ms + 5000)


def test_a_messenger_read_before_our_message_was_sent_leaves_it_unread(stage):
    token, thread = answer_customer(stage, "messenger_text", "Oui.")
    stage.stream.drain()
    now_ms = int(stage.clock.now().timestamp() * 1000)
    assert post(stage, messenger_read(stage, now_ms - 60000, now_ms)).status == 200
    [ours, _] = messages(stage, token, thread["id"])
    assert ours["read_at"] is None


def test_an_instagram_read_names_the_message_it_read(stage):
    token, thread = answer_customer(stage, "instagram_text", "Oui, en 38.")
    stage.stream.drain()
    [item] = [i for i in stage.call("GET", "/sandbox/outbox").body["items"] if i["channel"] == "instagram"]
    event = {"sender": {"id": item["to"]}, "recipient": {"id": item["from"]}, "timestamp": 1795424405000,
             "read": {"mid": item["sid"]}}
    payload = {"object": "instagram", "entry": [{"id": item["from"], "time": 1795424405000, "messaging": [event]}]}
    assert post(stage, json.dumps(payload).encode()).status == 200
    [ours, _] = messages(stage, token, thread["id"])
    assert ours["read_at"] == _iso(1795424405000)


def test_a_whatsapp_read_status_sets_read_at_at_its_timestamp(stage):
    token, thread = answer_customer(stage, "whatsapp_text", "Yes, in blue.")
    stage.stream.drain()
    [item] = stage.call("GET", f"/sandbox/outbox?to={quote('+16505551234')}").body["items"]
    statuses = json.loads(fixture_body("whatsapp_statuses").replace(b"WAMID_PLACEHOLDER", item["sid"].encode()))
    value = statuses["entry"][0]["changes"][0]["value"]
    value["statuses"] = [{**value["statuses"][0], "status": "read", "timestamp": "1795424420"}]
    for _ in range(2):
        assert post(stage, json.dumps(statuses).encode()).status == 200
    [ours, _] = messages(stage, token, thread["id"])
    assert (ours["status"], ours["read_at"]) == ("delivered", _iso(1795424420000))


def seen(stage):
    return stage.call("GET", "/sandbox/seen").body["items"]


def test_opening_a_messenger_thread_marks_the_customer_s_message_seen_once(stage):
    connect(stage)
    assert post(stage, fixture_body("messenger_text")).status == 200
    stage.settle()
    token = stage.login()
    [thread] = threads(stage, token)
    assert seen(stage) == []
    for _ in range(2):  # opened twice: the thread became read once
        assert stage.call("GET", f"/v1/threads/{thread['id']}", token=token).status == 200
        stage.settle()
    [mark] = seen(stage)
    assert (mark["channel"], mark["to"], mark["from"]) == ("messenger", "6200000000000001", PAGE)


def test_opening_a_whatsapp_thread_marks_the_customer_s_last_message_read_by_its_wamid(stage):
    connect(stage)
    payload = json.loads(fixture_body("whatsapp_text"))
    assert post(stage, json.dumps(payload).encode()).status == 200
    stage.settle()
    token = stage.login()
    [thread] = threads(stage, token)
    assert stage.call("GET", f"/v1/threads/{thread['id']}", token=token).status == 200
    stage.settle()
    [mark] = seen(stage)
    wamid = payload["entry"][0]["changes"][0]["value"]["messages"][0]["id"]
    assert (mark["channel"], mark["from"], mark["message_id"]) == ("whatsapp", PHONE_ID, wamid)


def test_a_new_customer_message_is_marked_again_when_the_thread_is_read_again(stage):
    token, thread = answer_customer(stage, "messenger_text", "Oui.")  # the answer reads the thread
    stage.settle()
    assert len(seen(stage)) == 1
    stage.clock.advance(60)
    assert stage.call("POST", "/sandbox/meta", {"channel": "messenger", "from": "6200000000000001", "to": PAGE,
                                                "text": "Merci"}).status == 202
    stage.settle()
    assert len(seen(stage)) == 1  # unread again: nothing until an agent reads it
    assert stage.call("GET", f"/v1/threads/{thread['id']}", token=token).status == 200
    stage.settle()
    assert len(seen(stage)) == 2


def test_a_platform_that_refuses_the_mark_leaves_the_thread_read(stage, monkeypatch):
    from chalicelib.channels.graph import GraphError

    connect(stage)
    assert post(stage, fixture_body("messenger_text")).status == 200
    stage.settle()
    token = stage.login()
    [thread] = threads(stage, token)
    channel = stage.container.inbound.channels.get("messenger")

    def refuse(path, access_token, payload):
        raise GraphError(400, 100, "Invalid parameter")

    monkeypatch.setattr(channel.graph, "post", refuse)
    assert stage.call("GET", f"/v1/threads/{thread['id']}", token=token).status == 200
    stage.settle()
    assert seen(stage) == [] and threads(stage, token)[0]["unread"] is False


def test_whatsapp_s_profile_name_names_a_new_customer(stage):
    connect(stage)
    assert post(stage, fixture_body("whatsapp_text")).status == 200
    stage.settle()
    token = stage.login()
    [thread] = threads(stage, token)
    payload = json.loads(fixture_body("whatsapp_text"))
    name = payload["entry"][0]["changes"][0]["value"]["contacts"][0]["profile"]["name"]
    assert thread["customer"]["name"] == name
    panel = stage.call("GET", f"/v1/threads/{thread['id']}/customer", token=token).body
    assert (panel["name"], panel["display_name"]) == (name, name)


def test_a_name_the_head_office_typed_is_never_overwritten_by_the_platform_s(stage):
    connect(stage)
    admin = stage.login()
    phone = "+16505551234"
    assert stage.call("PUT", f"/v1/customers/{quote(phone)}", {"name": "Mme Durand"}, token=admin).status == 200
    stage.settle()
    assert post(stage, fixture_body("whatsapp_text")).status == 200
    stage.settle()
    [thread] = threads(stage, admin)
    assert thread["customer"]["name"] == "Mme Durand"
    payload = json.loads(fixture_body("whatsapp_text").replace(b'"id": "wamid.', b'"id": "wamid.again'))
    assert post(stage, json.dumps(payload).encode()).status == 200
    stage.settle()
    [thread] = threads(stage, admin)
    assert thread["customer"]["name"] == "Mme Durand"


def test_a_new_messenger_customer_is_named_by_the_platform_once(stage, monkeypatch):
    from chalicelib.sandbox.meta import demo_name

    connect(stage)
    channel = stage.container.inbound.channels.get("messenger")
    asked = []
    real_get = channel.graph.get

    def counted(path, token, params):
        if "/" not in path:  # a profile (the history import reads conversations with the same client)
            asked.append((path, params["fields"]))
        return real_get(path, token, params)

    monkeypatch.setattr(channel.graph, "get", counted)
    assert post(stage, fixture_body("messenger_text")).status == 200
    stage.settle()
    stage.clock.advance(60)
    assert stage.call("POST", "/sandbox/meta", {"channel": "messenger", "from": "6200000000000001", "to": PAGE,
                                                "text": "Encore moi"}).status == 202
    stage.settle()
    token = stage.login()
    [thread] = threads(stage, token)
    assert thread["customer"]["name"] == " ".join(demo_name("6200000000000001"))
    assert asked == [("6200000000000001", "first_name,last_name,profile_pic")]


def test_a_failed_name_lookup_leaves_the_customer_unknown_and_is_not_retried(stage, monkeypatch):
    from chalicelib.channels.graph import GraphError

    connect(stage)
    channel = stage.container.inbound.channels.get("instagram")
    calls = []

    def refuse(path, token, params):
        if "/" not in path:  # a profile (the history import reads conversations with the same client)
            calls.append(path)
        raise GraphError(500, 2, "An unexpected error has occurred")

    monkeypatch.setattr(channel.graph, "get", refuse)
    assert post(stage, fixture_body("instagram_text")).status == 200
    stage.settle()
    token = stage.login()
    [thread] = threads(stage, token)
    assert thread["customer"]["name"] is None and len(calls) == 1
    panel = stage.call("GET", f"/v1/threads/{thread['id']}/customer", token=token).body
    assert panel["display_name"] == "Unknown customer"
