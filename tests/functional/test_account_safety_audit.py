"""Account safety, the audit trail and a customer's data rights through the API (issue 13)."""
from urllib.parse import quote

from tests.functional.support import ALICE
from tests.functional.test_admin import agent_id, demo_store
from tests.functional.test_bad_input_and_tenancy import assert_problem
from tests.functional.test_sms_flow import invite_agent


def link_in_mail(stage, to, marker):
    mails = stage.call("GET", f"/sandbox/mail?to={to}").body["items"]
    return next(word for mail in mails for word in mail["body"].split() if marker in word)


def audited(stage, token, action):
    return [i for i in stage.call("GET", "/v1/audit", token=token).body["items"] if i["action"] == action]


def can_log_in(stage, email, password):
    return stage.call("POST", "/v1/auth/login", {"email": email, "password": password}).status == 200


# -- e-mail change ---------------------------------------------------------------------------------------
def test_an_email_change_needs_the_password_and_the_link_mailed_to_the_new_address(stage):
    admin = stage.login()
    bob = invite_agent(stage, admin, demo_store(stage, admin), "bob@demo.test")
    assert_problem(stage.call("PATCH", "/v1/me", {"email": "robert@demo.test"}, token=bob), 400, "current_password")
    wrong = stage.call("PATCH", "/v1/me", {"email": "robert@demo.test", "current_password": "nope-nope"}, token=bob)
    assert_problem(wrong, 403, "current_password")
    assert stage.call("GET", "/sandbox/mail?to=robert@demo.test").body["items"] == []
    answer = stage.call("PATCH", "/v1/me", {"email": "Robert@Demo.test", "current_password": "bob-password",
                                            "first_name": "Robert"}, token=bob)
    assert answer.status == 200, answer.body
    assert (answer.body["email"], answer.body["first_name"]) == ("bob@demo.test", "Robert")  # not yet
    link = link_in_mail(stage, "robert@demo.test", "/email-confirmations/")
    (notice,) = [m for m in stage.call("GET", "/sandbox/mail?to=bob@demo.test").body["items"]
                 if "robert@demo.test" in m["body"]]
    assert "/email-confirmations/" not in notice["body"]
    assert can_log_in(stage, "bob@demo.test", "bob-password") and not can_log_in(stage, "robert@demo.test",
                                                                                 "bob-password")
    token = link.rsplit("/", 1)[1]
    assert_problem(stage.call("POST", f"/v1/me/email-confirmations/{token}", token=admin), 404)  # not Bob's
    confirmed = stage.call("POST", f"/v1/me/email-confirmations/{token}", token=bob)
    assert confirmed.status == 200 and confirmed.body["email"] == "robert@demo.test"
    assert can_log_in(stage, "robert@demo.test", "bob-password") and not can_log_in(stage, "bob@demo.test",
                                                                                    "bob-password")
    assert_problem(stage.call("POST", f"/v1/me/email-confirmations/{token}", token=bob), 409)


def test_an_email_change_link_expires_and_a_taken_address_is_refused_on_confirmation(stage):
    admin = stage.login()
    bob = invite_agent(stage, admin, demo_store(stage, admin), "bob@demo.test")
    stage.call("PATCH", "/v1/me", {"email": "admin@demo.test", "current_password": "bob-password"}, token=bob)
    taken = link_in_mail(stage, "admin@demo.test", "/email-confirmations/").rsplit("/", 1)[1]
    assert_problem(stage.call("POST", f"/v1/me/email-confirmations/{taken}", token=bob), 409)
    stage.call("PATCH", "/v1/me", {"email": "late@demo.test", "current_password": "bob-password"}, token=bob)
    late = link_in_mail(stage, "late@demo.test", "/email-confirmations/").rsplit("/", 1)[1]
    stage.clock.advance(25 * 3600)
    bob = stage.login("bob@demo.test", "bob-password")  # the session clock moved too
    assert_problem(stage.call("POST", f"/v1/me/email-confirmations/{late}", token=bob), 404)
    assert_problem(stage.call("POST", "/v1/me/email-confirmations/demo.forged", token=bob), 404)
    assert can_log_in(stage, "bob@demo.test", "bob-password")


# -- the audit trail -------------------------------------------------------------------------------------
def test_administrative_changes_are_in_the_audit_trail_newest_first(stage):
    admin = stage.login()
    store = demo_store(stage, admin)
    admin_id = agent_id(stage, admin)
    bob = invite_agent(stage, admin, store, "bob@demo.test")
    bob_id = agent_id(stage, bob)
    stage.clock.advance(60)
    assert stage.call("PATCH", f"/v1/stores/{store}", {"name": "Boutique"}, token=admin).status == 200
    stage.clock.advance(60)
    rights = {"stores": {store: {"perimeter": True, "contactable": False, "admin": False}}}
    assert stage.call("PUT", f"/v1/agents/{bob_id}/rights", rights, token=admin).status == 200
    stage.clock.advance(60)
    escalation = {"mode": "off", "delay_minutes": 10, "agent_ids": []}
    assert stage.call("PUT", f"/v1/stores/{store}/escalation", escalation, token=admin).status == 200
    items = stage.call("GET", "/v1/audit", token=admin).body["items"]
    assert [i["action"] for i in items] == ["escalation.update", "rights.update", "store.update", "invitation.create"]
    change = items[1]
    assert set(change) == {"id", "at", "actor", "action", "target", "details"}
    assert change["actor"] == {"id": admin_id, "email": "admin@demo.test"}
    assert change["target"] == {"kind": "agent", "id": bob_id}
    assert change["details"]["before"][store]["contactable"] is True
    assert change["details"]["after"][store]["contactable"] is False
    assert items[2]["details"] == {"name": "Boutique"} and items[2]["target"] == {"kind": "store", "id": store}
    assert items[3]["details"] == {"email": "bob@demo.test"}
    assert [i["at"] for i in items] == sorted((i["at"] for i in items), reverse=True)
    assert_problem(stage.call("GET", "/v1/audit", token=bob), 403)


def test_the_audit_trail_pages_and_filters_by_time(stage):
    admin = stage.login()
    store = demo_store(stage, admin)
    times = []
    for n in range(5):
        stage.clock.advance(3600)
        times.append(stage.clock.now().strftime("%Y-%m-%dT%H:%M:%SZ"))
        assert stage.call("PATCH", f"/v1/stores/{store}", {"name": f"Store {n}"}, token=admin).status == 200
    first = stage.call("GET", "/v1/audit?limit=2", token=admin).body
    assert [i["details"]["name"] for i in first["items"]] == ["Store 4", "Store 3"] and first["next_cursor"]
    second = stage.call("GET", f"/v1/audit?limit=2&cursor={first['next_cursor']}", token=admin).body
    assert [i["details"]["name"] for i in second["items"]] == ["Store 2", "Store 1"]
    window = stage.call("GET", f"/v1/audit?from={times[1]}&to={times[3]}", token=admin).body
    assert [i["details"]["name"] for i in window["items"]] == ["Store 3", "Store 2", "Store 1"]
    assert window["next_cursor"] is None
    assert_problem(stage.call("GET", "/v1/audit?from=yesterday", token=admin), 400, "from")
    assert_problem(stage.call("GET", f"/v1/audit?from={times[3]}&to={times[1]}", token=admin), 400, "from")
    assert_problem(stage.call("GET", "/v1/audit?cursor=bm90LWEtY3Vyc29y", token=admin), 400, "cursor")


def test_a_secret_sent_with_a_change_is_never_in_the_audit_trail(stage):
    admin = stage.login()
    store = demo_store(stage, admin)
    stage.call("PATCH", f"/v1/stores/{store}", {"name": "Boutique"}, token=admin)
    from chalicelib import runtime
    from chalicelib.services.domain.safety import redacted

    assert redacted({"access_token": "s3cret", "nested": [{"secret": "x", "kept": 1}]}) == {
        "access_token": "(hidden)", "nested": [{"secret": "(hidden)", "kept": 1}]}
    me = runtime.services().directory.find_agent_by_email("admin@demo.test")
    runtime.services().safety.audit.record(me, "channel.connect", "channel", "ch1", {"access_token": "EAAB..."})
    item = stage.call("GET", "/v1/audit?limit=1", token=admin).body["items"][0]
    assert item["details"] == {"access_token": "(hidden)"}


# -- a customer's data rights ----------------------------------------------------------------------------
def a_customer_with_history(stage, admin):
    stage.text("Ma commande 4521 est en retard")
    thread = stage.only_thread(admin)
    assert stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Nous regardons"},
                      token=admin).status == 201
    assert stage.call("POST", f"/v1/threads/{thread['id']}/notes", {"text": "client fidèle"},
                      token=admin).status == 201
    put = stage.call("PUT", f"/v1/customers/{quote(ALICE)}", {"name": "Alice Durand",
                                                               "attributes": {"segment": "gold"}}, token=admin)
    assert put.status == 200, put.body
    stage.settle()
    return thread


def test_a_brand_admin_exports_everything_held_on_a_customer(stage):
    admin = stage.login()
    thread = a_customer_with_history(stage, admin)
    answer = stage.call("GET", f"/v1/customers/{quote(ALICE)}/export", token=admin)
    assert answer.status == 200, answer.body
    data = answer.body
    assert data["customer"]["phone"] == ALICE and data["customer"]["name"] == "Alice Durand"
    assert data["customer"]["attributes"] == {"segment": "gold"}
    (exported,) = data["threads"]
    assert exported["id"] == thread["id"]
    texts = [m["text"] for m in exported["messages"]]
    assert texts[0] == "Ma commande 4521 est en retard" and "Nous regardons" in texts
    assert [n["text"] for n in exported["notes"]] == ["client fidèle"]
    (entry,) = audited(stage, admin, "customer.export")
    assert entry["target"]["kind"] == "customer" and entry["details"]["threads"] == 1
    assert_problem(stage.call("GET", "/v1/customers/%2B33600000000/export", token=admin), 404)


def test_erasing_a_customer_removes_their_data_and_a_new_text_starts_a_new_thread(stage):
    admin = stage.login()
    thread = a_customer_with_history(stage, admin)
    before = stage.call("GET", "/v1/stats?from=2026-11-23&to=2026-11-23", token=admin).body
    assert before["conversations"]["value"] == 1
    assert stage.call("DELETE", f"/v1/customers/{quote(ALICE)}", token=admin).status == 204
    stage.settle()
    assert_problem(stage.call("GET", f"/v1/threads/{thread['id']}", token=admin), 404)
    assert_problem(stage.call("GET", f"/v1/customers/{quote(ALICE)}", token=admin), 404)
    assert_problem(stage.call("GET", f"/v1/customers/{quote(ALICE)}/export", token=admin), 404)
    assert stage.call("GET", "/v1/threads?q=4521", token=admin).body["items"] == []
    assert stage.call("GET", "/v1/threads?q=Durand", token=admin).body["items"] == []
    listed = stage.call("GET", "/v1/threads?status=waiting,replied,resolved", token=admin).body
    assert listed["items"] == [] and listed["counts"]["waiting"] + listed["counts"]["replied"] == 0
    # Statistics already counted stay as numbers.
    assert stage.call("GET", "/v1/stats?from=2026-11-23&to=2026-11-23", token=admin).body == before
    (entry,) = audited(stage, admin, "customer.erase")
    assert entry["details"]["threads"] == [thread["id"]] and entry["details"]["messages"] == 2
    assert "Alice" not in str(entry)
    stage.clock.advance(60)
    stage.text("Bonjour, c'est encore moi")
    fresh = stage.only_thread(admin)
    messages = stage.call("GET", f"/v1/threads/{fresh['id']}/messages", token=admin).body["items"]
    assert [m["text"] for m in messages] == ["Bonjour, c'est encore moi"]
    assert fresh["customer"]["name"] is None
    assert stage.call("GET", f"/v1/threads/{fresh['id']}/notes", token=admin).body["items"] == []


def test_only_a_brand_admin_exports_or_erases(stage):
    admin = stage.login()
    bob = invite_agent(stage, admin, demo_store(stage, admin), "bob@demo.test")
    a_customer_with_history(stage, admin)
    assert_problem(stage.call("GET", f"/v1/customers/{quote(ALICE)}/export", token=bob), 403)
    assert_problem(stage.call("DELETE", f"/v1/customers/{quote(ALICE)}", token=bob), 403)
    assert_problem(stage.call("DELETE", "/v1/customers/not-a-number", token=admin), 400, "phone")
    assert stage.call("GET", f"/v1/customers/{quote(ALICE)}/export", token=admin).status == 200
