"""Black box: customers' pictures and the comment window on the real local stage. A Messenger customer writes
through the sandbox's Meta twin; the Graph twin's User Profile API names them and points at a picture its file
server serves; the stage keeps a copy and serves it to agents only. A customer who only commented may be answered
under the comment, not by a free direct message."""
import pytest

from chalicelib.sandbox.media import SAMPLES

PAGE, ACCOUNT = "104060654500000", "17841400000000001"


def ok(answer, status=200):
    assert answer.status_code == status, f"{answer.request.method} {answer.request.url}: {answer.status_code} " \
                                         f"{answer.text}"
    return answer.json() if answer.content and answer.headers.get("Content-Type", "").endswith("json") else None


@pytest.fixture(scope="module")
def admin(stage):
    token = stage.login()
    store_id = ok(stage.call("GET", "/v1/stores", token=token))["items"][0]["id"]
    for kind, external_id in (("messenger", PAGE), ("instagram", ACCOUNT)):
        ok(stage.call("POST", f"/v1/stores/{store_id}/channels", {"kind": kind, "external_id": external_id,
                                                                   "name": f"Demo {kind}",
                                                                   "access_token": f"EAA-{kind}-token"},
                      token=token), 201)
    return token


def thread_of(stage, token, customer):
    threads = ok(stage.call("GET", "/v1/threads", params={"status": "waiting,replied,resolved"}, token=token))
    return next(t for t in threads["items"] if t["customer"]["phone"] == customer)


def test_a_messenger_customer_s_picture_is_kept_and_served_to_agents_only(stage, admin):
    customer = "6200000000000301"
    ok(stage.call("POST", "/sandbox/meta", {"channel": "messenger", "from": customer, "to": PAGE,
                                            "text": "Bonjour"}), 202)
    stage.settle()
    thread = thread_of(stage, admin, customer)
    assert thread["customer"]["name"] and thread["customer"]["picture_url"] == f"/v1/threads/{thread['id']}/picture"
    picture = stage.call("GET", thread["customer"]["picture_url"], token=admin, headers={"Accept": "image/png"})
    assert picture.status_code == 200 and picture.headers["Content-Type"] == "image/png"
    assert picture.content == SAMPLES["image"][1]
    assert stage.call("GET", thread["customer"]["picture_url"]).status_code == 401
    assert stage.call("GET", "/v1/threads/t-nope/picture", token=admin).status_code == 404


def test_a_customer_who_only_commented_is_answered_under_the_comment(stage, admin):
    customer = "7300000000000302"
    ok(stage.call("POST", "/sandbox/meta", {"channel": "instagram", "from": customer, "to": ACCOUNT,
                                            "text": "En 40 ?", "comment": True, "post_id": "p1"}), 202)
    stage.settle()
    thread = thread_of(stage, admin, customer)
    assert thread["reply_window"]["comments"] is True and thread["reply_window"]["ends_at"] is None
    path = f"/v1/threads/{thread['id']}/messages"
    refused = stage.call("POST", path, {"text": "Oui"}, token=admin)
    assert refused.status_code == 422 and refused.json()["type"].endswith("/window-closed")
    assert refused.json()["comment_replies"] is True
    [comment] = ok(stage.call("GET", path, token=admin))["items"]
    ok(stage.call("POST", path, {"text": "Oui, en 40", "reply_to": comment["id"], "private": True}, token=admin), 201)
