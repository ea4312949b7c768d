"""Keeping customers' files: copied once the message is on its thread, idempotent, capped, retried on a passing
failure, served only on a thread the agent may read."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import pytest

from chalicelib.adapters.media_files import FolderMediaStore, MemoryMediaStore
from chalicelib.services.domain import Attachment, Message
from chalicelib.services.domain.errors import NotFound
from chalicelib.services.domain.media import KEPT, MAX_BYTES, TOO_LARGE, UNAVAILABLE
from chalicelib.services.ports.media import File, MediaTooLarge, MediaUnavailable
from chalicelib.services.usecases.media import KeepMedia

CDN = "https://scontent.xx.fbcdn.net/v/photo.jpg?oh=1"


@dataclass
class Source:
    files: dict[str, File | Exception] = field(default_factory=dict)
    calls: list[tuple[str, str, str, int]] = field(default_factory=list)

    def fetch(self, channel: str, account: str, url: str, limit: int) -> File:
        self.calls.append((channel, account, url, limit))
        found = self.files[url]
        if isinstance(found, Exception):
            raise found
        return found


@dataclass
class Files:
    kept: dict[str, list[Attachment]] = field(default_factory=dict)
    erased: set[str] = field(default_factory=set)  # messages erased while their files were copied

    def keep_attachments(self, message: Message, attachments: list[Attachment]) -> bool:
        if message.id in self.erased:
            return False
        self.kept[message.id] = attachments
        return True


@dataclass
class Thread:
    brand_id: str
    id: str


class Access:
    def visible_thread(self, agent: object, thread_id: str) -> Thread:
        if agent != "agent-of-b1" or thread_id != "t1":
            raise NotFound("no such thread")
        return Thread("b1", "t1")


def inbound(*attachments: Attachment, channel: str = "messenger", applied: bool = True) -> Message:
    return Message(brand_id="b1", thread_id="t1", id="m_1", direction="in", author="customer", text="",
                   created_at=datetime(2026, 12, 1, tzinfo=UTC), channel=channel, store_id="s1",
                   customer_address="620", store_address="104060654500000", attachments=list(attachments),
                   applied=applied)


def keeper(source: Source, store: MemoryMediaStore | FolderMediaStore | None = None) -> tuple[KeepMedia, Files]:
    files = Files()
    return KeepMedia(source, store or MemoryMediaStore(), files, Access()), files  # type: ignore[arg-type]


def test_a_messenger_image_is_copied_and_the_message_points_at_the_copy() -> None:
    store = MemoryMediaStore()
    media, files = keeper(Source({CDN: File(b"\x89PNG data", "image/png")}), store)
    media.keep(inbound(Attachment(CDN, "image/*")))
    assert files.kept["m_1"] == [Attachment(KEPT + "m_1-0", "image/png", size=9)]
    assert store.files["b1/t1/m_1-0"] == File(b"\x89PNG data", "image/png")
    assert media.open("agent-of-b1", "t1", "m_1-0") == File(b"\x89PNG data", "image/png")


def test_nothing_is_fetched_before_the_message_is_on_its_thread_nor_once_kept_nor_for_sms() -> None:
    source = Source({CDN: File(b"x")})
    media, files = keeper(source)
    media.keep(inbound(Attachment(CDN), applied=False))
    media.keep(inbound(Attachment(KEPT + "m_1-0", "image/png", size=1)))
    media.keep(inbound(Attachment("https://api.twilio.com/media/ME1"), channel="sms"))
    media.keep(inbound(Attachment("https://api.twilio.com/media/ME1"), channel="whatsapp"))  # via Twilio
    assert source.calls == [] and files.kept == {}


def test_a_whatsapp_media_id_is_fetched_with_the_account_it_was_sent_to() -> None:
    source = Source({"meta-media:1234": File(b"%PDF", "application/pdf")})
    media, files = keeper(source)
    media.keep(inbound(Attachment("meta-media:1234", "application/pdf"), channel="whatsapp"))
    assert source.calls == [("whatsapp", "104060654500000", "meta-media:1234", MAX_BYTES)]
    assert files.kept["m_1"][0].url == KEPT + "m_1-0"


def test_copying_again_is_harmless() -> None:
    store = MemoryMediaStore()
    media, files = keeper(Source({CDN: File(b"abc", "image/jpeg")}), store)
    message = inbound(Attachment(CDN))
    media.keep(message)
    media.keep(message)  # the stream delivered the record twice
    assert list(store.files) == ["b1/t1/m_1-0"] and files.kept["m_1"][0].size == 3


def test_too_large_or_gone_is_marked_on_the_attachment_and_not_retried() -> None:
    big, gone = CDN + "&big", CDN + "&gone"
    media, files = keeper(Source({big: MediaTooLarge("26 MB"), gone: MediaUnavailable("404")}))
    media.keep(inbound(Attachment(big, "video/*"), Attachment(gone, "image/*")))
    assert [(a.url, a.error) for a in files.kept["m_1"]] == [(big, TOO_LARGE), (gone, UNAVAILABLE)]
    media.keep(replace(inbound(), attachments=files.kept["m_1"]))  # marked: nothing left to copy
    assert len(files.kept) == 1


def test_a_passing_failure_raises_for_the_stream_to_retry_then_succeeds() -> None:
    source = Source({CDN: ConnectionError("reset")})
    media, files = keeper(source)
    with pytest.raises(ConnectionError):
        media.keep(inbound(Attachment(CDN)))
    assert files.kept == {}
    source.files[CDN] = File(b"ok", "image/gif")
    media.keep(inbound(Attachment(CDN)))
    assert files.kept["m_1"][0].size == 2


def test_a_file_is_served_only_on_a_thread_the_agent_may_read() -> None:
    media, _ = keeper(Source({CDN: File(b"abc", "image/jpeg")}))
    media.keep(inbound(Attachment(CDN)))
    with pytest.raises(NotFound):
        media.open("agent-of-b2", "t1", "m_1-0")
    assert media.open("agent-of-b1", "t1", "m_9-0") is None


def test_the_folder_store_keeps_bytes_and_type_and_stays_in_its_folder(tmp_path) -> None:
    store = FolderMediaStore(tmp_path)
    store.put("b1/t1/m_1-0", File(b"bytes", "image/png"))
    assert store.open("b1/t1/m_1-0") == File(b"bytes", "image/png")
    assert store.open("b1/t1/m_2-0") is None
    with pytest.raises(ValueError):
        store.open("../outside")
    with pytest.raises(ValueError):
        store.delete("../outside")


@pytest.mark.parametrize("kind", ["folder", "memory"])
def test_a_deleted_file_is_gone_with_its_type_and_deleting_again_is_harmless(tmp_path, kind: str) -> None:
    store = FolderMediaStore(tmp_path) if kind == "folder" else MemoryMediaStore()
    store.put("b1/t1/m_1-0", File(b"bytes", "image/png"))
    store.put("b1/t1/m_2-0", File(b"other", "image/png"))
    store.delete("b1/t1/m_1-0")
    store.delete("b1/t1/m_1-0")
    assert store.open("b1/t1/m_1-0") is None
    assert store.open("b1/t1/m_2-0") == File(b"other", "image/png")
    if kind == "folder":
        assert sorted(p.name for p in (tmp_path / "b1" / "t1").iterdir()) == ["m_2-0", "m_2-0.json"]


def test_the_copies_of_a_message_erased_while_they_were_made_are_deleted() -> None:
    store = MemoryMediaStore()
    media, files = keeper(Source({CDN: File(b"abc", "image/jpeg"), CDN + "2": File(b"de", "image/png")}), store)
    files.erased.add("m_1")
    media.keep(inbound(Attachment(CDN), Attachment(CDN + "2")))
    assert store.files == {} and files.kept == {}


def test_whatsapp_media_scheme_is_the_one_the_webhook_reader_writes() -> None:
    from chalicelib.channels.meta_parse import MEDIA_SCHEME
    from chalicelib.services.domain.media import WHATSAPP_MEDIA

    assert MEDIA_SCHEME == WHATSAPP_MEDIA
