"""Domain objects -> the JSON bodies of the HTTP API."""
from __future__ import annotations

from typing import Any

from ..services.domain import (
    Agent,
    Attachment,
    Brand,
    CannedResponse,
    Mention,
    Message,
    Note,
    Notification,
    Role,
    Store,
    StoreGroup,
    Template,
    Thread,
)
from ..services.domain.channels import CHANNEL_RULES, Inbound, usable_tags, window_end
from ..services.domain.media import kept_file
from ..services.domain.threads import unanswered
from ..services.ports.clock import iso  # noqa: F401  (re-exported for handlers)
from .render_reviews import review, thread_review


def _t(value):  # type: ignore[no-untyped-def]
    return iso(value) if value else None


def brand(b: Brand) -> dict[str, Any]:
    return {"id": b.id, "name": b.name, "picture_url": b.picture_url, "created_at": _t(b.created_at),
            "slots_per_agent": b.slots_per_agent, "closing_reasons": list(b.closing_reasons),
            "service_email": b.service_email}


def presence(a: Agent, slots: int) -> dict[str, Any]:
    """What the agent set by hand, and what others see (busy by itself when the slots are full)."""
    return {"chat": a.presence.get("chat", "unavailable"), "call": a.presence.get("call", "unavailable"),
            "effective": {c: a.presence_on(c, slots) for c in ("chat", "call")},
            "open_threads": a.open_threads, "slots": slots}


def escalation(s: Store) -> dict[str, Any]:
    e = s.escalation
    return {"store_id": s.id, "mode": e.mode, "delay_minutes": e.delay_minutes, "agent_ids": list(e.agent_ids)}


def auto_messages(s: Store) -> dict[str, Any]:
    a = s.auto_messages
    return {"store_id": s.id, "timezone": s.timezone,
            "greetings": {c: {"text": g.text, "resend_after_hours": g.resend_after_hours}
                          for c, g in a.greetings.items()},
            "closed": {"text": a.closed_text, "hours": list(a.closed_hours)}}


def notification(n: Notification) -> dict[str, Any]:
    return {"id": n.id, "kind": n.kind, "thread_id": n.thread_id, "created_at": _t(n.created_at), "read": n.read}


def store(s: Store) -> dict[str, Any]:
    return {"id": s.id, "name": s.name, "address": s.address, "timezone": s.timezone, "phone_number": s.phone_number,
            "avatar_url": s.avatar_url, "agent_count": s.agent_count, "created_at": _t(s.created_at)}


def rights(a: Agent) -> dict[str, Any]:
    return {s: {"perimeter": r.perimeter, "contactable": r.contactable, "admin": r.admin} for s, r in a.rights.items()}


def agent(a: Agent) -> dict[str, Any]:
    return {"id": a.id, "email": a.email, "first_name": a.first_name, "last_name": a.last_name,
            "brand_id": a.brand_id, "brand_admin": a.brand_admin, "rights": rights(a),
            "notify_new_message": a.notify_new_message, "notify_invitation_accepted": a.notify_invitation_accepted,
            "presence": {"chat": a.presence.get("chat", "unavailable"), "call": a.presence.get("call", "unavailable")},
            "open_threads": a.open_threads, "serving_hours": list(a.serving_hours),
            "notify_mention": a.notify_mention, "picture_url": a.picture_url, "role_id": a.role_id}


def thread(t: Thread) -> dict[str, Any]:
    customer = {"id": t.customer.id, "phone": t.customer.phone, "name": t.customer.name,
                "opted_out": t.customer.opted_out,
                # our copy of the platform's picture, by a link that checks the agent's rights
                "picture_url": f"/v1/threads/{t.id}/picture" if t.customer.picture else None}
    return {
        "id": t.id, "store_id": t.store_id, "channel": t.channel, "customer": customer, "status": t.status,
        "folder": t.folder, "unread": t.unread, "waiting_since": _t(t.waiting_since),
        "last_message_at": _t(t.last_message_at), "assigned_agent_id": t.assigned_agent_id,
        "participants": list(t.participants), "snoozed_until": _t(t.snoozed_until), "on_hold": t.on_hold,
        "alert": t.alert, "conversation_id": t.conversation_id,
        "escalation": {"agent_id": t.escalation.agent_id, "since": _t(t.escalation.since)} if t.escalation else None,
        "closed_reason": t.closed_reason, "closed_by": t.closed_by, "closed_at": _t(t.closed_at),
        "contact_id": t.contact_id, "created_at": _t(t.created_at), "version": t.version,
        "alert_reason": t.alert_reason, "alert_at": _t(t.alert_at),
        "shared_with": list(t.shared_with),
        "unanswered": unanswered(t), "hold_reason": t.hold_reason, "held_by": t.held_by,
        "held_at": _t(t.held_at), "folder_reason": t.folder_reason, "folder_by": t.folder_by,
        "folder_at": _t(t.folder_at), "reply_window": reply_window(t), **thread_review(t),
    }


def message(m: Message) -> dict[str, Any]:
    return {
        "id": m.id, "thread_id": m.thread_id, "direction": m.direction, "author": m.author, "agent_id": m.agent_id,
        "text": m.text, "attachments": [attachment(m, a) for a in m.attachments],
        "status": m.status, "error": m.error, "created_at": _t(m.created_at), "store_id": m.store_id,
        "conversation_id": m.conversation_id, "tag": m.tag, "template": template(m.template),
        "read_at": _t(m.read_at),
        "kind": m.kind, "reply_to": m.reply_to, "private": m.private, "comment": comment(m), "review": review(m),
        "origin": m.origin, "outcome": m.call_outcome,
    }


def attachment(m: Message, a: Attachment) -> dict[str, Any]:
    """A file as agents see it: our copy by its link (which checks the agent's rights), else the platform's."""
    kept = kept_file(a)
    url = f"/v1/threads/{m.thread_id}/files/{kept}" if kept else a.url
    shown: dict[str, Any] = {"url": url, "content_type": a.content_type}
    # What only our copies know: their size, or why the file could not be kept.
    return shown | {k: v for k, v in (("size", a.size), ("error", a.error)) if v is not None}


def comment(m: Message) -> dict[str, Any] | None:
    """The comment a message is, or the one a public reply answers: its id and the post it is on."""
    c = m.comment
    return {"id": c.id, "post_id": c.post_id, "permalink": c.permalink} if c else None


def template(t: Template | None) -> dict[str, Any] | None:
    return {"name": t.name, "language": t.language, "parameters": list(t.parameters)} if t else None


def reply_window(t: Thread) -> dict[str, Any] | None:
    """Until when an agent may write freely on the thread's channel, and what else may go after; None when the
    channel has no window. `ends_at` is null when the customer never wrote directly (closed from the start);
    `comments` says the customer commented, so a public or private reply to a comment may go whatever the window."""
    rules = CHANNEL_RULES.get(t.channel)
    if rules is None or rules.reply_window is None:
        return None
    hours = int(rules.reply_window.total_seconds() // 3600)
    inbound = Inbound(t.last_direct_at, t.last_comment_at)
    return {"ends_at": _t(window_end(rules, t.last_direct_at)), "hours": hours,
            "allowed_tags": usable_tags(rules, inbound), "templates": rules.templates, "comments": inbound.commented}


def note(n: Note) -> dict[str, Any]:
    return {"id": n.id, "thread_id": n.thread_id, "kind": n.kind, "author_agent_id": n.author_agent_id,
            "text": n.text, "mentions": list(n.mentions), "created_at": _t(n.created_at)}


def mention(m: Mention) -> dict[str, Any]:
    return {"id": m.id, "thread_id": m.thread_id, "note_id": m.note_id, "by_agent_id": m.by_agent_id,
            "text": m.text, "created_at": _t(m.created_at), "read": m.read}


def store_group(g: StoreGroup) -> dict[str, Any]:
    return {"id": g.id, "name": g.name, "store_ids": list(g.store_ids), "created_at": _t(g.created_at)}


def role(r: Role) -> dict[str, Any]:
    return {"id": r.id, "name": r.name, "sections": list(r.sections), "channels": list(r.channels),
            "agent_count": r.agent_count, "created_at": _t(r.created_at)}


def access(r: Role | None, sections: list[str], channels: list[str]) -> dict[str, Any]:
    """What GET /v1/me adds: the caller's role and the sections and channels it may use."""
    return {"role": {"id": r.id, "name": r.name} if r else None, "sections": sections, "channels": channels}


def canned(c: CannedResponse, filled_text: str | None = None) -> dict[str, Any]:
    out = {"id": c.id, "title": c.title, "text": c.text, "scope": c.scope, "owner_agent_id": c.owner_agent_id,
           "created_at": _t(c.created_at), "updated_at": _t(c.updated_at)}
    if filled_text is not None:
        out["filled_text"] = filled_text
    return out


def search_hit(h: Any) -> dict[str, Any]:
    """A thread found by search (services.domain.records.SearchHit), with why it matched."""
    match: dict[str, Any] = {"kind": h.kind, "at": _t(h.at)}
    if h.message_id:
        match.update(message_id=h.message_id, excerpt=h.excerpt)
    return {**thread(h.thread), "match": match}


def customer(view: Any) -> dict[str, Any]:
    """A customer as the panel shows them (services.usecases.customers.CustomerView); attributes as given."""
    profile = view.profile
    return {
        "id": view.id, "name": view.name, "display_name": view.display_name, "phone": view.phone,
        "channel": view.channel, "store_number": view.store_number,
        "attributes": dict(profile.attributes) if profile else {},
        "updated_at": _t(profile.updated_at) if profile else None,
        "threads": [{"id": t.id, "store_id": t.store_id, "channel": t.channel, "status": t.status,
                     "folder": t.folder, "last_message_at": _t(t.last_message_at)} for t in view.threads],
    }
