"""Reading Meta's files to keep them: a CDN link as it is, a WhatsApp media id through the Graph API with the
account's token (its answer's link needs the token too), the size cap held while reading, refusals for good."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
import requests

from chalicelib.channels.graph import GRAPH_VERSION
from chalicelib.channels.meta_media import MetaMedia
from chalicelib.services.ports.media import File, MediaTooLarge, MediaUnavailable
from tests.unit.test_meta_send import WA, Accounts


@dataclass
class Answer:
    status_code: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    info: dict[str, Any] | None = None

    @property
    def content(self) -> bytes:
        return b"{}" if self.info is not None else self.body

    def json(self) -> dict[str, Any]:
        return self.info or {}

    def iter_content(self, size: int) -> Any:
        return (self.body[i:i + size] for i in range(0, len(self.body), size))

    def raise_for_status(self) -> None:
        if self.status_code >= 400:
            raise requests.HTTPError(str(self.status_code))


@dataclass
class Session:
    answers: dict[str, Answer]
    calls: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def get(self, url: str, headers: dict[str, str], stream: bool, timeout: Any) -> Answer:
        assert timeout  # never without one
        self.calls.append((url, headers))
        return self.answers[url]


CDN = "https://scontent.example.net/v/photo.jpg"


def test_a_cdn_link_is_read_as_it_is_without_a_token() -> None:
    session = Session({CDN: Answer(body=b"jpeg", headers={"Content-Type": "image/jpeg; charset=binary"})})
    assert MetaMedia(None, session=session).fetch("messenger", "page", CDN, 10) == File(b"jpeg", "image/jpeg")
    assert session.calls == [(CDN, {})]


def test_over_the_cap_is_refused_by_its_declared_length_or_while_reading() -> None:
    declared = Session({CDN: Answer(body=b"x", headers={"Content-Length": "11"})})
    with pytest.raises(MediaTooLarge):
        MetaMedia(None, session=declared).fetch("messenger", "page", CDN, 10)
    lying = Session({CDN: Answer(body=b"x" * 200_000, headers={"Content-Length": "5"})})
    with pytest.raises(MediaTooLarge):
        MetaMedia(None, session=lying).fetch("messenger", "page", CDN, 100_000)


def test_gone_is_for_good_and_an_outage_raises_for_a_retry() -> None:
    with pytest.raises(MediaUnavailable):
        MetaMedia(None, session=Session({CDN: Answer(status_code=404)})).fetch("instagram", "ig", CDN, 10)
    with pytest.raises(requests.HTTPError):
        MetaMedia(None, session=Session({CDN: Answer(status_code=503)})).fetch("instagram", "ig", CDN, 10)


def test_a_whatsapp_media_id_is_looked_up_then_downloaded_with_the_accounts_token() -> None:
    info = f"https://graph.facebook.com/{GRAPH_VERSION}/1234"
    link = "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1234"
    session = Session({info: Answer(info={"url": link, "mime_type": "application/pdf", "file_size": 4}),
                       link: Answer(body=b"%PDF")})
    found = MetaMedia(Accounts([WA]), session=session).fetch("whatsapp", WA.external_id, "meta-media:1234", 10)
    assert found == File(b"%PDF", "application/pdf")
    assert session.calls == [(info, {"Authorization": "Bearer token-of-ca3"}),
                             (link, {"Authorization": "Bearer token-of-ca3"})]


def test_a_whatsapp_file_too_large_by_its_declared_size_is_not_downloaded() -> None:
    info = f"https://graph.facebook.com/{GRAPH_VERSION}/77"
    session = Session({info: Answer(info={"url": "https://x.example/77", "file_size": 30_000_000})})
    with pytest.raises(MediaTooLarge):
        MetaMedia(Accounts([WA]), session=session).fetch("whatsapp", WA.external_id, "meta-media:77", 25_000_000)
    assert len(session.calls) == 1
    with pytest.raises(MediaUnavailable):  # no account connected for that number any more
        MetaMedia(Accounts([]), session=session).fetch("whatsapp", "999", "meta-media:77", 10)
