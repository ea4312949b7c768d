"""A store's Messenger, Instagram and WhatsApp accounts through the HTTP API: connect, list, reconnect, switch
comments, disconnect; the access token kept as a secret and never answered, audited or logged."""
from __future__ import annotations

import pytest

from tests.functional.test_bad_input_and_tenancy import assert_problem

PAGE, TOKEN, NEW_TOKEN = "104512345678901", "EAAGm0PX4ZCpsBA-matrix-secret-token", "EAAGnewer-secret-token"


@pytest.fixture
def admin_and_store(stage):  # type: ignore[no-untyped-def]
    admin = stage.login()
    return admin, stage.call("GET", "/v1/stores", token=admin).body["items"][0]["id"]


def connect(stage, admin, store_id, **body):  # type: ignore[no-untyped-def]
    sent = {"kind": "messenger", "external_id": PAGE, "name": "Maison Paris", "access_token": TOKEN} | body
    return stage.call("POST", f"/v1/stores/{store_id}/channels", sent, token=admin)


def test_a_connected_page_is_listed_found_by_the_webhook_and_its_token_never_shown(stage, admin_and_store,
                                                                                   capsys):  # type: ignore[no-untyped-def]
    admin, store_id = admin_and_store
    created = connect(stage, admin, store_id)
    assert created.status == 201, created.body
    assert {k: created.body[k] for k in ("kind", "external_id", "name", "status", "receive_comments")} == {
        "kind": "messenger", "external_id": PAGE, "name": "Maison Paris", "status": "connected",
        "receive_comments": True}
    listed = stage.call("GET", f"/v1/stores/{store_id}/channels", token=admin)
    assert listed.body["items"] == [created.body]
    cases = stage.container.channel_accounts
    found = cases.find("messenger", PAGE)
    assert found is not None and found.id == created.body["id"] and cases.token_for(found) == TOKEN
    audit = stage.call("GET", "/v1/audit", token=admin).body["items"]
    assert audit[0]["action"] == "channel.connect" and audit[0]["target"]["id"] == created.body["id"]
    answers = [created.body, listed.body, audit]
    assert TOKEN not in repr(answers) and TOKEN not in capsys.readouterr().out


def test_a_page_is_connected_to_one_store_only_and_bad_input_names_its_field(stage, admin_and_store):  # type: ignore[no-untyped-def]
    admin, store_id = admin_and_store
    assert connect(stage, admin, store_id).status == 201
    assert_problem(connect(stage, admin, store_id), 409, "external_id")
    assert_problem(connect(stage, admin, store_id, external_id="my-page"), 400, "external_id")
    assert_problem(connect(stage, admin, store_id, external_id="2", access_token=None), 400, "access_token")
    # The web widget and the app SDK cannot be connected yet: the schema offers Meta's kinds only.
    assert_problem(connect(stage, admin, store_id, kind="widget", external_id=None), 400, "kind")
    assert_problem(connect(stage, admin, store_id, kind="sdk"), 400, "kind")
    assert_problem(connect(stage, admin, store_id, external_id="4", access_token=" spaced "), 400, "access_token")
    assert_problem(connect(stage, admin, store_id, kind="whatsapp", external_id="3", receive_comments=True), 400,
                   "receive_comments")


def test_reconnecting_with_a_new_token_clears_needs_reconnect(stage, admin_and_store, capsys):  # type: ignore[no-untyped-def]
    admin, store_id = admin_and_store
    channel_id = connect(stage, admin, store_id, kind="instagram").body["id"]
    cases = stage.container.channel_accounts
    cases.mark_needs_reconnect(cases.find("instagram", PAGE))
    path = f"/v1/stores/{store_id}/channels/{channel_id}"
    listed = stage.call("GET", f"/v1/stores/{store_id}/channels", token=admin).body["items"]
    assert listed[0]["status"] == "needs_reconnect"
    patched = stage.call("PATCH", path, {"access_token": NEW_TOKEN, "receive_comments": False}, token=admin)
    assert patched.status == 200, patched.body
    assert (patched.body["status"], patched.body["receive_comments"]) == ("connected", False)
    assert cases.token_for(cases.find("instagram", PAGE)) == NEW_TOKEN
    entry = stage.call("GET", "/v1/audit", token=admin).body["items"][0]
    assert entry["action"] == "channel.update" and entry["details"]["access_token"] == "(hidden)"
    assert entry["details"]["receive_comments"] is False
    assert NEW_TOKEN not in repr([patched.body, entry]) and NEW_TOKEN not in capsys.readouterr().out


def test_disconnecting_forgets_the_token_and_frees_the_page(stage, admin_and_store):  # type: ignore[no-untyped-def]
    admin, store_id = admin_and_store
    created = connect(stage, admin, store_id, kind="whatsapp").body
    path = f"/v1/stores/{store_id}/channels/{created['id']}"
    assert stage.call("DELETE", path, token=admin).status == 204
    assert stage.call("GET", f"/v1/stores/{store_id}/channels", token=admin).body["items"] == []
    assert stage.container.channel_accounts.find("whatsapp", PAGE) is None
    assert_problem(stage.call("DELETE", path, token=admin), 404)
    assert stage.call("GET", "/v1/audit", token=admin).body["items"][0]["action"] == "channel.disconnect"
    assert connect(stage, admin, store_id, kind="whatsapp").status == 201


def test_a_null_token_in_a_change_changes_nothing(stage, admin_and_store):  # type: ignore[no-untyped-def]
    admin, store_id = admin_and_store
    channel_id = connect(stage, admin, store_id, kind="instagram").body["id"]
    path = f"/v1/stores/{store_id}/channels/{channel_id}"
    changed = stage.call("PATCH", path, {"access_token": None, "receive_comments": False}, token=admin)
    assert changed.status == 200, changed.body
    assert changed.body["status"] == "connected" and changed.body["receive_comments"] is False
    assert stage.container.channel_accounts.token_for(stage.container.channel_accounts.find("instagram", PAGE))
