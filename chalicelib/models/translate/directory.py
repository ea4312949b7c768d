"""Brands, stores, agents, invitations, number and e-mail lookups, store groups, roles, password resets."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from ...services.domain import (
    Agent,
    AutoMessages,
    Brand,
    EscalationSettings,
    Greeting,
    Invitation,
    PasswordReset,
    Role,
    Store,
    StoreGroup,
    StoreRights,
)
from ...services.ports.clock import iso, parse_iso
from .. import keys
from ..items.directory import (
    AgentItem,
    AgentLoadItem,
    BrandItem,
    EmailItem,
    InvitationItem,
    NumberItem,
    PasswordResetItem,
    RoleItem,
    StoreGroupItem,
    StoreItem,
)
from .common import iso_or_none, when

RESET_KEPT = timedelta(days=1)  # an expired link still answers "expired" for a day, then the TTL removes it


def brand_item(brand: Brand) -> BrandItem:
    return BrandItem(keys.brand_pk(brand.id), keys.BRAND_SK, brand_id=brand.id, name=brand.name,
                     picture_url=brand.picture_url, created_at=iso(brand.created_at) if brand.created_at else "",
                     slots_per_agent=brand.slots_per_agent, closing_reasons=list(brand.closing_reasons),
                     service_email=brand.service_email)


def brand_of(item: BrandItem) -> Brand:
    return Brand(id=item.brand_id, name=item.name, picture_url=item.picture_url, created_at=when(item.created_at),
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
                 agent_count=int(item.agent_count or 0), created_at=when(item.created_at),
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
                     picture_url=agent.picture_url, password_changed_at=iso_or_none(agent.password_changed_at),
                     deleted_at=iso_or_none(agent.deleted_at), role_id=agent.role_id)


def agent_of(item: AgentItem, load: AgentLoadItem | None = None) -> Agent:
    raw: dict[str, Any] = item.rights.as_dict() if hasattr(item.rights, "as_dict") else dict(item.rights or {})
    rights = {s: StoreRights(bool(r.get("perimeter")), bool(r.get("contactable")), bool(r.get("admin")))
              for s, r in raw.items()}
    return Agent(brand_id=item.brand_id, id=item.agent_id, email=item.email, password_hash=item.password_hash,
                 first_name=item.first_name or "", last_name=item.last_name or "", brand_admin=bool(item.brand_admin),
                 rights=rights, notify_new_message=bool(item.notify_new_message),
                 notify_invitation_accepted=bool(item.notify_invitation_accepted), created_at=when(item.created_at),
                 presence=_plain(item.presence), serving_hours=list(item.serving_hours or []),
                 sessions=list(item.sessions or []),
                 open_threads=max(0, int(load.open_threads or 0)) if load else 0,
                 notify_mention=item.notify_mention is not False,
                 picture_url=item.picture_url, password_changed_at=when(item.password_changed_at),
                 deleted_at=when(item.deleted_at), role_id=item.role_id)


def _plain(value: Any) -> dict[str, str]:
    raw = value.as_dict() if hasattr(value, "as_dict") else dict(value or {})
    return {str(k): str(v) for k, v in raw.items()}


def invitation_item(inv: Invitation) -> InvitationItem:
    """`inv.token_hash` holds the token itself on the way in; only its hash is stored."""
    hashed = keys.token_hash(inv.token_hash)
    return InvitationItem(keys.brand_pk(inv.brand_id), keys.invitation_sk(inv.token_hash), brand_id=inv.brand_id,
                          token_hash=hashed, email=inv.email, store_id=inv.store_id, invited_by=inv.invited_by,
                          created_at=iso(inv.created_at), valid_until=iso(inv.expires_at),
                          accepted_at=iso(inv.accepted_at) if inv.accepted_at else None,
                          brand_admin=True if inv.brand_admin else None)


def invitation_of(item: InvitationItem, token: str) -> Invitation:
    return Invitation(brand_id=item.brand_id, token_hash=token, email=item.email, store_id=item.store_id,
                      invited_by=item.invited_by, created_at=parse_iso(item.created_at),
                      expires_at=parse_iso(item.valid_until), accepted_at=when(item.accepted_at),
                      brand_admin=bool(item.brand_admin))


def number_item(store: Store) -> NumberItem:
    """The lookup of a store's textable number (the store must have one)."""
    return NumberItem(keys.number_pk(store.phone_number or ""), keys.NUMBER_SK, brand_id=store.brand_id,
                      store_id=store.id)


def email_item(agent: Agent) -> EmailItem:
    return EmailItem(keys.email_pk(agent.email), keys.EMAIL_SK, brand_id=agent.brand_id, agent_id=agent.id)


def group_item(group: StoreGroup) -> StoreGroupItem:
    return StoreGroupItem(keys.brand_pk(group.brand_id), keys.group_sk(group.id), brand_id=group.brand_id,
                          group_id=group.id, name=group.name, store_ids=list(group.store_ids),
                          created_at=iso(group.created_at) if group.created_at else None)


def group_of(item: StoreGroupItem) -> StoreGroup:
    return StoreGroup(brand_id=item.brand_id, id=item.group_id, name=item.name,
                      store_ids=[str(s) for s in (item.store_ids or [])],
                      created_at=parse_iso(item.created_at) if item.created_at else None)


def role_item(role: Role) -> RoleItem:
    return RoleItem(keys.brand_pk(role.brand_id), keys.role_sk(role.id), brand_id=role.brand_id, role_id=role.id,
                    name=role.name, sections=list(role.sections), channels=list(role.channels),
                    created_at=iso(role.created_at) if role.created_at else None, agent_count=role.agent_count)


def role_of(item: RoleItem) -> Role:
    return Role(brand_id=item.brand_id, id=item.role_id, name=item.name,
                sections=[str(s) for s in (item.sections or [])], channels=[str(c) for c in (item.channels or [])],
                created_at=parse_iso(item.created_at) if item.created_at else None,
                agent_count=int(item.agent_count or 0))


def reset_item(reset: PasswordReset) -> PasswordResetItem:
    """Only the token's hash goes in the key: a leaked table does not give working links."""
    return PasswordResetItem(keys.brand_pk(reset.brand_id), keys.reset_sk(reset.token), brand_id=reset.brand_id,
                             agent_id=reset.agent_id, created_at=iso(reset.created_at),
                             valid_until=iso(reset.expires_at),
                             used_at=iso(reset.used_at) if reset.used_at else None,
                             expires_at=reset.expires_at + RESET_KEPT)


def reset_of(item: PasswordResetItem, token: str) -> PasswordReset:
    return PasswordReset(brand_id=item.brand_id, token=token, agent_id=item.agent_id,
                         created_at=parse_iso(item.created_at), expires_at=parse_iso(item.valid_until),
                         used_at=parse_iso(item.used_at) if item.used_at else None)
