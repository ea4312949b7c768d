"""The sandbox's phone network: it reports SMS it carried as delivered, through the real status webhook path."""
from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit


def report_deliveries(container: Any) -> int:
    """Posts a signed `delivered` status callback for every SMS still `sent` in the outbox."""
    from twilio.request_validator import RequestValidator

    sandbox = container.sandbox
    validator = RequestValidator(container.settings.twilio_auth_token)
    reported = 0
    for item in sandbox.outbox.undelivered():
        if item.status_callback:
            params = {"MessageSid": item.sid, "MessageStatus": "delivered", "To": item.to, "From": item.sender or ""}
            signature = validator.compute_signature(item.status_callback, params)
            query = dict(parse_qsl(urlsplit(item.status_callback).query))
            container.inbound.receive_status(item.status_callback, query, params, signature)
        sandbox.outbox.mark_delivered(item)
        reported += 1
    return reported

