"""Black box: Messenger, Instagram and WhatsApp on the real local stage. The admin connects the store's accounts
through the API; a customer writes through the sandbox's Meta twin (a signed notification to /webhooks/meta); an
agent answers; the answer lands in the outbox with its channel, and the twin's delivery notification comes back
through the same webhook. A forged notification stores nothing."""
import pytest

ACCOUNTS = {"messenger": "104060654500000", "instagram": "17841400000000001", "whatsapp": "106540352242922"}
CUSTOMERS = {"messenger": "6200000000000101", "instagram": "7300000000000101", "whatsapp": "+33611110101"}


def ok(answer, status=200):
    assert answer.status_code == status, f"{answer.request.method} {answer.request.url}: {answer.status_code} " \
                                         f"{answer.text}"
    return answer.json()


@pytest.fixture(scope="module")
def admin(stage):
    token = stage.login()
    store_id = ok(stage.call("GET", "/v1/stores", token=token))["items"][0]["id"]
    for kind, external_id in ACCOUNTS.items():
        ok(stage.call("POST", f"/v1/stores/{store_id}/channels", {"kind": kind, "external_id": external_id,
                                                                   "name": f"Demo {kind}",
                                                                   "access_token": f"EAA-{kind}-token"},
                      token=token), 201)
    return token


@pytest.mark.parametrize("channel", sorted(ACCOUNTS))
def test_customer_writes_agent_answers_outbox_shows_it_and_delivery_comes_back(stage, admin, channel):
    customer = CUSTOMERS[channel]
    sent = stage.call("POST", "/sandbox/meta", {"channel": channel, "from": customer, "to": ACCOUNTS[channel],
                                                "text": f"Bonjour sur {channel}"})
    assert ok(sent, 202) == {"stored": 1}
    stage.settle()
    threads = ok(stage.call("GET", "/v1/threads", params={"status": "waiting,replied,resolved"}, token=admin))
    thread = next(t for t in threads["items"] if t["customer"]["phone"] == customer)
    assert thread["channel"] == channel and thread["status"] == "waiting"
    ok(stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Bien reçu"}, token=admin), 201)
    stage.settle()
    outbox = ok(stage.call("GET", "/sandbox/outbox"))["items"]
    item = next(i for i in outbox if i["channel"] == channel and i["to"] == customer)
    assert item["from"] == ACCOUNTS[channel] and item["body"].startswith("Bien reçu")
    messages = ok(stage.call("GET", f"/v1/threads/{thread['id']}/messages", token=admin))["items"]
    assert (messages[0]["direction"], messages[0]["status"]) == ("out", "delivered")


def test_a_forged_notification_is_refused_and_a_redelivery_stored_once(stage, admin):
    body = b'{"object":"page","entry":[{"id":"104060654500000","messaging":[{"sender":{"id":"6200000000000199"},' \
           b'"recipient":{"id":"104060654500000"},"message":{"mid":"m_forged","text":"forged"}}]}]}'
    forged = stage.call("POST", "/webhooks/meta", data=body, headers={"Content-Type": "application/json",
                                                                      "X-Hub-Signature-256": "sha256=" + "0" * 64})
    assert forged.status_code == 403
    payload = {"object": "page", "entry": [{"id": ACCOUNTS["messenger"], "messaging": [
        {"sender": {"id": "6200000000000198"}, "recipient": {"id": ACCOUNTS["messenger"]},
         "message": {"mid": "m_twice", "text": "deux fois"}}]}]}
    assert ok(stage.call("POST", "/sandbox/meta", {"payload": payload}), 202) == {"stored": 1}
    assert ok(stage.call("POST", "/sandbox/meta", {"payload": payload}), 202) == {"stored": 0}
    stage.settle()
    threads = ok(stage.call("GET", "/v1/threads", params={"status": "waiting,replied,resolved"}, token=admin))
    customers = {t["customer"]["phone"] for t in threads["items"]}
    assert "6200000000000198" in customers and "6200000000000199" not in customers


def test_the_subscription_check_answers_with_the_local_verify_token(stage):
    params = {"hub.mode": "subscribe", "hub.verify_token": "local-meta-verify-token", "hub.challenge": "42"}
    answer = stage.call("GET", "/webhooks/meta", params=params)
    assert answer.status_code == 200 and answer.text == "42"
    assert stage.call("GET", "/webhooks/meta", params={**params, "hub.verify_token": "x"}).status_code == 403


def test_a_messenger_customers_image_is_kept_and_served_to_agents_only(stage, admin):
    customer = "6200000000000202"
    sent = stage.call("POST", "/sandbox/meta", {"channel": "messenger", "from": customer,
                                                "to": ACCOUNTS["messenger"], "text": "Photo", "attachment": "image"})
    assert ok(sent, 202) == {"stored": 1}
    stage.settle()
    threads = ok(stage.call("GET", "/v1/threads", params={"status": "waiting,replied,resolved"}, token=admin))
    thread = next(t for t in threads["items"] if t["customer"]["phone"] == customer)
    [message] = ok(stage.call("GET", f"/v1/threads/{thread['id']}/messages", token=admin))["items"]
    [photo] = message["attachments"]
    assert photo["url"].startswith(f"/v1/threads/{thread['id']}/files/") and photo["content_type"] == "image/png"
    served = stage.call("GET", photo["url"], token=admin, headers={"Accept": "image/png"})
    assert served.status_code == 200 and served.content.startswith(b"\x89PNG")
    assert served.headers["Content-Type"] == "image/png" and len(served.content) == photo["size"]
    assert stage.call("GET", photo["url"]).status_code == 401
    other = stage.call("GET", f"/v1/threads/{thread['id']}/files/{message['id']}-9", token=admin)
    assert other.status_code == 404


@pytest.mark.parametrize("channel", ["instagram", "messenger"])
def test_a_comment_opens_a_thread_and_the_public_reply_lands_under_it(stage, admin, channel):
    commenter = f"{CUSTOMERS[channel]}9"
    written = stage.call("POST", "/sandbox/meta", {"channel": channel, "from": commenter, "to": ACCOUNTS[channel],
                                                   "text": "C'est en stock ?", "comment": True, "post_id": "post-1"})
    assert ok(written, 202) == {"stored": 1}
    stage.settle()
    threads = ok(stage.call("GET", "/v1/threads", params={"status": "waiting,replied,resolved"}, token=admin))
    thread = next(t for t in threads["items"] if t["customer"]["phone"] == commenter)
    [comment] = ok(stage.call("GET", f"/v1/threads/{thread['id']}/messages", token=admin))["items"]
    assert comment["kind"] == "comment" and comment["comment"]["post_id"] == "post-1"
    for text in ("Oui !", "En 38 aussi."):
        reply = ok(stage.call("POST", f"/v1/threads/{thread['id']}/messages",
                              {"text": text, "reply_to": comment["id"]}, token=admin), 201)
        assert reply["reply_to"] == comment["id"]
    stage.settle()
    outbox = ok(stage.call("GET", "/sandbox/outbox"))["items"]
    replies = [i for i in outbox if i["to"] == commenter]
    assert len(replies) == 2 and {i["reply_to_comment"] for i in replies} == {comment["comment"]["id"]}
    assert {i["from"] for i in replies} == {ACCOUNTS[channel]}
