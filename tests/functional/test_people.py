"""Invitations, rights per store, read-only stores, the account (A2, A3, A4, A6)."""
from tests.functional.support import ALICE
from tests.functional.test_sms_flow import invite_agent


def stores_of(stage, token):
    return {s["name"]: s for s in stage.call("GET", "/v1/stores", token=token).body["items"]}


def test_invited_employee_accepts_and_becomes_an_agent_of_the_store(stage):
    admin = stage.login()
    store = stores_of(stage, admin)["Demo store"]
    bob = invite_agent(stage, admin, store["id"], "bob@demo.test")
    me = stage.call("GET", "/v1/me", token=bob).body
    assert me["email"] == "bob@demo.test" and me["rights"][store["id"]]["perimeter"] is True
    assert stores_of(stage, admin)["Demo store"]["agent_count"] == 1
    accepted_mail = stage.call("GET", "/sandbox/mail?to=admin@demo.test").body["items"]
    assert "accepted your invitation" in accepted_mail[0]["subject"]
    assert stage.login("bob@demo.test", "bob-password")


def test_an_invitation_is_accepted_once(stage):
    admin = stage.login()
    store = stores_of(stage, admin)["Demo store"]
    stage.call("POST", "/v1/invitations", {"email": "carla@demo.test", "store_id": store["id"]}, token=admin)
    body = stage.call("GET", "/sandbox/mail?to=carla@demo.test").body["items"][0]["body"]
    token = next(w for w in body.split() if "/invitations/" in w).rsplit("/", 1)[1]
    form = {"password": "carla-password", "first_name": "Carla", "last_name": "Diaz"}
    assert stage.call("POST", f"/v1/invitations/{token}/accept", form).status == 200
    assert stage.call("POST", f"/v1/invitations/{token}/accept", form).status == 409
    assert stage.call("POST", "/v1/invitations/demo.forged/accept", form).status == 404


def test_rights_matrix_is_saved_whole_and_a_store_without_perimeter_is_read_only(stage):
    admin = stage.login()
    demo = stores_of(stage, admin)["Demo store"]
    other = stage.call("POST", "/v1/stores", {"name": "Delivery", "timezone": "Europe/Paris"}, token=admin).body
    bob = invite_agent(stage, admin, demo["id"], "bob@demo.test")
    bob_id = stage.call("GET", "/v1/me", token=bob).body["id"]
    matrix = {"stores": {demo["id"]: {"perimeter": False, "contactable": True, "admin": False},
                         other["id"]: {"perimeter": True, "contactable": True, "admin": False}}}
    saved = stage.call("PUT", f"/v1/agents/{bob_id}/rights", matrix, token=admin)
    assert saved.status == 200 and saved.body["stores"] == matrix["stores"]
    assert stage.call("GET", f"/v1/agents/{bob_id}/rights", token=admin).body["stores"] == matrix["stores"]
    assert stores_of(stage, admin)["Delivery"]["agent_count"] == 1
    stage.text("Bonjour", sender=ALICE)
    thread = stage.only_thread(bob)  # visible...
    answer = stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Bonjour"}, token=bob)
    assert answer.status == 403  # ...but read-only
    assert stage.call("PUT", f"/v1/agents/{bob_id}/rights", matrix, token=bob).status == 403


def test_rights_for_an_unknown_store_are_refused(stage):
    admin = stage.login()
    me = stage.call("GET", "/v1/me", token=admin).body
    answer = stage.call("PUT", f"/v1/agents/{me['id']}/rights", {"stores": {"nope": {"perimeter": True}}}, token=admin)
    assert answer.status == 400 and "stores.nope" in answer.body["errors"]


def test_brand_and_account_settings(stage):
    admin = stage.login()
    assert stage.call("PATCH", "/v1/brand", {"name": "Maison Demo"}, token=admin).body["name"] == "Maison Demo"
    me = stage.call("PATCH", "/v1/me", {"first_name": "Ada", "notify_new_message": True}, token=admin).body
    assert me["first_name"] == "Ada" and me["notify_new_message"] is True
    store = stores_of(stage, admin)["Demo store"]
    patched = stage.call("PATCH", f"/v1/stores/{store['id']}", {"address": "1 rue de la Paix, Paris"}, token=admin)
    assert patched.body["address"] == "1 rue de la Paix, Paris" and patched.body["phone_number"] == "+15550000001"


def test_a_store_number_belongs_to_one_store(stage):
    admin = stage.login()
    answer = stage.call("POST", "/v1/stores", {"name": "Copy", "timezone": "Europe/Paris",
                                               "phone_number": "+15550000001"}, token=admin)
    assert answer.status == 409
    assert len(stores_of(stage, admin)) == 1
