"""A Messenger customer's files through the app: the webhook stores the platform's links, the outbound stream
copies them and the message then links to our copy, served to agents who may read the thread."""
from __future__ import annotations

import pytest

from chalicelib.sandbox.media import SAMPLES, SandboxMedia
from chalicelib.services.ports.media import File, MediaTooLarge
from tests.functional.test_meta_webhook import connect, fixture_body, messages, post, threads

PHOTO = "https://scontent.example.net/v/photo.jpg"
RECEIPT = "https://cdn.fbsbx.example.net/v/receipt.pdf"


@pytest.fixture
def platform(monkeypatch):
    """Meta's CDN: the photo is served, the receipt is over the size we keep."""
    fetched: list[str] = []

    def fetch(self, channel: str, account: str, url: str, limit: int) -> File:
        fetched.append(url)
        if url == RECEIPT:
            raise MediaTooLarge("30 MB")
        return File(b"photo-bytes", "image/jpeg")

    monkeypatch.setattr(SandboxMedia, "fetch", fetch)  # the local stage's source of platform files
    return fetched


def test_a_messenger_image_is_kept_and_served_to_agents_only(stage, platform):
    connect(stage)
    assert post(stage, fixture_body("messenger_attachments")).status == 200
    stage.settle()
    token = stage.login()
    [thread] = threads(stage, token)
    [message] = messages(stage, token, thread["id"])
    photo, receipt = message["attachments"]
    assert photo["url"] == f"/v1/threads/{thread['id']}/files/{message['id']}-0"
    assert (photo["content_type"], photo["size"], photo.get("error")) == ("image/jpeg", 11, None)
    assert (receipt["url"], receipt["error"]) == (RECEIPT, "too_large")
    files = [url for url in platform if "/profile-" not in url]  # besides the customer's picture, once
    assert sorted(files) == sorted([PHOTO, RECEIPT])  # once each, though the stream saw the message thrice

    served = stage.call("GET", photo["url"], token=token, headers={"Accept": "image/jpeg"})
    assert served.status == 200 and served.body == "photo-bytes"
    assert served.headers["Content-Type"] == "image/jpeg"
    assert stage.call("GET", photo["url"]).status == 401
    assert stage.call("GET", f"/v1/threads/{thread['id']}/files/{message['id']}-5", token=token).status == 404
    assert stage.call("GET", f"/v1/threads/nope/files/{message['id']}-0", token=token).status == 404
    bad = stage.call("GET", f"/v1/threads/{thread['id']}/files/a%20b", token=token)
    assert bad.status in (400, 404)


def test_a_customer_of_the_sandbox_sends_files_on_messenger_and_whatsapp(stage):
    connect(stage)
    for channel, customer, account, kind in (("messenger", "620", "104060654500000", "file"),
                                             ("whatsapp", "+33612340000", "106540352242922", "audio")):
        sent = stage.call("POST", "/sandbox/meta", {"channel": channel, "from": customer, "to": account,
                                                    "text": "Voici", "attachment": kind})
        assert sent.status == 202 and sent.body == {"stored": 1}
    stage.settle()
    token = stage.login()
    for thread in threads(stage, token):
        [message] = messages(stage, token, thread["id"])
        [file] = message["attachments"]
        content_type, data, _ = SAMPLES["file" if thread["channel"] == "messenger" else "audio"]
        assert (file["content_type"], file["size"], file.get("error")) == (content_type, len(data), None)
        served = stage.call("GET", file["url"], token=token, headers={"Accept": content_type})
        assert served.status == 200 and served.body == data.decode()
    refused = stage.call("POST", "/sandbox/meta", {"payload": {"object": "page"}, "attachment": "image"})
    assert refused.status == 400
