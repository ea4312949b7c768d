"""Items <-> domain objects for store groups, roles and password reset links (A6, A7, A8)."""
from __future__ import annotations

from datetime import timedelta

from ..services.domain import PasswordReset, Role, StoreGroup
from ..services.ports.clock import iso, parse_iso
from . import keys
from .items.directory import PasswordResetItem, RoleItem, StoreGroupItem

RESET_KEPT = timedelta(days=1)  # an expired link still answers "expired" for a day, then the TTL removes it


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
