"""The SMS channel through Twilio: webhooks checked with Twilio's own validator, forms read, sends and refusals."""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.request_validator import RequestValidator

from chalicelib.channels.twilio_sms import SMS, TwilioRestTransport, TwilioSmsChannel
from chalicelib.services.domain import Attachment
from chalicelib.services.domain.errors import (
    DeliveryDeferred,
    DeliveryFailed,
    InvalidInput,
    InvalidSignature,
    NotFound,
)
from chalicelib.services.ports.channels import Channels, Outgoing, WebhookRequest

TOKEN = "the-auth-token"
URL = "https://comptoir.test/webhooks/twilio/sms"
CHLOE, STORE = "+33612345678", "+15550000001"


class Messages:
    """Twilio's REST client's `messages`, faked: records the calls, or fails as told."""

    def __init__(self, failure: Exception | None = None) -> None:
        self.calls: list[dict[str, Any]] = []
        self.failure = failure

    def create(self, **kwargs: Any) -> Any:
        self.calls.append(kwargs)
        if self.failure:
            raise self.failure
        return SimpleNamespace(sid="SM123")


def channel(messages: Messages | None = None) -> TwilioSmsChannel:
    rest = TwilioRestTransport("AC-test", TOKEN, client=SimpleNamespace(messages=messages or Messages()))
    return TwilioSmsChannel(TOKEN, rest)


def form(**changes: str) -> dict[str, str]:
    return {"MessageSid": "SM0001", "AccountSid": "AC123", "From": CHLOE, "To": STORE, "Body": "Bonjour",
            "NumMedia": "0", **changes}


def twilio_request(params: dict[str, str], token: str = TOKEN, url: str = URL) -> WebhookRequest:
    """What Twilio posts, signed by Twilio's own validator with `token`."""
    signed = RequestValidator(token).compute_signature(url, params)
    return WebhookRequest(url=url, headers={"x-twilio-signature": signed}, params=params)


# -- signatures -----------------------------------------------------------------------------
def test_a_request_twilio_signed_with_our_token_verifies() -> None:
    channel().verify(twilio_request(form()))


def posted(params: dict[str, str], signature: str | None) -> WebhookRequest:
    return WebhookRequest(url=URL, headers={"x-twilio-signature": signature} if signature else {}, params=params)


def signature(params: dict[str, str], token: str = TOKEN, url: str = URL) -> str:
    return str(RequestValidator(token).compute_signature(url, params))


@pytest.mark.parametrize("request_", [
    posted(form(), signature(form(), token="not-the-token")),
    posted(form(), None),
    posted(form(Body="Autre chose"), signature(form())),
    posted(form(), signature(form(), url=URL + "?x=1")),
], ids=["other token", "no signature", "tampered body", "other url"])
def test_anything_twilio_did_not_sign_exactly_is_refused(request_: WebhookRequest) -> None:
    with pytest.raises(InvalidSignature):
        channel().verify(request_)


def test_the_sandbox_signs_like_twilio() -> None:
    params = form()
    assert channel().sign(URL, params) == RequestValidator(TOKEN).compute_signature(URL, params)
    callback = "https://comptoir.test/webhooks/twilio/status?at=x&b=maison&m=m1&t=t1"
    signed = channel().signed_request(callback, {"MessageSid": "SM1", "MessageStatus": "delivered"})
    channel().verify(signed)
    assert signed.query == {"at": "x", "b": "maison", "m": "m1", "t": "t1"}


# -- inbound --------------------------------------------------------------------------------
def test_an_inbound_sms_is_read_with_numbers_in_e164_and_its_media() -> None:
    params = form(From="+33 6 12 34 56 78", NumMedia="2", MediaUrl0="https://api.twilio.test/m0",
                  MediaContentType0="image/jpeg", MediaUrl1="https://api.twilio.test/m1")
    inbound = channel().parse(twilio_request(params))
    assert (inbound.channel, inbound.provider_id, inbound.from_address, inbound.to_address, inbound.text) == (
        "sms", "SM0001", CHLOE, STORE, "Bonjour")
    assert inbound.attachments == [Attachment("https://api.twilio.test/m0", "image/jpeg"),
                                   Attachment("https://api.twilio.test/m1", None)]


def test_media_past_twilios_ten_are_not_read() -> None:
    media = {f"MediaUrl{i}": f"https://api.twilio.test/m{i}" for i in range(12)}
    inbound = channel().parse(twilio_request(form(NumMedia="12", **media)))
    assert len(inbound.attachments) == 10


@pytest.mark.parametrize("params, field", [({**form(), "MessageSid": ""}, "MessageSid"),
                                           (form(NumMedia="two"), "NumMedia")])
def test_a_form_without_its_id_or_with_a_bad_media_count_is_invalid(params: dict[str, str], field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        channel().parse(twilio_request(params))
    assert field in refused.value.errors


def test_a_status_callback_is_read_as_a_delivery_report() -> None:
    report = channel().parse_status(twilio_request({"MessageSid": "SM9", "MessageStatus": "undelivered",
                                                    "ErrorCode": "30005"}))
    assert (report.provider_id, report.status, report.error) == ("SM9", "undelivered", "provider error 30005")
    assert channel().parse_status(twilio_request({"SmsSid": "SM9", "SmsStatus": "sent"})).error is None
    with pytest.raises(InvalidInput):
        channel().parse_status(twilio_request({"MessageSid": "SM9"}))


# -- outbound -------------------------------------------------------------------------------
def test_an_sms_with_attachments_is_sent_with_their_urls_as_media() -> None:
    messages = Messages()
    sid = channel(messages).send(Outgoing(to=CHLOE, sender=STORE, text="La notice", status_callback="cb",
                                          media_urls=("https://cdn.test/notice.pdf",)))
    assert sid == "SM123"
    assert messages.calls == [{"to": CHLOE, "from_": STORE, "body": "La notice",
                               "status_callback": "cb", "media_url": ["https://cdn.test/notice.pdf"]}]


def test_a_plain_sms_has_no_media_parameter() -> None:
    messages = Messages()
    channel(messages).send(Outgoing(to=CHLOE, sender=STORE, text="Bonjour"))
    assert "media_url" not in messages.calls[0]


@pytest.mark.parametrize("status, code, expected", [(400, 21211, DeliveryFailed), (429, 20429, DeliveryDeferred),
                                                    (503, 20500, DeliveryDeferred), (503, 21610, DeliveryFailed)])
def test_refusals_are_final_and_outages_are_retried(status: int, code: int, expected: type) -> None:
    failure = TwilioRestException(status, "https://api.twilio.com", msg="no", code=code)
    with pytest.raises(expected):
        channel(Messages(failure)).send(Outgoing(to=CHLOE, sender=STORE, text="x"))


def test_an_unreachable_twilio_is_retried() -> None:
    with pytest.raises(DeliveryDeferred):
        channel(Messages(ConnectionResetError("reset by peer"))).send(Outgoing(to=CHLOE, sender=STORE, text="x"))


# -- what the channel allows, and the registry ---------------------------------------------
def test_sms_takes_a_thousand_characters_and_ten_attachments_of_any_type_at_any_time() -> None:
    assert channel().capabilities == SMS
    assert (SMS.max_length, SMS.reply_window, SMS.tags, SMS.templates, SMS.read_receipts) == (
        1000, None, frozenset(), False, False)
    notice = Attachment("https://cdn.test/notice.pdf", "application/pdf")
    assert SMS.accepts([notice] * 10) and not SMS.accepts([notice] * 11)


def test_channels_are_found_by_name() -> None:
    sms = channel()
    channels = Channels([sms])
    assert channels.get("sms") is sms and channels.names == ("sms",)
    with pytest.raises(NotFound):
        channels.get("messenger")
