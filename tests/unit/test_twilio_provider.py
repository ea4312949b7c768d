"""The Twilio sender (AWS stage): what it asks Twilio's REST client for, and how it reads refusals."""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from twilio.base.exceptions import TwilioRestException

from chalicelib.channels.twilio_sms import TwilioSmsProvider
from chalicelib.services.domain.errors import DeliveryDeferred, DeliveryFailed


class Messages:
    def __init__(self, failure: Exception | None = None) -> None:
        self.calls: list[dict[str, Any]] = []
        self.failure = failure

    def create(self, **kwargs: Any) -> Any:
        self.calls.append(kwargs)
        if self.failure:
            raise self.failure
        return SimpleNamespace(sid="SM123")


def provider(messages: Messages) -> TwilioSmsProvider:
    sender = TwilioSmsProvider("AC-test", "token")
    sender._client = SimpleNamespace(messages=messages)
    return sender


def test_an_sms_with_attachments_is_sent_with_their_urls_as_media() -> None:
    messages = Messages()
    sid = provider(messages).send_sms(to="+33612345678", from_="+15550000001", body="La notice", status_callback="cb",
                                      media_urls=["https://cdn.test/notice.pdf"])
    assert sid == "SM123"
    assert messages.calls == [{"to": "+33612345678", "from_": "+15550000001", "body": "La notice",
                               "status_callback": "cb", "media_url": ["https://cdn.test/notice.pdf"]}]


def test_a_plain_sms_has_no_media_parameter() -> None:
    messages = Messages()
    provider(messages).send_sms(to="+33612345678", from_="+15550000001", body="Bonjour", status_callback=None)
    assert "media_url" not in messages.calls[0]


@pytest.mark.parametrize("status, code, expected", [(400, 21211, DeliveryFailed), (429, 20429, DeliveryDeferred),
                                                    (503, 20500, DeliveryDeferred)])
def test_refusals_are_final_and_outages_are_retried(status: int, code: int, expected: type) -> None:
    failure = TwilioRestException(status, "https://api.twilio.com", msg="no", code=code)
    with pytest.raises(expected):
        provider(Messages(failure)).send_sms(to="+33612345678", from_="+15550000001", body="x", status_callback=None)
