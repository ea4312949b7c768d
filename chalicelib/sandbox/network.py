"""The sandbox's phone network: it reports SMS it carried as delivered, through the real status webhook path."""
from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

if TYPE_CHECKING:
    from ..bootstrap import Sandbox
    from ..config import Settings
    from ..services.usecases.inbound import Inbound


def report_deliveries(sandbox: Sandbox, settings: Settings, inbound: Inbound) -> int:
    """Posts a signed `delivered` status callback for every SMS still `sent` in the outbox."""
    from twilio.request_validator import RequestValidator

    validator = RequestValidator(settings.twilio_auth_token)
    reported = 0
    for item in sandbox.outbox.undelivered():
        if item.status_callback:
            params = {"MessageSid": item.sid, "MessageStatus": "delivered", "To": item.to, "From": item.sender or ""}
            signature = validator.compute_signature(item.status_callback, params)
            query = dict(parse_qsl(urlsplit(item.status_callback).query))
            inbound.receive_status(item.status_callback, query, params, signature)
        sandbox.outbox.mark_delivered(item)
        reported += 1
    return reported

