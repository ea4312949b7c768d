"""Meta's webhook through the app: the subscription check, the signature before anything is stored, each
channel's messages on their store's threads once, batches, comments, and reports on what the store sent.

The accounts are connected by the store's admin through the channels API, as on the local stage."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest

from chalicelib.channels.meta_webhook import sign

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "meta"
SECRET = "local-meta-app-secret"
PAGE, IG, PHONE_ID = "104060654500000", "17841400000000001", "106540352242922"
JSON = {"Content-Type": "application/json"}


def connect(stage, receive_comments: bool = True) -> dict[str, str]:
    """The demo store's page, Instagram account and WhatsApp number, connected by its admin through the API."""
    admin = stage.login()
    store_id = stage.call("GET", "/v1/stores", token=admin).body["items"][0]["id"]
    ids = {}
    for kind, external_id in (("messenger", PAGE), ("instagram", IG), ("whatsapp", PHONE_ID)):
        body = {"kind": kind, "external_id": external_id, "name": f"Demo {kind}", "access_token": f"EAA{kind}"}
        if kind != "whatsapp":
            body["receive_comments"] = receive_comments
        created = stage.call("POST", f"/v1/stores/{store_id}/channels", body, token=admin)
        assert created.status == 201, created.body
        ids[kind] = created.body["id"]
    return {"store_id": store_id, **ids}


def fixture_body(name: str) -> bytes:
    return (FIXTURES / f"{name}.json").read_bytes()


def post(stage, body: bytes, signature: str | None = "sign"):
    headers = dict(JSON)
    if signature is not None:
        headers["X-Hub-Signature-256"] = sign(SECRET, body) if signature == "sign" else signature
    return stage.call("POST", "/webhooks/meta", raw=body, headers=headers)


def threads(stage, token):
    return stage.call("GET", "/v1/threads?status=waiting,replied,resolved", token=token).body["items"]


def messages(stage, token, thread_id):
    return stage.call("GET", f"/v1/threads/{thread_id}/messages", token=token).body["items"]


def test_the_subscription_check_answers_the_challenge_with_our_verify_token(stage):
    query = "hub.mode=subscribe&hub.verify_token=local-meta-verify-token&hub.challenge=1158201444"
    answer = stage.call("GET", f"/webhooks/meta?{query}")
    assert answer.status == 200 and str(answer.body) == "1158201444"
    assert answer.headers["Content-Type"].startswith("text/plain")
    wrong = stage.call("GET", "/webhooks/meta?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1")
    assert wrong.status == 403 and wrong.headers["Content-Type"] == "application/problem+json"
    assert stage.call("GET", "/webhooks/meta").status == 403


@pytest.mark.parametrize("signature", [None, "sha256=" + "0" * 64, "bad"])
def test_a_missing_or_wrong_signature_is_403_and_stores_nothing(stage, signature):
    connect(stage)
    assert post(stage, fixture_body("messenger_text"), signature).status == 403
    stage.settle()
    assert threads(stage, stage.login()) == []


def test_a_body_changed_by_one_byte_after_signing_is_403(stage):
    connect(stage)
    body = fixture_body("messenger_text")
    changed = body.replace(b"38", b"39", 1)
    assert post(stage, changed, sign(SECRET, body)).status == 403
    stage.settle()
    assert threads(stage, stage.login()) == []


@pytest.mark.parametrize(("fixture", "channel", "text"), [
    ("messenger_text", "messenger", "Bonjour, vous avez la taille 38 ?"),
    ("instagram_text", "instagram", "Vous livrez à Lyon ?"),
    ("whatsapp_text", "whatsapp", "Does it come in another color?"),
])
def test_each_channels_message_opens_a_waiting_thread_of_the_accounts_store(stage, fixture, channel, text):
    connect(stage)
    answer = post(stage, fixture_body(fixture))
    assert answer.status == 200 and answer.body == "EVENT_RECEIVED"
    stage.settle()
    token = stage.login()
    [thread] = threads(stage, token)
    assert (thread["channel"], thread["status"]) == (channel, "waiting")
    assert [m["text"] for m in messages(stage, token, thread["id"])] == [text]


def test_a_redelivered_notification_is_stored_once(stage):
    connect(stage)
    for _ in range(3):
        assert post(stage, fixture_body("whatsapp_text")).status == 200
    stage.settle()
    token = stage.login()
    [thread] = threads(stage, token)
    assert len(messages(stage, token, thread["id"])) == 1


def test_a_batch_files_every_event_and_skips_an_account_nobody_connected(stage):
    connect(stage)
    assert post(stage, fixture_body("batched")).status == 200
    stage.settle()
    token = stage.login()
    by_customer = {t["customer"]["phone"]: t for t in threads(stage, token)}
    assert set(by_customer) == {"6200000000000001", "6200000000000002"}
    first = messages(stage, token, by_customer["6200000000000001"]["id"])
    assert [m["text"] for m in first] == ["Troisième", "Premier"]


def test_without_connected_accounts_everything_is_skipped_with_200(stage):
    assert post(stage, fixture_body("messenger_text")).status == 200
    stage.settle()
    assert threads(stage, stage.login()) == []


def test_echoes_are_not_filed(stage):
    connect(stage)
    assert post(stage, fixture_body("messenger_echo")).status == 200
    stage.settle()
    assert threads(stage, stage.login()) == []


def test_a_comment_opens_a_thread_of_the_commenter_unless_comments_are_switched_off(stage):
    ids = connect(stage, receive_comments=False)
    assert post(stage, fixture_body("instagram_comment")).status == 200
    stage.settle()
    token = stage.login()
    assert threads(stage, token) == []
    switched = stage.call("PATCH", f"/v1/stores/{ids['store_id']}/channels/{ids['instagram']}",
                          {"receive_comments": True}, token=token)
    assert switched.status == 200, switched.body
    assert post(stage, fixture_body("instagram_comment")).status == 200
    stage.settle()
    [thread] = threads(stage, token)
    assert thread["channel"] == "instagram" and thread["customer"]["phone"] == "7300000000000002"


def answer_customer(stage, fixture: str, text: str):
    connect(stage)
    assert post(stage, fixture_body(fixture)).status == 200
    stage.settle()
    token = stage.login()
    [thread] = threads(stage, token)
    sent = stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": text}, token=token)
    assert sent.status == 201, sent.body
    return token, thread


def test_an_answer_on_messenger_goes_out_through_the_graph_twin_and_is_marked_delivered(stage):
    token, thread = answer_customer(stage, "messenger_text", "Oui, en 38.")
    stage.settle()  # the outbox sends, the twin records it, then reports it delivered through the webhook
    [item] = [i for i in stage.call("GET", "/sandbox/outbox").body["items"] if i["channel"] == "messenger"]
    assert (item["to"], item["from"], item["body"]) == ("6200000000000001", PAGE, "Oui, en 38.\n-- Demo store")
    [ours, _] = messages(stage, token, thread["id"])
    assert ours["direction"] == "out" and ours["status"] == "delivered"


def test_a_whatsapp_status_finds_the_message_by_its_wamid(stage):
    token, thread = answer_customer(stage, "whatsapp_text", "Yes, in blue.")
    stage.stream.drain()  # sent, not yet reported by the twin
    [ours, _] = messages(stage, token, thread["id"])
    assert ours["status"] == "sent"
    [item] = [i for i in stage.call("GET", f"/sandbox/outbox?to={quote('+16505551234')}").body["items"]]
    assert item["channel"] == "whatsapp" and item["from"] == PHONE_ID and item["sid"].startswith("wamid.")
    statuses = json.loads(fixture_body("whatsapp_statuses").replace(b"WAMID_PLACEHOLDER", item["sid"].encode()))
    value = statuses["entry"][0]["changes"][0]["value"]
    value["statuses"] = value["statuses"][:1]
    assert post(stage, json.dumps(statuses).encode()).status == 200
    [ours, _] = messages(stage, token, thread["id"])
    assert ours["status"] == "delivered"


def test_a_messenger_read_covers_what_was_sent_before_its_watermark(stage):
    token, thread = answer_customer(stage, "messenger_text", "Oui.")
    stage.stream.drain()
    read = json.loads(fixture_body("messenger_read"))
    read["entry"][0]["messaging"][0]["read"]["watermark"] = int(stage.clock.now().timestamp() * 1000) + 1
    assert post(stage, json.dumps(read).encode()).status == 200
    [ours, _] = messages(stage, token, thread["id"])
    assert ours["status"] == "delivered"


def test_sandbox_meta_writes_as_a_customer_on_each_channel(stage):
    connect(stage)
    for channel, customer, account in (("messenger", "620", PAGE), ("instagram", "730", IG),
                                       ("whatsapp", "+33612340000", PHONE_ID)):
        answer = stage.call("POST", "/sandbox/meta", {"channel": channel, "from": customer, "to": account,
                                                      "text": f"Hello on {channel}"})
        assert answer.status == 202 and answer.body == {"stored": 1}
    stage.settle()
    assert sorted(t["channel"] for t in threads(stage, stage.login())) == ["instagram", "messenger", "whatsapp"]


def test_sandbox_meta_delivers_a_payload_as_given_and_checks_its_body(stage):
    connect(stage)
    payload = json.loads(fixture_body("instagram_comment"))
    assert stage.call("POST", "/sandbox/meta", {"payload": payload}).body == {"stored": 1}
    bad = stage.call("POST", "/sandbox/meta", {"channel": "messenger", "from": "620"})
    assert bad.status == 400 and bad.headers["Content-Type"] == "application/problem+json"
    both = stage.call("POST", "/sandbox/meta", {"payload": payload, "channel": "messenger", "from": "1", "to": "2",
                                                "text": "x"})
    assert both.status == 400


def test_a_refused_token_fails_the_message_and_asks_the_admin_to_reconnect(stage, monkeypatch):
    from chalicelib.channels.graph import GraphError

    token, thread = answer_customer(stage, "messenger_text", "Oui.")
    channel = stage.container.inbound.channels.get("messenger")

    def refuse(path, access_token, payload):
        raise GraphError(400, 190, "Error validating access token: Session has expired")

    monkeypatch.setattr(channel.graph, "post", refuse)
    stage.stream.drain()
    [ours, _] = messages(stage, token, thread["id"])
    assert ours["status"] == "failed"
    store_id = stage.call("GET", "/v1/stores", token=token).body["items"][0]["id"]
    accounts = stage.call("GET", f"/v1/stores/{store_id}/channels", token=token).body["items"]
    assert {a["kind"]: a["status"] for a in accounts}["messenger"] == "needs_reconnect"
