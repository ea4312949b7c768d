"""Folders, hold, priority sections and unread indicators through the HTTP API (C4, C5, C6, F1, F4)."""
import pytest

from tests.functional.support import ALICE
from tests.functional.test_bad_input_and_tenancy import assert_problem
from tests.functional.test_sms_flow import invite_agent

BOB = "+33698765432"
CARLA = "+33611223344"


def demo_store_id(stage, token):
    return stage.call("GET", "/v1/stores", token=token).body["items"][0]["id"]


def thread_of(stage, token, phone):
    items = stage.call("GET", "/v1/threads?status=waiting,replied,resolved", token=token).body["items"]
    return next(t for t in items if t["customer"]["phone"] == phone)


def listed(stage, token, query=""):
    answer = stage.call("GET", f"/v1/threads{query}", token=token)
    assert answer.status == 200, answer.body
    return [t["customer"]["phone"] for t in answer.body["items"]], answer.body["counts"]


def test_spam_leaves_the_counts_and_a_customer_message_keeps_it_there_silently(stage):
    admin = stage.login()
    store_id = demo_store_id(stage, admin)
    stage.call("PUT", f"/v1/stores/{store_id}/auto-messages",
               {"greetings": {"sms": {"text": "Bonjour, on arrive !", "resend_after_hours": 0}}}, token=admin)
    stage.text("Gagnez un iPhone")
    thread = stage.only_thread(admin)
    moved = stage.call("POST", f"/v1/threads/{thread['id']}/folder", {"folder": "spam", "reason": "publicité"},
                       token=admin)
    assert moved.status == 200, moved.body
    assert (moved.body["folder"], moved.body["folder_reason"]) == ("spam", "publicité")
    assert listed(stage, admin) == ([], {"waiting": 0, "replied": 0, "resolved": 0, "new": 0, "unanswered": 0})
    stage.text("Gagnez deux iPhone")
    assert listed(stage, admin)[1]["waiting"] == 0
    assert listed(stage, admin, "?folder=spam")[0] == [ALICE]
    outbox = stage.call("GET", "/sandbox/outbox?to=%2B33612345678").body["items"]
    assert len(outbox) == 1  # the greeting of the first message only
    restored = stage.call("POST", f"/v1/threads/{thread['id']}/folder", {"folder": "inbox"}, token=admin)
    assert restored.body["folder"] == "inbox"
    assert listed(stage, admin)[1]["waiting"] == 1


def test_archiving_records_the_closing_and_a_customer_message_reopens_the_thread(stage):
    admin = stage.login()
    stage.text("Bonjour")
    thread = stage.only_thread(admin)
    stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Voilà, c'est réglé."}, token=admin)
    me = stage.call("GET", "/v1/me", token=admin).body
    stage.clock.advance(600)
    archived = stage.call("POST", f"/v1/threads/{thread['id']}/folder", {"folder": "archived"}, token=admin).body
    assert (archived["folder"], archived["closed_by"]) == ("archived", me["id"])
    assert archived["closed_at"] == stage.clock.now().isoformat().replace("+00:00", ".000Z")
    assert listed(stage, admin)[0] == [] and listed(stage, admin, "?folder=archived")[0] == [ALICE]
    stage.text("Finalement, une autre question")
    reopened = stage.only_thread(admin)
    assert (reopened["folder"], reopened["status"]) == ("inbox", "waiting")
    assert listed(stage, admin, "?folder=archived")[0] == []


def test_done_threads_are_listed_in_their_folder_whatever_their_status(stage):
    admin = stage.login()
    stage.text("Merci pour tout")
    thread = stage.only_thread(admin)
    stage.call("POST", f"/v1/threads/{thread['id']}/status", {"status": "resolved"}, token=admin)
    stage.call("POST", f"/v1/threads/{thread['id']}/folder", {"folder": "done"}, token=admin)
    assert listed(stage, admin, "?folder=done")[0] == [ALICE]
    assert listed(stage, admin, "?folder=done&status=waiting")[0] == []


def test_a_held_thread_comes_first_then_alerts_in_both_sorts(stage):
    admin = stage.login()
    for phone in (ALICE, BOB, CARLA):
        stage.text("Bonjour", sender=phone)
        stage.clock.advance(60)
    assert listed(stage, admin)[0] == [CARLA, BOB, ALICE]
    assert listed(stage, admin, "?sort=waiting")[0] == [ALICE, BOB, CARLA]
    bob = thread_of(stage, admin, BOB)
    held = stage.call("POST", f"/v1/threads/{bob['id']}/hold", {"on_hold": True, "reason": "attend l'entrepôt"},
                      token=admin)
    assert held.status == 200, held.body
    assert (held.body["on_hold"], held.body["hold_reason"], held.body["held_by"]) == (
        True, "attend l'entrepôt", stage.call("GET", "/v1/me", token=admin).body["id"])
    assert listed(stage, admin)[0] == [BOB, CARLA, ALICE]
    assert listed(stage, admin, "?sort=waiting")[0] == [BOB, ALICE, CARLA]
    stage.call("POST", f"/v1/threads/{bob['id']}/hold", {"on_hold": False}, token=admin)
    assert listed(stage, admin)[0] == [CARLA, BOB, ALICE]


def test_new_and_unanswered_threads_are_counted_and_shown(stage):
    admin = stage.login()
    stage.text("Bonjour")
    stage.text("Bonjour", sender=BOB)
    assert listed(stage, admin)[1] == {"waiting": 2, "replied": 0, "resolved": 0, "new": 2, "unanswered": 0}
    alice = thread_of(stage, admin, ALICE)
    assert alice["unanswered"] is False
    opened = stage.call("GET", f"/v1/threads/{alice['id']}", token=admin).body
    assert (opened["unread"], opened["unanswered"]) == (False, True)
    counts = listed(stage, admin)[1]
    assert (counts["new"], counts["unanswered"]) == (1, 1)
    stage.call("POST", f"/v1/threads/{alice['id']}/messages", {"text": "Je regarde."}, token=admin)
    counts = listed(stage, admin, f"?store_id={demo_store_id(stage, admin)}")[1]
    assert (counts["new"], counts["unanswered"]) == (1, 0)
    assert thread_of(stage, admin, ALICE)["unanswered"] is False


@pytest.mark.parametrize("path, raw, field", [
    ("folder", '{"folder": "trash"}', "folder"),
    ("folder", '{}', "folder"),
    ("folder", '{"folder": "spam", "reason": "' + "x" * 501 + '"}', "reason"),
    ("folder", '{"folder": "spam", "colour": "red"}', "colour"),
    ("hold", '{"on_hold": "maybe"}', "on_hold"),
    ("hold", '{"on_hold": true, "reason": "' + "x" * 501 + '"}', "reason"),
    ("hold", "not json", "body"),
])
def test_bad_folder_or_hold_input_names_the_field_and_changes_nothing(stage, path, raw, field):
    admin = stage.login()
    stage.text("Bonjour")
    before = stage.only_thread(admin)
    assert_problem(stage.call("POST", f"/v1/threads/{before['id']}/{path}", raw=raw, token=admin), 400, field)
    assert stage.only_thread(admin) == before


def test_a_read_only_agent_gets_403_and_another_brand_404(stage):
    admin = stage.login()
    store_id = demo_store_id(stage, admin)
    reader = invite_agent(stage, admin, store_id, "reader@demo.test")
    reader_id = stage.call("GET", "/v1/me", token=reader).body["id"]
    stage.call("PUT", f"/v1/agents/{reader_id}/rights",
               {"stores": {store_id: {"perimeter": False, "contactable": True, "admin": False}}}, token=admin)
    stage.text("Bonjour")
    thread = stage.only_thread(admin)
    assert_problem(stage.call("POST", f"/v1/threads/{thread['id']}/folder", {"folder": "spam"}, token=reader), 403)
    assert_problem(stage.call("POST", f"/v1/threads/{thread['id']}/hold", {"on_hold": True}, token=reader), 403)
    stage.call("POST", "/sandbox/brands", {
        "name": "Other", "admin_email": "admin@other.test", "admin_password": "other-password",
        "store": {"name": "Other store", "timezone": "Europe/Paris", "phone_number": "+15550000002"}})
    other = stage.login("admin@other.test", "other-password")
    assert_problem(stage.call("POST", f"/v1/threads/{thread['id']}/folder", {"folder": "spam"}, token=other), 404)
    assert_problem(stage.call("POST", f"/v1/threads/{thread['id']}/hold", {"on_hold": True}, token=other), 404)
    after = stage.only_thread(admin)
    assert (after["folder"], after["on_hold"]) == ("inbox", False)


def test_an_unknown_folder_in_the_list_is_named(stage):
    admin = stage.login()
    assert_problem(stage.call("GET", "/v1/threads?folder=trash", token=admin), 400, "folder")
