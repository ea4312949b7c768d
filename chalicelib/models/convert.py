"""Items <-> domain objects, one function each way per entity. Nothing else reads item attributes."""
from __future__ import annotations

from typing import Any

from ..services.domain import (
    Agent,
    Attachment,
    AutoMessages,
    Brand,
    Customer,
    Escalation,
    EscalationSettings,
    Greeting,
    Invitation,
    Message,
    Notification,
    Store,
    StoreRights,
    Thread,
    Timer,
)
from ..services.domain.threads import priority
from ..services.ports.clock import iso, parse_iso
from . import keys
from .items.directory import AgentItem, AgentLoadItem, BrandItem, InvitationItem, StoreItem
from .items.threads import AttachmentMap, MessageItem, NotificationItem, ThreadItem, TimerItem


def _t(value: str | None):  # type: ignore[no-untyped-def]
    return parse_iso(value) if value else None


def brand_item(brand: Brand) -> BrandItem:
    return BrandItem(keys.brand_pk(brand.id), keys.BRAND_SK, brand_id=brand.id, name=brand.name,
                     picture_url=brand.picture_url, created_at=iso(brand.created_at) if brand.created_at else "",
                     slots_per_agent=brand.slots_per_agent, closing_reasons=list(brand.closing_reasons),
                     service_email=brand.service_email)


def brand_of(item: BrandItem) -> Brand:
    return Brand(id=item.brand_id, name=item.name, picture_url=item.picture_url, created_at=_t(item.created_at),
                 slots_per_agent=int(item.slots_per_agent or 5),
                 closing_reasons=[str(r) for r in (item.closing_reasons or [])],
                 service_email=item.service_email)


def escalation_settings_raw(settings: EscalationSettings) -> dict[str, Any]:
    return {"mode": settings.mode, "delay_minutes": settings.delay_minutes, "agent_ids": list(settings.agent_ids)}


def auto_messages_raw(auto: AutoMessages) -> dict[str, Any]:
    return {"greetings": {c: {"text": g.text, "resend_after_hours": g.resend_after_hours}
                          for c, g in auto.greetings.items()},
            "closed": {"text": auto.closed_text, "hours": list(auto.closed_hours)}}


def _escalation_settings(raw: dict[str, Any] | None) -> EscalationSettings:
    if not raw:
        return EscalationSettings()
    return EscalationSettings(mode=raw.get("mode", "off"), delay_minutes=int(raw.get("delay_minutes", 5)),
                              agent_ids=list(raw.get("agent_ids", [])))


def _auto_messages(raw: dict[str, Any] | None) -> AutoMessages:
    if not raw:
        return AutoMessages()
    closed = raw.get("closed") or {}
    return AutoMessages(
        greetings={c: Greeting(text=g.get("text", ""), resend_after_hours=float(g.get("resend_after_hours", 0)))
                   for c, g in (raw.get("greetings") or {}).items()},
        closed_text=closed.get("text", ""), closed_hours=list(closed.get("hours", [])))


def store_item(store: Store) -> StoreItem:
    return StoreItem(keys.brand_pk(store.brand_id), keys.store_sk(store.id), brand_id=store.brand_id,
                     store_id=store.id, name=store.name, timezone=store.timezone, address=store.address,
                     phone_number=store.phone_number, avatar_url=store.avatar_url, agent_count=store.agent_count,
                     created_at=iso(store.created_at) if store.created_at else "",
                     escalation=escalation_settings_raw(store.escalation),
                     auto_messages=auto_messages_raw(store.auto_messages))


def store_of(item: StoreItem) -> Store:
    return Store(brand_id=item.brand_id, id=item.store_id, name=item.name, timezone=item.timezone,
                 address=item.address, phone_number=item.phone_number, avatar_url=item.avatar_url,
                 agent_count=int(item.agent_count or 0), created_at=_t(item.created_at),
                 escalation=_escalation_settings(item.escalation), auto_messages=_auto_messages(item.auto_messages))


def rights_raw(rights: dict[str, StoreRights]) -> dict[str, dict[str, bool]]:
    return {s: {"perimeter": r.perimeter, "contactable": r.contactable, "admin": r.admin} for s, r in rights.items()}


def agent_item(agent: Agent) -> AgentItem:
    return AgentItem(keys.brand_pk(agent.brand_id), keys.agent_sk(agent.id), brand_id=agent.brand_id,
                     agent_id=agent.id, email=agent.email, password_hash=agent.password_hash,
                     first_name=agent.first_name, last_name=agent.last_name, brand_admin=agent.brand_admin,
                     rights=rights_raw(agent.rights), notify_new_message=agent.notify_new_message,
                     notify_invitation_accepted=agent.notify_invitation_accepted,
                     created_at=iso(agent.created_at) if agent.created_at else "", presence=dict(agent.presence),
                     serving_hours=list(agent.serving_hours), sessions=list(agent.sessions),
                     notify_mention=agent.notify_mention,
                     picture_url=agent.picture_url, password_changed_at=_iso(agent.password_changed_at),
                     deleted_at=_iso(agent.deleted_at), role_id=agent.role_id)


def agent_of(item: AgentItem, load: AgentLoadItem | None = None) -> Agent:
    raw: dict[str, Any] = item.rights.as_dict() if hasattr(item.rights, "as_dict") else dict(item.rights or {})
    rights = {s: StoreRights(bool(r.get("perimeter")), bool(r.get("contactable")), bool(r.get("admin")))
              for s, r in raw.items()}
    return Agent(brand_id=item.brand_id, id=item.agent_id, email=item.email, password_hash=item.password_hash,
                 first_name=item.first_name or "", last_name=item.last_name or "", brand_admin=bool(item.brand_admin),
                 rights=rights, notify_new_message=bool(item.notify_new_message),
                 notify_invitation_accepted=bool(item.notify_invitation_accepted), created_at=_t(item.created_at),
                 presence=_plain(item.presence), serving_hours=list(item.serving_hours or []),
                 sessions=list(item.sessions or []),
                 open_threads=max(0, int(load.open_threads or 0)) if load else 0,
                 notify_mention=item.notify_mention is not False,
                 picture_url=item.picture_url, password_changed_at=_t(item.password_changed_at),
                 deleted_at=_t(item.deleted_at), role_id=item.role_id)


def _plain(value: Any) -> dict[str, str]:
    raw = value.as_dict() if hasattr(value, "as_dict") else dict(value or {})
    return {str(k): str(v) for k, v in raw.items()}


def invitation_item(inv: Invitation) -> InvitationItem:
    """`inv.token_hash` holds the token itself on the way in; only its hash is stored."""
    hashed = keys.token_hash(inv.token_hash)
    return InvitationItem(keys.brand_pk(inv.brand_id), keys.invitation_sk(inv.token_hash), brand_id=inv.brand_id,
                          token_hash=hashed, email=inv.email, store_id=inv.store_id, invited_by=inv.invited_by,
                          created_at=iso(inv.created_at), valid_until=iso(inv.expires_at),
                          accepted_at=iso(inv.accepted_at) if inv.accepted_at else None)


def invitation_of(item: InvitationItem, token: str) -> Invitation:
    return Invitation(brand_id=item.brand_id, token_hash=token, email=item.email, store_id=item.store_id,
                      invited_by=item.invited_by, created_at=parse_iso(item.created_at),
                      expires_at=parse_iso(item.valid_until), accepted_at=_t(item.accepted_at))


def thread_item(t: Thread) -> ThreadItem:
    last = iso(t.last_message_at)
    waiting = iso(t.waiting_since) if t.waiting_since else None
    group = keys.inbox_group(t.status, t.snoozed_until is not None)
    return ThreadItem(
        keys.thread_pk(t.brand_id, t.id), keys.THREAD_SK,
        brand_id=t.brand_id, thread_id=t.id, store_id=t.store_id, channel=t.channel, customer_id=t.customer.id,
        customer_phone=t.customer.phone, customer_name=t.customer.name, status=t.status, folder=t.folder,
        store_since=iso(t.store_since) if t.store_since else None, unread=t.unread, waiting_since=waiting,
        contact_id=t.contact_id, conversation_id=t.conversation_id,
        conversation_started_at=iso(t.conversation_started_at), last_message_at=last,
        last_inbound_at=iso(t.last_inbound_at) if t.last_inbound_at else None,
        last_agent_message_at=iso(t.last_agent_message_at) if t.last_agent_message_at else None,
        assigned_agent_id=t.assigned_agent_id, participants=list(t.participants),
        snoozed_until=iso(t.snoozed_until) if t.snoozed_until else None, on_hold=t.on_hold, alert=t.alert,
        escalation={"agent_id": t.escalation.agent_id, "since": iso(t.escalation.since), "step": t.escalation.step}
        if t.escalation else None,
        greeted_at=_iso(t.greeted_at), closed_notice_for=_iso(t.closed_notice_for), closed_reason=t.closed_reason,
        closed_by=t.closed_by, closed_at=_iso(t.closed_at), last_actor_id=t.last_actor_id,
        last_actor_at=_iso(t.last_actor_at),
        created_at=iso(t.created_at), version=t.version, shared_with=list(t.shared_with),
        store_group_key=keys.store_group_key(t.brand_id, t.store_id, t.folder, group),
        brand_group_key=keys.brand_group_key(t.brand_id, t.folder, group),
        recent_key=keys.recent_key(last, t.id, priority(t)),
        waiting_key=keys.waiting_key(t.status, waiting, last, t.id, priority(t)),
        hold_reason=t.hold_reason, held_by=t.held_by, held_at=_iso(t.held_at), folder_reason=t.folder_reason,
        folder_by=t.folder_by, folder_at=_iso(t.folder_at),
        alert_reason=t.alert_reason, alert_at=_iso(t.alert_at),
    )


def thread_of(item: ThreadItem) -> Thread:
    return Thread(
        brand_id=item.brand_id, id=item.thread_id, store_id=item.store_id, channel=item.channel,
        customer=Customer(id=item.customer_id, phone=item.customer_phone, name=item.customer_name),
        status=item.status, folder=item.folder, unread=bool(item.unread),  # type: ignore[arg-type]
        store_since=_t(item.store_since),
        waiting_since=_t(item.waiting_since), contact_id=item.contact_id, conversation_id=item.conversation_id,
        conversation_started_at=parse_iso(item.conversation_started_at),
        last_message_at=parse_iso(item.last_message_at), last_inbound_at=_t(item.last_inbound_at),
        last_agent_message_at=_t(item.last_agent_message_at), assigned_agent_id=item.assigned_agent_id,
        participants=[str(p) for p in (item.participants or [])], snoozed_until=_t(item.snoozed_until),
        on_hold=bool(item.on_hold), alert=bool(item.alert), created_at=parse_iso(item.created_at),
        escalation=Escalation(agent_id=item.escalation.get("agent_id"), since=parse_iso(item.escalation["since"]),
                              step=int(item.escalation.get("step", 0))) if item.escalation else None,
        greeted_at=_t(item.greeted_at), closed_notice_for=_t(item.closed_notice_for),
        closed_reason=item.closed_reason, closed_by=item.closed_by, closed_at=_t(item.closed_at),
        last_actor_id=item.last_actor_id, last_actor_at=_t(item.last_actor_at),
        version=int(item.version or 0), shared_with=[str(s) for s in (item.shared_with or [])],
        alert_reason=item.alert_reason, alert_at=_t(item.alert_at),
        hold_reason=item.hold_reason, held_by=item.held_by, held_at=_t(item.held_at),
        folder_reason=item.folder_reason, folder_by=item.folder_by, folder_at=_t(item.folder_at),
    )


def _iso(value):  # type: ignore[no-untyped-def]
    return iso(value) if value else None


def timer_item(timer: Timer) -> TimerItem:
    pk = keys.timer_pk(timer.brand_id, timer.kind, timer.ref)
    due = iso(timer.due_at)
    return TimerItem(pk, keys.TIMER_SK, brand_id=timer.brand_id, timer_kind=timer.kind, ref=timer.ref, due_at=due,
                     payload=dict(timer.payload), timer_queue=keys.TIMER_QUEUE, due_key=keys.due_key(due, pk))


def timer_of(item: TimerItem) -> Timer:
    return Timer(brand_id=item.brand_id, kind=item.timer_kind, ref=item.ref, due_at=parse_iso(item.due_at),
                 payload={str(k): str(v) for k, v in (item.payload or {}).items()})


def notification_item(n: Notification) -> NotificationItem:
    return NotificationItem(keys.agent_pk(n.brand_id, n.agent_id), keys.notification_sk(iso(n.created_at), n.id),
                            brand_id=n.brand_id, agent_id=n.agent_id, notification_id=n.id,
                            notification_kind=n.kind, thread_id=n.thread_id, created_at=iso(n.created_at),
                            read=n.read)


def notification_of(item: NotificationItem) -> Notification:
    return Notification(brand_id=item.brand_id, agent_id=item.agent_id, id=item.notification_id,
                        kind=item.notification_kind, thread_id=item.thread_id, created_at=parse_iso(item.created_at),
                        read=bool(item.read))


def message_item(m: Message) -> MessageItem:
    return MessageItem(
        keys.thread_pk(m.brand_id, m.thread_id), keys.message_sk(iso(m.created_at), m.id),
        brand_id=m.brand_id, thread_id=m.thread_id, message_id=m.id, direction=m.direction, author=m.author,
        agent_id=m.agent_id, text=m.text,
        attachments=[AttachmentMap(url=a.url, content_type=a.content_type) for a in m.attachments],
        status=m.status, provider_id=m.provider_id, error=m.error, channel=m.channel, store_id=m.store_id,
        customer_address=m.customer_address, store_address=m.store_address, conversation_id=m.conversation_id,
        contact_id=m.contact_id, applied=m.applied, created_at=iso(m.created_at),
    )


def message_of(item: MessageItem) -> Message:
    return Message(
        brand_id=item.brand_id, thread_id=item.thread_id, id=item.message_id, direction=item.direction,  # type: ignore[arg-type]
        author=item.author, text=item.text or "", created_at=parse_iso(item.created_at),  # type: ignore[arg-type]
        channel=item.channel, store_id=item.store_id, customer_address=item.customer_address,
        store_address=item.store_address, agent_id=item.agent_id,
        attachments=[Attachment(url=a.url, content_type=a.content_type) for a in (item.attachments or [])],
        status=item.status, provider_id=item.provider_id, error=item.error, conversation_id=item.conversation_id,
        contact_id=item.contact_id, applied=bool(item.applied),
    )
