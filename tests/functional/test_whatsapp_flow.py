"""WhatsApp through Twilio, through the HTTP API: a `whatsapp:` sender on Twilio's webhook is a WhatsApp thread,
answered through Twilio with the prefix, free for 24 hours after the customer's last message, then only with an
approved template (422 /window-closed otherwise)."""
from tests.functional.support import ALICE, DEMO_NUMBER

WA_ALICE = f"whatsapp:{ALICE}"
TEMPLATE = {"name": "HX0123456789abcdef0123456789abcdef", "language": "fr", "parameters": ["Alice", "4521"]}


def whatsapp_thread(stage, token):
    stage.text("Bonjour, ma commande 4521 ?", sender=WA_ALICE)
    thread = stage.only_thread(token)
    assert thread["channel"] == "whatsapp"
    return thread


def test_a_whatsapp_sender_opens_a_whatsapp_thread_of_the_same_customer_as_on_sms(stage):
    token = stage.login()
    thread = whatsapp_thread(stage, token)
    assert thread["customer"]["phone"] == ALICE and thread["store_id"]
    assert thread["reply_window"] == {"ends_at": "2026-11-24T09:00:00.000Z", "hours": 24, "allowed_tags": [],
                                      "templates": True, "comments": False}
    stage.text("Et par SMS ?")  # the same number by SMS: the same customer, another thread
    items = stage.call("GET", "/v1/threads?status=waiting,replied,resolved", token=token).body["items"]
    assert sorted(t["channel"] for t in items) == ["sms", "whatsapp"]
    assert len({t["customer"]["id"] for t in items}) == 1 and len({t["id"] for t in items}) == 2
    sms = next(t for t in items if t["channel"] == "sms")
    assert sms["reply_window"] is None


def test_the_answer_goes_out_through_twilio_with_the_prefix_and_is_tracked(stage):
    token = stage.login()
    thread = whatsapp_thread(stage, token)
    answer = stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Elle arrive demain."}, token=token)
    assert answer.status == 201, answer.body
    stage.settle()
    (sent,) = stage.call("GET", "/sandbox/outbox?to=whatsapp:%2B33612345678").body["items"]
    assert (sent["channel"], sent["to"], sent["from"]) == ("whatsapp", WA_ALICE, f"whatsapp:{DEMO_NUMBER}")
    assert sent["body"].startswith("Elle arrive demain.")
    messages = stage.call("GET", f"/v1/threads/{thread['id']}/messages", token=token).body["items"]
    assert messages[0]["status"] == "delivered"  # the status callback found the WhatsApp message
    assert stage.call("GET", "/sandbox/outbox?to=%2B33612345678").body["items"] == []


def test_past_24_hours_only_a_template_goes(stage):
    token = stage.login()
    thread = whatsapp_thread(stage, token)
    stage.clock.advance(25 * 3600)
    token = stage.login()  # a day later: a new session
    path = f"/v1/threads/{thread['id']}/messages"
    refused = stage.call("POST", path, {"text": "Toujours là ?"}, token=token)
    assert refused.status == 422 and refused.headers["Content-Type"] == "application/problem+json"
    assert refused.body["type"].endswith("/window-closed")
    assert (refused.body["allowed_tags"], refused.body["template_required"]) == ([], True)
    assert "template" in refused.body["errors"] and "24-hour" in refused.body["detail"]
    tagged = stage.call("POST", path, {"text": "Toujours là ?", "tag": "ACCOUNT_UPDATE"}, token=token)
    assert tagged.status == 400 and "tag" in tagged.body["errors"]
    sent = stage.call("POST", path, {"template": TEMPLATE}, token=token)
    assert sent.status == 201, sent.body
    assert sent.body["template"] == TEMPLATE and sent.body["tag"] is None
    stage.settle()
    (out,) = stage.call("GET", "/sandbox/outbox?to=whatsapp:%2B33612345678").body["items"]
    assert (out["channel"], out["template"]) == ("whatsapp", TEMPLATE)
    listed = stage.call("GET", path, token=token).body["items"]
    assert listed[0]["template"] == TEMPLATE


def test_a_template_or_tag_is_refused_on_sms_naming_the_field(stage):
    token = stage.login()
    stage.text("Bonjour")
    path = f"/v1/threads/{stage.only_thread(token)['id']}/messages"
    for extra, field in [({"tag": "ACCOUNT_UPDATE"}, "tag"), ({"template": TEMPLATE}, "template")]:
        answer = stage.call("POST", path, {"text": "Bonjour", **extra}, token=token)
        assert answer.status == 400 and field in answer.body["errors"], answer.body
    bad = stage.call("POST", path, {"text": "Bonjour", "tag": "HUMAN_AGENT"}, token=token)
    assert bad.status == 400 and "tag" in bad.body["errors"]
    bad = stage.call("POST", path, {"template": {"name": "x", "language": "not a language"}}, token=token)
    assert bad.status == 400 and "template" in str(bad.body["errors"])


def test_whatsapp_takes_4096_characters(stage):
    token = stage.login()
    path = f"/v1/threads/{whatsapp_thread(stage, token)['id']}/messages"
    long = stage.call("POST", path, {"text": "x" * 4097}, token=token)
    assert long.status == 422 and long.body["errors"] == {"text": "at most 4096 characters (4097 given)"}
    assert stage.call("POST", path, {"text": "x" * 4096}, token=token).status == 201


def test_stop_on_whatsapp_is_an_ordinary_message(stage):
    token = stage.login()
    stage.text("STOP", sender=WA_ALICE)
    thread = stage.only_thread(token)
    assert thread["customer"]["opted_out"] is False
    answer = stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Bien noté."}, token=token)
    assert answer.status == 201


def test_twilio_s_own_webhook_with_whatsapp_numbers_signed_unsigned_and_too_long(stage):
    from tests.functional.test_webhooks import post_signed, twilio_form

    form = {**twilio_form(sid="SM0000000000000000000000000000wa01"), "From": WA_ALICE,
            "To": f"whatsapp:{DEMO_NUMBER}"}
    assert post_signed(stage, form, token="not-the-token").status == 403
    assert post_signed(stage, {**form, "Body": "x" * 4097}).status == 413
    long = {**form, "Body": "x" * 2000, "MessageSid": "SM0000000000000000000000000000wa02"}
    assert post_signed(stage, long).status == 200  # longer than an SMS: fine on WhatsApp
    assert post_signed(stage, form).status == 200
    assert post_signed(stage, form).status == 200  # Twilio's retry: stored once
    stage.settle()
    token = stage.login()
    thread = stage.only_thread(token)
    assert thread["channel"] == "whatsapp" and thread["customer"]["phone"] == ALICE
    texts = [m["text"] for m in stage.call("GET", f"/v1/threads/{thread['id']}/messages", token=token).body["items"]]
    assert texts == ["Bonjour", "x" * 2000]
