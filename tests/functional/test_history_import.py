"""The history of a connected Messenger page, imported off the request path (the minute sweep, then the stream),
through the sandbox's Graph twin: threads and messages there, in order, both directions; nothing counted in the
statistics; the import's status on the channel; a refusal fails it, and a reconnect tries again."""
from __future__ import annotations

import json

import pytest

from chalicelib.channels.graph import GraphError
from chalicelib.sandbox import meta_history
from tests.functional.test_meta_webhook import PAGE, PHONE_ID, post, threads

ALL_YEAR = "from=2026-01-01&to=2026-11-23"
TWIN_HISTORY = True  # connected pages have the Graph twin's history here (see conftest.py)


def connect(stage, token: str, kind: str = "messenger", external_id: str = PAGE):
    store_id = stage.call("GET", "/v1/stores", token=token).body["items"][0]["id"]
    body = {"kind": kind, "external_id": external_id, "name": f"Demo {kind}", "access_token": "EAAtoken"}
    created = stage.call("POST", f"/v1/stores/{store_id}/channels", body, token=token)
    assert created.status == 201, created.body
    return store_id, created.body


def channel(stage, token: str, store_id: str, channel_id: str) -> dict:
    listed = stage.call("GET", f"/v1/stores/{store_id}/channels", token=token).body["items"]
    return next(c for c in listed if c["id"] == channel_id)


def all_messages(stage, token: str, thread_id: str) -> list[dict]:
    found, cursor = [], ""
    while True:
        page = stage.call("GET", f"/v1/threads/{thread_id}/messages?limit=100{cursor}", token=token).body
        found += page["items"]
        if not page["next_cursor"]:
            return found
        cursor = f"&cursor={page['next_cursor']}"


def figures(stage, token: str) -> dict:
    report = stage.call("GET", f"/v1/stats?{ALL_YEAR}", token=token).body
    return {name: value["value"] for name, value in report.items() if isinstance(value, dict) and "value" in value}


def test_a_connected_page_has_its_history_imported_as_read_resolved_threads_uncounted(stage):
    token = stage.login()
    before = figures(stage, token)
    store_id, created = connect(stage, token)
    assert created["history"]["status"] == "importing"
    assert threads(stage, token) == []  # not on the request path
    stage.settle()
    history = channel(stage, token, store_id, created["id"])["history"]
    assert history["status"] == "imported" and history["threads"] == 3 and history["messages"] == 3 + 4 + 130
    found = threads(stage, token)
    assert len(found) == 3
    assert {t["status"] for t in found} == {"resolved"} and not any(t["unread"] for t in found)
    names = {t["customer"]["name"] for t in found}
    assert names == {"Camille Martin", "Jules Petit", "Inès Moreau"}
    long = next(t for t in found if t["customer"]["name"] == "Inès Moreau")
    messages = all_messages(stage, token, long["id"])
    assert len(messages) == 130
    times = [m["created_at"] for m in messages]
    assert times == sorted(times) or times == sorted(times, reverse=True)
    assert {m["direction"] for m in messages} == {"in", "out"}
    assert all(m["author"] == "agent" and m["agent_id"] is None for m in messages if m["direction"] == "out")
    assert figures(stage, token) == before  # history is not new activity
    outbox = stage.call("GET", "/sandbox/outbox").body
    assert not [m for m in (outbox.get("items") if isinstance(outbox, dict) else outbox) or []
                if m.get("channel") == "messenger"]  # no greeting or closed notice went out


def test_a_message_imported_then_redelivered_by_the_webhook_is_stored_once(stage):
    token = stage.login()
    store_id, created = connect(stage, token)
    stage.settle()
    customer = f"{PAGE}7701"
    event = {"sender": {"id": customer}, "recipient": {"id": PAGE}, "timestamp": 1772442000000,
             "message": {"mid": f"m_hist_{PAGE}_01_000", "text": "again"}}
    body = json.dumps({"object": "page", "entry": [{"id": PAGE, "time": 1, "messaging": [event]}]}).encode()
    assert post(stage, body).status == 200
    stage.settle()
    thread = next(t for t in threads(stage, token) if t["customer"]["name"] == "Camille Martin")
    assert len(all_messages(stage, token, thread["id"])) == 3 and thread["status"] == "resolved"


def test_a_refused_import_fails_with_its_reason_and_a_reconnect_tries_again(stage, monkeypatch):
    def refuse(path, params):
        raise GraphError(400, 190, "Error validating access token")

    monkeypatch.setattr(meta_history, "answer", refuse)
    token = stage.login()
    store_id, created = connect(stage, token)
    stage.settle()
    shown = channel(stage, token, store_id, created["id"])
    assert shown["history"]["status"] == "failed" and "access token" in shown["history"]["reason"]
    assert shown["status"] == "needs_reconnect" and threads(stage, token) == []
    monkeypatch.undo()
    patched = stage.call("PATCH", f"/v1/stores/{store_id}/channels/{created['id']}", {"access_token": "EAAnew"},
                         token=token)
    assert patched.status == 200 and patched.body["history"]["status"] == "importing"
    stage.settle()
    assert channel(stage, token, store_id, created["id"])["history"]["status"] == "imported"
    assert len(threads(stage, token)) == 3


@pytest.mark.parametrize("kind, external_id", [("whatsapp", PHONE_ID)])
def test_a_whatsapp_number_has_no_history_to_import(stage, kind, external_id):
    token = stage.login()
    store_id, created = connect(stage, token, kind, external_id)
    assert created["history"]["status"] == "unavailable"
    stage.settle()
    assert threads(stage, token) == []
