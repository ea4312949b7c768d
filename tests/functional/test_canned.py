"""Canned responses through the HTTP API (D6): brand library, personal ones, search, placeholders, rights."""
import pytest

from tests.functional.test_bad_input_and_tenancy import assert_problem
from tests.functional.test_sms_flow import invite_agent

PATH = "/v1/canned-responses"


def add(stage, token, title, text="Bonjour {first_name}, merci de votre message.", scope="brand"):
    answer = stage.call("POST", PATH, {"title": title, "text": text, "scope": scope}, token=token)
    assert answer.status == 201, answer.body
    return answer.body


def titles(stage, token, query=""):
    answer = stage.call("GET", f"{PATH}{query}", token=token)
    assert answer.status == 200, answer.body
    return [item["title"] for item in answer.body["items"]]


@pytest.fixture
def team(stage):
    admin = stage.login()
    store_id = stage.call("GET", "/v1/stores", token=admin).body["items"][0]["id"]
    return admin, invite_agent(stage, admin, store_id, "bob@demo.test")


def test_brand_and_personal_responses_are_listed_together_alphabetically(stage, team):
    admin, bob = team
    created = add(stage, admin, "Retour produit", "Renvoyez l'article sous 30 jours.")
    assert {k: created[k] for k in ("title", "scope", "owner_agent_id")} == {
        "title": "Retour produit", "scope": "brand", "owner_agent_id": None}
    assert created["created_at"] == created["updated_at"] and created["id"]
    add(stage, admin, "échange de taille", "Nous échangeons sans frais.")
    mine = add(stage, bob, "Délai de livraison", "Votre colis arrive sous 48 h.", scope="personal")
    assert mine["owner_agent_id"] == stage.call("GET", "/v1/me", token=bob).body["id"]
    assert titles(stage, bob) == ["Délai de livraison", "échange de taille", "Retour produit"]
    assert titles(stage, admin) == ["échange de taille", "Retour produit"]  # Bob's own are his
    assert titles(stage, bob, "?q=ECHANGE") == ["échange de taille"]
    assert titles(stage, bob, "?q=colis") == ["Délai de livraison"]


def test_a_thread_fills_the_placeholders(stage, team):
    admin, _ = team
    add(stage, admin, "Accueil", "Bonjour {first_name}, ici {store_name}. Je regarde.")
    stage.text("Bonjour")
    thread = stage.only_thread(admin)
    item = stage.call("GET", f"{PATH}?thread_id={thread['id']}", token=admin).body["items"][0]
    assert item["filled_text"] == "Bonjour, ici Demo store. Je regarde."
    assert item["text"] == "Bonjour {first_name}, ici {store_name}. Je regarde."
    assert "filled_text" not in stage.call("GET", PATH, token=admin).body["items"][0]
    assert_problem(stage.call("GET", f"{PATH}?thread_id=t-nope", token=admin), 404)


def test_editing_moves_a_response_and_deleting_removes_it(stage, team):
    admin, _ = team
    avoir = add(stage, admin, "Avoir")
    add(stage, admin, "Colis perdu")
    stage.clock.advance(60)
    edited = stage.call("PATCH", f"{PATH}/{avoir['id']}", {"title": "Remboursement"}, token=admin)
    assert edited.status == 200, edited.body
    assert edited.body["updated_at"] > edited.body["created_at"] and edited.body["text"] == avoir["text"]
    assert titles(stage, admin) == ["Colis perdu", "Remboursement"]
    deleted = stage.call("DELETE", f"{PATH}/{avoir['id']}", token=admin)
    assert deleted.status == 204
    assert titles(stage, admin) == ["Colis perdu"]
    assert_problem(stage.call("DELETE", f"{PATH}/{avoir['id']}", token=admin), 404)


def test_only_brand_admins_edit_the_brand_library_and_personal_ones_are_private(stage, team):
    admin, bob = team
    brand_one = add(stage, admin, "Retour")
    bobs = add(stage, bob, "Ma signature", "Bob, service client", scope="personal")
    assert_problem(stage.call("POST", PATH, {"title": "X", "text": "Y", "scope": "brand"}, token=bob), 403)
    assert_problem(stage.call("PATCH", f"{PATH}/{brand_one['id']}", {"text": "Autre"}, token=bob), 403)
    assert_problem(stage.call("DELETE", f"{PATH}/{brand_one['id']}", token=bob), 403)
    assert_problem(stage.call("PATCH", f"{PATH}/{bobs['id']}", {"text": "Pris"}, token=admin), 404)
    assert_problem(stage.call("DELETE", f"{PATH}/{bobs['id']}", token=admin), 404)
    stage.call("POST", "/sandbox/brands", {
        "name": "Other", "admin_email": "admin@other.test", "admin_password": "other-password",
        "store": {"name": "Other store", "timezone": "Europe/Paris", "phone_number": "+15550000002"}})
    other = stage.login("admin@other.test", "other-password")
    assert titles(stage, other) == []
    assert_problem(stage.call("PATCH", f"{PATH}/{brand_one['id']}", {"text": "Volé"}, token=other), 404)
    assert titles(stage, bob) == ["Ma signature", "Retour"]
    assert stage.call("GET", PATH, token=bob).body["items"][1]["text"] == brand_one["text"]


@pytest.mark.parametrize("method, raw, field", [
    ("POST", '{"title": "", "text": "Bonjour", "scope": "brand"}', "title"),
    ("POST", '{"title": "' + "x" * 121 + '", "text": "Bonjour", "scope": "brand"}', "title"),
    ("POST", '{"title": "   ", "text": "Bonjour", "scope": "brand"}', "title"),
    ("POST", '{"title": "Accueil", "text": "' + "x" * 1001 + '", "scope": "brand"}', "text"),
    ("POST", '{"title": "Accueil", "scope": "brand"}', "text"),
    ("POST", '{"title": "Accueil", "text": "Bonjour", "scope": "team"}', "scope"),
    ("POST", '{"title": "Accueil", "text": "Bonjour", "scope": "brand", "tags": []}', "tags"),
    ("PATCH", '{"title": ""}', "title"),
    ("PATCH", '{"text": "' + "x" * 1001 + '"}', "text"),
    ("PATCH", '{"scope": "personal"}', "scope"),
])
def test_bad_input_names_the_field_and_changes_nothing(stage, method, raw, field):
    admin = stage.login()
    kept = add(stage, admin, "Retour")
    path = PATH if method == "POST" else f"{PATH}/{kept['id']}"
    assert_problem(stage.call(method, path, raw=raw, token=admin), 400, field)
    assert stage.call("GET", PATH, token=admin).body["items"] == [kept]


def test_a_too_long_search_is_named(stage):
    admin = stage.login()
    assert_problem(stage.call("GET", f"{PATH}?q={'x' * 201}", token=admin), 400, "q")
