"""Files a store sends on Meta's channels: Messenger's and Instagram's attachment payload, WhatsApp's media by
link, and the sandbox's Graph twin recording them in the outbox."""
from __future__ import annotations

from typing import Any

import pytest

from chalicelib.channels.meta import InstagramChannel, MessengerChannel, WhatsAppCloudChannel
from chalicelib.services.domain.channels import CHANNEL_RULES
from chalicelib.services.domain.conversation import Attachment
from chalicelib.services.ports.channels import Outgoing
from tests.unit.test_meta_send import IG, PAGE, WA, WEBHOOK, Accounts, Graph

PHOTO = "https://cdn.example.com/photo.jpg"


def test_meta_channels_take_one_file_per_message() -> None:
    for name in ("messenger", "instagram", "whatsapp"):
        rules = CHANNEL_RULES[name]
        assert rules.accepts([Attachment(PHOTO, "image/jpeg")])
        assert not rules.accepts([Attachment(PHOTO, "image/jpeg"), Attachment(PHOTO, "image/png")])
    for channel in (MessengerChannel, InstagramChannel, WhatsAppCloudChannel):
        assert channel.capabilities.max_attachments == 1


@pytest.mark.parametrize(("content_type", "kind"), [
    ("image/jpeg", "image"), ("video/mp4", "video"), ("audio/ogg", "audio"), ("application/pdf", "file"),
    (None, "file")])
def test_messenger_sends_a_file_by_its_link_with_its_kind(content_type: str | None, kind: str) -> None:
    graph = Graph({"message_id": "m_file"})
    sent = MessengerChannel(WEBHOOK, graph, Accounts([PAGE])).send(
        Outgoing(to="620", sender=PAGE.external_id, text="", media_urls=(PHOTO,), media_types=(content_type,)))
    assert sent == "m_file"
    assert graph.calls == [(f"{PAGE.external_id}/messages", "token-of-ca1", {
        "recipient": {"id": "620"}, "messaging_type": "RESPONSE",
        "message": {"attachment": {"type": kind, "payload": {"url": PHOTO, "is_reusable": False}}}})]


def test_instagram_file_and_text_are_two_sends_the_text_last_and_both_tagged() -> None:
    graph = Graph({"message_id": "m_2"})
    InstagramChannel(WEBHOOK, graph, Accounts([IG])).send(
        Outgoing(to="730", sender=IG.external_id, text="Voici", media_urls=(PHOTO,), media_types=("image/png",),
                 tag="POST_PURCHASE_UPDATE"))
    file, text = (call[2] for call in graph.calls)
    assert file["message"] == {"attachment": {"type": "image", "payload": {"url": PHOTO, "is_reusable": False}}}
    assert text["message"] == {"text": "Voici"}
    assert file["tag"] == text["tag"] == "POST_PURCHASE_UPDATE"


def _wa(graph: Graph, text: str, content_type: str) -> list[dict[str, Any]]:
    WhatsAppCloudChannel(WEBHOOK, graph, Accounts([WA])).send(
        Outgoing(to="+16505551234", sender=WA.external_id, text=text, media_urls=(PHOTO,),
                 media_types=(content_type,)))
    return [call[2] for call in graph.calls]


def test_whatsapp_sends_an_image_with_the_text_as_caption_in_one_send() -> None:
    graph = Graph({"messages": [{"id": "wamid.F"}]})
    assert _wa(graph, "Votre ticket", "image/jpeg") == [{
        "messaging_product": "whatsapp", "recipient_type": "individual", "to": "16505551234",
        "type": "image", "image": {"link": PHOTO, "caption": "Votre ticket"}}]


def test_whatsapp_sends_other_files_as_documents_and_audio_without_caption() -> None:
    document = _wa(Graph({"messages": [{"id": "wamid.D"}]}), "", "application/pdf")
    assert document[0]["type"] == "document" and document[0]["document"] == {"link": PHOTO}
    audio, text = _wa(Graph({"messages": [{"id": "wamid.A"}]}), "Écoutez", "audio/mpeg")
    assert audio["type"] == "audio" and audio["audio"] == {"link": PHOTO}
    assert text["type"] == "text" and text["text"]["body"] == "Écoutez"
