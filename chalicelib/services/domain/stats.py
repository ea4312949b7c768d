"""Statistics facts: what each change of a thread adds to its stores' days.

The stream hands every write of a thread item (old and new image) to `observe`, in order.
A small state per thread (`ThreadFacts`) remembers what the indicators need across changes:
the current conversation, who holds it since when, the open contact. `observe` returns the
new state and `DayDelta`s: additions to per-store, per-day aggregates, which the reports read.
Pure: the store's time zone and opening hours come in through `StoreClock`.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from . import Thread
from .reviews import REVIEW

# Counters of a store's day; each is documented with the indicator it serves.
COUNTERS = (
    "conversations",  # conversations the store answered first (or holds unanswered), on the day they count
    "new_inbound",  # new inbound: conversations started by a customer
    "new_outbound",  # new outbound: conversations started by the store
    "outbound_answered",  # of those, answered by the customer (on their start day)
    "contacts",  # contacts received, on their opening day
    "contacts_answered",  # response rate: of those, answered by an agent of the store that received them
    "new_threads",  # threads opened (their total at the end of a period is a running sum)
    "new_inbound_customers",  # new threads opened by a customer message
    "new_outbound_customers",  # new threads opened by a store message
    "reviews",  # reviews received, on the day they arrived
    "review_rating_sum",  # average rating: the sum of their ratings
    "reviews_answered",  # share handled: of those, answered by an agent (counted on the review's day)
)


@dataclass(frozen=True)
class StoreClock:
    """What facts need of a store: its local date of an instant, and open seconds between two instants."""

    local_date: Callable[[str, datetime], date]
    open_seconds: Callable[[str, datetime, datetime], float]


@dataclass
class Figures:
    """What a store's day holds of the conversations of one channel: the all-channel figures are their sum."""

    counters: dict[str, int] = field(default_factory=dict)
    response_times: list[float] = field(default_factory=list)  # first answer times in seconds, on the answer's day
    outbound_response_times: list[float] = field(default_factory=list)  # customer reply times, on the start day
    active: set[str] = field(default_factory=set)  # "conversation|start day" with an exchange this day
    existing_since: dict[str, int] = field(default_factory=dict)  # existing customers: first day -> new inbound


@dataclass
class DayDelta:
    """What a batch adds to a store's day, by channel ("": a thread whose facts predate the split by channel)."""

    store_id: str
    day: date
    parts: dict[str, Figures] = field(default_factory=dict)
    handled: dict[str, int] = field(default_factory=dict)  # agent -> contacts taken from waiting

    def part(self, channel: str) -> Figures:
        return self.parts.setdefault(channel, Figures())

    @property
    def channels(self) -> dict[str, int]:
        """New inbound customers by channel: the channels' own counters, never a copy of them."""
        return {c: n for c, part in self.parts.items() if c and (n := part.counters.get("new_inbound_customers", 0))}

    def total(self, counter: str) -> int:
        return sum(part.counters.get(counter, 0) for part in self.parts.values())


@dataclass
class ThreadFacts:
    brand_id: str
    thread_id: str
    last_sequence: int = 0
    customer_since: datetime | None = None
    conversation_id: str | None = None
    started_at: datetime | None = None
    started_by: str | None = None  # customer | store
    start_store: str | None = None
    holder_store: str | None = None
    holder_since: datetime | None = None
    answered_at: datetime | None = None
    excluded: bool = False  # a status set by hand before the first answer: no response time
    customer_replied: bool = False  # to an outbound conversation
    counted_store: str | None = None  # the store the conversation counts for now
    counted_day: date | None = None
    contact_id: str | None = None
    contact_store: str | None = None
    contact_day: date | None = None
    contact_answered: bool = False
    # Where the thread's figures count: its origin or channel. "" for facts kept before figures were split by
    # channel: the rest of their conversation counts channel-less, like what it counted before.
    channel: str | None = None


class Collector:
    """Sums deltas per (store, day): a batch writes each day once."""

    def __init__(self) -> None:
        self.days: dict[tuple[str, date], DayDelta] = {}

    def day(self, store_id: str, day: date) -> DayDelta:
        return self.days.setdefault((store_id, day), DayDelta(store_id, day))

    def part(self, channel: str | None, store_id: str, day: date) -> Figures:
        """The figures of one channel's conversations in a store's day."""
        return self.day(store_id, day).part(channel or "")

    def count(self, channel: str | None, store_id: str, day: date, counter: str, n: int = 1) -> None:
        counters = self.part(channel, store_id, day).counters
        counters[counter] = counters.get(counter, 0) + n


def stats_channel(thread: Thread) -> str:
    """The channel a thread's figures count under: a thread begun by a phone call counts as phone/IVR."""
    return thread.origin or thread.channel


def observe(facts: ThreadFacts, old: Thread | None, new: Thread, clock: StoreClock, out: Collector) -> ThreadFacts:
    """The facts after one change of a thread, and what it adds to the days (into `out`)."""
    f = replace(facts)
    if f.channel is None:
        f.channel = stats_channel(new)
    if old is None or f.customer_since is None:
        f.customer_since = new.created_at
        if old is None:
            _new_thread(f, new, clock, out)
    if new.conversation_id != f.conversation_id:
        _new_conversation(f, new, clock, out)
    elif old is not None and old.store_id != new.store_id and f.answered_at is None:
        _transferred(f, new, clock, out)
    customer_wrote = old is not None and new.last_inbound_at != old.last_inbound_at
    agent_wrote = (old is None and new.last_agent_message_at is not None) or (
        old is not None and new.last_agent_message_at != old.last_agent_message_at)
    if new.contact_id and new.status == "waiting" and new.contact_id != f.contact_id:
        f.contact_id, f.contact_store = new.contact_id, new.store_id
        f.contact_day = clock.local_date(new.store_id, new.waiting_since or new.last_message_at)
        f.contact_answered = False
        out.count(f.channel, new.store_id, f.contact_day, "contacts")
    if agent_wrote and new.last_agent_message_at is not None:
        _agent_answered(f, new, new.last_agent_message_at, clock, out)
        _review_answered(f, old, new, clock, out)
    elif (old is not None and old.status == "waiting" and new.status != "waiting" and f.answered_at is None
          and f.started_by == "customer"):
        f.excluded = True  # a status changed by hand before any answer: no response time
    if customer_wrote and f.started_by == "store" and not f.customer_replied and new.last_inbound_at:
        _customer_replied(f, new, new.last_inbound_at, clock, out)
    if (old is not None and old.status == "waiting" and new.status in ("replied", "resolved")
            and new.last_actor_id and new.last_actor_at):
        handled = out.day(new.store_id, clock.local_date(new.store_id, new.last_actor_at)).handled
        handled[new.last_actor_id] = handled.get(new.last_actor_id, 0) + 1
    if (customer_wrote or agent_wrote) and f.conversation_id and f.started_at:
        at = new.last_message_at
        out.part(f.channel, new.store_id, clock.local_date(new.store_id, at)).active.add(
            f"{f.conversation_id}|{clock.local_date(f.start_store or new.store_id, f.started_at).isoformat()}")
    return f


def _customer_replied(f: ThreadFacts, new: Thread, at: datetime, clock: StoreClock, out: Collector) -> None:
    """The customer's first answer to an outbound conversation: counted on its start day, with the time taken."""
    f.customer_replied = True
    store = f.start_store or new.store_id
    start_day = clock.local_date(store, f.started_at or new.created_at)
    out.count(f.channel, store, start_day, "outbound_answered")
    out.part(f.channel, store, start_day).outbound_response_times.append(
        (at - (f.started_at or new.created_at)).total_seconds())


def _new_thread(f: ThreadFacts, new: Thread, clock: StoreClock, out: Collector) -> None:
    day = clock.local_date(new.store_id, new.created_at)
    out.count(f.channel, new.store_id, day, "new_threads")
    if new.last_inbound_at is not None and new.last_agent_message_at is None:
        # By channel through the channel's own counter (a thread begun by a call under phone/IVR).
        out.count(f.channel, new.store_id, day, "new_inbound_customers")
        if new.channel == REVIEW and new.review_rating is not None:
            out.count(f.channel, new.store_id, day, "reviews")
            out.count(f.channel, new.store_id, day, "review_rating_sum", new.review_rating)
    else:
        out.count(f.channel, new.store_id, day, "new_outbound_customers")


def _review_answered(f: ThreadFacts, old: Thread | None, new: Thread, clock: StoreClock, out: Collector) -> None:
    """A review's first answer by an agent: counted on the review's day, for the store where it counted."""
    if old is not None and old.last_agent_message_at is None and new.channel == REVIEW:
        store = f.start_store or new.store_id  # where the review arrived, even if transferred since
        out.count(f.channel, store, clock.local_date(store, new.created_at), "reviews_answered")


def _new_conversation(f: ThreadFacts, new: Thread, clock: StoreClock, out: Collector) -> None:
    started = new.conversation_started_at
    f.channel = stats_channel(new)  # facts kept before the split by channel count by channel from here on
    by_customer = new.last_inbound_at == started and new.last_agent_message_at != started
    day = clock.local_date(new.store_id, started)
    f.conversation_id, f.started_at, f.started_by = new.conversation_id, started, "customer" if by_customer else "store"
    f.start_store = f.holder_store = new.store_id
    f.holder_since, f.answered_at, f.excluded, f.customer_replied = started, None, False, False
    if by_customer:
        out.count(f.channel, new.store_id, day, "new_inbound")
        since = clock.local_date(new.store_id, f.customer_since or started)
        part = out.part(f.channel, new.store_id, day)
        part.existing_since[since.isoformat()] = part.existing_since.get(since.isoformat(), 0) + 1
        f.counted_store, f.counted_day = new.store_id, day  # unanswered yet: the store holding it
        out.count(f.channel, new.store_id, day, "conversations")
    else:
        out.count(f.channel, new.store_id, day, "new_outbound")
        f.answered_at = started  # the store spoke first: it is the first to answer
        f.counted_store, f.counted_day = new.store_id, day
        out.count(f.channel, new.store_id, day, "conversations")


def _transferred(f: ThreadFacts, new: Thread, clock: StoreClock, out: Collector) -> None:
    """Unanswered and moved: the conversation counts for the new store; the contact stays with the old store."""
    f.holder_store, f.holder_since = new.store_id, new.store_since or new.last_message_at
    if f.counted_store is not None and f.counted_day is not None:
        out.count(f.channel, f.counted_store, f.counted_day, "conversations", -1)
    f.counted_store = new.store_id
    out.count(f.channel, new.store_id, f.counted_day or clock.local_date(new.store_id, new.last_message_at),
              "conversations")


def _agent_answered(f: ThreadFacts, new: Thread, at: datetime, clock: StoreClock, out: Collector) -> None:
    if f.contact_id and not f.contact_answered and f.contact_store == new.store_id and f.contact_day:
        f.contact_answered = True
        out.count(f.channel, f.contact_store, f.contact_day, "contacts_answered")
    if f.answered_at is not None or f.started_by != "customer":
        return
    f.answered_at = at
    day = clock.local_date(new.store_id, at)
    if f.counted_store is not None and f.counted_day is not None:
        out.count(f.channel, f.counted_store, f.counted_day, "conversations", -1)
    f.counted_store, f.counted_day = new.store_id, day  # the first store to answer, on its answer's day
    out.count(f.channel, new.store_id, day, "conversations")
    if not f.excluded and f.holder_store == new.store_id and f.holder_since is not None:
        waited = clock.open_seconds(new.store_id, f.holder_since, at)
        out.part(f.channel, new.store_id, day).response_times.append(waited)


def ignored(new: Thread) -> bool:
    """A spam thread counts nowhere from the moment it is spam: its changes add nothing to any day.

    What it added before it became spam stays: facts do not keep enough to take a past day back,
    and those days may already have been reported. Back in the inbox, it counts again from there.
    """
    return new.folder == "spam"
