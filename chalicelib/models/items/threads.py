"""Item declarations of the conversations: a thread's partition (the thread, its messages and notes), the
inbox counts, webhook deduplication, timers, notifications and mentions. Keys come from keys.py."""
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


class CountsItem(Item, discriminator="counts"):
    """Threads per status in a store's inbox, maintained with every status change."""

    brand_id = UnicodeAttribute()
    store_id = UnicodeAttribute()
    waiting = NumberAttribute(default=0)
    replied = NumberAttribute(default=0)
    resolved = NumberAttribute(default=0)
    new = NumberAttribute(default=0)  # waiting, not opened yet
    unanswered = NumberAttribute(default=0)  # waiting, opened, not answered


class ThreadItem(Item, discriminator="thread"):
    brand_id = UnicodeAttribute()
    thread_id = UnicodeAttribute()
    store_id = UnicodeAttribute()
    channel = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    customer_phone = UnicodeAttribute(null=True)
    customer_name = UnicodeAttribute(null=True)
    customer_opted_out = BooleanAttribute(null=True)
    customer_picture = UnicodeAttribute(null=True)  # our copy of the platform's picture: its file id
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
    last_direct_at = UnicodeAttribute(null=True)  # the customer's last direct message (not a comment)
    last_comment_at = UnicodeAttribute(null=True)
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
    imported_at = UnicodeAttribute(null=True)  # the platform's history imported onto it
    origin = UnicodeAttribute(null=True)  # "ivr": the thread began with a phone call
    review_rating = NumberAttribute(null=True)  # a review's thread: its rating
    last_actor_id = UnicodeAttribute(null=True)
    last_actor_at = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    version = NumberAttribute(default=0)
    correlation_id = UnicodeAttribute(null=True)  # the request or stream record of its last change, for the logs
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
    size = NumberAttribute(null=True)
    error = UnicodeAttribute(null=True)


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
    correlation_id = UnicodeAttribute(null=True)  # the request or stream record that wrote it, for the logs
    tag = UnicodeAttribute(null=True)  # the platform's message tag it was sent with
    template = JSONAttribute(null=True)  # {name, language, parameters} of the template it was sent as
    read_at = UnicodeAttribute(null=True)  # when the customer read it (outgoing, where the channel tells)
    customer_name = UnicodeAttribute(null=True)  # the name the platform gave with a customer's message
    message_kind = UnicodeAttribute(null=True)  # "comment": a public comment on a post (`kind` is the item's own)
    comment = JSONAttribute(null=True)  # {id, post_id, permalink}: the comment, or the one a public reply answers
    reply_to = UnicodeAttribute(null=True)  # a reply to a comment: the comment message's id
    private_reply = BooleanAttribute(null=True)  # that reply went to the commenter privately
    origin = UnicodeAttribute(null=True)  # "ivr": a customer's phone call answered by text
    call_outcome = UnicodeAttribute(null=True)  # a call to the customer: reached, no_answer or voicemail
    review = JSONAttribute(null=True)  # a review: {source, external_id, rating, written_at, category, author_*}


class DedupItem(Item, discriminator="dedup"):
    """A provider message id seen once; kept 8 days by the table's TTL."""

    brand_id = UnicodeAttribute()


class TimerItem(Item, discriminator="timer"):
    """Due work, in the `timers_due` index until the minute sweep claims it by deleting it."""

    brand_id = UnicodeAttribute()
    timer_kind = UnicodeAttribute()
    ref = UnicodeAttribute()
    due_at = UnicodeAttribute()
    payload = JSONAttribute(default=dict)
    timer_queue = UnicodeAttribute()
    due_key = UnicodeAttribute()
    correlation_id = UnicodeAttribute(null=True)  # the request or stream record that set it, for the logs


class NotificationItem(Item, discriminator="notification"):
    brand_id = UnicodeAttribute()
    agent_id = UnicodeAttribute()
    notification_id = UnicodeAttribute()
    notification_kind = UnicodeAttribute()
    thread_id = UnicodeAttribute()
    created_at = UnicodeAttribute()
    read = BooleanAttribute(default=False)
    correlation_id = UnicodeAttribute(null=True)  # the request or stream record that caused it, for the logs


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
