"""Channel adapters: one module per provider behind the channel port, registered here."""
from __future__ import annotations

from collections.abc import Callable

from ..config import Settings
from ..services.ports.channels import AccountLookup, Channels
from .graph import Graph, HttpGraph
from .meta import InstagramChannel, MessengerChannel, MetaChannel, WhatsAppChannel, WhatsAppCloudChannel
from .meta_webhook import MetaWebhook
from .twilio_sms import TwilioRestTransport, TwilioSmsChannel
from .twilio_whatsapp import TwilioWhatsappChannel


def available_channels(settings: Settings, sms: TwilioSmsChannel | None = None,
                       graphs: Callable[[str], Graph] | None = None) -> Channels:
    """Every channel the product answers on. SMS goes out through Twilio's REST API unless `sms` is given (the
    local stage's channel over the sandbox's phone network, or a test's); Meta's through the Graph API unless
    `graphs` gives each channel its own (the sandbox's twin). WhatsApp goes through the Cloud API for a store
    number connected as a Cloud account, else through the same Twilio account and transport as SMS."""
    sms = sms or TwilioSmsChannel(settings.twilio_auth_token,
                                  TwilioRestTransport(settings.twilio_account_sid, settings.twilio_auth_token))
    meta = MetaWebhook(settings.meta_app_secret, settings.meta_verify_token)
    http = HttpGraph(settings.meta_graph_url)
    graph = graphs or (lambda _channel: http)
    cloud = WhatsAppCloudChannel(meta, graph("whatsapp"))
    return Channels([sms, MessengerChannel(meta, graph("messenger")), InstagramChannel(meta, graph("instagram")),
                     WhatsAppChannel(cloud, twilio=TwilioWhatsappChannel(sms))], webhooks={"meta": meta})


def connect_accounts(channels: Channels, accounts: AccountLookup) -> None:
    """Gives the registry and Meta's channels the stores' connected accounts: to find the store an event is
    for, and the token a message goes out with."""
    channels.accounts = accounts
    for name in ("messenger", "instagram", "whatsapp"):
        channel = channels.get(name)
        target = channel.cloud if isinstance(channel, WhatsAppChannel) else channel
        if isinstance(target, MetaChannel):
            target.accounts = accounts
