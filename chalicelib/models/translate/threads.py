"""Threads, their messages and the webhook deduplication marks."""
from __future__ import annotations

from datetime import datetime, timedelta

from ...correlation import current_correlation_id
from ...services.domain import Attachment, Customer, Escalation, Message, Template, Thread
from ...services.domain.conversation import CommentRef
from ...services.domain.threads import priority
from ...services.ports.clock import iso, parse_iso
from .. import keys
from ..items.threads import AttachmentMap, DedupItem, MessageItem, ThreadItem
from .common import iso_or_none, when
from .reviews import review_json, review_of

DEDUP_RETENTION = timedelta(days=8)


def thread_item(t: Thread) -> ThreadItem:
    last = iso(t.last_message_at)
    waiting = iso(t.waiting_since) if t.waiting_since else None
    group = keys.inbox_group(t.status, t.snoozed_until is not None)
    return ThreadItem(
        keys.thread_pk(t.brand_id, t.id), keys.THREAD_SK,
        brand_id=t.brand_id, thread_id=t.id, store_id=t.store_id, channel=t.channel, customer_id=t.customer.id,
        customer_phone=t.customer.phone, customer_name=t.customer.name, customer_picture=t.customer.picture,
        customer_opted_out=t.customer.opted_out or None, status=t.status, folder=t.folder,
        store_since=iso(t.store_since) if t.store_since else None, unread=t.unread, waiting_since=waiting,
        contact_id=t.contact_id, conversation_id=t.conversation_id,
        conversation_started_at=iso(t.conversation_started_at), last_message_at=last,
        last_inbound_at=iso(t.last_inbound_at) if t.last_inbound_at else None,
        last_direct_at=iso_or_none(t.last_direct_at), last_comment_at=iso_or_none(t.last_comment_at),
        last_agent_message_at=iso(t.last_agent_message_at) if t.last_agent_message_at else None,
        assigned_agent_id=t.assigned_agent_id, participants=list(t.participants),
        snoozed_until=iso(t.snoozed_until) if t.snoozed_until else None, on_hold=t.on_hold, alert=t.alert,
        escalation={"agent_id": t.escalation.agent_id, "since": iso(t.escalation.since), "step": t.escalation.step}
        if t.escalation else None,
        greeted_at=iso_or_none(t.greeted_at), closed_notice_for=iso_or_none(t.closed_notice_for),
        closed_reason=t.closed_reason,
        closed_by=t.closed_by, closed_at=iso_or_none(t.closed_at), last_actor_id=t.last_actor_id,
        last_actor_at=iso_or_none(t.last_actor_at),
        created_at=iso(t.created_at), version=t.version, shared_with=list(t.shared_with),
        store_group_key=keys.store_group_key(t.brand_id, t.store_id, t.folder, group),
        brand_group_key=keys.brand_group_key(t.brand_id, t.folder, group),
        recent_key=keys.recent_key(last, t.id, priority(t)),
        waiting_key=keys.waiting_key(t.status, waiting, last, t.id, priority(t)),
        hold_reason=t.hold_reason, held_by=t.held_by, held_at=iso_or_none(t.held_at), folder_reason=t.folder_reason,
        folder_by=t.folder_by, folder_at=iso_or_none(t.folder_at), imported_at=iso_or_none(t.imported_at),
        origin=t.origin,
        review_rating=t.review_rating,
        alert_reason=t.alert_reason, alert_at=iso_or_none(t.alert_at), correlation_id=current_correlation_id(),
    )


def thread_of(item: ThreadItem) -> Thread:
    return Thread(
        brand_id=item.brand_id, id=item.thread_id, store_id=item.store_id, channel=item.channel,
        customer=Customer(id=item.customer_id, phone=item.customer_phone, name=item.customer_name,
                          opted_out=bool(item.customer_opted_out), picture=item.customer_picture),
        status=item.status, folder=item.folder, unread=bool(item.unread),  # type: ignore[arg-type]
        store_since=when(item.store_since),
        waiting_since=when(item.waiting_since), contact_id=item.contact_id, conversation_id=item.conversation_id,
        conversation_started_at=parse_iso(item.conversation_started_at),
        last_message_at=parse_iso(item.last_message_at), last_inbound_at=when(item.last_inbound_at),
        last_direct_at=_last_direct(item), last_comment_at=when(item.last_comment_at),
        last_agent_message_at=when(item.last_agent_message_at), assigned_agent_id=item.assigned_agent_id,
        participants=[str(p) for p in (item.participants or [])], snoozed_until=when(item.snoozed_until),
        on_hold=bool(item.on_hold), alert=bool(item.alert), created_at=parse_iso(item.created_at),
        escalation=Escalation(agent_id=item.escalation.get("agent_id"), since=parse_iso(item.escalation["since"]),
                              step=int(item.escalation.get("step", 0))) if item.escalation else None,
        greeted_at=when(item.greeted_at), closed_notice_for=when(item.closed_notice_for),
        closed_reason=item.closed_reason, closed_by=item.closed_by, closed_at=when(item.closed_at),
        last_actor_id=item.last_actor_id, last_actor_at=when(item.last_actor_at),
        version=int(item.version or 0), shared_with=[str(s) for s in (item.shared_with or [])],
        alert_reason=item.alert_reason, alert_at=when(item.alert_at),
        hold_reason=item.hold_reason, held_by=item.held_by, held_at=when(item.held_at),
        folder_reason=item.folder_reason, folder_by=item.folder_by, folder_at=when(item.folder_at),
        imported_at=when(item.imported_at), origin=item.origin,
        review_rating=int(item.review_rating) if item.review_rating is not None else None,
    )


def attachment_map(a: Attachment) -> AttachmentMap:
    return AttachmentMap(url=a.url, content_type=a.content_type, size=a.size, error=a.error)


def message_item(m: Message) -> MessageItem:
    return MessageItem(
        keys.thread_pk(m.brand_id, m.thread_id), keys.message_sk(iso(m.created_at), m.id),
        brand_id=m.brand_id, thread_id=m.thread_id, message_id=m.id, direction=m.direction, author=m.author,
        agent_id=m.agent_id, text=m.text,
        attachments=[attachment_map(a) for a in m.attachments],
        status=m.status, provider_id=m.provider_id, error=m.error, channel=m.channel, store_id=m.store_id,
        customer_address=m.customer_address, store_address=m.store_address, conversation_id=m.conversation_id,
        contact_id=m.contact_id, applied=m.applied, created_at=iso(m.created_at),
        correlation_id=current_correlation_id(), tag=m.tag, template=template_json(m.template),
        read_at=iso_or_none(m.read_at), customer_name=m.customer_name,
        message_kind=m.kind, comment=comment_json(m.comment), reply_to=m.reply_to, private_reply=m.private or None,
        origin=m.origin, call_outcome=m.call_outcome, review=review_json(m.review),
    )


def message_of(item: MessageItem) -> Message:
    return Message(
        brand_id=item.brand_id, thread_id=item.thread_id, id=item.message_id, direction=item.direction,  # type: ignore[arg-type]
        author=item.author, text=item.text or "", created_at=parse_iso(item.created_at),  # type: ignore[arg-type]
        channel=item.channel, store_id=item.store_id, customer_address=item.customer_address,
        store_address=item.store_address, agent_id=item.agent_id,
        attachments=[Attachment(url=a.url, content_type=a.content_type, size=int(a.size) if a.size is not None
                                else None, error=a.error) for a in (item.attachments or [])],
        status=item.status, provider_id=item.provider_id, error=item.error, conversation_id=item.conversation_id,
        contact_id=item.contact_id, applied=bool(item.applied), tag=item.tag,
        template=template_of(item.template), read_at=when(item.read_at),
        customer_name=item.customer_name, kind=item.message_kind, comment=comment_of(item.comment),
        reply_to=item.reply_to, private=bool(item.private_reply), origin=item.origin,
        call_outcome=item.call_outcome, review=review_of(item.review),
    )


def template_json(template: Template | None) -> dict | None:
    """A template as stored on its message."""
    if template is None:
        return None
    return {"name": template.name, "language": template.language, "parameters": list(template.parameters)}


def template_of(stored: dict | None) -> Template | None:
    if not stored:
        return None
    return Template(name=stored["name"], language=stored["language"],
                    parameters=tuple(stored.get("parameters") or ()))


def comment_json(comment: CommentRef | None) -> dict | None:
    """A comment as stored on its message (or on the public reply that answers it)."""
    if comment is None:
        return None
    return {"id": comment.id, "post_id": comment.post_id, "permalink": comment.permalink}


def comment_of(stored: dict | None) -> CommentRef | None:
    if not stored:
        return None
    return CommentRef(id=stored["id"], post_id=stored.get("post_id"), permalink=stored.get("permalink"))


def dedup_item(message: Message, provider_key: str) -> DedupItem:
    """The mark of a provider's message id, seen once; the table's TTL removes it after the retention."""
    return DedupItem(keys.dedup_pk(message.brand_id, provider_key), keys.DEDUP_SK, brand_id=message.brand_id,
                     expires_at=message.created_at + DEDUP_RETENTION)


def _last_direct(item: ThreadItem) -> datetime | None:
    """A thread written before comments were told apart from direct messages has neither date: its customer's
    messages count as direct, as they did then."""
    if item.last_direct_at is None and item.last_comment_at is None:
        return when(item.last_inbound_at)
    return when(item.last_direct_at)
