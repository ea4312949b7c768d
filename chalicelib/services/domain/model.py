"""The product's nouns as plain dataclasses: brand, store, agent, thread, message."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

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


PRESENCE_CHANNELS = ("chat", "call")
PRESENCE_STATES = ("available", "busy", "unavailable")
DEFAULT_SLOTS = 5


@dataclass
class Brand:
    id: str
    name: str
    picture_url: str | None = None
    created_at: datetime | None = None
    slots_per_agent: int = DEFAULT_SLOTS  # open threads an agent holds before turning busy (G3)
    closing_reasons: list[str] = field(default_factory=list)  # F2, edited by brand admins
    service_email: str | None = None  # the brand's customer service, threads are delegated to it (E4)


@dataclass
class EscalationSettings:
    """G2: off, random or ordered; the next agent is notified after `delay_minutes` of open time."""

    mode: str = "off"
    delay_minutes: int = 5
    agent_ids: list[str] = field(default_factory=list)


@dataclass
class Greeting:
    """H1: sent when a customer writes, unless they got it within `resend_after_hours` (0: every time)."""

    text: str
    resend_after_hours: float = 0


@dataclass
class AutoMessages:
    greetings: dict[str, Greeting] = field(default_factory=dict)  # per channel
    closed_text: str = ""
    closed_hours: list[dict] = field(default_factory=list)  # [{day, from, to}] closing ranges (H2)


@dataclass
class Store:
    brand_id: str
    id: str
    name: str
    timezone: str
    address: str | None = None
    phone_number: str | None = None
    avatar_url: str | None = None
    agent_count: int = 0
    created_at: datetime | None = None
    escalation: EscalationSettings = field(default_factory=EscalationSettings)
    auto_messages: AutoMessages = field(default_factory=AutoMessages)


@dataclass
class StoreRights:
    perimeter: bool = False
    contactable: bool = False
    admin: bool = False

    def any(self) -> bool:
        return self.perimeter or self.contactable or self.admin


@dataclass
class Agent:
    brand_id: str
    id: str
    email: str
    password_hash: str
    first_name: str = ""
    last_name: str = ""
    brand_admin: bool = False
    rights: dict[str, StoreRights] = field(default_factory=dict)
    notify_new_message: bool = False
    notify_invitation_accepted: bool = True
    created_at: datetime | None = None
    presence: dict[str, str] = field(default_factory=dict)  # chat/call -> state set by hand
    serving_hours: list[dict] = field(default_factory=list)  # [{day, from, to}] when routed to (A5); [] = always
    sessions: list[list[str | None]] = field(default_factory=list)  # [[connected ISO, left ISO or None]] (I15)
    open_threads: int = 0  # threads held, maintained with every thread change (G3)
    notify_mention: bool = True  # e-mail when a colleague mentions the agent in a note (E2, J1)
    picture_url: str | None = None  # A6
    password_changed_at: datetime | None = None  # sessions issued before it no longer work (A6)
    deleted_at: datetime | None = None  # a deleted account: a tombstone keeping the id its messages name (A6)
    role_id: str | None = None  # A8; None: every section and channel
    role: Role | None = None  # the role itself, loaded with the caller's session only (A8)

    def presence_on(self, channel: str, slots: int) -> str:
        """The state others see: busy by itself once the agent holds as many open threads as slots."""
        state = self.presence.get(channel, "unavailable")
        if state == "available" and self.open_threads >= slots:
            return "busy"
        return state

    def can_see(self, store_id: str) -> bool:
        """Every store with a right, or every store for a brand admin, is visible."""
        return self.brand_admin or store_id in self.rights

    def can_write(self, store_id: str) -> bool:
        """Without perimeter a store is read-only to the agent (A4)."""
        if self.brand_admin:
            return True
        rights = self.rights.get(store_id)
        return bool(rights and (rights.perimeter or rights.admin))

    def is_store_admin(self, store_id: str) -> bool:
        if self.brand_admin:
            return True
        rights = self.rights.get(store_id)
        return bool(rights and rights.admin)


@dataclass
class Invitation:
    brand_id: str
    token_hash: str
    email: str
    store_id: str
    invited_by: str
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None = None


@dataclass
class Customer:
    id: str
    phone: str | None = None
    name: str | None = None


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
    last_agent_message_at: datetime | None = None
    assigned_agent_id: str | None = None
    participants: list[str] = field(default_factory=list)
    snoozed_until: datetime | None = None
    on_hold: bool = False
    alert: bool = False
    escalation: Escalation | None = None
    greeted_at: datetime | None = None  # last greeting sent (H1)
    closed_notice_for: datetime | None = None  # start of the closed period last told about (H2)
    closed_reason: str | None = None
    closed_by: str | None = None
    closed_at: datetime | None = None
    last_actor_id: str | None = None  # the agent behind the last answer or status change (I15)
    last_actor_at: datetime | None = None
    version: int = 0
    alert_reason: str | None = None  # why `alert` was raised: the detector's cues, or "flagged by hand" (C5)
    alert_at: datetime | None = None
    shared_with: list[str] = field(default_factory=list)  # stores whose agents may read the thread (E4)
    hold_reason: str | None = None  # why the customer is on hold (F4), set with on_hold
    held_by: str | None = None
    held_at: datetime | None = None
    folder_reason: str | None = None  # why the thread was last moved to its folder (C6, F1)
    folder_by: str | None = None  # the agent who moved it there
    folder_at: datetime | None = None


@dataclass
class Attachment:
    url: str
    content_type: str | None = None


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
    """A line of the invisible thread (E1): agents only, never the customer, never a change of the thread."""

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
    """A colleague's @ in a note, in the mentioned agent's mentions inbox (E2)."""

    brand_id: str
    agent_id: str  # the agent mentioned: whose inbox it is in
    id: str
    thread_id: str
    note_id: str
    by_agent_id: str
    text: str  # an excerpt of the note
    created_at: datetime
    read: bool = False


@dataclass
class StoreGroup:
    """A7: stores grouped (a region...) to filter the inbox by."""

    brand_id: str
    id: str
    name: str
    store_ids: list[str] = field(default_factory=list)
    created_at: datetime | None = None


@dataclass
class Role:
    """A8: the sections and channels an employee may use. Brand admins are never restricted."""

    brand_id: str
    id: str
    name: str
    sections: list[str] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    created_at: datetime | None = None
    agent_count: int = 0  # agents with the role, maintained: a role in use is not deleted


@dataclass
class PasswordReset:
    """A6: a password reset link sent by e-mail; `token` is the link's secret (only its hash is stored)."""

    brand_id: str
    token: str
    agent_id: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None


CannedScope = Literal["brand", "personal"]


@dataclass
class CannedResponse:
    """A prepared answer (D6): the brand's library, edited by brand admins, or an agent's own."""

    brand_id: str
    id: str
    title: str
    text: str
    scope: CannedScope
    created_at: datetime
    updated_at: datetime
    owner_agent_id: str | None = None  # the agent of a personal one
    version: int = 1


@dataclass
class WordPosting:
    """One word of a message in the search index (D3): where it was written, and a piece of text to show."""

    brand_id: str
    word: str
    thread_id: str
    message_id: str
    store_id: str
    created_at: datetime
    words: list[str]  # the message's distinct words (capped): a query of several words filters on them
    excerpt: str


@dataclass
class NamePosting:
    """One word of a customer's name in the search index (D3)."""

    brand_id: str
    word: str
    customer_id: str
    phone: str | None
    words: list[str]  # every word of the name


@dataclass
class SearchHit:
    """A thread found by a search, with why: its number, its customer's name, or a message's words."""

    thread: Thread
    kind: str  # number | name | text
    at: datetime
    message_id: str | None = None
    excerpt: str | None = None


@dataclass
class CustomerProfile:
    """A customer of a brand as its head office describes them (D7): name and attributes shown as given."""

    brand_id: str
    id: str
    phone: str | None
    name: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    updated_at: datetime | None = None


@dataclass
class CustomerLink:
    """One thread of a customer, kept beside the customer record; None fields are left as stored."""

    brand_id: str
    customer_id: str
    thread_id: str
    store_id: str | None = None
    channel: str | None = None
    store_number: str | None = None  # the store number the customer last wrote to
