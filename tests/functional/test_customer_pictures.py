"""A Messenger customer's picture through the app: the outbound stream asks the Graph twin's User Profile API,
copies the picture it points at into our storage, and the thread links to our copy, served to agents only."""
from __future__ import annotations

from chalicelib.sandbox.media import SAMPLES, SandboxMedia
from chalicelib.services.ports.media import MediaUnavailable
from tests.functional.test_meta_webhook import connect, fixture_body, post, threads


def test_the_customer_s_picture_is_kept_and_served_to_agents(stage):
    connect(stage)
    assert post(stage, fixture_body("messenger_text")).status == 200
    stage.settle()
    token = stage.login()
    [thread] = threads(stage, token)
    customer = thread["customer"]
    assert customer["name"] and customer["picture_url"] == f"/v1/threads/{thread['id']}/picture"
    served = stage.client.http.request("GET", customer["picture_url"], body=b"",
                                       headers={"Authorization": f"Bearer {token}", "Accept": "image/png"})
    assert served.status_code == 200 and served.headers["Content-Type"] == "image/png"
    assert served.body == SAMPLES["image"][1]  # the twin's picture, as its file server served it
    assert stage.call("GET", customer["picture_url"]).status == 401
    assert stage.call("GET", "/v1/threads/nope/picture", token=token).status == 404
    one = stage.call("GET", f"/v1/threads/{thread['id']}", token=token).body
    assert one["customer"]["picture_url"] == customer["picture_url"]


def test_a_picture_the_platform_does_not_serve_leaves_initials_and_the_name(stage, monkeypatch):
    def unavailable(self, channel: str, account: str, url: str, limit: int):  # type: ignore[no-untyped-def]
        raise MediaUnavailable("expired")

    monkeypatch.setattr(SandboxMedia, "fetch", unavailable)
    connect(stage)
    assert post(stage, fixture_body("messenger_text")).status == 200
    stage.settle()
    token = stage.login()
    [thread] = threads(stage, token)
    assert thread["customer"]["name"] and thread["customer"]["picture_url"] is None
    assert thread["status"] == "waiting"
    assert stage.call("GET", f"/v1/threads/{thread['id']}/picture", token=token).status == 404
