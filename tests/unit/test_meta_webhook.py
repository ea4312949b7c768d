"""Meta's webhook: X-Hub-Signature-256 on the raw body, the subscription check, and Meta's documented shapes
(tests/fixtures/meta) read into messages, comments and reports."""
from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from chalicelib.channels.meta_parse import events
from chalicelib.channels.meta_webhook import MetaWebhook, sign
from chalicelib.services.domain.channels import DeliveryReport, InboundMessage
from chalicelib.services.domain.errors import InvalidInput, InvalidSignature
from chalicelib.services.ports.channels import WebhookRequest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "meta"
SECRET = "local-meta-app-secret"
URL = "http://127.0.0.1:8000/webhooks/meta"


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def request(body: bytes, signature: str | None) -> WebhookRequest:
    headers = {"x-hub-signature-256": signature} if signature is not None else {}
    return WebhookRequest(url=URL, headers=headers, body=body)


BODY = (FIXTURES / "messenger_text.json").read_bytes()


def test_a_body_signed_with_the_app_secret_passes() -> None:
    webhook = MetaWebhook(SECRET, "token")
    webhook.verify(request(BODY, sign(SECRET, BODY)))
    assert sign(SECRET, BODY).startswith("sha256=") and len(sign(SECRET, BODY)) == 7 + 64


@pytest.mark.parametrize("signature", [None, "", "sha256=", "sha1=" + "0" * 40, sign("another-secret", BODY),
                                       sign(SECRET, BODY).upper().replace("SHA256=", "sha256=")])
def test_a_missing_or_wrong_signature_is_refused(signature: str | None) -> None:
    with pytest.raises(InvalidSignature):
        MetaWebhook(SECRET, "token").verify(request(BODY, signature))


def test_one_byte_changed_after_signing_is_refused() -> None:
    signature = sign(SECRET, BODY)
    changed = BODY.replace(b"38", b"39", 1)
    assert changed != BODY and len(changed) == len(BODY)
    with pytest.raises(InvalidSignature):
        MetaWebhook(SECRET, "token").verify(request(changed, signature))


def test_without_an_app_secret_nothing_is_accepted() -> None:
    with pytest.raises(InvalidSignature):
        MetaWebhook("", "token").verify(request(BODY, sign("", BODY)))


def test_the_subscription_check_echoes_the_challenge_only_with_our_token() -> None:
    webhook = MetaWebhook(SECRET, "verify-me")
    assert webhook.challenge("subscribe", "verify-me", "1158201444") == "1158201444"
    assert webhook.challenge("subscribe", "not-it", "1158201444") is None
    assert webhook.challenge("unsubscribe", "verify-me", "1158201444") is None
    assert webhook.challenge("subscribe", None, "1158201444") is None
    assert MetaWebhook(SECRET, "").challenge("subscribe", "", "x") is None


def test_a_body_that_is_not_a_json_object_is_invalid_input() -> None:
    webhook = MetaWebhook(SECRET, "t")
    for body in (b"not json", b"[1, 2]"):
        with pytest.raises(InvalidInput):
            webhook.parse_batch(request(body, sign(SECRET, body)))


def test_messenger_text() -> None:
    [message] = events(fixture("messenger_text"))
    assert message == InboundMessage(channel="messenger", provider_id="m_text_0001", from_address="6200000000000001",
                                     to_address="104060654500000", text="Bonjour, vous avez la taille 38 ?")


def test_messenger_attachments_keep_their_urls_and_kinds() -> None:
    [message] = events(fixture("messenger_attachments"))
    assert isinstance(message, InboundMessage) and message.text == ""
    assert [(a.url, a.content_type) for a in message.attachments] == [
        ("https://scontent.example.net/v/photo.jpg", "image/*"),
        ("https://cdn.fbsbx.example.net/v/receipt.pdf", "application/octet-stream")]


def test_a_postback_is_the_button_title_the_customer_pressed() -> None:
    [message] = events(fixture("messenger_postback"))
    assert isinstance(message, InboundMessage)
    assert (message.provider_id, message.text) == ("m_postback_0001", "Talk to a person")


def test_echoes_of_the_pages_own_messages_are_left_out() -> None:
    assert events(fixture("messenger_echo")) == []


def test_delivery_and_read_reports() -> None:
    [delivered] = events(fixture("messenger_delivery"))
    [read] = events(fixture("messenger_read"))
    assert delivered == DeliveryReport(provider_id="MID_PLACEHOLDER", status="delivered", error=None,
                                       channel="messenger", account="104060654500000", customer="6200000000000001",
                                       up_to=datetime.fromtimestamp(1795424404, UTC))
    assert isinstance(read, DeliveryReport) and read.status == "read" and read.provider_id == ""
    assert read.up_to == datetime.fromtimestamp(1795424404.5, UTC)
    assert read.at == datetime.fromtimestamp(1795424405, UTC)  # when the customer read: the event's time
    assert delivered.at is None


def test_a_whatsapp_read_status_carries_its_time() -> None:
    payload = fixture("whatsapp_statuses")
    payload["entry"][0]["changes"][0]["value"]["statuses"][0]["status"] = "read"
    read = events(payload)[0]
    assert isinstance(read, DeliveryReport) and (read.status, read.provider_id) == ("read", "WAMID_PLACEHOLDER")
    assert read.at == datetime.fromtimestamp(1795424410, UTC)


def test_a_delivery_without_mids_covers_everything_before_its_watermark() -> None:
    payload = fixture("messenger_delivery")
    del payload["entry"][0]["messaging"][0]["delivery"]["mids"]
    [delivered] = events(payload)
    assert isinstance(delivered, DeliveryReport) and delivered.provider_id == "" and delivered.up_to is not None


def test_instagram_direct_message_and_comment() -> None:
    [message] = events(fixture("instagram_text"))
    [comment] = events(fixture("instagram_comment"))
    assert isinstance(message, InboundMessage) and message.channel == "instagram" and message.kind is None
    assert comment == InboundMessage(channel="instagram", provider_id="17919697626119712",
                                     from_address="7300000000000002", to_address="17841400000000001",
                                     text="Le prix de la robe ?", kind="comment", customer_name="claire.m",
                                     post_id="18172143295349192")


def test_a_facebook_page_comment_with_its_post_and_permalink() -> None:
    [comment] = events(fixture("messenger_feed_comment"))
    assert comment == InboundMessage(
        channel="messenger", provider_id="122143920000000001_1093400000000001", from_address="6200000000000003",
        to_address="104060654500000", text="Vous l'avez en 40 ?", kind="comment", customer_name="Camille Durand",
        post_id="104060654500000_122143920000000001",
        permalink="https://www.facebook.com/104060654500000/posts/pfbid02Xa7")


@pytest.mark.parametrize("change", [{"verb": "edited"}, {"verb": "remove"}, {"item": "reaction"},
                                    {"from": {"id": "104060654500000", "name": "Demo store"}}, {"comment_id": None}])
def test_page_comment_edits_removals_reactions_and_the_pages_own_comments_are_left_out(change: dict) -> None:
    payload = fixture("messenger_feed_comment")
    payload["entry"][0]["changes"][0]["value"].update(change)
    assert events(payload) == []
    other = fixture("messenger_feed_comment")
    other["entry"][0]["changes"][0]["field"] = "mention"
    assert events(other) == []


def test_the_accounts_own_comment_replies_and_other_fields_are_left_out() -> None:
    own = fixture("instagram_comment")
    own["entry"][0]["changes"][0]["value"]["from"]["id"] = "17841400000000001"
    mention = fixture("instagram_comment")
    mention["entry"][0]["changes"][0]["field"] = "mentions"
    assert events(own) == [] and events(mention) == []


def test_whatsapp_text_with_the_profile_name() -> None:
    [message] = events(fixture("whatsapp_text"))
    assert message == InboundMessage(
        channel="whatsapp", provider_id="wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=",
        from_address="+16505551234", to_address="106540352242922", text="Does it come in another color?",
        customer_name="Sheena Nelson")


def test_whatsapp_media_keeps_its_id_and_caption() -> None:
    [message] = events(fixture("whatsapp_image"))
    assert isinstance(message, InboundMessage) and message.text == "This one"
    assert [(a.url, a.content_type) for a in message.attachments] == [("meta-media:1003383421387256", "image/jpeg")]


def test_whatsapp_statuses_with_meta_error() -> None:
    delivered, failed = events(fixture("whatsapp_statuses"))
    assert isinstance(delivered, DeliveryReport) and isinstance(failed, DeliveryReport)
    assert (delivered.provider_id, delivered.status, delivered.account, delivered.customer) == (
        "WAMID_PLACEHOLDER", "delivered", "106540352242922", "+16505551234")
    assert failed.status == "failed" and failed.error == "provider error 131047 Re-engagement message"


def test_batched_entries_give_every_event_in_order() -> None:
    found = events(fixture("batched"))
    assert [e.provider_id for e in found] == ["m_batch_0001", "m_batch_0002", "m_batch_0003", "m_batch_0004"]


@pytest.mark.parametrize("payload", [{}, {"object": "user"}, {"object": "page", "entry": "x"},
                                     {"object": "page", "entry": [None, {"messaging": [None, {"message": 3}]}]},
                                     {"object": "whatsapp_business_account", "entry": [{"changes": [{"value": 1}]}]}])
def test_shapes_it_cannot_read_give_no_event_and_no_error(payload: dict) -> None:
    assert events(payload) == []
