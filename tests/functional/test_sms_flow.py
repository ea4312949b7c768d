"""A customer texts, an agent answers, the SMS goes out: the foundation's whole loop through the HTTP API."""
from tests.functional.support import ALICE, DEMO_NUMBER


def test_customer_text_lands_in_a_waiting_thread_of_the_store(stage):
    token = stage.login()
    stage.text("Bonjour, où en est ma commande 4521 ?")
    thread = stage.only_thread(token)
    assert thread["status"] == "waiting"
    assert thread["customer"]["phone"] == ALICE
    assert thread["unread"] is True
    answer = stage.call("GET", "/v1/threads", token=token)
    assert answer.body["counts"] == {"waiting": 1, "replied": 0, "resolved": 0, "new": 1, "unanswered": 0}


def test_every_message_of_one_number_lands_in_one_thread(stage):
    token = stage.login()
    stage.text("Bonjour")
    stage.text("Vous êtes là ?")
    thread = stage.only_thread(token)
    messages = stage.call("GET", f"/v1/threads/{thread['id']}/messages", token=token).body["items"]
    assert [m["text"] for m in messages] == ["Vous êtes là ?", "Bonjour"]  # newest first


def test_agent_reply_goes_out_by_sms_signed_by_the_store_and_is_tracked(stage):
    token = stage.login()
    stage.text("Bonjour")
    thread = stage.only_thread(token)
    answer = stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Elle arrive demain."}, token=token)
    assert answer.status == 201 and answer.body["status"] == "queued"
    stage.settle()
    outbox = stage.call("GET", "/sandbox/outbox?to=%2B33612345678").body["items"]
    assert outbox[0]["body"] == "Elle arrive demain.\n-- Demo store"
    assert outbox[0]["from"] == DEMO_NUMBER
    messages = stage.call("GET", f"/v1/threads/{thread['id']}/messages", token=token).body["items"]
    assert messages[0]["status"] == "delivered"
    assert stage.call("GET", f"/v1/threads/{thread['id']}", token=token).body["status"] == "replied"


def test_agent_starts_a_thread_by_number_from_a_chosen_store(stage):
    token = stage.login()
    store_id = stage.call("GET", "/v1/stores", token=token).body["items"][0]["id"]
    answer = stage.call("POST", "/v1/threads", {"store_id": store_id, "channel": "sms", "to": "06 12 34 56 78",
                                                "text": "Votre colis est prêt."}, token=token)
    assert answer.status == 201, answer.body
    assert answer.body["status"] == "replied" and answer.body["customer"]["phone"] == "+33612345678"
    stage.settle()
    assert stage.call("GET", "/sandbox/outbox?to=%2B33612345678").body["items"][0]["body"].startswith("Votre colis")


def test_body_over_the_channel_limit_is_refused_never_truncated(stage):
    token = stage.login()
    stage.text("Bonjour")
    thread = stage.only_thread(token)
    answer = stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "x" * 1001}, token=token)
    assert answer.status == 422
    assert answer.headers["Content-Type"] == "application/problem+json"
    assert "text" in answer.body["errors"]
    stage.settle()
    assert stage.call("GET", "/sandbox/outbox").body["items"] == []


def test_second_agent_must_join_before_answering(stage):
    token = stage.login()
    store_id = stage.call("GET", "/v1/stores", token=token).body["items"][0]["id"]
    bob = invite_agent(stage, token, store_id, "bob@demo.test")
    stage.text("Bonjour")
    thread = stage.only_thread(token)
    assert stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Bonjour !"}, token=token).status == 201
    held = stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Moi aussi"}, token=bob)
    assert held.status == 409
    assert stage.call("POST", f"/v1/threads/{thread['id']}/join", token=bob).status == 200
    assert stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Moi aussi"}, token=bob).status == 201


def test_status_by_hand_and_transfer_keep_counts_exact(stage):
    token = stage.login()
    other = stage.call("POST", "/v1/stores", {"name": "After-sales", "timezone": "Europe/Paris"}, token=token).body
    stage.text("Bonjour")
    thread = stage.only_thread(token)
    resolved = stage.call("POST", f"/v1/threads/{thread['id']}/status", {"status": "resolved"}, token=token)
    assert resolved.body["status"] == "resolved"
    moved = stage.call("POST", f"/v1/threads/{thread['id']}/transfer", {"store_id": other["id"]}, token=token)
    assert moved.body["store_id"] == other["id"]
    counts = stage.call("GET", f"/v1/threads?store_id={other['id']}&status=resolved", token=token).body
    assert counts["counts"] == {"waiting": 0, "replied": 0, "resolved": 1, "new": 0, "unanswered": 0}
    assert len(counts["items"]) == 1
    demo = stage.call("GET", "/v1/stores", token=token).body["items"]
    demo_id = next(s["id"] for s in demo if s["name"] == "Demo store")
    assert stage.call("GET", f"/v1/threads?store_id={demo_id}", token=token).body["counts"]["resolved"] == 0
    stage.text("Encore moi")
    assert stage.only_thread(token)["status"] == "waiting"


def invite_agent(stage, token, store_id, email):
    assert stage.call("POST", "/v1/invitations", {"email": email, "store_id": store_id}, token=token).status == 201
    mail = stage.call("GET", f"/sandbox/mail?to={email}").body["items"][0]
    link = next(word for word in mail["body"].split() if "/invitations/" in word)
    invitation = link.rsplit("/", 1)[1]
    accepted = stage.call("POST", f"/v1/invitations/{invitation}/accept",
                          {"password": "bob-password", "first_name": "Bob", "last_name": "Martin"})
    assert accepted.status == 200, accepted.body
    return accepted.body["token"]


def test_an_attachment_goes_out_with_the_reply_and_comes_back_in_the_history(stage):
    token = stage.login()
    stage.text("Vous avez la notice ?")
    thread = stage.only_thread(token)
    pdf = {"url": "https://cdn.demo.test/notice.pdf", "content_type": "application/pdf"}
    answer = stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "La voici.", "attachments": [pdf]},
                        token=token)
    assert answer.status == 201, answer.body
    stage.settle()
    sms = stage.call("GET", "/sandbox/outbox?to=%2B33612345678").body["items"][0]
    assert (sms["body"], sms["media"]) == ("La voici.\n-- Demo store", [pdf["url"]])
    newest = stage.call("GET", f"/v1/threads/{thread['id']}/messages", token=token).body["items"][0]
    assert newest["attachments"] == [pdf]
    plain = stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"attachments": [{"url": "http://x.test/a"}]},
                       token=token)
    assert plain.status == 400 and "attachments.0.url" in plain.body["errors"], plain.body
