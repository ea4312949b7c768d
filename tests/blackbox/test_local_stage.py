"""Black box: the local stage over real HTTP, with Twilio-signed webhooks, the sandbox clock, outbox and mailbox."""
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

CUSTOMER = "+33698765432"


def threads(stage, token, **query):
    return stage.call("GET", "/v1/threads?" + urlencode(query), token=token).json()


def thread_of(stage, token, phone):
    items = threads(stage, token, status="waiting,replied,resolved")["items"]
    found = [t for t in items if t["customer"]["phone"] == phone]
    assert found, items
    return found[0]


def test_newcomer_loop_text_answer_outbox(stage):
    token = stage.login()
    stage.text("Bonjour, ma commande 4521 ?", sender=CUSTOMER)
    thread = thread_of(stage, token, CUSTOMER)
    assert thread["status"] == "waiting"
    sent = stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Elle arrive demain."}, token=token)
    assert sent.status_code == 201, sent.text
    stage.settle()
    outbox = stage.call("GET", "/sandbox/outbox", params={"to": CUSTOMER}).json()["items"]
    assert outbox[0]["body"].startswith("Elle arrive demain.")
    stage.settle()
    messages = stage.call("GET", f"/v1/threads/{thread['id']}/messages", token=token).json()["items"]
    assert messages[0]["status"] == "delivered"
    assert thread_of(stage, token, CUSTOMER)["status"] == "replied"


def test_twilio_signed_webhook_over_http(stage):
    url = stage.base + "/webhooks/twilio/sms"
    params = {"MessageSid": "SMblackbox0000000000000000000001", "AccountSid": "AC1", "From": "+33611112222",
              "To": "+15550000001", "Body": "Signé par Twilio", "NumMedia": "0"}
    signature = RequestValidator("local-twilio-token").compute_signature(url, params)
    for _ in range(2):  # Twilio retries: stored once
        answer = stage.call("POST", "/webhooks/twilio/sms", data=params, headers={"X-Twilio-Signature": signature})
        assert answer.status_code == 200 and "<Response/>" in answer.text
    forged = stage.call("POST", "/webhooks/twilio/sms", data={**params, "MessageSid": "SMforged"},
                        headers={"X-Twilio-Signature": signature})
    assert forged.status_code == 403
    stage.settle()
    token = stage.login()
    thread = thread_of(stage, token, "+33611112222")
    messages = stage.call("GET", f"/v1/threads/{thread['id']}/messages", token=token).json()["items"]
    assert [m["text"] for m in messages] == ["Signé par Twilio"]


def test_sandbox_clock_moves_forward_only_and_splits_conversations_after_15_days(stage):
    token = stage.login()
    stage.text("Premier message", sender="+33633334444")
    first = thread_of(stage, token, "+33633334444")["conversation_id"]
    before = stage.call("GET", "/sandbox/clock").json()["now"]
    moved = stage.call("POST", "/sandbox/clock", {"advance_seconds": 15 * 86400}).json()["now"]
    assert moved > before
    backwards = stage.call("POST", "/sandbox/clock", {"now": before})
    assert backwards.status_code == 400 and "now" in backwards.json()["errors"]
    assert stage.call("GET", "/v1/me", token=token).status_code == 200  # sessions last in real time, not sandbox time
    stage.text("Quinze jours plus tard", sender="+33633334444")
    assert thread_of(stage, stage.login(), "+33633334444")["conversation_id"] != first


def test_another_brand_is_isolated(stage):
    created = stage.call("POST", "/sandbox/brands", {
        "name": "Maison Bleue", "admin_email": "admin@bleue.test", "admin_password": "bleue-password",
        "store": {"name": "SAV", "timezone": "Europe/Paris", "phone_number": "+15550000077"}})
    assert created.status_code == 201, created.text
    demo = stage.login()
    stage.text("Bonjour la Maison Bleue", sender="+33655556666", to="+15550000077")
    bleue = stage.login("admin@bleue.test", "bleue-password")
    mine = threads(stage, bleue)["items"]
    assert [t["customer"]["phone"] for t in mine] == ["+33655556666"]
    assert stage.call("GET", f"/v1/threads/{mine[0]['id']}", token=demo).status_code == 404
    assert all(t["customer"]["phone"] != "+33655556666" for t in threads(stage, demo)["items"])


def test_invitation_link_from_the_mailbox(stage):
    token = stage.login()
    store_id = stage.call("GET", "/v1/stores", token=token).json()["items"][0]["id"]
    assert stage.call("POST", "/v1/invitations", {"email": "zoe@demo.test", "store_id": store_id},
                      token=token).status_code == 201
    mail = stage.call("GET", "/sandbox/mail", params={"to": "zoe@demo.test"}).json()["items"][0]
    link = next(word for word in mail["body"].split() if "/invitations/" in word)
    assert link.startswith(stage.base + "/invitations/")
    accepted = stage.call("POST", f"/v1/invitations/{link.rsplit('/', 1)[1]}/accept",
                          {"password": "zoe-password", "first_name": "Zoé", "last_name": "Roux"})
    assert accepted.status_code == 200, accepted.text


def test_openapi_and_problem_answers_over_http(stage):
    assert stage.call("GET", "/openapi.json").json()["openapi"].startswith("3.")
    bad = stage.call("POST", "/v1/auth/login", data="{oops", headers={"Content-Type": "application/json"})
    assert bad.status_code == 400 and bad.headers["Content-Type"] == "application/problem+json"
