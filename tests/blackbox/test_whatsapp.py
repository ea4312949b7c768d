"""Black box: WhatsApp through Twilio on the real local stage. A customer writes from `whatsapp:+33...` through the
sandbox's phone network, an agent answers, the outbox shows the answer on channel whatsapp with the prefix; a day
later (the sandbox clock moved 25 hours) free text is refused with 422 /window-closed and a template goes."""
STORE_NUMBER = "+15550000001"
CUSTOMER = "+33620000101"
TEMPLATE = {"name": "HX0123456789abcdef0123456789abcdef", "language": "fr", "parameters": ["4521"]}


def ok(answer, status=200):
    assert answer.status_code == status, f"{answer.request.method} {answer.request.url}: {answer.status_code} " \
                                         f"{answer.text}"
    return answer.json()


def outbox(stage):
    return ok(stage.call("GET", "/sandbox/outbox", params={"to": f"whatsapp:{CUSTOMER}"}))["items"]


def test_whatsapp_through_twilio_end_to_end_with_its_24_hour_window(stage):
    token = stage.login()
    stage.text("Bonjour, ma commande 4521 ?", sender=f"whatsapp:{CUSTOMER}")
    threads = ok(stage.call("GET", "/v1/threads", params={"status": "waiting,replied,resolved"}, token=token))
    thread = next(t for t in threads["items"] if t["customer"]["phone"] == CUSTOMER)
    assert thread["channel"] == "whatsapp" and thread["reply_window"]["hours"] == 24
    path = f"/v1/threads/{thread['id']}/messages"

    ok(stage.call("POST", path, {"text": "Elle arrive demain."}, token=token), 201)
    stage.settle()
    (sent,) = outbox(stage)
    assert (sent["channel"], sent["to"], sent["from"]) == ("whatsapp", f"whatsapp:{CUSTOMER}",
                                                           f"whatsapp:{STORE_NUMBER}")
    assert sent["body"].startswith("Elle arrive demain.")
    assert ok(stage.call("GET", path, token=token))["items"][0]["status"] == "delivered"

    ok(stage.call("POST", "/sandbox/clock", {"advance_seconds": 25 * 3600}))
    token = stage.login()  # a day later: a new session
    refused = stage.call("POST", path, {"text": "Toujours là ?"}, token=token)
    assert refused.status_code == 422 and refused.headers["Content-Type"] == "application/problem+json"
    problem = refused.json()
    assert problem["type"].endswith("/window-closed") and problem["template_required"] is True
    assert "template" in problem["errors"]

    message = ok(stage.call("POST", path, {"template": TEMPLATE}, token=token), 201)
    assert message["template"] == TEMPLATE
    stage.settle()
    latest = outbox(stage)[0]
    assert (latest["channel"], latest["template"], latest["to"]) == ("whatsapp", TEMPLATE, f"whatsapp:{CUSTOMER}")
