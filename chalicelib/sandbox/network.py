"""The sandbox's phone network: it reports SMS it carried as delivered, through the real status webhook path."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..bootstrap import Sandbox
    from ..services.usecases.inbound import Inbound


def report_deliveries(sandbox: Sandbox, inbound: Inbound) -> int:
    """Posts a signed `delivered` status callback for every SMS still `sent` in the outbox."""
    channel = sandbox.channel
    reported = 0
    for item in sandbox.outbox.undelivered():
        if item.status_callback:
            params = {"MessageSid": item.sid, "MessageStatus": "delivered", "To": item.to, "From": item.sender or ""}
            inbound.receive_status(channel.name, channel.signed_request(item.status_callback, params))
        sandbox.outbox.mark_delivered(item)
        reported += 1
    return reported
