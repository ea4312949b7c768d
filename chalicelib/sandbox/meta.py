"""The sandbox's twin of Meta: a Graph API that puts what stores send in the outbox, and a customer's phone
that writes on Messenger, Instagram or WhatsApp through the real webhook path, signed like Meta signs."""
from __future__ import annotations

import secrets
from typing import Any

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
                        sid=sid, created_at=now, template=_template(template) if template else None).save()
            return {"messaging_product": "whatsapp", "contacts": [{"input": payload.get("to")}],
                    "messages": [{"id": sid}]}
        sid = "m_" + secrets.token_hex(16)
        recipient = str((payload.get("recipient") or {}).get("id", ""))
        SandboxItem(OUTBOX, f"{now}#{sid}", channel=self.channel, to=recipient, sender=sender,
                    body=str((payload.get("message") or {}).get("text", "")), status="sent", sid=sid,
                    created_at=now, tag=payload.get("tag")).save()
        return {"recipient_id": recipient, "message_id": sid}

    def get(self, path: str, token: str, params: dict[str, str]) -> dict[str, Any]:
        """The Conversations API with a small fixed history (WhatsApp's Cloud API has none: refused, as Meta)."""
        from ..channels.graph import GraphError
        from .meta_history import answer

        found = answer(path, params) if self.channel != "whatsapp" else None
        if found is None:
            raise GraphError(400, 100, f"Unsupported get request: {path}")
        return found


def delivered(item: SandboxItem, millis: int) -> dict[str, Any]:
    """The notification Meta sends when the customer's device received a message the store sent."""
    if item.channel == "whatsapp":
        status = {"id": item.sid, "status": "delivered", "timestamp": str(millis // 1000),
                  "recipient_id": item.to.lstrip("+")}
        value = {"messaging_product": "whatsapp", "metadata": {"display_phone_number": item.sender,
                                                               "phone_number_id": item.sender},
                 "statuses": [status]}
        return {"object": "whatsapp_business_account",
                "entry": [{"id": "sandbox-waba", "changes": [{"field": "messages", "value": value}]}]}
    event = {"sender": {"id": item.to}, "recipient": {"id": item.sender},
             "delivery": {"mids": [item.sid], "watermark": millis}}
    return {"object": OBJECTS[item.channel or ""],
            "entry": [{"id": item.sender, "time": millis, "messaging": [event]}]}


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


def _template(sent: dict[str, Any]) -> dict[str, Any]:
    """A Cloud API template as the outbox shows templates: name, language and the body's parameters."""
    components = sent.get("components") or [{}]
    return {"name": sent.get("name"), "language": (sent.get("language") or {}).get("code"),
            "parameters": [p.get("text") for p in components[0].get("parameters", [])]}
