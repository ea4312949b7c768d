"""A conversation with a customer: the thread, its messages, timers, notes and mentions."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from .reviews import Review

ThreadStatus = Literal["waiting", "replied", "resolved"]
Folder = Literal["inbox", "done", "spam", "archived"]
Direction = Literal["in", "out"]
Author = Literal["customer", "agent", "auto"]
# Delivery of an outgoing message only moves forward along this order.
DELIVERY_ORDER = ("queued", "sending", "sent", "delivered")
DELIVERY_STATUSES = DELIVERY_ORDER + ("failed", "received")


def statuses_before(status: str) -> list[str]:
    """The delivery statuses an outgoing message may move to `status` from: forward only, and a
    message that was delivered never becomes failed (a late report never overwrites a later one)."""
    if status == "failed":
        return [s for s in DELIVERY_ORDER if s != "delivered"]
    return list(DELIVERY_ORDER[: DELIVERY_ORDER.index(status)])
THREAD_STATUSES: tuple[ThreadStatus, ...] = ("waiting", "replied", "resolved")
FOLDERS: tuple[Folder, ...] = ("inbox", "done", "spam", "archived")
CONVERSATION_GAP_DAYS = 15


@dataclass
class Customer:
    id: str
    phone: str | None = None
    name: str | None = None
    opted_out: bool = False  # texted STOP to the thread's store number (a copy of the register, for display)
    picture: str | None = None  # our copy of the picture the platform shows, by its file id under the thread


@dataclass
class Escalation:
    agent_id: str | None  # the agent notified now; None while nobody is eligible
    since: datetime
    step: int = 0


@dataclass
class Thread:
    brand_id: str
    id: str
    store_id: str
    channel: str
    customer: Customer
    status: ThreadStatus
    conversation_id: str
    conversation_started_at: datetime
    last_message_at: datetime
    created_at: datetime
    folder: Folder = "inbox"
    store_since: datetime | None = None  # when the thread last changed store (transfer)
    unread: bool = True
    waiting_since: datetime | None = None
    contact_id: str | None = None
    last_inbound_at: datetime | None = None
    # Meta opens the window to write freely only on a direct message: a comment allows public and private replies.
    last_direct_at: datetime | None = None
    last_comment_at: datetime | None = None
    last_agent_message_at: datetime | None = None
    assigned_agent_id: str | None = None
    participants: list[str] = field(default_factory=list)
    snoozed_until: datetime | None = None
    on_hold: bool = False
    alert: bool = False
    escalation: Escalation | None = None
    greeted_at: datetime | None = None  # last greeting sent: not again within its resend period
    closed_notice_for: datetime | None = None  # start of the closed period last told about: told once
    closed_reason: str | None = None
    closed_by: str | None = None
    closed_at: datetime | None = None
    last_actor_id: str | None = None  # the agent behind the last answer or status change, credited with the contact
    last_actor_at: datetime | None = None
    version: int = 0
    alert_reason: str | None = None  # why `alert` was raised: the detector's cues, or "flagged by hand"
    alert_at: datetime | None = None
    shared_with: list[str] = field(default_factory=list)  # stores whose agents may read the thread
    hold_reason: str | None = None  # why the customer is on hold, set with on_hold
    held_by: str | None = None
    held_at: datetime | None = None
    folder_reason: str | None = None  # why the thread was last moved to its folder
    folder_by: str | None = None  # the agent who moved it there
    folder_at: datetime | None = None
    imported_at: datetime | None = None  # when the platform's history was last imported onto it
    origin: str | None = None  # how the thread began when not by a message: "ivr", a phone call to the store
    review_rating: int | None = None  # a review's thread: the review's rating, for the statistics


@dataclass
class Attachment:
    url: str
    content_type: str | None = None
    size: int | None = None  # bytes of our copy, once kept
    error: str | None = None  # why we could not keep a copy (too large, gone from the platform)


@dataclass(frozen=True)
class Template:
    """An approved message template a channel sends past its reply window (WhatsApp), by name and language."""

    name: str
    language: str
    parameters: tuple[str, ...] = ()


@dataclass(frozen=True)
class CommentRef:
    """A public comment on one of the store's posts: the platform's comment id (what a public reply answers),
    the post it is on and, when the platform gives it, the post's address."""

    id: str
    post_id: str | None = None
    permalink: str | None = None


@dataclass
class Message:
    brand_id: str
    thread_id: str
    id: str
    direction: Direction
    author: Author
    text: str
    created_at: datetime
    channel: str
    store_id: str
    customer_address: str  # the customer's phone number (or platform id)
    store_address: str  # the store's number the message went to or from
    agent_id: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    status: str | None = None
    provider_id: str | None = None
    error: str | None = None
    conversation_id: str | None = None
    contact_id: str | None = None
    applied: bool = False  # derived onto the thread (inbound messages)
    tag: str | None = None  # the platform's message tag that let it go past the reply window
    template: Template | None = None  # the approved template it was sent as
    read_at: datetime | None = None  # when the customer read it, on channels that tell (outgoing messages)
    customer_name: str | None = None  # the name the platform gave with a customer's message
    kind: str | None = None  # "comment": a customer's public comment on a post; None for a direct message
    comment: CommentRef | None = None  # the comment itself, or (on a public reply) the comment it answers
    reply_to: str | None = None  # a reply to a comment: the id of the comment message it answers
    private: bool = False  # a reply to a comment sent as a direct message to its author, not under the comment
    origin: str | None = None  # "ivr": a customer's phone call to the store, answered by text
    call_outcome: str | None = None  # a call to the customer (kind "call"): reached, no_answer or voicemail
    review: Review | None = None  # a customer's review (kind "review"): its source, rating, category and author


@dataclass
class Notification:
    brand_id: str
    agent_id: str
    id: str
    kind: str  # new_message | mention | transfer | escalation
    thread_id: str
    created_at: datetime
    read: bool = False


@dataclass
class Timer:
    """Something to do at a time (escalation step, snooze end): fired once by the minute sweep."""

    brand_id: str
    kind: str
    ref: str
    due_at: datetime
    payload: dict[str, str] = field(default_factory=dict)


@dataclass
class Page:
    items: list
    next_cursor: str | None


NoteKind = Literal["note", "system"]


@dataclass
class Note:
    """A line of the invisible thread: agents only, never the customer, never a change of the thread."""

    brand_id: str
    thread_id: str
    id: str
    kind: NoteKind
    author_agent_id: str | None  # None for a system note written by the product
    text: str
    created_at: datetime
    mentions: list[str] = field(default_factory=list)  # agent ids written @[agent_id] in the text


@dataclass
class Mention:
    """A colleague's @ in a note, in the mentioned agent's mentions inbox."""

    brand_id: str
    agent_id: str  # the agent mentioned: whose inbox it is in
    id: str
    thread_id: str
    note_id: str
    by_agent_id: str
    text: str  # an excerpt of the note
    created_at: datetime
    read: bool = False
