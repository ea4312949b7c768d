"""Account settings through the API (A6): picture, password change and reset, deletion."""
from tests.functional.test_admin import agent_counts, agent_id, demo_store, other_brand_admin
from tests.functional.test_bad_input_and_tenancy import assert_problem
from tests.functional.test_sms_flow import invite_agent


def reset_token(stage, email):
    mail = stage.call("GET", f"/sandbox/mail?to={email}").body["items"][0]
    link = next(word for word in mail["body"].split() if "/reset-password/" in word)
    return link.rsplit("/", 1)[1]


def test_the_profile_picture_is_an_account_setting(stage):
    admin = stage.login()
    assert stage.call("PATCH", "/v1/me", {"picture_url": "https://cdn.test/me.png"}, token=admin).status == 200
    assert stage.call("GET", "/v1/me", token=admin).body["picture_url"] == "https://cdn.test/me.png"
    assert_problem(stage.call("PATCH", "/v1/me", {"picture_url": "ftp://x", "first_name": "Z"}, token=admin), 400,
                   "picture_url")
    me = stage.call("GET", "/v1/me", token=admin).body
    assert (me["picture_url"], me["first_name"]) == ("https://cdn.test/me.png", "Admin")
    assert stage.call("PATCH", "/v1/me", {"picture_url": ""}, token=admin).body["picture_url"] is None


def test_a_password_change_ends_the_sessions_opened_before(stage):
    admin = stage.login()
    bob = invite_agent(stage, admin, demo_store(stage, admin), "bob@demo.test")
    stage.clock.advance(60)
    change = {"current_password": "wrong-password", "new_password": "new-bob-password"}
    assert_problem(stage.call("POST", "/v1/me/password", change, token=bob), 403, "current_password")
    assert_problem(stage.call("POST", "/v1/me/password", {**change, "current_password": "bob-password",
                                                          "new_password": "short"}, token=bob), 400, "new_password")
    assert_problem(stage.call("POST", "/v1/me/password", {"current_password": "bob-password"}, token=bob), 400,
                   "new_password")
    assert stage.call("GET", "/v1/me", token=bob).status == 200  # refused changes changed nothing
    answer = stage.call("POST", "/v1/me/password", {**change, "current_password": "bob-password"}, token=bob)
    assert answer.status == 204
    assert_problem(stage.call("GET", "/v1/me", token=bob), 401)
    assert stage.call("GET", "/v1/me", token=admin).status == 200  # other agents' sessions go on
    assert stage.call("POST", "/v1/auth/login", {"email": "bob@demo.test", "password": "bob-password"}).status == 401
    fresh = stage.login("bob@demo.test", "new-bob-password")
    assert stage.call("GET", "/v1/me", token=fresh).status == 200


def test_password_reset_by_email_link_end_to_end(stage):
    admin = stage.login()
    stage.clock.advance(60)
    assert stage.call("POST", "/v1/auth/password-reset", {"email": "nobody@demo.test"}).status == 202
    assert stage.call("GET", "/sandbox/mail?to=nobody@demo.test").body["items"] == []  # nothing said, nothing sent
    assert_problem(stage.call("POST", "/v1/auth/password-reset", {"mail": "admin@demo.test"}), 400, "mail")
    assert stage.call("POST", "/v1/auth/password-reset", {"email": "Admin@Demo.test"}).status == 202
    mail = stage.call("GET", "/sandbox/mail?to=admin@demo.test").body["items"][0]
    assert "/reset-password/" in mail["body"] and "one hour" in mail["body"]
    token = reset_token(stage, "admin@demo.test")
    assert_problem(stage.call("POST", f"/v1/auth/password-reset/{token}", {"password": "short"}), 400, "password")
    answer = stage.call("POST", f"/v1/auth/password-reset/{token}", {"password": "brand-new-password"})
    assert answer.status == 200 and answer.body["agent"]["email"] == "admin@demo.test"
    assert stage.call("GET", "/v1/me", token=answer.body["token"]).status == 200  # logged in
    assert_problem(stage.call("GET", "/v1/me", token=admin), 401)  # the session from before is over
    assert stage.login("admin@demo.test", "brand-new-password")
    assert_problem(stage.call("POST", f"/v1/auth/password-reset/{token}", {"password": "again-password"}), 409)
    assert_problem(stage.call("POST", "/v1/auth/password-reset/demo.forged", {"password": "again-password"}), 404)


def test_a_reset_link_expires_after_an_hour(stage):
    stage.call("POST", "/v1/auth/password-reset", {"email": "admin@demo.test"})
    token = reset_token(stage, "admin@demo.test")
    stage.clock.advance(61 * 60)
    answer = stage.call("POST", f"/v1/auth/password-reset/{token}", {"password": "brand-new-password"})
    assert_problem(answer, 404)
    assert "expired" in answer.body["detail"]
    assert stage.login("admin@demo.test", "demo-password")  # unchanged


def test_deleting_an_account_keeps_its_messages_and_frees_its_email(stage):
    admin = stage.login()
    demo = demo_store(stage, admin)
    bob = invite_agent(stage, admin, demo, "bob@demo.test")
    bob_id = agent_id(stage, bob)
    stage.text("Bonjour")
    thread = stage.only_thread(bob)
    assert stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Bonjour !"}, token=bob).status == 201
    assert_problem(stage.call("DELETE", "/v1/me", {"password": "wrong-password"}, token=bob), 403, "password")
    assert_problem(stage.call("DELETE", "/v1/me", {}, token=bob), 400, "password")
    assert stage.call("GET", "/v1/me", token=bob).status == 200
    assert stage.call("DELETE", "/v1/me", {"password": "bob-password"}, token=bob).status == 204
    assert_problem(stage.call("GET", "/v1/me", token=bob), 401)
    messages = stage.call("GET", f"/v1/threads/{thread['id']}/messages", token=admin).body["items"]
    assert [(m["agent_id"], m["text"]) for m in messages if m["direction"] == "out"] == [(bob_id, "Bonjour !")]
    assert bob_id not in [a["id"] for a in stage.call("GET", "/v1/agents", token=admin).body["items"]]
    assert agent_counts(stage, admin)[demo] == 0
    assert_problem(stage.call("GET", f"/v1/agents/{bob_id}/rights", token=admin), 404)
    stage.clock.advance(60)  # the mailbox lists newest first: the new invitation comes before the old one
    again = invite_agent(stage, admin, demo, "bob@demo.test")  # the address can be used again
    assert agent_id(stage, again) != bob_id and agent_counts(stage, admin)[demo] == 1


def test_a_brand_admin_deletes_accounts_but_the_last_brand_admin_stays(stage):
    admin = stage.login()
    admin_id = agent_id(stage, admin)
    demo = demo_store(stage, admin)
    bob = invite_agent(stage, admin, demo, "bob@demo.test")
    bob_id = agent_id(stage, bob)
    assert_problem(stage.call("DELETE", "/v1/me", {"password": "demo-password"}, token=admin), 409)
    assert_problem(stage.call("DELETE", f"/v1/agents/{admin_id}", token=admin), 409)
    assert_problem(stage.call("DELETE", f"/v1/agents/{admin_id}", token=bob), 403)
    assert_problem(stage.call("DELETE", f"/v1/agents/{bob_id}", token=other_brand_admin(stage)), 404)
    assert stage.call("DELETE", f"/v1/agents/{bob_id}", token=admin).status == 204
    assert_problem(stage.call("GET", "/v1/me", token=bob), 401)
    assert_problem(stage.call("DELETE", f"/v1/agents/{bob_id}", token=admin), 404)
    assert stage.call("POST", "/v1/auth/login", {"email": "bob@demo.test", "password": "bob-password"}).status == 401
    assert stage.call("GET", "/v1/me", token=admin).status == 200
