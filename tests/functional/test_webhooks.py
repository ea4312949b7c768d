"""Twilio's webhooks: signature checked with Twilio's own validator, deliveries stored once, status forward-only."""
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

from tests.functional.support import ALICE, DEMO_NUMBER

URL = "http://127.0.0.1:8000/webhooks/twilio/sms"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def twilio_form(sid="SM00000000000000000000000000000001", body="Bonjour", to=DEMO_NUMBER):
    return {"MessageSid": sid, "AccountSid": "AC123", "From": ALICE, "To": to, "Body": body, "NumMedia": "0"}


def post_signed(stage, params, url=URL, token="local-twilio-token", signature=None):
    signature = signature or RequestValidator(token).compute_signature(url, params)
    return stage.call("POST", url.split("8000", 1)[1], raw=urlencode(params),
                      headers={**FORM, "X-Twilio-Signature": signature})


def messages_of_only_thread(stage):
    token = stage.login()
    thread = stage.only_thread(token)
    return stage.call("GET", f"/v1/threads/{thread['id']}/messages", token=token).body["items"]


def test_signed_webhook_is_stored_and_answered_with_empty_twiml(stage):
    answer = post_signed(stage, twilio_form())
    assert answer.status == 200
    assert "<Response/>" in answer.body and answer.headers["Content-Type"] == "text/xml"
    stage.settle()
    assert [m["text"] for m in messages_of_only_thread(stage)] == ["Bonjour"]


def test_same_message_sid_delivered_twice_is_stored_once(stage):
    assert post_signed(stage, twilio_form()).status == 200
    assert post_signed(stage, twilio_form()).status == 200
    stage.settle()
    assert len(messages_of_only_thread(stage)) == 1


def test_forged_signature_gets_403_and_stores_nothing(stage):
    forged = post_signed(stage, twilio_form(), token="not-the-token")
    missing = stage.call("POST", "/webhooks/twilio/sms", raw=urlencode(twilio_form()), headers=FORM)
    assert forged.status == 403 and missing.status == 403
    stage.settle()
    token = stage.login()
    assert stage.call("GET", "/v1/threads", token=token).body["items"] == []


def test_tampered_body_fails_the_signature(stage):
    params = twilio_form()
    signature = RequestValidator("local-twilio-token").compute_signature(URL, params)
    answer = post_signed(stage, {**params, "Body": "Autre chose"}, signature=signature)
    assert answer.status == 403


def test_message_to_a_number_no_store_has_is_refused(stage):
    answer = post_signed(stage, twilio_form(to="+15559999999"))
    assert answer.status == 404


def test_numbers_are_normalised_to_e164(stage):
    params = {**twilio_form(), "From": "+33 6 12 34 56 78"}
    assert post_signed(stage, params).status == 200
    stage.settle()
    token = stage.login()
    assert stage.only_thread(token)["customer"]["phone"] == ALICE


def test_late_sent_status_never_overwrites_delivered(stage):
    token = stage.login()
    stage.text("Bonjour")
    thread = stage.only_thread(token)
    stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Oui ?"}, token=token)
    stage.settle()  # sent, then the sandbox network reports delivered
    outbox = stage.call("GET", "/sandbox/outbox").body["items"][0]
    message = stage.call("GET", f"/v1/threads/{thread['id']}/messages", token=token).body["items"][0]
    assert message["status"] == "delivered"
    callback = stage.container.delivery.status_callback_url(stage.container.threads.get_message(
        "demo", thread["id"], f"{message['created_at']}#{message['id']}"))
    late = {"MessageSid": outbox["sid"], "MessageStatus": "sent"}
    signature = RequestValidator("local-twilio-token").compute_signature(callback, late)
    path = callback.split("8000", 1)[1]
    answer = stage.call("POST", path, raw=urlencode(late), headers={**FORM, "X-Twilio-Signature": signature})
    assert answer.status == 200
    again = stage.call("GET", f"/v1/threads/{thread['id']}/messages", token=token).body["items"][0]
    assert again["status"] == "delivered"
