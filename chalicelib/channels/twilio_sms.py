"""Twilio SMS: webhook signatures with Twilio's own validator, inbound form parsing, sending through the REST API."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..services.domain import Attachment
from ..services.domain.errors import DeliveryDeferred, DeliveryFailed, InvalidInput, InvalidSignature
from ..services.domain.phone import to_e164
from .base import DeliveryReport, InboundMessage

MAX_MEDIA = 10


class TwilioSmsChannel:
    def __init__(self, auth_token: str) -> None:
        from twilio.request_validator import RequestValidator

        self._validator = RequestValidator(auth_token)

    def verify(self, url: str, params: dict[str, str], signature: str | None) -> None:
        if not signature or not self._validator.validate(url, params, signature):
            raise InvalidSignature("the request is not signed by the provider")

    def parse(self, params: dict[str, str]) -> InboundMessage:
        sid = params.get("MessageSid") or params.get("SmsSid")
        if not sid:
            raise InvalidInput.field("MessageSid", "missing")
        try:
            media_count = min(int(params.get("NumMedia") or 0), MAX_MEDIA)
        except ValueError:
            raise InvalidInput.field("NumMedia", "not a number") from None
        attachments = [
            Attachment(url=params[f"MediaUrl{i}"], content_type=params.get(f"MediaContentType{i}"))
            for i in range(media_count)
            if params.get(f"MediaUrl{i}")
        ]
        return InboundMessage(
            channel="sms",
            provider_id=sid,
            from_address=to_e164(params.get("From", ""), "From"),
            to_address=to_e164(params.get("To", ""), "To"),
            text=params.get("Body", ""),
            attachments=attachments,
        )

    def parse_status(self, params: dict[str, str]) -> DeliveryReport:
        sid = params.get("MessageSid") or params.get("SmsSid")
        status = params.get("MessageStatus") or params.get("SmsStatus")
        if not sid or not status:
            raise InvalidInput.field("MessageStatus", "missing")
        code = params.get("ErrorCode")
        return DeliveryReport(provider_id=sid, status=status, error=f"provider error {code}" if code else None)


# Twilio error codes that will not succeed on a retry (bad or unreachable number, opted out, blocked).
PERMANENT_ERRORS = {21211, 21408, 21610, 21612, 21614, 30003, 30004, 30005, 30006, 30007}


class TwilioSmsProvider:
    """Sends through Twilio's REST API (AWS stage)."""

    def __init__(self, account_sid: str, auth_token: str) -> None:
        self._account_sid = account_sid
        self._auth_token = auth_token
        self._client: Any = None

    def send_sms(self, *, to: str, from_: str, body: str, status_callback: str | None,
                 media_urls: Sequence[str] = ()) -> str:
        from twilio.base.exceptions import TwilioRestException
        from twilio.rest import Client

        if self._client is None:
            self._client = Client(self._account_sid, self._auth_token)
        try:
            message = self._client.messages.create(to=to, from_=from_, body=body, status_callback=status_callback,
                                                   **({"media_url": list(media_urls)} if media_urls else {}))
        except TwilioRestException as error:
            if error.code in PERMANENT_ERRORS or (error.status and 400 <= error.status < 500 and error.status != 429):
                raise DeliveryFailed(f"provider refused: {error.code} {error.msg}") from None
            raise DeliveryDeferred(f"provider unavailable: {error.status} {error.code}") from None
        except OSError as error:  # network
            raise DeliveryDeferred(f"provider unreachable: {error}") from None
        return str(message.sid)
