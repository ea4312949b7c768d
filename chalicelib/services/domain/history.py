"""The history a platform keeps of a newly connected account: what is imported, as what, and how its import
is followed. Pure: the platform's pages come in through the history port, the writes go out through it.

Imported conversations are history, not activity: they land resolved (like an archived chat, which opens again
when the customer writes), read, with no automatic message, notification or escalation, and the statistics
take their state without counting anything (see `is_import` and `baseline`).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import datetime

from .conversation import Attachment, Customer, Message, Thread
from .stats import ThreadFacts

MAX_MESSAGES = 500  # per conversation: the most recent ones, as the product promised
HISTORY_KINDS = ("messenger", "instagram")  # WhatsApp's Cloud API keeps no history to read
IMPORTING, IMPORTED, FAILED, UNAVAILABLE = "importing", "imported", "failed", "unavailable"
HISTORY_TIMER = "history"


@dataclass(frozen=True)
class HistoryState:
    """Where an account's import stands; `cursor` is the platform's page to read next (None: from the start)."""

    status: str
    threads: int = 0
    messages: int = 0
    reason: str | None = None
    cursor: str | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class PastMessage:
    """One message of the platform's history; `from_customer` False: the page (or account) wrote it."""

    provider_id: str
    created_at: datetime
    from_customer: bool
    text: str
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class PastConversation:
    customer_id: str  # the page-scoped (Instagram-scoped) id of the person
    customer_name: str | None
    messages: list[PastMessage] = field(default_factory=list)


@dataclass(frozen=True)
class HistoryPage:
    conversations: list[PastConversation]
    next_cursor: str | None  # None: this was the last page


def has_history(kind: str) -> bool:
    """Whether the platform offers the history of an account of this kind."""
    return kind in HISTORY_KINDS


def latest(messages: list[PastMessage], cap: int = MAX_MESSAGES) -> list[PastMessage]:
    """The `cap` most recent messages, oldest first, each once (a platform's pages may overlap)."""
    unique = {m.provider_id: m for m in messages if m.provider_id}
    ordered = sorted(unique.values(), key=lambda m: (m.created_at, m.provider_id))
    return ordered[-cap:] if cap > 0 else []


def provider_key(channel: str, provider_id: str) -> str:
    """The same key the webhook path files a message under: a message imported, then delivered by the
    webhook again, is stored once."""
    return f"{channel}:{provider_id}"


def message_id(channel: str, provider_id: str) -> str:
    """A message id derived from the platform's: importing the same message again writes the same item."""
    return "mh" + hashlib.sha256(provider_key(channel, provider_id).encode()).hexdigest()[:24]


def past_messages(conversation: PastConversation, *, brand_id: str, thread_id: str, store_id: str,
                  channel: str, store_address: str) -> list[Message]:
    """The conversation's messages as the thread keeps them: the customer's in, the page's out (author
    "agent" with no agent: a person of the store wrote it, outside this product), all delivered, all applied
    (so nothing follows from them: no automatic reply, no notification)."""
    found: list[Message] = []
    for past in latest(conversation.messages):
        found.append(Message(
            brand_id=brand_id, thread_id=thread_id, id=message_id(channel, past.provider_id),
            direction="in" if past.from_customer else "out", author="customer" if past.from_customer else "agent",
            text=past.text, created_at=past.created_at, channel=channel, store_id=store_id,
            customer_address=conversation.customer_id, store_address=store_address,
            attachments=list(past.attachments), status="received" if past.from_customer else "delivered",
            provider_id=past.provider_id, applied=True))
    return found


def imported_thread(current: Thread | None, messages: list[Message], customer: Customer, now: datetime) -> Thread:
    """The thread once the history is on it. An existing thread (the customer wrote since the connect) keeps
    its state: the history is older than what it has. A new one is resolved and read."""
    if current is not None:
        return replace(current, imported_at=now, version=current.version + 1)
    first, last = messages[0], messages[-1]
    inbound = [m.created_at for m in messages if m.direction == "in"]
    direct = [m.created_at for m in messages if m.direction == "in" and m.kind != "comment"]
    outbound = [m.created_at for m in messages if m.direction == "out"]
    return Thread(brand_id=first.brand_id, id=first.thread_id, store_id=first.store_id, channel=first.channel,
                  customer=customer, status="resolved", conversation_id=f"c{first.id}",
                  conversation_started_at=first.created_at, last_message_at=last.created_at,
                  created_at=first.created_at, unread=False, last_inbound_at=max(inbound, default=None),
                  last_direct_at=max(direct, default=None),
                  last_agent_message_at=max(outbound, default=None), closed_at=last.created_at,
                  imported_at=now, version=1)


def is_import(old: Thread | None, new: Thread) -> bool:
    """Whether a thread's change is an import of history (and nothing else happened in it)."""
    return new.imported_at is not None and (old is None or old.imported_at != new.imported_at)


def baseline(facts: ThreadFacts, new: Thread) -> ThreadFacts:
    """The statistics' state of an imported thread, counting nothing: the customer is known from the
    history's first message, and its last conversation is over (answered), so a later message continuing it
    adds no response time, and a new conversation counts with an existing customer."""
    if facts.customer_since is not None:
        return facts  # the thread was counted before the import: what it counted stands
    started_by = "customer" if new.last_inbound_at == new.conversation_started_at else "store"
    return replace(facts, customer_since=new.created_at, conversation_id=new.conversation_id,
                   started_at=new.conversation_started_at, started_by=started_by, start_store=new.store_id,
                   holder_store=new.store_id, holder_since=new.conversation_started_at,
                   answered_at=new.last_agent_message_at or new.conversation_started_at, contact_id=new.contact_id)
