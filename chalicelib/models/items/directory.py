"""Item declarations of a brand's partition: the brand, its stores, agents (profile and load),
invitations, store groups, roles and password resets; and the number and e-mail lookups. Keys come from keys.py."""
from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    JSONAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
)

from ..tables import Item


class BrandItem(Item, discriminator="brand"):
    brand_id = UnicodeAttribute()
    name = UnicodeAttribute()
    picture_url = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    slots_per_agent = NumberAttribute(default=5)
    closing_reasons = ListAttribute(of=UnicodeAttribute, default=list)
    service_email = UnicodeAttribute(null=True)


class StoreItem(Item, discriminator="store"):
    brand_id = UnicodeAttribute()
    store_id = UnicodeAttribute()
    name = UnicodeAttribute()
    timezone = UnicodeAttribute()
    address = UnicodeAttribute(null=True)
    phone_number = UnicodeAttribute(null=True)
    avatar_url = UnicodeAttribute(null=True)
    agent_count = NumberAttribute(default=0)
    created_at = UnicodeAttribute()
    escalation = JSONAttribute(null=True)
    auto_messages = JSONAttribute(null=True)


class AgentItem(Item, discriminator="agent"):
    brand_id = UnicodeAttribute()
    agent_id = UnicodeAttribute()
    email = UnicodeAttribute()
    password_hash = UnicodeAttribute()
    first_name = UnicodeAttribute(default="")
    last_name = UnicodeAttribute(default="")
    brand_admin = BooleanAttribute(default=False)
    rights: MapAttribute = MapAttribute(default=dict)  # store_id -> {perimeter, contactable, admin}
    notify_new_message = BooleanAttribute(default=False)
    notify_invitation_accepted = BooleanAttribute(default=True)
    created_at = UnicodeAttribute()
    presence: MapAttribute = MapAttribute(default=dict)  # channel -> state
    serving_hours = JSONAttribute(null=True)
    sessions = JSONAttribute(null=True)
    notify_mention = BooleanAttribute(null=True)  # None on items written before mentions existed: the default, on
    picture_url = UnicodeAttribute(null=True)
    password_changed_at = UnicodeAttribute(null=True)
    deleted_at = UnicodeAttribute(null=True)
    role_id = UnicodeAttribute(null=True)


class AgentLoadItem(Item, discriminator="agent_load"):
    """Open threads an agent holds (its slots): created by the first thread it takes, ADDed to after."""

    brand_id = UnicodeAttribute()
    agent_id = UnicodeAttribute()
    open_threads = NumberAttribute(default=0)


class InvitationItem(Item, discriminator="invitation"):
    brand_id = UnicodeAttribute()
    token_hash = UnicodeAttribute()
    email = UnicodeAttribute()
    store_id = UnicodeAttribute()
    invited_by = UnicodeAttribute()
    created_at = UnicodeAttribute()
    valid_until = UnicodeAttribute()
    accepted_at = UnicodeAttribute(null=True)
    brand_admin = BooleanAttribute(null=True)  # absent on invitations to a store


class NumberItem(Item, discriminator="number"):
    brand_id = UnicodeAttribute()
    store_id = UnicodeAttribute()


class EmailItem(Item, discriminator="email"):
    brand_id = UnicodeAttribute()
    agent_id = UnicodeAttribute()


class StoreGroupItem(Item, discriminator="store_group"):
    brand_id = UnicodeAttribute()
    group_id = UnicodeAttribute()
    name = UnicodeAttribute()
    store_ids = ListAttribute(of=UnicodeAttribute, default=list)
    created_at = UnicodeAttribute(null=True)


class RoleItem(Item, discriminator="role"):
    brand_id = UnicodeAttribute()
    role_id = UnicodeAttribute()
    name = UnicodeAttribute()
    sections = ListAttribute(of=UnicodeAttribute, default=list)
    channels = ListAttribute(of=UnicodeAttribute, default=list)
    created_at = UnicodeAttribute(null=True)
    agent_count = NumberAttribute(default=0)  # agents with the role, ADDed to with each assignment


class PasswordResetItem(Item, discriminator="password_reset"):
    """A reset link: only the token's hash is in the key; the table's TTL removes it a day after it expired."""

    brand_id = UnicodeAttribute()
    agent_id = UnicodeAttribute()
    created_at = UnicodeAttribute()
    valid_until = UnicodeAttribute()
    used_at = UnicodeAttribute(null=True)
