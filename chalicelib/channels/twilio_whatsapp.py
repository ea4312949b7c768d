"""WhatsApp through Twilio: the same webhooks, signature and REST API as SMS, with `whatsapp:` on both numbers.

Threads, customers and stores know the numbers without the prefix (a customer is the same person on SMS and on
WhatsApp; the thread is another one, on another channel); the prefix is added back only on the wire.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from ..services.domain.channels import CHANNEL_RULES, DeliveryReport, InboundMessage
from ..services.ports.channels import Outgoing, PlatformProfile, ReadSignal, WebhookRequest
from .twilio_sms import TwilioSmsChannel

PREFIX = "whatsapp:"


def twilio_channel_of(params: Mapping[str, str]) -> str:
    """The channel of one Twilio webhook (inbound message or status callback): WhatsApp when either number
    carries the prefix, SMS otherwise. The same URLs receive both."""
    numbers = (params.get("From") or "", params.get("To") or "")
    return "whatsapp" if any(n.strip().lower().startswith(PREFIX) for n in numbers) else "sms"


def without_prefix(address: str) -> str:
    """A number as Twilio writes it for WhatsApp, without the `whatsapp:` prefix."""
    stripped = address.strip()
    return stripped[len(PREFIX):] if stripped.lower().startswith(PREFIX) else stripped


class TwilioWhatsappChannel:
    """The WhatsApp channel over Twilio: the SMS channel's signature check and transport, numbers prefixed."""

    name = "whatsapp"
    capabilities = CHANNEL_RULES["whatsapp"]

    def __init__(self, sms: TwilioSmsChannel) -> None:
        self.sms = sms
        self.status_path = sms.status_path  # Twilio reports both on the same callback, told apart by the prefix

    def verify(self, request: WebhookRequest) -> None:
        self.sms.verify(request)

    def parse(self, request: WebhookRequest) -> InboundMessage:
        params = dict(request.params)
        for key in ("From", "To"):
            params[key] = without_prefix(params.get(key, ""))
        # Twilio's Advanced Opt-Out reads SMS only; on WhatsApp a STOP is an ordinary message.
        params.pop("OptOutType", None)
        message = self.sms.parse(replace(request, params=params))
        return replace(message, channel=self.name)

    def parse_status(self, request: WebhookRequest) -> DeliveryReport:
        return self.sms.parse_status(request)

    def customer_profile(self, customer: str, sender: str) -> PlatformProfile | None:
        """WhatsApp's name comes with each message (ProfileName)."""
        return None

    def mark_read(self, signal: ReadSignal) -> None:
        """Twilio takes no read signal from the business: the customer sees it on Cloud API numbers only."""

    def send(self, message: Outgoing) -> str:
        return self.sms.transport.send_sms(to=PREFIX + message.to, from_=PREFIX + message.sender, body=message.text,
                                           status_callback=message.status_callback, media_urls=message.media_urls,
                                           template=message.template)
