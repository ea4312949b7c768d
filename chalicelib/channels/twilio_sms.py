"""SMS through Twilio: webhooks checked with Twilio's own validator, inbound forms parsed, sends through a transport.

The transport is Twilio's REST API on AWS and the sandbox outbox on the local stage: both take the same call.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit

from ..services.domain import Attachment, Template
from ..services.domain.channels import Capabilities, DeliveryReport, InboundMessage
from ..services.domain.errors import DeliveryDeferred, DeliveryFailed, InvalidInput, InvalidSignature
from ..services.domain.optout import RecipientOptedOut
from ..services.domain.phone import to_e164
from ..services.ports.channels import Outgoing, PlatformProfile, ReadSignal, WebhookRequest

MAX_MEDIA = 10  # Twilio carries at most ten media with one message
SMS = Capabilities(max_length=1000, max_attachments=MAX_MEDIA)

# Twilio error codes that will not succeed on a retry (bad or unreachable number, opted out, blocked).
PERMANENT_ERRORS = {21211, 21408, 21610, 21612, 21614, 30003, 30004, 30005, 30006, 30007}
OPTED_OUT = 21610  # "Attempt to send to unsubscribed recipient": the customer texted STOP to Twilio


class SmsTransport(Protocol):
    """What carries an SMS out: Twilio's REST API, or its twin in the sandbox."""

    def send_sms(self, *, to: str, from_: str, body: str, status_callback: str | None,
                 media_urls: Sequence[str] = (), template: Template | None = None) -> str:
        """Sends (the URLs as media; the template instead of the body when given: WhatsApp) and returns Twilio's
        message id; DeliveryFailed or DeliveryDeferred."""


class TwilioSmsChannel:
    """The SMS channel: Twilio's webhooks in, Twilio's messages out."""

    name = "sms"
    capabilities = SMS
    status_path: str | None = "/webhooks/twilio/status"

    def __init__(self, auth_token: str, transport: SmsTransport) -> None:
        from twilio.request_validator import RequestValidator

        self._validator = RequestValidator(auth_token)
        self._can_verify = bool(auth_token)  # a function without the token must not accept what "" would sign
        self.transport = transport

    def sign(self, url: str, params: dict[str, str]) -> str:
        """The X-Twilio-Signature Twilio would send with this request: the sandbox's phone network signs with it."""
        return str(self._validator.compute_signature(url, params))

    def signed_request(self, url: str, params: dict[str, str]) -> WebhookRequest:
        """The webhook Twilio would send to `url` with this form, signed: the sandbox's phone network sends it."""
        query = dict(parse_qsl(urlsplit(url).query))
        return WebhookRequest(url=url, headers={"x-twilio-signature": self.sign(url, params)}, params=params,
                              query=query, body=urlencode(params).encode())

    def verify(self, request: WebhookRequest) -> None:
        signature = request.header("x-twilio-signature")
        if not self._can_verify or not signature or \
                not self._validator.validate(request.url, dict(request.params), signature):
            raise InvalidSignature("the request is not signed by the provider")

    def parse(self, request: WebhookRequest) -> InboundMessage:
        params = request.params
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
            channel=self.name,
            provider_id=sid,
            from_address=to_e164(params.get("From", ""), "From"),
            to_address=to_e164(params.get("To", ""), "To"),
            text=params.get("Body", ""),
            attachments=attachments,
            opt_out_type=params.get("OptOutType") or None,
        )

    def parse_status(self, request: WebhookRequest) -> DeliveryReport:
        params = request.params
        sid = params.get("MessageSid") or params.get("SmsSid")
        status = params.get("MessageStatus") or params.get("SmsStatus")
        if not sid or not status:
            raise InvalidInput.field("MessageStatus", "missing")
        code = params.get("ErrorCode")
        return DeliveryReport(provider_id=sid, status=status, error=f"provider error {code}" if code else None)

    def customer_profile(self, customer: str, sender: str) -> PlatformProfile | None:
        """SMS gives no name: the head office names customers."""
        return None

    def mark_read(self, signal: ReadSignal) -> None:
        """SMS has no read receipts."""

    def send(self, message: Outgoing) -> str:
        return self.transport.send_sms(to=message.to, from_=message.sender, body=message.text,
                                       status_callback=message.status_callback, media_urls=message.media_urls)


def _content(body: str, media_urls: Sequence[str], template: Template | None) -> dict[str, Any]:
    """What the message says, in Twilio's create() arguments. A WhatsApp template is one of Twilio's content
    templates: its name is the template's content SID (HX...), approved in its language; its parameters fill
    the placeholders {{1}}, {{2}}... in order."""
    if template is not None:
        variables = {str(i): value for i, value in enumerate(template.parameters, start=1)}
        return {"content_sid": template.name, **({"content_variables": json.dumps(variables)} if variables else {})}
    return {"body": body, **({"media_url": list(media_urls)} if media_urls else {})}


class TwilioRestTransport:
    """Twilio's REST API (AWS stage): its refusals become DeliveryFailed, its outages DeliveryDeferred.

    Every request has a timeout and a bounded number of connection retries (adapters/timeouts.py): a Twilio
    that stops answering defers the message instead of holding the stream batch until Lambda's timeout."""

    def __init__(self, account_sid: str, auth_token: str, client: Any = None) -> None:
        self._account_sid = account_sid
        self._auth_token = auth_token
        self._client = client  # built on first send: cold starts stay cheap

    def send_sms(self, *, to: str, from_: str, body: str, status_callback: str | None,
                 media_urls: Sequence[str] = (), template: Template | None = None) -> str:
        from twilio.base.exceptions import TwilioRestException

        try:
            message = self._rest().messages.create(to=to, from_=from_, status_callback=status_callback,
                                                   **_content(body, media_urls, template))
        except TwilioRestException as error:
            if error.code == OPTED_OUT:
                raise RecipientOptedOut(f"provider refused: {error.code} {error.msg}") from None
            # 401: our credentials, not the message (a rotation not yet seen by this function): retried.
            if error.code in PERMANENT_ERRORS or (error.status and 400 <= error.status < 500
                                                  and error.status not in (401, 429)):
                raise DeliveryFailed(f"provider refused: {error.code} {error.msg}") from None
            raise DeliveryDeferred(f"provider unavailable: {error.status} {error.code}") from None
        except OSError as error:  # network
            raise DeliveryDeferred(f"provider unreachable: {error}") from None
        return str(message.sid)

    def _rest(self) -> Any:
        if self._client is None:
            self._client = self.build_client()
        return self._client

    def build_client(self) -> Any:
        """Twilio's client over an HTTP client with a timeout and bounded retries; MissingSetting without
        credentials (a function whose role may not read them never sends)."""
        from twilio.http.http_client import TwilioHttpClient
        from twilio.rest import Client

        from ..adapters.timeouts import TWILIO_MAX_RETRIES, TWILIO_TIMEOUT_SECONDS
        from ..config import MissingSetting

        if not self._account_sid or not self._auth_token:
            raise MissingSetting("this function has no Twilio credentials (TWILIO_ACCOUNT_SID_PARAMETER and "
                                 "TWILIO_AUTH_TOKEN_PARAMETER): it may not send SMS")
        http = TwilioHttpClient(timeout=TWILIO_TIMEOUT_SECONDS, max_retries=TWILIO_MAX_RETRIES)
        return Client(self._account_sid, self._auth_token, http_client=http)
