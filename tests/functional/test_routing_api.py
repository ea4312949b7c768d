"""Routing and automation through the HTTP API: settings, presence, notifications, snooze, close (G, H, F2, F3)."""
from tests.functional.support import ALICE
from tests.functional.test_sms_flow import invite_agent


def demo_store(stage, token):
    return stage.call("GET", "/v1/stores", token=token).body["items"][0]


def test_presence_is_set_per_channel_and_bad_values_are_refused(stage):
    token = stage.login()
    answer = stage.call("PUT", "/v1/me/presence", {"channel": "chat", "state": "available"}, token=token)
    assert answer.status == 200 and answer.body["chat"] == "available" and answer.body["call"] == "unavailable"
    assert stage.call("GET", "/v1/me/presence", token=token).body["effective"]["chat"] == "available"
    bad = stage.call("PUT", "/v1/me/presence", {"channel": "chat", "state": "asleep"}, token=token)
    assert bad.status == 400 and "state" in bad.body["errors"]


def test_connected_agents_of_the_store_are_notified_and_emailed_when_opted_in(stage):
    admin = stage.login()
    store = demo_store(stage, admin)
    bob = invite_agent(stage, admin, store["id"], "bob@demo.test")
    stage.call("PUT", "/v1/me/presence", {"channel": "chat", "state": "available"}, token=bob)
    stage.call("PATCH", "/v1/me", {"notify_new_message": True}, token=bob)
    stage.text("Bonjour")
    notes = stage.call("GET", "/v1/notifications", token=bob).body["items"]
    assert [n["kind"] for n in notes] == ["new_message"]
    assert stage.call("GET", "/v1/notifications", token=admin).body["items"] == []  # not connected, no right
    mails = stage.call("GET", "/sandbox/mail?to=bob@demo.test").body["items"]
    assert any("wrote" in m["subject"] for m in mails)


def test_escalation_settings_round_trip_and_name_bad_fields(stage):
    admin = stage.login()
    store = demo_store(stage, admin)
    invite_agent(stage, admin, store["id"], "bob@demo.test")
    bob_id = next(a["id"] for a in stage.call("GET", "/v1/agents", token=admin).body["items"]
                  if a["email"] == "bob@demo.test")
    path = f"/v1/stores/{store['id']}/escalation"
    saved = stage.call("PUT", path, {"mode": "ordered", "delay_minutes": 5, "agent_ids": [bob_id]}, token=admin)
    assert saved.status == 200 and saved.body["agent_ids"] == [bob_id]
    assert stage.call("GET", path, token=admin).body["mode"] == "ordered"
    unknown = stage.call("PUT", path, {"mode": "ordered", "delay_minutes": 5, "agent_ids": ["nobody"]}, token=admin)
    assert unknown.status == 400 and "agent_ids.0" in unknown.body["errors"]
    zero = stage.call("PUT", path, {"mode": "random", "delay_minutes": 0, "agent_ids": [bob_id]}, token=admin)
    assert zero.status == 400 and "delay_minutes" in zero.body["errors"]
    assert stage.call("GET", path, token=admin).body["agent_ids"] == [bob_id]  # bad input changed nothing


def test_auto_messages_round_trip_and_bad_hours(stage):
    admin = stage.login()
    path = f"/v1/stores/{demo_store(stage, admin)['id']}/auto-messages"
    settings = {"greetings": {"sms": {"text": "Bonjour, on arrive !", "resend_after_hours": 24}},
                "closed": {"text": "Fermé, à demain.", "hours": [{"day": "mon", "from": "19:00", "to": "09:00"}]}}
    assert stage.call("PUT", path, settings, token=admin).status == 200
    assert stage.call("GET", path, token=admin).body["closed"] == settings["closed"]
    bad = {"closed": {"text": "x", "hours": [{"day": "mon", "from": "25:00", "to": "09:00"}]}}
    answer = stage.call("PUT", path, bad, token=admin)
    assert answer.status == 400 and any("hours.0" in f for f in answer.body["errors"])


def test_greeting_goes_out_and_never_answers(stage):
    admin = stage.login()
    path = f"/v1/stores/{demo_store(stage, admin)['id']}/auto-messages"
    stage.call("PUT", path, {"greetings": {"sms": {"text": "Bonjour, on arrive !", "resend_after_hours": 24}}},
               token=admin)
    stage.text("Bonjour")
    stage.text("Toujours là ?")
    outbox = stage.call("GET", "/sandbox/outbox?to=%2B33612345678").body["items"]
    assert [m["body"] for m in outbox] == ["Bonjour, on arrive !\n-- Demo store"]
    assert stage.only_thread(admin)["status"] == "waiting"


def test_snooze_leaves_the_inbox_until_the_time_then_comes_back(stage):
    admin = stage.login()
    stage.text("Bonjour")
    thread = stage.only_thread(admin)
    snoozed = stage.call("POST", f"/v1/threads/{thread['id']}/snooze", {"until": "2026-11-23T10:00:00Z"}, token=admin)
    assert snoozed.status == 200 and snoozed.body["snoozed_until"] == "2026-11-23T10:00:00.000Z"
    assert stage.call("GET", "/v1/threads", token=admin).body["items"] == []
    past = stage.call("POST", f"/v1/threads/{thread['id']}/snooze", {"until": "2020-01-01T00:00:00Z"}, token=admin)
    assert past.status == 400 and "until" in past.body["errors"]
    stage.clock.advance(3600)
    stage.settle()
    back = stage.call("GET", "/v1/threads", token=stage.login()).body["items"]
    assert [t["id"] for t in back] == [thread["id"]] and back[0]["snoozed_until"] is None


def test_close_with_a_type_from_the_brands_list(stage):
    admin = stage.login()
    assert stage.call("PUT", "/v1/closing-reasons", {"reasons": ["Livraison", "Retour"]}, token=admin).status == 200
    stage.text("Bonjour", sender=ALICE)
    thread = stage.only_thread(admin)
    unknown = stage.call("POST", f"/v1/threads/{thread['id']}/close", {"reason": "Autre"}, token=admin)
    assert unknown.status == 400 and "reason" in unknown.body["errors"]
    closed = stage.call("POST", f"/v1/threads/{thread['id']}/close", {"reason": "Retour"}, token=admin)
    assert closed.body["status"] == "resolved" and closed.body["closed_reason"] == "Retour"


def test_escalation_walks_the_list_on_the_clock_and_an_answer_stops_it(stage):
    admin = stage.login()
    store = demo_store(stage, admin)
    tokens = {name: invite_agent(stage, admin, store["id"], f"{name}@demo.test") for name in ("bob", "carla")}
    ids = {}
    for name, token in tokens.items():
        stage.call("PUT", "/v1/me/presence", {"channel": "chat", "state": "available"}, token=token)
        ids[name] = stage.call("GET", "/v1/me", token=token).body["id"]
    stage.call("PUT", f"/v1/stores/{store['id']}/escalation",
               {"mode": "ordered", "delay_minutes": 5, "agent_ids": [ids["bob"], ids["carla"]]}, token=admin)
    stage.text("Bonjour")
    thread = stage.only_thread(admin)
    assert thread["escalation"]["agent_id"] == ids["bob"]

    def kinds(name):
        return [n["kind"] for n in stage.call("GET", "/v1/notifications", token=tokens[name]).body["items"]]

    assert (kinds("bob"), kinds("carla")) == (["new_message"], [])
    stage.clock.advance(4 * 60)
    stage.settle()
    assert stage.only_thread(admin)["escalation"]["agent_id"] == ids["bob"]  # not yet
    stage.clock.advance(60)
    stage.settle()
    assert stage.only_thread(admin)["escalation"]["agent_id"] == ids["carla"]
    assert kinds("carla") == ["escalation"]
    stage.clock.advance(5 * 60)
    stage.settle()
    assert stage.only_thread(admin)["escalation"]["agent_id"] == ids["bob"]  # round the list
    answer = stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Je m'en occupe"},
                        token=tokens["bob"])
    assert answer.status == 201
    stage.clock.advance(30 * 60)
    stage.settle()
    assert stage.only_thread(admin)["escalation"] is None
    assert kinds("carla") == ["escalation"]


def test_serving_hours_are_set_by_admins_and_checked(stage):
    admin = stage.login()
    store = demo_store(stage, admin)
    bob = invite_agent(stage, admin, store["id"], "bob@demo.test")
    bob_id = stage.call("GET", "/v1/me", token=bob).body["id"]
    path = f"/v1/agents/{bob_id}/serving-hours"
    hours = [{"day": "mon", "from": "09:00", "to": "13:00"}]
    assert stage.call("PUT", path, {"hours": hours}, token=admin).body["hours"] == hours
    assert stage.call("GET", path, token=admin).body["hours"] == hours
    assert stage.call("PUT", path, {"hours": []}, token=bob).status == 403
    bad = stage.call("PUT", path, {"hours": [{"day": "mon", "from": "09:00", "to": "9h"}]}, token=admin)
    assert bad.status == 400 and any("hours.0" in f for f in bad.body["errors"])
