"""Domain objects -> the JSON of API.md."""
from __future__ import annotations

from typing import Any

from ..services.clock import iso  # noqa: F401  (re-exported for handlers)
from ..services.domain import Agent, Brand, Message, Store, Thread


def _t(value):  # type: ignore[no-untyped-def]
    return iso(value) if value else None


def brand(b: Brand) -> dict[str, Any]:
    return {"id": b.id, "name": b.name, "picture_url": b.picture_url, "created_at": _t(b.created_at)}


def store(s: Store) -> dict[str, Any]:
    return {"id": s.id, "name": s.name, "address": s.address, "timezone": s.timezone, "phone_number": s.phone_number,
            "avatar_url": s.avatar_url, "agent_count": s.agent_count, "created_at": _t(s.created_at)}


def rights(a: Agent) -> dict[str, Any]:
    return {s: {"perimeter": r.perimeter, "contactable": r.contactable, "admin": r.admin} for s, r in a.rights.items()}


def agent(a: Agent) -> dict[str, Any]:
    return {"id": a.id, "email": a.email, "first_name": a.first_name, "last_name": a.last_name,
            "brand_id": a.brand_id, "brand_admin": a.brand_admin, "rights": rights(a),
            "notify_new_message": a.notify_new_message, "notify_invitation_accepted": a.notify_invitation_accepted}


def thread(t: Thread) -> dict[str, Any]:
    customer = {"id": t.customer.id, "phone": t.customer.phone, "name": t.customer.name}
    return {
        "id": t.id, "store_id": t.store_id, "channel": t.channel, "customer": customer, "status": t.status,
        "folder": t.folder, "unread": t.unread, "waiting_since": _t(t.waiting_since),
        "last_message_at": _t(t.last_message_at), "assigned_agent_id": t.assigned_agent_id,
        "participants": list(t.participants), "snoozed_until": _t(t.snoozed_until), "on_hold": t.on_hold,
        "alert": t.alert, "escalation": None, "conversation_id": t.conversation_id,
        "contact_id": t.contact_id, "created_at": _t(t.created_at), "version": t.version,
    }


def message(m: Message) -> dict[str, Any]:
    return {
        "id": m.id, "thread_id": m.thread_id, "direction": m.direction, "author": m.author, "agent_id": m.agent_id,
        "text": m.text, "attachments": [{"url": a.url, "content_type": a.content_type} for a in m.attachments],
        "status": m.status, "error": m.error, "created_at": _t(m.created_at), "store_id": m.store_id,
        "conversation_id": m.conversation_id,
    }
