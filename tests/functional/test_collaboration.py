"""Two agents work one customer together through the API: notes, mentions, transfers, delegation, sharing (E1-E4)."""
from __future__ import annotations

from tests.functional.test_sms_flow import invite_agent


def setup_pair(stage):  # type: ignore[no-untyped-def]
    """The demo admin (A) and Bob (B), an agent of the demo store, and a customer who wrote."""
    admin = stage.login()
    store_id = stage.call("GET", "/v1/stores", token=admin).body["items"][0]["id"]
    bob = invite_agent(stage, admin, store_id, "bob@demo.test")
    bob_id = stage.call("GET", "/v1/me", token=bob).body["id"]
    stage.text("Bonjour, ma commande 4711 n'est pas arrivée")
    return admin, bob, bob_id, stage.only_thread(admin)["id"]


def problem(answer, status, field=None):  # type: ignore[no-untyped-def]
    assert answer.status == status, answer.body
    assert answer.headers["Content-Type"] == "application/problem+json"
    if field:
        assert field in answer.body["errors"], answer.body


def test_two_agents_work_one_customer_together(stage):
    admin, bob, bob_id, thread_id = setup_pair(stage)
    assert stage.call("POST", f"/v1/threads/{thread_id}/messages", {"text": "Je regarde."}, token=admin).status == 201
    version = stage.call("GET", f"/v1/threads/{thread_id}", token=admin).body["version"]

    note = stage.call("POST", f"/v1/threads/{thread_id}/notes",
                      {"text": f"@[{bob_id}] tu peux t'en occuper ? Colis perdu."}, token=admin)
    assert note.status == 201 and note.body["mentions"] == [bob_id] and note.body["kind"] == "note"
    assert stage.call("GET", f"/v1/threads/{thread_id}", token=admin).body["version"] == version  # unchanged

    mentions = stage.call("GET", "/v1/mentions", token=bob).body
    assert mentions["unread_count"] == 1 and len(mentions["items"]) == 1
    mention = mentions["items"][0]
    assert (mention["thread_id"], mention["note_id"], mention["read"]) == (thread_id, note.body["id"], False)
    kinds = [n["kind"] for n in stage.call("GET", "/v1/notifications", token=bob).body["items"]]
    assert "mention" in kinds
    assert any("mentioned you" in m["subject"] for m in stage.call("GET", "/sandbox/mail?to=bob@demo.test").body[
        "items"])

    for _ in range(2):  # reading twice counts once
        read = stage.call("POST", f"/v1/mentions/{mention['id']}/read", token=bob)
        assert read.status == 200 and read.body["read"] is True
    after = stage.call("GET", "/v1/mentions?unread=true", token=bob).body
    assert after == {"items": [], "next_cursor": None, "unread_count": 0}
    problem(stage.call("POST", f"/v1/mentions/{mention['id']}/read", token=admin), 404)  # not the admin's

    moved = stage.call("POST", f"/v1/threads/{thread_id}/transfer", {"agent_id": bob_id}, token=admin)
    assert moved.status == 200 and moved.body["assigned_agent_id"] == bob_id
    assert "transfer" in [n["kind"] for n in stage.call("GET", "/v1/notifications", token=bob).body["items"]]
    assert stage.call("POST", f"/v1/threads/{thread_id}/messages", {"text": "Je m'en occupe."}, token=bob).status == 201
    problem(stage.call("POST", f"/v1/threads/{thread_id}/messages", {"text": "Moi aussi"}, token=admin), 409)
    assert stage.call("POST", f"/v1/threads/{thread_id}/join", token=admin).status == 200
    assert stage.call("POST", f"/v1/threads/{thread_id}/messages", {"text": "Moi aussi"}, token=admin).status == 201

    notes = stage.call("GET", f"/v1/threads/{thread_id}/notes", token=bob).body
    assert [n["kind"] for n in notes["items"]] == ["system", "note"] and notes["next_cursor"] is None
    assert notes["items"][0]["text"] == "Transferred to Bob Martin by " + notes["items"][0]["text"].split(" by ")[1]
    texts = [m["text"] for m in stage.call("GET", f"/v1/threads/{thread_id}/messages", token=bob).body["items"]]
    assert not any("Colis perdu" in t for t in texts)  # never among the messages
    stage.settle()
    assert all("Colis perdu" not in sms["body"] for sms in stage.call("GET", "/sandbox/outbox").body["items"])


def test_bad_input_changes_nothing(stage):
    admin, bob, bob_id, thread_id = setup_pair(stage)
    notes_path = f"/v1/threads/{thread_id}/notes"
    problem(stage.call("POST", notes_path, {"text": ""}, token=admin), 400, "text")
    problem(stage.call("POST", notes_path, {"text": "x" * 4001}, token=admin), 400, "text")
    problem(stage.call("POST", notes_path, {"text": "@[a-nobody] look"}, token=admin), 400, "text")
    problem(stage.call("POST", notes_path, {"text": "hi", "extra": 1}, token=admin), 400, "extra")
    store_id = stage.call("GET", "/v1/stores", token=admin).body["items"][0]["id"]
    for targets in ({"store_id": store_id, "agent_id": bob_id}, {}):
        problem(stage.call("POST", f"/v1/threads/{thread_id}/transfer", targets, token=admin), 400, "body")
    problem(stage.call("POST", f"/v1/threads/{thread_id}/transfer", {"agent_id": "a-nobody"}, token=admin), 400,
            "agent_id")
    problem(stage.call("GET", "/v1/mentions?unread=maybe", token=bob), 400, "unread")
    problem(stage.call("POST", "/v1/mentions/m1-n1/read", token=bob), 404)
    assert stage.call("GET", notes_path, token=admin).body["items"] == []
    assert stage.call("GET", "/v1/mentions", token=bob).body["unread_count"] == 0

    # Read-only on the store: reads the invisible thread, writes nothing in it.
    matrix = {"stores": {store_id: {"perimeter": False, "contactable": True, "admin": False}}}
    assert stage.call("PUT", f"/v1/agents/{bob_id}/rights", matrix, token=admin).status == 200
    problem(stage.call("POST", notes_path, {"text": "noted"}, token=bob), 403)
    assert stage.call("GET", notes_path, token=bob).status == 200

    created = stage.call("POST", "/sandbox/brands", {
        "name": "Other", "admin_email": "admin@other.test", "admin_password": "other-password",
        "store": {"name": "Other store", "timezone": "Europe/Paris", "phone_number": "+15550000002"}})
    assert created.status == 201, created.body
    other = stage.login("admin@other.test", "other-password")
    problem(stage.call("GET", notes_path, token=other), 404)
    problem(stage.call("POST", notes_path, {"text": "hello"}, token=other), 404)
    for action, payload in (("transfer", {"agent_id": bob_id}), ("share", {"store_id": store_id}),
                            ("delegate", {})):
        problem(stage.call("POST", f"/v1/threads/{thread_id}/{action}", payload, token=other), 404)


def test_delegate_to_customer_service_and_share_with_another_department(stage):
    admin, bob, bob_id, thread_id = setup_pair(stage)
    problem(stage.call("POST", f"/v1/threads/{thread_id}/delegate", {"comment": "Remboursement"}, token=admin), 409)
    problem(stage.call("PATCH", "/v1/brand", {"service_email": "not an address"}, token=admin), 400, "service_email")
    problem(stage.call("PATCH", "/v1/brand", {"service_email": "sav@demo.test"}, token=bob), 403)
    brand = stage.call("PATCH", "/v1/brand", {"service_email": " SAV@demo.test "}, token=admin)
    assert brand.status == 200 and brand.body["service_email"] == "sav@demo.test"
    delegated = stage.call("POST", f"/v1/threads/{thread_id}/delegate", {"comment": "Remboursement"}, token=admin)
    assert delegated.status == 200 and delegated.body["id"] == thread_id
    mail = stage.call("GET", "/sandbox/mail?to=sav@demo.test").body["items"][0]
    assert "Comment: Remboursement" in mail["body"] and "ma commande 4711" in mail["body"]

    after_sales = stage.call("POST", "/v1/stores", {"name": "After-sales", "timezone": "Europe/Paris"},
                             token=admin).body
    dan = invite_agent(stage, admin, after_sales["id"], "dan@demo.test")
    problem(stage.call("GET", f"/v1/threads/{thread_id}", token=dan), 404)
    shared = stage.call("POST", f"/v1/threads/{thread_id}/share", {"store_id": after_sales["id"], "comment": "FYI"},
                        token=admin)
    assert shared.status == 200 and shared.body["shared_with"] == [after_sales["id"]]
    assert stage.call("GET", f"/v1/threads/{thread_id}", token=dan).status == 200
    assert stage.call("GET", f"/v1/threads/{thread_id}/messages", token=dan).status == 200
    problem(stage.call("POST", f"/v1/threads/{thread_id}/messages", {"text": "Bonjour"}, token=dan), 403)
    assert [n["kind"] for n in stage.call("GET", "/v1/notifications", token=dan).body["items"]] == ["share"]
    texts = [n["text"] for n in stage.call("GET", f"/v1/threads/{thread_id}/notes", token=dan).body["items"]]
    assert texts[0].startswith("Shared with After-sales for information by") and texts[0].endswith(": FYI")
    assert texts[1].startswith("Delegated to sav@demo.test by")

    moved = stage.call("POST", f"/v1/threads/{thread_id}/transfer", {"store_id": after_sales["id"]}, token=admin)
    assert moved.status == 200 and moved.body["store_id"] == after_sales["id"]
    assert "transfer" in [n["kind"] for n in stage.call("GET", "/v1/notifications", token=dan).body["items"]]
    first = stage.call("GET", f"/v1/threads/{thread_id}/notes?limit=1", token=dan).body
    assert first["items"][0]["text"].startswith("Transferred from Demo store to After-sales by")
    assert first["next_cursor"]


def test_an_agent_chooses_whether_mentions_are_emailed(stage):
    admin = stage.login()
    assert stage.call("GET", "/v1/me", token=admin).body["notify_mention"] is True
    patched = stage.call("PATCH", "/v1/me", {"notify_mention": False}, token=admin)
    assert patched.status == 200 and patched.body["notify_mention"] is False
    assert stage.call("GET", "/v1/me", token=admin).body["notify_mention"] is False
