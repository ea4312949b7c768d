"""Black box: read receipts and platform names on the real local stage. A Messenger customer writes through the
sandbox's Meta twin; the thread shows the name the twin's User Profile API gives; the agent answers (reading the
thread: the twin records one mark_seen); the customer's read notification comes back through the webhook and the
answer carries when it was read."""
from __future__ import annotations

from datetime import UTC, datetime

from chalicelib.sandbox.meta import demo_name

PAGE, CUSTOMER = "104060654500000", "6200000000000301"


def ok(answer, status=200):
    assert answer.status_code == status, f"{answer.request.method} {answer.request.url}: {answer.status_code} " \
                                         f"{answer.text}"
    return answer.json()


def test_a_messenger_customer_is_named_and_reads_the_answer(stage):
    admin = stage.login()
    store_id = ok(stage.call("GET", "/v1/stores", token=admin))["items"][0]["id"]
    connected = stage.call("POST", f"/v1/stores/{store_id}/channels", {"kind": "messenger", "external_id": PAGE,
                                                                         "name": "Demo page",
                                                                         "access_token": "EAA-messenger-token"},
                           token=admin)
    assert connected.status_code == 201, connected.text
    ok(stage.call("POST", "/sandbox/meta", {"channel": "messenger", "from": CUSTOMER, "to": PAGE,
                                            "text": "Ma commande ?"}), 202)
    stage.settle()
    threads = ok(stage.call("GET", "/v1/threads", params={"status": "waiting,replied,resolved"}, token=admin))
    thread = next(t for t in threads["items"] if t["customer"]["phone"] == CUSTOMER)
    assert thread["customer"]["name"] == " ".join(demo_name(CUSTOMER))

    ok(stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Elle part demain"}, token=admin), 201)
    stage.settle()
    marks = [m for m in ok(stage.call("GET", "/sandbox/seen"))["items"] if m["to"] == CUSTOMER]
    assert [(m["channel"], m["from"]) for m in marks] == [("messenger", PAGE)]

    now = datetime.fromisoformat(ok(stage.call("GET", "/sandbox/clock"))["now"].replace("Z", "+00:00"))
    millis = int(now.timestamp() * 1000) + 1000
    read = {"object": "page", "entry": [{"id": PAGE, "time": millis, "messaging": [
        {"sender": {"id": CUSTOMER}, "recipient": {"id": PAGE}, "timestamp": millis, "read": {"watermark": millis}}]}]}
    ok(stage.call("POST", "/sandbox/meta", {"payload": read}), 202)
    stage.settle()
    [ours, _] = ok(stage.call("GET", f"/v1/threads/{thread['id']}/messages", token=admin))["items"]
    assert ours["direction"] == "out" and ours["status"] == "delivered"
    assert datetime.fromisoformat(ours["read_at"].replace("Z", "+00:00")) == datetime.fromtimestamp(millis / 1000, UTC)
