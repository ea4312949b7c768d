"""Black box: SMS opt-out on the real local stage. The sandbox's phone network behaves as Twilio's Advanced
Opt-Out (it confirms STOP and START to the customer and refuses a send to an opted-out number with 21610); the app
keeps its own register per store number."""
import pytest

STORE_NUMBER = "+15550000001"
GREETING = "Bonjour, un conseiller vous répond."


def ok(answer, status=200):
    assert answer.status_code == status, f"{answer.request.method} {answer.request.url}: {answer.status_code} " \
                                         f"{answer.text}"
    return answer.json()


def thread_of(stage, token, customer):
    threads = ok(stage.call("GET", "/v1/threads", params={"status": "waiting,replied,resolved"}, token=token))
    return next(t for t in threads["items"] if t["customer"]["phone"] == customer)


def outbox(stage, customer):
    return [item["body"] for item in ok(stage.call("GET", "/sandbox/outbox", params={"to": customer}))["items"]]


@pytest.fixture(scope="module")
def admin(stage):
    token = stage.login()
    stores = ok(stage.call("GET", "/v1/stores", token=token))["items"]
    store_id = next(s["id"] for s in stores if s["phone_number"] == STORE_NUMBER)
    ok(stage.call("PUT", f"/v1/stores/{store_id}/auto-messages",
                  {"greetings": {"sms": {"text": GREETING, "resend_after_hours": 0}},
                   "closed": {"text": "", "hours": []}}, token=token))
    yield token
    ok(stage.call("PUT", f"/v1/stores/{store_id}/auto-messages",
                  {"greetings": {}, "closed": {"text": "", "hours": []}}, token=token))


def test_stop_is_confirmed_then_replies_are_refused_and_nothing_automatic_goes_until_start(stage, admin):
    customer = "+33620000001"
    stage.text("STOP", sender=customer)
    sent = outbox(stage, customer)
    assert len(sent) == 1 and sent[0].startswith("You have successfully been unsubscribed")  # no greeting
    thread = thread_of(stage, admin, customer)
    assert thread["customer"]["opted_out"] is True
    refused = stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Bien noté"}, token=admin)
    assert refused.status_code == 409 and refused.headers["Content-Type"] == "application/problem+json"
    assert refused.json()["type"].endswith("/opted-out")
    started = stage.call("POST", "/v1/threads", {"store_id": thread["store_id"], "channel": "sms", "to": customer,
                                                 "text": "Bonjour"}, token=admin)
    assert started.status_code == 409 and started.json()["type"].endswith("/opted-out")
    messages = ok(stage.call("GET", f"/v1/threads/{thread['id']}/messages", token=admin))["items"]
    assert [m["text"] for m in messages] == ["STOP"]  # the agents see the keyword

    stage.text("Vous êtes là ?", sender=customer)
    assert len(outbox(stage, customer)) == 1  # still no greeting

    stage.text("START", sender=customer)
    assert outbox(stage, customer)[0].startswith("You have successfully been resubscribed")
    assert thread_of(stage, admin, customer)["customer"]["opted_out"] is False
    ok(stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Bon retour"}, token=admin), 201)
    stage.settle()
    assert outbox(stage, customer)[0].startswith("Bon retour")


def test_a_21610_from_the_network_marks_the_customer_opted_out(stage, admin):
    customer = "+33620000002"
    stage.text("Bonjour", sender=customer)
    thread = thread_of(stage, admin, customer)
    assert thread["customer"]["opted_out"] is False
    # The customer's STOP reaches the network but its webhook never reaches the app.
    ok(stage.call("POST", "/sandbox/sms", {"from": customer, "to": STORE_NUMBER, "body": "STOP"},
                  params={"webhook": "lost"}), 202)
    ok(stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Je regarde"}, token=admin), 201)
    stage.settle()
    assert not any(body.startswith("Je regarde") for body in outbox(stage, customer))
    messages = ok(stage.call("GET", f"/v1/threads/{thread['id']}/messages", token=admin))["items"]
    assert messages[0]["text"] == "Je regarde" and messages[0]["status"] == "failed"
    assert thread_of(stage, admin, customer)["customer"]["opted_out"] is True
    again = stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Encore"}, token=admin)
    assert again.status_code == 409 and again.json()["type"].endswith("/opted-out")
