"""Channel adapters: one module per provider behind the channel port, registered here."""
from __future__ import annotations

from ..config import Settings
from ..services.ports.channels import Channels
from .twilio_sms import SmsTransport, TwilioRestTransport, TwilioSmsChannel


def available_channels(settings: Settings, sms_transport: SmsTransport | None = None) -> Channels:
    """Every channel the product answers on. SMS goes out through `sms_transport`, Twilio's REST API by default."""
    sms_transport = sms_transport or TwilioRestTransport(settings.twilio_account_sid, settings.twilio_auth_token)
    return Channels([TwilioSmsChannel(settings.twilio_auth_token, sms_transport)])
