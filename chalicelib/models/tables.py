"""PynamoDB declarations of the table(s). Keys come from keys.py; translation lives in the repositories."""
from __future__ import annotations

import os
from typing import Any

from pynamodb.attributes import (
    BooleanAttribute,
    DiscriminatorAttribute,
    JSONAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

DEFAULT_REGION = "eu-west-3"


def _index(name: str, hash_attr: str, range_attr: str) -> type[GlobalSecondaryIndex]:
    class Meta:
        index_name = name
        projection = AllProjection()

    attrs: dict[str, Any] = {
        "Meta": Meta,
        hash_attr: UnicodeAttribute(hash_key=True),
        range_attr: UnicodeAttribute(range_key=True),
    }
    return type(f"Index_{name}", (GlobalSecondaryIndex,), attrs)


InboxStore = _index("inbox_store", "store_group_key", "recent_key")
InboxBrand = _index("inbox_brand", "brand_group_key", "recent_key")
WaitingStore = _index("waiting_store", "store_group_key", "waiting_key")
WaitingBrand = _index("waiting_brand", "brand_group_key", "waiting_key")
TimersDue = _index("timers_due", "timer_queue", "due_key")


class Item(Model):
    """The main table: every entity is a discriminated subclass of this model."""

    class Meta:
        table_name = os.environ.get("COMPTOIR_TABLE", "comptoir")
        region = os.environ.get("AWS_DEFAULT_REGION", DEFAULT_REGION)
        host = os.environ.get("DYNAMODB_ENDPOINT") or None
        billing_mode = "PAY_PER_REQUEST"
        stream_view_type = "NEW_AND_OLD_IMAGES"

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    kind = DiscriminatorAttribute()
    expires_at = TTLAttribute(null=True)

    inbox_store = InboxStore()
    inbox_brand = InboxBrand()
    waiting_store = WaitingStore()
    waiting_brand = WaitingBrand()
    timers_due = TimersDue()


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


class RightsMap(MapAttribute):
    perimeter = BooleanAttribute(default=False)
    contactable = BooleanAttribute(default=False)
    admin = BooleanAttribute(default=False)


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
    notify_mention = BooleanAttribute(null=True)  # None on items written before E2: the default, on
    picture_url = UnicodeAttribute(null=True)
    password_changed_at = UnicodeAttribute(null=True)
    deleted_at = UnicodeAttribute(null=True)
    role_id = UnicodeAttribute(null=True)


class AgentLoadItem(Item, discriminator="agent_load"):
    """Open threads an agent holds (G3 slots): created by the first thread it takes, ADDed to after."""

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


class CountsItem(Item, discriminator="counts"):
    """Threads per status in a store's inbox, maintained with every status change."""

    brand_id = UnicodeAttribute()
    store_id = UnicodeAttribute()
    waiting = NumberAttribute(default=0)
    replied = NumberAttribute(default=0)
    resolved = NumberAttribute(default=0)
    new = NumberAttribute(default=0)  # C4: waiting, not opened yet
    unanswered = NumberAttribute(default=0)  # C4: waiting, opened, not answered


class NumberItem(Item, discriminator="number"):
    brand_id = UnicodeAttribute()
    store_id = UnicodeAttribute()


class EmailItem(Item, discriminator="email"):
    brand_id = UnicodeAttribute()
    agent_id = UnicodeAttribute()


class ThreadItem(Item, discriminator="thread"):
    brand_id = UnicodeAttribute()
    thread_id = UnicodeAttribute()
    store_id = UnicodeAttribute()
    channel = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    customer_phone = UnicodeAttribute(null=True)
    customer_name = UnicodeAttribute(null=True)
    status = UnicodeAttribute()
    folder = UnicodeAttribute()
    store_since = UnicodeAttribute(null=True)
    unread = BooleanAttribute(default=False)
    waiting_since = UnicodeAttribute(null=True)
    contact_id = UnicodeAttribute(null=True)
    conversation_id = UnicodeAttribute()
    conversation_started_at = UnicodeAttribute()
    last_message_at = UnicodeAttribute()
    last_inbound_at = UnicodeAttribute(null=True)
    last_agent_message_at = UnicodeAttribute(null=True)
    assigned_agent_id = UnicodeAttribute(null=True)
    participants = ListAttribute(of=UnicodeAttribute, default=list)
    snoozed_until = UnicodeAttribute(null=True)
    on_hold = BooleanAttribute(default=False)
    alert = BooleanAttribute(default=False)
    escalation = JSONAttribute(null=True)
    greeted_at = UnicodeAttribute(null=True)
    closed_notice_for = UnicodeAttribute(null=True)
    closed_reason = UnicodeAttribute(null=True)
    closed_by = UnicodeAttribute(null=True)
    closed_at = UnicodeAttribute(null=True)
    last_actor_id = UnicodeAttribute(null=True)
    last_actor_at = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    version = NumberAttribute(default=0)
    # Index keys, derived from the fields above by the repository.
    store_group_key = UnicodeAttribute(null=True)
    brand_group_key = UnicodeAttribute(null=True)
    recent_key = UnicodeAttribute(null=True)
    waiting_key = UnicodeAttribute(null=True)
    alert_reason = UnicodeAttribute(null=True)
    alert_at = UnicodeAttribute(null=True)
    shared_with = ListAttribute(of=UnicodeAttribute, null=True)
    hold_reason = UnicodeAttribute(null=True)
    held_by = UnicodeAttribute(null=True)
    held_at = UnicodeAttribute(null=True)
    folder_reason = UnicodeAttribute(null=True)
    folder_by = UnicodeAttribute(null=True)
    folder_at = UnicodeAttribute(null=True)


class AttachmentMap(MapAttribute):
    url = UnicodeAttribute()
    content_type = UnicodeAttribute(null=True)


class MessageItem(Item, discriminator="message"):
    brand_id = UnicodeAttribute()
    thread_id = UnicodeAttribute()
    message_id = UnicodeAttribute()
    direction = UnicodeAttribute()
    author = UnicodeAttribute()
    agent_id = UnicodeAttribute(null=True)
    text = UnicodeAttribute(default="")
    attachments = ListAttribute(of=AttachmentMap, default=list)
    status = UnicodeAttribute(null=True)
    provider_id = UnicodeAttribute(null=True)
    error = UnicodeAttribute(null=True)
    channel = UnicodeAttribute()
    store_id = UnicodeAttribute()
    customer_address = UnicodeAttribute()
    store_address = UnicodeAttribute()
    conversation_id = UnicodeAttribute(null=True)
    contact_id = UnicodeAttribute(null=True)
    applied = BooleanAttribute(default=False)
    created_at = UnicodeAttribute()


class TimerItem(Item, discriminator="timer"):
    """Due work, in the `timers_due` index until the minute sweep claims it by deleting it."""

    brand_id = UnicodeAttribute()
    timer_kind = UnicodeAttribute()
    ref = UnicodeAttribute()
    due_at = UnicodeAttribute()
    payload = JSONAttribute(default=dict)
    timer_queue = UnicodeAttribute()
    due_key = UnicodeAttribute()


class NotificationItem(Item, discriminator="notification"):
    brand_id = UnicodeAttribute()
    agent_id = UnicodeAttribute()
    notification_id = UnicodeAttribute()
    notification_kind = UnicodeAttribute()
    thread_id = UnicodeAttribute()
    created_at = UnicodeAttribute()
    read = BooleanAttribute(default=False)


class DedupItem(Item, discriminator="dedup"):
    """A provider message id seen once; kept 8 days by the table's TTL."""

    brand_id = UnicodeAttribute()


class NoteItem(Item, discriminator="note"):
    """A note of the invisible thread, in the thread's partition beside its messages."""

    brand_id = UnicodeAttribute()
    thread_id = UnicodeAttribute()
    note_id = UnicodeAttribute()
    note_kind = UnicodeAttribute()
    author_agent_id = UnicodeAttribute(null=True)
    text = UnicodeAttribute()
    mentions = ListAttribute(of=UnicodeAttribute, default=list)
    created_at = UnicodeAttribute()


class MentionItem(Item, discriminator="mention"):
    """A mention in the agent's partition; while unread, a copy under UNREAD#MENTION# lists the unread ones."""

    brand_id = UnicodeAttribute()
    agent_id = UnicodeAttribute()
    mention_id = UnicodeAttribute()
    thread_id = UnicodeAttribute()
    note_id = UnicodeAttribute()
    by_agent_id = UnicodeAttribute()
    text = UnicodeAttribute()
    created_at = UnicodeAttribute()
    read = BooleanAttribute(default=False)


class MentionCountItem(Item, discriminator="mention_count"):
    """Unread mentions of an agent, ADDed to in the transactions that create and read mentions."""

    brand_id = UnicodeAttribute()
    agent_id = UnicodeAttribute()
    unread = NumberAttribute(default=0)


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


class CannedItem(Item, discriminator="canned"):
    """A canned response (D6), in its library's partition, sorted by its normalised title."""

    brand_id = UnicodeAttribute()
    canned_id = UnicodeAttribute()
    title = UnicodeAttribute()
    text = UnicodeAttribute()
    scope = UnicodeAttribute()
    owner_agent_id = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    version = NumberAttribute(default=1)


class CannedIdItem(Item, discriminator="canned_id"):
    """Where a canned response's entry is now (its sort key moves with its title); guards every change."""

    brand_id = UnicodeAttribute()
    canned_id = UnicodeAttribute()
    entry_sk = UnicodeAttribute()
    version = NumberAttribute(default=1)


class WordItem(Item, discriminator="word"):
    """A word of a message, for search: the message's other words filter a query of several words."""

    brand_id = UnicodeAttribute()
    thread_id = UnicodeAttribute()
    message_id = UnicodeAttribute()
    store_id = UnicodeAttribute()
    created_at = UnicodeAttribute()
    words = UnicodeSetAttribute()
    excerpt = UnicodeAttribute(default="")


class NameItem(Item, discriminator="name_word"):
    """A word of a customer's name, for search."""

    brand_id = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    phone = UnicodeAttribute(null=True)
    words = UnicodeSetAttribute()


class CustomerItem(Item, discriminator="customer"):
    """What a brand's head office says of a customer (D7)."""

    brand_id = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    phone = UnicodeAttribute(null=True)
    name = UnicodeAttribute(null=True)
    customer_attributes: MapAttribute = MapAttribute(default=dict, attr_name="attributes")  # name -> text, as given
    updated_at = UnicodeAttribute(null=True)


class CustomerThreadItem(Item, discriminator="customer_thread"):
    """One thread of a customer, beside the customer record; kept from the stream."""

    brand_id = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    thread_id = UnicodeAttribute()
    store_id = UnicodeAttribute(null=True)
    channel = UnicodeAttribute(null=True)
    store_number = UnicodeAttribute(null=True)


MAIN_MODELS: tuple[type[Model], ...] = (Item,)


def configure(*, table_name: str | None = None, host: str | None = None, region: str | None = None) -> None:
    """Points every model at a table and endpoint. PynamoDB reads Meta at first use, so reset its connection."""
    for model in MAIN_MODELS:
        if table_name:
            model.Meta.table_name = table_name
        model.Meta.host = host
        if region:
            model.Meta.region = region
        model._connection = None
    for sub in (BrandItem, StoreItem, AgentItem, InvitationItem, CountsItem, NumberItem, EmailItem, ThreadItem,
                MessageItem, DedupItem, TimerItem, NotificationItem, AgentLoadItem, NoteItem, MentionItem,
                MentionCountItem, StoreGroupItem, RoleItem, PasswordResetItem,
                CannedItem, CannedIdItem,
                WordItem, NameItem, CustomerItem, CustomerThreadItem):
        sub._connection = None


def create_tables() -> None:
    """Creates the table with its indexes and stream when it does not exist (local stage, tests)."""
    for model in MAIN_MODELS:
        if not model.exists():
            model.create_table(wait=True)
