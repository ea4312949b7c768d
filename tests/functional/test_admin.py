"""Store administration, store groups and roles through the API (A5, A7, A8)."""
from tests.functional.support import ALICE, DEMO_NUMBER
from tests.functional.test_bad_input_and_tenancy import assert_problem
from tests.functional.test_sms_flow import invite_agent

BOB = "+33698765432"
WRITE = {"perimeter": True, "contactable": True, "admin": False}


def demo_store(stage, token):
    return stage.call("GET", "/v1/stores", token=token).body["items"][0]["id"]


def agent_id(stage, token):
    return stage.call("GET", "/v1/me", token=token).body["id"]


def agent_counts(stage, token):
    return {s["id"]: s["agent_count"] for s in stage.call("GET", "/v1/stores", token=token).body["items"]}


def new_store(stage, admin, name, number=None):
    body = {"name": name, "timezone": "Europe/Paris", **({"phone_number": number} if number else {})}
    answer = stage.call("POST", "/v1/stores", body, token=admin)
    assert answer.status == 201, answer.body
    return answer.body["id"]


def other_brand_admin(stage):
    answer = stage.call("POST", "/sandbox/brands", {
        "name": "Other", "admin_email": "boss@other.test", "admin_password": "other-password",
        "store": {"name": "Other store", "timezone": "Europe/Paris", "phone_number": "+15550000099"}})
    assert answer.status == 201, answer.body
    return stage.login("boss@other.test", "other-password")


class Team:
    """The demo admin, Bob (agent of the demo store), and Dan, admin of a second store only."""

    def __init__(self, stage):
        self.stage = stage
        self.admin = stage.login()
        self.demo = demo_store(stage, self.admin)
        self.delivery = new_store(stage, self.admin, "Delivery")
        self.bob = invite_agent(stage, self.admin, self.demo, "bob@demo.test")
        self.bob_id = agent_id(stage, self.bob)
        self.dan = invite_agent(stage, self.admin, self.delivery, "dan@demo.test")
        self.dan_id = agent_id(stage, self.dan)
        matrix = {"stores": {self.delivery: {"perimeter": True, "contactable": True, "admin": True}}}
        assert stage.call("PUT", f"/v1/agents/{self.dan_id}/rights", matrix, token=self.admin).status == 200

    def call(self, method, path, body=None, token=None, raw=None):
        return self.stage.call(method, path, body, token=token or self.admin, raw=raw)


# -- A5 ----------------------------------------------------------------------------------------
def test_a_store_admin_removes_an_agent_from_the_store(stage):
    team = Team(stage)
    path = f"/v1/stores/{team.demo}/agents/{team.bob_id}"
    assert_problem(team.call("DELETE", path, token=team.dan), 404)  # admin of another store: not even visible
    assert_problem(team.call("DELETE", path, token=other_brand_admin(stage)), 404)
    carla = invite_agent(stage, team.admin, team.demo, "carla@demo.test")
    assert_problem(team.call("DELETE", path, token=carla), 403)  # sees the store, does not administer it
    assert agent_counts(stage, team.admin)[team.demo] == 2
    assert team.call("DELETE", path).status == 204
    assert agent_counts(stage, team.admin)[team.demo] == 1
    assert team.call("GET", f"/v1/agents/{team.bob_id}/rights").body["stores"] == {}
    assert_problem(team.call("DELETE", path), 404)  # not in the store any more
    assert_problem(team.call("DELETE", f"/v1/stores/nope/agents/{team.bob_id}"), 404)


def test_promote_then_demote_a_store_admin(stage):
    team = Team(stage)
    path = f"/v1/stores/{team.demo}/agents/{team.bob_id}"
    invitation = {"email": "erin@demo.test", "store_id": team.demo}
    assert_problem(team.call("POST", "/v1/invitations", invitation, token=team.bob), 403)
    promoted = team.call("PATCH", path, {"admin": True})
    assert promoted.status == 200 and promoted.body["stores"][team.demo]["admin"] is True
    assert team.call("POST", "/v1/invitations", invitation, token=team.bob).status == 201
    demoted = team.call("PATCH", path, {"admin": False}, token=team.bob)  # an admin may step down
    assert demoted.body == {"agent_id": team.bob_id, "stores": {team.demo: WRITE}}
    assert_problem(team.call("PATCH", path, {"admin": True}, token=team.bob), 403)
    assert_problem(team.call("PATCH", path, {"admin": True}, token=team.dan), 404)


def test_bad_store_rights_input_names_the_field_and_changes_nothing(stage):
    team = Team(stage)
    path = f"/v1/stores/{team.demo}/agents/{team.bob_id}"
    assert_problem(team.call("PATCH", path, {"admin": "maybe"}), 400, "admin")
    assert_problem(team.call("PATCH", path, {"owner": True}), 400, "owner")
    assert_problem(team.call("PATCH", f"/v1/stores/{team.demo}/agents/{team.dan_id}", {"admin": True}), 404)
    assert team.call("GET", f"/v1/agents/{team.bob_id}/rights").body["stores"] == {team.demo: WRITE}


def test_admins_edit_an_agents_profile(stage):
    team = Team(stage)
    path = f"/v1/agents/{team.bob_id}"
    edited = team.call("PATCH", path, {"first_name": "Robert", "picture_url": "https://cdn.test/bob.png"})
    assert edited.status == 200 and (edited.body["first_name"], edited.body["last_name"]) == ("Robert", "Martin")
    assert team.call("GET", "/v1/me", token=team.bob).body["picture_url"] == "https://cdn.test/bob.png"
    assert_problem(team.call("PATCH", path, {"picture_url": "javascript:alert(1)"}), 400, "picture_url")
    assert_problem(team.call("PATCH", path, {"first_name": " "}), 400, "first_name")
    assert_problem(team.call("PATCH", path, {"first_name": "B", "nickname": "B"}), 400, "nickname")
    assert_problem(team.call("PATCH", path, {"last_name": "X"}, token=team.dan), 403)
    assert_problem(team.call("PATCH", f"/v1/agents/{team.dan_id}", {"last_name": "X"}, token=team.bob), 403)
    assert_problem(team.call("PATCH", path, {"last_name": "X"}, token=other_brand_admin(stage)), 404)
    me = team.call("GET", "/v1/me", token=team.bob).body
    assert (me["first_name"], me["last_name"]) == ("Robert", "Martin")


# -- A7 ----------------------------------------------------------------------------------------
def test_brand_admins_manage_store_groups(stage):
    team = Team(stage)
    assert_problem(team.call("POST", "/v1/store-groups", {"name": "All", "store_ids": [team.demo]}, token=team.bob),
                   403)
    assert_problem(team.call("POST", "/v1/store-groups", {"name": "All", "store_ids": [team.demo, "nope"]}), 400,
                   "store_ids")
    assert_problem(team.call("POST", "/v1/store-groups", {"name": "All"}), 400, "store_ids")
    assert team.call("GET", "/v1/store-groups").body["items"] == []
    created = team.call("POST", "/v1/store-groups", {"name": "All", "store_ids": [team.demo, team.delivery]})
    assert created.status == 201 and created.body["store_ids"] == [team.demo, team.delivery]
    group = created.body["id"]
    (seen,) = team.call("GET", "/v1/store-groups", token=team.bob).body["items"]
    assert (seen["name"], seen["store_ids"]) == ("All", [team.demo])  # Bob sees only his store
    assert_problem(team.call("PATCH", f"/v1/store-groups/{group}", {"name": "North"}, token=team.bob), 403)
    assert_problem(team.call("PATCH", f"/v1/store-groups/{group}", {"name": "North", "store_ids": ["x"]}), 400,
                   "store_ids")
    renamed = team.call("PATCH", f"/v1/store-groups/{group}", {"name": "North"})
    assert renamed.body["name"] == "North" and renamed.body["store_ids"] == [team.demo, team.delivery]
    assert_problem(team.call("PATCH", "/v1/store-groups/nope", {"name": "North"}), 404)
    other = other_brand_admin(stage)
    assert team.call("GET", "/v1/store-groups", token=other).body["items"] == []
    assert_problem(team.call("DELETE", f"/v1/store-groups/{group}", token=other), 404)
    assert_problem(team.call("DELETE", f"/v1/store-groups/{group}", token=team.bob), 403)
    assert team.call("DELETE", f"/v1/store-groups/{group}").status == 204
    assert_problem(team.call("DELETE", f"/v1/store-groups/{group}"), 404)


def test_the_inbox_filters_by_store_group(stage):
    admin = stage.login()
    demo = demo_store(stage, admin)
    second = new_store(stage, admin, "Second", "+15550000002")
    stage.text("Bonjour", sender=ALICE, to=DEMO_NUMBER)
    stage.text("Hello", sender=BOB, to="+15550000002")
    group = stage.call("POST", "/v1/store-groups", {"name": "South", "store_ids": [second]}, token=admin).body["id"]
    answer = stage.call("GET", f"/v1/threads?group_id={group}", token=admin)
    assert [t["store_id"] for t in answer.body["items"]] == [second] and answer.body["counts"]["waiting"] == 1
    bob = invite_agent(stage, admin, demo, "bob@demo.test")
    empty = stage.call("GET", f"/v1/threads?group_id={group}", token=bob)  # none of the group's stores is his
    assert empty.status == 200 and empty.body["items"] == [] and empty.body["counts"]["waiting"] == 0
    assert_problem(stage.call("GET", f"/v1/threads?group_id={group}&store_id={demo}", token=admin), 400, "group_id")
    assert_problem(stage.call("GET", "/v1/threads?group_id=nope", token=admin), 404)
    assert_problem(stage.call("GET", f"/v1/threads?group_id={group}", token=other_brand_admin(stage)), 404)


# -- A8 ----------------------------------------------------------------------------------------
def test_brand_admins_manage_roles(stage):
    team = Team(stage)
    role = {"name": "Answers", "sections": ["inbox"], "channels": ["sms"]}
    assert_problem(team.call("POST", "/v1/roles", role, token=team.bob), 403)
    assert_problem(team.call("POST", "/v1/roles", {**role, "sections": ["inbox", "billing"]}), 400, "sections.1")
    assert_problem(team.call("POST", "/v1/roles", {**role, "channels": ["fax"]}), 400, "channels.0")
    assert_problem(team.call("POST", "/v1/roles", {**role, "name": ""}), 400, "name")
    assert team.call("GET", "/v1/roles").body["items"] == []
    created = team.call("POST", "/v1/roles", role)
    assert created.status == 201 and created.body["sections"] == ["inbox"]
    role_id = created.body["id"]
    assert_problem(team.call("POST", "/v1/roles", role), 409, "name")  # one name, one role
    assert_problem(team.call("PATCH", f"/v1/roles/{role_id}", {"sections": ["nope"]}), 400, "sections.0")
    patched = team.call("PATCH", f"/v1/roles/{role_id}", {"sections": ["statistics", "inbox"]})
    assert patched.body["sections"] == ["inbox", "statistics"]
    assert_problem(team.call("PATCH", "/v1/roles/nope", {"name": "X"}), 404)
    assert_problem(team.call("PUT", f"/v1/agents/{team.bob_id}/role", {"role_id": role_id}, token=team.dan), 403)
    assert_problem(team.call("PUT", f"/v1/agents/{team.bob_id}/role", {"role_id": "nope"}), 400, "role_id")
    assert_problem(team.call("PUT", f"/v1/agents/{team.bob_id}/role", {}), 400, "role_id")
    assert team.call("PUT", f"/v1/agents/{team.bob_id}/role", {"role_id": role_id}).body["role_id"] == role_id
    assert_problem(team.call("DELETE", f"/v1/roles/{role_id}"), 409)
    assert team.call("PUT", f"/v1/agents/{team.bob_id}/role", {"role_id": None}).body["role_id"] is None
    assert_problem(team.call("DELETE", f"/v1/roles/{role_id}", token=team.bob), 403)
    assert team.call("DELETE", f"/v1/roles/{role_id}").status == 204
    assert_problem(team.call("DELETE", f"/v1/roles/{role_id}"), 404)


def test_a_role_decides_sections_and_channels(stage):
    team = Team(stage)
    role_id = team.call("POST", "/v1/roles", {"name": "Answers", "sections": ["inbox"], "channels": ["sms"]}).body["id"]
    team.call("PATCH", f"/v1/stores/{team.demo}/agents/{team.bob_id}", {"admin": True})
    stats = "/v1/stats?from=2026-11-23&to=2026-11-23"
    assert team.call("GET", stats, token=team.bob).status == 200  # no role: everything
    team.call("PUT", f"/v1/agents/{team.bob_id}/role", {"role_id": role_id})
    me = team.call("GET", "/v1/me", token=team.bob).body
    assert me["role"] == {"id": role_id, "name": "Answers"} and me["sections"] == ["inbox"]
    assert me["channels"] == ["sms"]
    assert_problem(team.call("GET", stats, token=team.bob), 403)
    assert_problem(team.call("GET", "/v1/stats/top-stores?from=2026-11-23&to=2026-11-23", token=team.bob), 403)
    escalation = {"mode": "off", "delay_minutes": 5, "agent_ids": []}
    assert_problem(team.call("PUT", f"/v1/stores/{team.demo}/escalation", escalation, token=team.bob), 403)
    assert team.call("GET", f"/v1/stores/{team.demo}/escalation", token=team.bob).status == 200  # reading stays
    stage.text("Bonjour")
    thread = stage.only_thread(team.bob)
    assert team.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Hi"}, token=team.bob).status == 201
    # Without the sms channel: no answer, no new thread, on the server.
    team.call("PATCH", f"/v1/roles/{role_id}", {"channels": []})
    assert team.call("GET", "/v1/me", token=team.bob).body["channels"] == []
    assert_problem(team.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Hi"}, token=team.bob), 403)
    start = {"store_id": team.demo, "channel": "sms", "to": BOB, "text": "Hello"}
    assert_problem(team.call("POST", "/v1/threads", start, token=team.bob), 403)
    # Every channel the product answers on can be given, reviews included; one it does not is refused.
    every = ["sms", "whatsapp", "messenger", "instagram", "review"]
    assert sorted(team.call("PATCH", f"/v1/roles/{role_id}", {"channels": every}).body["channels"]) == sorted(every)
    assert sorted(team.call("GET", "/v1/me", token=team.bob).body["channels"]) == sorted(every)
    assert team.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Hi"}, token=team.bob).status == 201
    assert_problem(team.call("PATCH", f"/v1/roles/{role_id}", {"channels": ["sms", "pigeon"]}), 400, "channels.1")
    # Without the inbox: no thread route at all.
    team.call("PATCH", f"/v1/roles/{role_id}", {"sections": ["statistics"]})
    assert_problem(team.call("GET", "/v1/threads", token=team.bob), 403)
    assert_problem(team.call("GET", f"/v1/threads/{thread['id']}", token=team.bob), 403)
    assert team.call("GET", stats, token=team.bob).status == 200
    # A brand admin is never restricted by a role.
    admin_id = agent_id(stage, team.admin)
    team.call("PUT", f"/v1/agents/{admin_id}/role", {"role_id": role_id})
    me = team.call("GET", "/v1/me").body
    assert me["role"]["id"] == role_id and me["sections"] == ["inbox", "statistics", "admin"]
    assert team.call("GET", "/v1/threads").status == 200
