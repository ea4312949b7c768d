"""Alerts through the API (SPEC C5): an angry SMS flags its thread; an agent raises or clears it by hand."""
import pytest

from tests.functional.support import ALICE
from tests.functional.test_bad_input_and_tenancy import assert_problem
from tests.functional.test_people import stores_of
from tests.functional.test_sms_flow import invite_agent


def test_an_angry_sms_flags_the_thread_with_the_cues_and_a_calm_one_does_not(stage):
    admin = stage.login()
    stage.text("Bonjour, ma commande n'est pas arrivée, pouvez-vous vérifier ?")
    calm = stage.only_thread(admin)
    assert calm["alert"] is False and calm["alert_reason"] is None and calm["alert_at"] is None
    stage.clock.advance(60)
    stage.text("C'est INADMISSIBLE, remboursez-moi !!!")
    thread = stage.call("GET", f"/v1/threads/{calm['id']}", token=admin).body
    assert thread["alert"] is True and thread["alert_at"] == "2026-11-23T09:01:00.000Z"
    assert "inadmissible" in thread["alert_reason"] and "remboursez" in thread["alert_reason"]


def test_an_agent_clears_the_alert_and_raises_it_again_by_hand(stage):
    admin = stage.login()
    stage.text("Worst service ever, this is a scam")
    thread_id = stage.only_thread(admin)["id"]
    cleared = stage.call("POST", f"/v1/threads/{thread_id}/alert", {"alert": False}, token=admin)
    assert cleared.status == 200 and cleared.body["alert"] is False and cleared.body["alert_reason"] is None
    assert stage.only_thread(admin)["alert"] is False
    raised = stage.call("POST", f"/v1/threads/{thread_id}/alert", {"alert": True}, token=admin)
    assert raised.status == 200 and raised.body["alert"] is True and raised.body["alert_reason"] == "flagged by hand"
    resolved = stage.call("POST", f"/v1/threads/{thread_id}/status", {"status": "resolved"}, token=admin).body
    assert resolved["alert"] is False


@pytest.mark.parametrize("raw, field", [
    ("", "body"),
    ("{not json", "body"),
    ("{}", "alert"),
    ('{"alert": "yes"}', "alert"),
    ('{"alert": 1}', "alert"),
    ('{"alert": true, "why": "angry"}', "why"),
])
def test_bad_alert_input_names_the_field_and_changes_nothing(stage, raw, field):
    admin = stage.login()
    stage.text("Bonjour")
    thread = stage.only_thread(admin)
    assert_problem(stage.call("POST", f"/v1/threads/{thread['id']}/alert", raw=raw, token=admin), 400, field)
    assert stage.only_thread(admin) == thread


def test_read_only_agents_get_403_and_unknown_threads_404(stage):
    admin = stage.login()
    demo = stores_of(stage, admin)["Demo store"]
    bob = invite_agent(stage, admin, demo["id"], "bob@demo.test")
    bob_id = stage.call("GET", "/v1/me", token=bob).body["id"]
    read_only = {"stores": {demo["id"]: {"perimeter": False, "contactable": True, "admin": False}}}
    assert stage.call("PUT", f"/v1/agents/{bob_id}/rights", read_only, token=admin).status == 200
    stage.text("Hello", sender=ALICE)
    thread_id = stage.only_thread(bob)["id"]
    assert_problem(stage.call("POST", f"/v1/threads/{thread_id}/alert", {"alert": True}, token=bob), 403)
    assert stage.only_thread(admin)["alert"] is False
    assert_problem(stage.call("POST", "/v1/threads/t-nope/alert", {"alert": True}, token=admin), 404)
    assert stage.call("POST", f"/v1/threads/{thread_id}/alert", {"alert": True}).status == 401
