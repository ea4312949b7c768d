"""The sandbox's phone network: it reports SMS it carried as delivered, through the real status webhook path."""
from __future__ import annotations

from typing import TYPE_CHECKING

META_URL = "/webhooks/meta"  # Meta signs the body only: the URL is not part of the signature

if TYPE_CHECKING:
    from ..bootstrap import Sandbox
    from ..services.usecases.inbound import Inbound


def report_deliveries(sandbox: Sandbox, inbound: Inbound) -> int:
    """Posts a signed `delivered` status callback for every Twilio message still `sent` in the outbox, and Meta's
    delivery notification for every message sent through the Graph API."""
    from .meta import delivered

    channel = sandbox.channel
    reported = 0
    for item in sandbox.outbox.undelivered():
        if item.status_callback:  # Twilio's (SMS, and WhatsApp through Twilio): its status callback
            params = {"MessageSid": item.sid, "MessageStatus": "delivered", "To": item.to, "From": item.sender or ""}
            inbound.receive_status(channel.name, channel.signed_request(item.status_callback, params))
        elif item.channel:  # Meta's (Messenger, Instagram, WhatsApp Cloud): a delivery notification
            millis = int(sandbox.clock.now().timestamp() * 1000)
            meta = inbound.channels.webhook("meta")
            inbound.receive_batch("meta", meta.signed_request(META_URL, delivered(item, millis)))
        sandbox.outbox.mark_delivered(item)
        reported += 1
    return reported
