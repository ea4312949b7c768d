"""A Messenger customer's files through the app: the webhook stores the platform's links, the outbound stream
copies them and the message then links to our copy, served to agents who may read the thread."""
from __future__ import annotations

from urllib.parse import quote

import pytest

from chalicelib.sandbox.media import SAMPLES, SandboxMedia
from chalicelib.services.domain.media import storage_key
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


def test_an_erased_customers_files_are_gone_from_the_store_and_their_links_answer_404(stage):
    connect(stage)
    customer = "+33612340000"
    for _ in range(2):  # two files on two messages of the same WhatsApp thread
        stage.call("POST", "/sandbox/meta", {"channel": "whatsapp", "from": customer, "to": "106540352242922",
                                             "text": "Voici", "attachment": "image"})
        stage.clock.advance(60)
    stage.settle()
    admin = stage.login()
    [thread] = threads(stage, admin)
    files = [a for m in messages(stage, admin, thread["id"]) for a in m["attachments"]]
    exported = stage.call("GET", f"/v1/customers/{quote(customer)}/export", token=admin).body
    assert sorted(f["url"] for f in exported["files"]) == sorted(f["url"] for f in files) and len(files) == 2
    assert all(f["thread_id"] == thread["id"] and f["size"] > 0 for f in exported["files"])
    store = stage.container.media.store
    brand = stage.call("GET", "/v1/me", token=admin).body["brand_id"]
    keys = [storage_key(brand, thread["id"], f["url"].rsplit("/", 1)[1]) for f in files]
    assert all(store.open(key) is not None for key in keys)

    assert stage.call("DELETE", f"/v1/customers/{quote(customer)}", token=admin).status == 204
    assert [store.open(key) for key in keys] == [None, None]
    for file in files:
        assert stage.call("GET", file["url"], token=admin).status == 404
