"""Channel adapters: one module per provider behind the channel port, registered here."""
from __future__ import annotations

from ..config import Settings
from ..services.ports.channels import Channels
from .twilio_sms import TwilioRestTransport, TwilioSmsChannel
from .twilio_whatsapp import TwilioWhatsappChannel


def available_channels(settings: Settings, sms: TwilioSmsChannel | None = None) -> Channels:
    """Every channel the product answers on. SMS goes out through Twilio's REST API unless `sms` is given (the
    local stage's channel over the sandbox's phone network, or a test's). WhatsApp goes through the same Twilio
    account and transport."""
    sms = sms or TwilioSmsChannel(settings.twilio_auth_token,
                                  TwilioRestTransport(settings.twilio_account_sid, settings.twilio_auth_token))
    return Channels([sms, TwilioWhatsappChannel(sms)])
