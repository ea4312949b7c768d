"""Phone calls: a call to a store's number is answered in TwiML and by text; calls to customers are logged."""
from urllib.parse import quote, urlencode
from xml.etree import ElementTree

from twilio.request_validator import RequestValidator

from tests.functional.support import ALICE, DEMO_NUMBER

URL = "http://127.0.0.1:8000/webhooks/twilio/voice"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
TODAY = "from=2026-11-23&to=2026-11-23"


def call_form(sid="CA00000000000000000000000000000001", caller=ALICE, to=DEMO_NUMBER):
    return {"CallSid": sid, "AccountSid": "AC123", "From": caller, "To": to, "CallStatus": "ringing",
            "Direction": "inbound"}


def post_signed(stage, params, token="local-twilio-token", signature=None):
    signature = signature or RequestValidator(token).compute_signature(URL, params)
    return stage.call("POST", "/webhooks/twilio/voice", raw=urlencode(params),
                      headers={**FORM, "X-Twilio-Signature": signature})


def spoken(answer):
    """(language, words) of each <Say>, and whether the call hangs up last."""
    root = ElementTree.fromstring(answer.body)
    assert root.tag == "Response"
    says = [(e.get("language"), e.text) for e in root if e.tag == "Say"]
    return says, [e.tag for e in root][-1] == "Hangup"


def texts_to(stage, number=ALICE):
    """What the customer's phone received, without the signature the store adds to its texts."""
    items = stage.call("GET", f"/sandbox/outbox?to={quote(number)}").body["items"]
    return [m["body"].split("\n-- ")[0] for m in items]


def set_auto_messages(stage, token, greetings=None, closed=None):
    store_id = stage.call("GET", "/v1/stores", token=token).body["items"][0]["id"]
    answer = stage.call("PUT", f"/v1/stores/{store_id}/auto-messages",
                        {"greetings": greetings or {}, "closed": closed or {"text": "", "hours": []}}, token=token)
    assert answer.status == 200, answer.body


def messages(stage, token, thread_id):
    return stage.call("GET", f"/v1/threads/{thread_id}/messages", token=token).body["items"]


def test_signed_call_answers_twiml_in_french_and_texts_the_caller(stage):
    answer = post_signed(stage, call_form())
    assert answer.status == 200 and answer.headers["Content-Type"] == "text/xml"
    says, hangs_up = spoken(answer)
    assert hangs_up and len(says) == 1
    language, words = says[0]
    assert language == "fr-FR" and "SMS" in words  # the demo store is in Paris: French
    stage.settle()
    token = stage.login()
    thread = stage.only_thread(token)
    assert thread["channel"] == "sms" and thread["customer"]["phone"] == ALICE and thread["status"] == "waiting"
    text, call = sorted(messages(stage, token, thread["id"]), key=lambda m: m["author"])
    assert call["author"] == "customer" and call["kind"] == "call" and call["origin"] == "ivr"
    assert text["author"] == "auto" and text["direction"] == "out"
    assert texts_to(stage) == [text["text"]] and "Bonjour" in text["text"]


def test_the_stores_ivr_greeting_is_texted_and_sets_the_spoken_language(stage):
    token = stage.login()
    set_auto_messages(stage, token, {"ivr": {"text": "Hello, thanks for calling. How can we help you?",
                                             "resend_after_hours": 24},
                                     "sms": {"text": "Bonjour par SMS", "resend_after_hours": 0}})
    says, _ = spoken(post_signed(stage, call_form()))
    assert says[0][0] == "en-US" and "text" in says[0][1]
    stage.settle()
    assert texts_to(stage) == ["Hello, thanks for calling. How can we help you?"]
    # A second call the same day still gets its text: the caller was just told one is coming.
    post_signed(stage, call_form(sid="CA00000000000000000000000000000002"))
    stage.settle()
    assert len(texts_to(stage)) == 2


def test_call_retried_by_twilio_texts_once(stage):
    assert post_signed(stage, call_form()).status == 200
    assert post_signed(stage, call_form()).status == 200
    stage.settle()
    token = stage.login()
    thread = stage.only_thread(token)
    assert len(messages(stage, token, thread["id"])) == 2  # the call and one text
    assert len(texts_to(stage)) == 1


def test_bad_or_missing_signature_is_403_and_nothing_happens(stage):
    forged = post_signed(stage, call_form(), token="not-the-token")
    missing = stage.call("POST", "/webhooks/twilio/voice", raw=urlencode(call_form()), headers=FORM)
    params = call_form()
    tampered = post_signed(stage, {**params, "From": "+33699999999"},
                           signature=RequestValidator("local-twilio-token").compute_signature(URL, params))
    assert forged.status == missing.status == tampered.status == 403
    assert forged.headers["Content-Type"].startswith("application/problem+json")
    stage.settle()
    token = stage.login()
    assert stage.call("GET", "/v1/threads?status=waiting,replied,resolved", token=token).body["items"] == []
    assert texts_to(stage) == []


def test_unknown_store_number_hangs_up_and_stores_nothing(stage):
    answer = post_signed(stage, call_form(to="+15559999999"))
    assert answer.status == 200
    assert spoken(answer) == ([], True)
    hidden = post_signed(stage, call_form(caller="anonymous"))
    assert hidden.status == 200 and spoken(hidden) == ([], True)
    stage.settle()
    token = stage.login()
    assert stage.call("GET", "/v1/threads?status=waiting,replied,resolved", token=token).body["items"] == []


def test_closed_store_texts_its_closed_message(stage):
    token = stage.login()
    set_auto_messages(stage, token, {"ivr": {"text": "Bonjour, que puis-je faire pour vous ?",
                                             "resend_after_hours": 0}},
                      {"text": "Nous sommes fermés, nous revenons vite.",
                       "hours": [{"day": "mon", "from": "00:00", "to": "23:59"}]})
    says, hangs_up = spoken(post_signed(stage, call_form()))
    assert hangs_up and says[0][0] == "fr-FR"
    stage.settle()
    assert texts_to(stage) == ["Nous sommes fermés, nous revenons vite."]


def test_caller_who_opted_out_gets_no_text(stage):
    stage.text("STOP")
    before = texts_to(stage)
    assert post_signed(stage, call_form()).status == 200
    stage.settle()
    assert texts_to(stage) == before


def test_sandbox_call_goes_through_the_webhook(stage):
    answer = stage.call("POST", "/sandbox/call", {"from": ALICE, "to": DEMO_NUMBER})
    assert answer.status == 200 and answer.body["call_sid"].startswith("CA")
    assert "<Say language=\"fr-FR\">" in answer.body["twiml"] and answer.body["twiml"].endswith("<Hangup /></Response>")
    stage.settle()
    assert len(texts_to(stage)) == 1


def test_call_begun_thread_counts_as_phone_ivr_and_an_sms_one_as_direct_sms(stage):
    post_signed(stage, call_form())
    stage.text("Bonjour", sender="+33611111111")
    token = stage.login()
    report = stage.call("GET", f"/v1/stats?{TODAY}", token=token).body
    assert report["new_inbound_customers"]["value"] == 2
    assert report["new_inbound_customers"]["by_channel"] == {"phone_ivr": 1, "direct_sms": 1}
    assert report["new_inbound_conversations"]["value"] == 2


def test_reached_call_answers_the_contact_and_counts_its_response_time(stage):
    post_signed(stage, call_form())
    stage.settle()
    token = stage.login()
    thread = stage.only_thread(token)
    stage.clock.advance(240)
    logged = stage.call("POST", f"/v1/threads/{thread['id']}/calls", {"outcome": "reached", "note": "Rappelée"},
                        token=token)
    assert logged.status == 201, logged.body
    assert logged.body["kind"] == "call" and logged.body["outcome"] == "reached"
    assert logged.body["text"] == "Rappelée" and logged.body["status"] == "logged"
    stage.settle()
    assert stage.only_thread(token)["status"] == "replied"
    assert len(texts_to(stage)) == 1  # the IVR text only: a logged call is never sent
    report = stage.call("GET", f"/v1/stats?{TODAY}", token=token).body
    assert report["response_rate"]["value"] == 1.0 and report["response_time_seconds"]["value"] == 240


def test_unanswered_call_is_logged_without_answering(stage):
    stage.text("Bonjour")
    token = stage.login()
    thread = stage.only_thread(token)
    for outcome in ("no_answer", "voicemail"):
        answer = stage.call("POST", f"/v1/threads/{thread['id']}/calls", {"outcome": outcome}, token=token)
        assert answer.status == 201 and answer.body["outcome"] == outcome
    stage.settle()
    assert stage.only_thread(token)["status"] == "waiting"
    kinds = [m["kind"] for m in messages(stage, token, thread["id"])]
    assert kinds.count("call") == 2
    report = stage.call("GET", f"/v1/stats?{TODAY}", token=token).body
    assert report["response_rate"]["value"] == 0.0


def test_call_log_errors_name_the_field(stage):
    stage.text("Bonjour")
    token = stage.login()
    thread = stage.only_thread(token)
    path = f"/v1/threads/{thread['id']}/calls"
    bad = stage.call("POST", path, {"outcome": "busy"}, token=token)
    assert bad.status == 400 and "outcome" in bad.body["errors"]
    long_note = stage.call("POST", path, {"outcome": "reached", "note": "x" * 1001}, token=token)
    assert long_note.status == 400 and "note" in long_note.body["errors"]
    missing = stage.call("POST", path, {"note": "?"}, token=token)
    assert missing.status == 400 and "outcome" in missing.body["errors"]
    assert stage.call("POST", "/v1/threads/tnope/calls", {"outcome": "reached"}, token=token).status == 404
