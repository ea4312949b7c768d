"""Black box: a customer's data exported then erased on the local stage over real HTTP (issue 13)."""
from urllib.parse import quote

CUSTOMER = "+33655501234"


def thread_of(stage, token, phone):
    items = stage.call("GET", "/v1/threads?status=waiting,replied,resolved", token=token).json()["items"]
    return [t for t in items if t["customer"]["phone"] == phone]


def test_text_erase_404_text_again_gives_a_new_thread(stage):
    token = stage.login()
    stage.text("Ma commande 7788 est en retard", sender=CUSTOMER)
    (thread,) = thread_of(stage, token, CUSTOMER)
    assert stage.call("POST", f"/v1/threads/{thread['id']}/notes", {"text": "à rappeler"}, token=token).status_code \
        == 201
    exported = stage.call("GET", f"/v1/customers/{quote(CUSTOMER)}/export", token=token)
    assert exported.status_code == 200, exported.text
    assert [m["text"] for m in exported.json()["threads"][0]["messages"]] == ["Ma commande 7788 est en retard"]

    erased = stage.call("DELETE", f"/v1/customers/{quote(CUSTOMER)}", token=token)
    assert erased.status_code == 204, erased.text
    stage.settle()
    assert stage.call("GET", f"/v1/threads/{thread['id']}", token=token).status_code == 404
    assert stage.call("GET", f"/v1/customers/{quote(CUSTOMER)}", token=token).status_code == 404
    assert stage.call("GET", "/v1/threads?q=7788", token=token).json()["items"] == []
    assert thread_of(stage, token, CUSTOMER) == []
    actions = [e["action"] for e in stage.call("GET", "/v1/audit", token=token).json()["items"]]
    assert actions[:2] == ["customer.erase", "customer.export"]

    stage.call("POST", "/sandbox/clock", {"advance_seconds": 60})
    stage.text("Bonjour, c'est encore moi", sender=CUSTOMER)
    (fresh,) = thread_of(stage, token, CUSTOMER)
    messages = stage.call("GET", f"/v1/threads/{fresh['id']}/messages", token=token).json()["items"]
    assert [m["text"] for m in messages] == ["Bonjour, c'est encore moi"]
    assert fresh["created_at"] > thread["created_at"]
    assert stage.call("GET", f"/v1/threads/{fresh['id']}/notes", token=token).json()["items"] == []
