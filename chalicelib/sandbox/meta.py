"""The sandbox's twin of Meta: a Graph API that puts what stores send in the outbox, and a customer's phone
that writes on Messenger, Instagram or WhatsApp through the real webhook path, signed like Meta signs."""
from __future__ import annotations

import json
import secrets
from typing import Any

from ..channels.meta_webhook import sign
from ..services.ports.channels import WebhookRequest
from ..services.ports.clock import iso
from .store import OUTBOX, SandboxItem

OBJECTS = {"messenger": "page", "instagram": "instagram"}


class SandboxGraph:
    """Meta's Send API for one channel on the local stage: any token is accepted, each send lands in the outbox
    and is answered in Meta's success shape (a message id, or a wamid for WhatsApp)."""

    def __init__(self, clock, channel: str) -> None:  # type: ignore[no-untyped-def]
        self.clock = clock
        self.channel = channel

    def post(self, path: str, token: str, payload: dict[str, Any]) -> dict[str, Any]:
        now = iso(self.clock.now())
        sender = path.split("/", 1)[0]
        if self.channel == "whatsapp":
            sid = "wamid." + secrets.token_hex(16)
            template = payload.get("template") or {}
            SandboxItem(OUTBOX, f"{now}#{sid}", channel="whatsapp", to="+" + str(payload.get("to", "")),
                        sender=sender, body=str((payload.get("text") or {}).get("body", "")), status="sent",
                        sid=sid, created_at=now, template=template.get("name")).save()
            return {"messaging_product": "whatsapp", "contacts": [{"input": payload.get("to")}],
                    "messages": [{"id": sid}]}
        sid = "m_" + secrets.token_hex(16)
        recipient = str((payload.get("recipient") or {}).get("id", ""))
        SandboxItem(OUTBOX, f"{now}#{sid}", channel=self.channel, to=recipient, sender=sender,
                    body=str((payload.get("message") or {}).get("text", "")), status="sent", sid=sid,
                    created_at=now, tag=payload.get("tag")).save()
        return {"recipient_id": recipient, "message_id": sid}


def signed_request(url: str, app_secret: str, payload: dict[str, Any]) -> WebhookRequest:
    """The POST Meta would send to `url` with this notification, signed with the app secret."""
    body = json.dumps(payload, separators=(",", ":")).encode()
    return WebhookRequest(url=url, headers={"x-hub-signature-256": sign(app_secret, body),
                                            "content-type": "application/json"}, body=body)


def customer_text(channel: str, *, customer: str, account: str, text: str, millis: int) -> dict[str, Any]:
    """The notification Meta sends when a customer writes `text` to the store's account on that channel."""
    mid = secrets.token_hex(16)
    if channel == "whatsapp":
        value = {"messaging_product": "whatsapp", "metadata": {"display_phone_number": account,
                                                               "phone_number_id": account},
                 "contacts": [{"profile": {"name": "Sandbox customer"}, "wa_id": customer.lstrip("+")}],
                 "messages": [{"from": customer.lstrip("+"), "id": f"wamid.{mid}", "timestamp": str(millis // 1000),
                               "type": "text", "text": {"body": text}}]}
        return {"object": "whatsapp_business_account",
                "entry": [{"id": "sandbox-waba", "changes": [{"field": "messages", "value": value}]}]}
    event = {"sender": {"id": customer}, "recipient": {"id": account}, "timestamp": millis,
             "message": {"mid": f"m_{mid}", "text": text}}
    return {"object": OBJECTS[channel], "entry": [{"id": account, "time": millis, "messaging": [event]}]}
