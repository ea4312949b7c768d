"""Black box: a customer calls the demo store's number in the sandbox, is told the store answers by text, gets the
text and continues by SMS; the agent logs a call back; the statistics count the customer under phone/IVR."""
from datetime import date

STORE_NUMBER = "+15550000001"
CALLER = "+33620000077"


def ok(answer, status=200):
    assert answer.status_code == status, f"{answer.request.method} {answer.request.url}: {answer.status_code} " \
                                         f"{answer.text}"
    return answer.json()


def outbox(stage, customer):
    return [item["body"] for item in ok(stage.call("GET", "/sandbox/outbox", params={"to": customer}))["items"]]


def thread_of(stage, token, customer):
    threads = ok(stage.call("GET", "/v1/threads", params={"status": "waiting,replied,resolved"}, token=token))
    return next(t for t in threads["items"] if t["customer"]["phone"] == customer)


def test_call_the_store_continue_by_sms_and_get_called_back(stage):
    answered = ok(stage.call("POST", "/sandbox/call", {"from": CALLER, "to": STORE_NUMBER}))
    assert answered["call_sid"].startswith("CA")
    assert '<Say language="fr-FR">' in answered["twiml"] and answered["twiml"].endswith("<Hangup /></Response>")
    stage.settle()
    texts = outbox(stage, CALLER)
    assert len(texts) == 1 and "SMS" in texts[0]

    token = stage.login()
    thread = thread_of(stage, token, CALLER)
    assert thread["channel"] == "sms" and thread["status"] == "waiting"
    first = ok(stage.call("GET", f"/v1/threads/{thread['id']}/messages", token=token))["items"][-1]
    assert (first["kind"], first["origin"], first["author"]) == ("call", "ivr", "customer")

    stage.text("Je voudrais changer ma commande", sender=CALLER)
    logged = ok(stage.call("POST", f"/v1/threads/{thread['id']}/calls", {"outcome": "reached", "note": "Rappelé"},
                           token=token), 201)
    assert logged["kind"] == "call" and logged["outcome"] == "reached"
    stage.settle()
    assert thread_of(stage, token, CALLER)["status"] == "replied"
    assert len(outbox(stage, CALLER)) == 1  # a logged call is never texted

    today = ok(stage.call("GET", "/sandbox/clock"))["now"][:10]
    assert date.fromisoformat(today)
    report = ok(stage.call("GET", "/v1/stats", params={"from": today, "to": today}, token=token))
    assert report["new_inbound_customers"]["by_channel"].get("phone_ivr", 0) >= 1
