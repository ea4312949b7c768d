"""A customer's message arrives: stored at once, then put on its thread from the stream."""
from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace

from ...domain import Agent, Attachment, Customer, Message, Store, Thread, Timer, routing
from ...domain import threads as rules
from ...domain.automation import automatic_reply
from ...domain.conversation import CommentRef
from ...domain.errors import AlreadyApplied, StaleVersion
from ...domain.optout import CHANNELS, Keyword, help_reply, keyword_of
from ...domain.reviews import REVIEW, alert_reason, customer_phone
from ...domain.sentiment import Assessment
from ...ports.clock import Clock
from ...ports.repositories import Directory, IdGenerator, SentimentDetector, ThreadRepository
from ..notifier import Notifier
from ..optout import OptOuts, flagged
from .common import RETRIES_ON_RACE, customer_id_for, slots, thread_id_for


class _Lookups:
    """The brand's stores and agents, each looked up once however many times a write is retried."""

    def __init__(self, directory: Directory, brand_id: str) -> None:
        self.directory = directory
        self.brand_id = brand_id
        self._stores: dict[str, Store | None] = {}
        self._agents: list[Agent] | None = None

    def store(self, store_id: str) -> Store | None:
        if store_id not in self._stores:
            self._stores[store_id] = self.directory.get_store(self.brand_id, store_id)
        return self._stores[store_id]

    def agents(self) -> list[Agent]:
        if self._agents is None:
            self._agents = self.directory.list_agents(self.brand_id)
        return self._agents


class _Prefetched:
    """What the batch's customer messages need, read for all of them at once before they are applied: their
    threads (each used for its message's first try only: a retry, or a later message of the thread, reads it
    again) and which of them the customer opted out of."""

    def __init__(self) -> None:
        self.threads: dict[tuple[str, str], Thread | None] = {}
        self.opted_out: set[tuple[str, str, str, str]] = set()
        self.asked: set[tuple[str, str, str, str]] = set()


# The lookups of the batch of stream records being applied, by brand; None outside a batch. A context variable:
# the parts of a batch run side by side in their own threads, each with its own batch.
_batch_lookups: ContextVar[dict[str, _Lookups] | None] = ContextVar("batch_lookups", default=None)
_batch_prefetched: ContextVar[_Prefetched | None] = ContextVar("batch_prefetched", default=None)


@contextmanager
def lookups_per_batch() -> Iterator[None]:
    """Within the block (one batch of stream records), each brand's stores and agents are read once for all
    the messages applied; the next batch reads them again, so a changed setting is seen from then on."""
    token, prefetched = _batch_lookups.set({}), _batch_prefetched.set(_Prefetched())
    try:
        yield
    finally:
        _batch_lookups.reset(token)
        _batch_prefetched.reset(prefetched)


class Receive:
    def __init__(self, threads: ThreadRepository, directory: Directory, ids: IdGenerator, clock: Clock,
                 notifier: Notifier, rng: random.Random | None = None,
                 sentiment: SentimentDetector | None = None, optouts: OptOuts | None = None) -> None:
        self.threads = threads
        self.directory = directory
        self.ids = ids
        self.clock = clock
        self.notifier = notifier
        self.rng = rng or random.Random()
        self.sentiment = sentiment  # None: no detection of dissatisfaction
        self.optouts = optouts or OptOuts(None, threads, clock)

    def receive(self, *, brand_id: str, store_id: str, store_address: str, channel: str, customer_address: str,
                text: str, attachments: list[Attachment], provider_key: str | None,
                opt_out_type: str | None = None, customer_name: str | None = None,
                comment: CommentRef | None = None) -> bool:
        """Stores a customer's message before anything else happens to it (`comment`: a public comment on a post).

        Returns False for a delivery seen before. The thread follows from the stream (apply_inbound). An opt-out
        keyword changes the register first, so an agent's reply is refused as soon as the provider has its answer.
        """
        message = Message(
            brand_id=brand_id,
            thread_id=thread_id_for(brand_id, channel, customer_address),
            id=self.ids.new_id("m"),
            direction="in",
            author="customer",
            text=text,
            attachments=attachments,
            created_at=self.clock.now(),
            channel=channel,
            store_id=store_id,
            customer_address=customer_address,
            store_address=store_address,
            status="received",
            kind="comment" if comment else None,
            comment=comment,
            # The platform's id of the customer's message: some mark it read by that id.
            provider_id=comment.id if comment else (provider_key or "").partition(":")[2] or None,
            customer_name=(customer_name or "").strip()[:200] or None,
        )
        self.optouts.keyword_received(message, opt_out_type)
        return self.threads.record_inbound(message, provider_key)

    def apply_inbound(self, message: Message) -> None:
        """Puts a stored customer message on its thread, with what follows from it in the same write: the
        automatic reply and the start of an escalation. Then notifies. Idempotent."""
        found = self._lookups(message.brand_id)
        assessment = self.sentiment.assess(message.text) if self.sentiment and message.text.strip() else None
        opted_out = self._opted_out(message)
        for attempt in range(RETRIES_ON_RACE):
            before = self._thread(message, first_try=attempt == 0)
            thread = named(rules.follow_customer(before or _first_thread(message), message), message)
            after, applied = _applied(thread, message, assessment)
            after = flagged(after, opted_out)
            store = found.store(thread.store_id)
            if rules.in_spam(after):
                store = None  # a spam thread stays in spam, silent: no automatic reply, escalation or notification
            automatic: list[Message] = []
            timers: list[Timer] = []
            if store is not None:
                after, automatic, timers = self._follow_up(after, applied, store, found, opted_out)
            after = replace(after, version=thread.version + 1)
            try:
                self.threads.save(before, after, messages=automatic, applied=[applied], timers=timers)
            except StaleVersion:
                continue
            except AlreadyApplied:
                # Applied by an earlier delivery that may have stopped before notifying: notify again,
                # which adds only what is missing (notifications are keyed by what caused them).
                current = self.threads.get(message.brand_id, message.thread_id)
                if current is None or store is None:
                    return
                after = current
            if store is not None:
                self.notifier.customer_wrote(after, applied, store, found.agents())
            return
        raise StaleVersion("the thread kept changing while a message was applied")

    def prefetch(self, messages: list[Message]) -> None:
        """Within a batch (`lookups_per_batch`), reads what these customer messages will need when applied, in one
        read per brand instead of two per message. Outside a batch it does nothing."""
        batch = _batch_prefetched.get()
        if batch is None or not messages:
            return
        for brand_id in dict.fromkeys(m.brand_id for m in messages):
            ids = [m.thread_id for m in messages if m.brand_id == brand_id]
            found = self.threads.get_many(brand_id, ids)
            batch.threads.update({(brand_id, t): found.get(t) for t in ids})
        batch.opted_out |= self.optouts.opted_out_of(messages)
        batch.asked |= {_optout_key(m) for m in messages}

    def _thread(self, message: Message, *, first_try: bool) -> Thread | None:
        batch = _batch_prefetched.get()
        key = (message.brand_id, message.thread_id)
        if first_try and batch is not None and key in batch.threads:
            return batch.threads.pop(key)
        return self.threads.get(message.brand_id, message.thread_id)

    def _opted_out(self, message: Message) -> bool:
        batch = _batch_prefetched.get()
        if batch is not None and _optout_key(message) in batch.asked:
            return _optout_key(message) in batch.opted_out
        return self.optouts.opted_out(message.brand_id, message.channel, message.store_address,
                                      message.customer_address)

    def _lookups(self, brand_id: str) -> _Lookups:
        """The brand's lookups: the batch's when a batch is being applied, else fresh ones."""
        batch = _batch_lookups.get()
        if batch is None:
            return _Lookups(self.directory, brand_id)
        if brand_id not in batch:
            batch[brand_id] = _Lookups(self.directory, brand_id)
        return batch[brand_id]

    def _follow_up(self, thread: Thread, applied: Message, store: Store,
                   found: _Lookups, opted_out: bool) -> tuple[Thread, list[Message], list[Timer]]:
        """The store's automatic reply (none to a customer who opted out; the help text to HELP), and an
        escalation if the customer now waits for nobody."""
        after, reply = _automatic(thread, applied, store, opted_out)
        timers: list[Timer] = []
        # A waiting customer nobody is escalated to: a new contact, a thread transferred in,
        # or escalation switched on since. Someone must be told.
        if after.status == "waiting" and after.escalation is None and store.escalation.mode != "off":
            after, timer = routing.start_escalation(after, store, found.agents(), slots(self.directory, found.brand_id),
                                                    applied.created_at, self.rng)
            timers = [timer] if timer else []
        return after, [reply] if reply else [], timers


def _optout_key(message: Message) -> tuple[str, str, str, str]:
    return message.brand_id, message.channel, message.store_address or "", message.customer_address or ""


def named(thread: Thread, message: Message) -> Thread:
    """The platform's name for a customer who has none yet; a name already kept (the head office's) stays."""
    if thread.customer.name or not message.customer_name:
        return thread
    return replace(thread, customer=replace(thread.customer, name=message.customer_name))


def _first_thread(message: Message) -> Thread:
    """The thread a customer's first message opens (begun by a phone call: it remembers so; a review: its rating)."""
    thread = rules.open_thread(
        brand_id=message.brand_id,
        thread_id=message.thread_id,
        store_id=message.store_id,
        channel=message.channel,
        customer=Customer(id=customer_id_for(message.brand_id, message.customer_address),
                          phone=customer_phone(message)),
        message=message,
    )
    if message.origin:
        thread = replace(thread, origin=message.origin)
    return replace(thread, review_rating=message.review.rating) if message.review else thread


def _applied(thread: Thread, message: Message, assessment: Assessment | None) -> tuple[Thread, Message]:
    """The thread with the message on it, its alert raised if the customer sounds dissatisfied."""
    after, applied = rules.apply_customer_message(thread, message)
    if assessment is not None and assessment.alert:
        after = rules.raise_alert(after, assessment.reason, message.created_at)
    low_rating = alert_reason(message)  # a review rated 2 or less
    if low_rating:
        after = rules.raise_alert(after, low_rating, message.created_at)
    return after, applied


def _automatic(thread: Thread, message: Message, store: Store, opted_out: bool) -> tuple[Thread, Message | None]:
    """The one automatic message a customer's message calls for, if any."""
    if opted_out or message.kind in ("comment", REVIEW):
        # A public comment gets no automatic private message: the platform lets a page write privately only to
        # people who wrote to it privately first. A review has no channel to answer it automatically on.
        return thread, None
    keyword: Keyword | None = keyword_of(message.text) if message.channel in CHANNELS else None
    if keyword == "help":
        return thread, help_reply(message, store)
    if keyword is not None:
        return thread, None  # START changes consent only: the provider confirms it to the customer
    return automatic_reply(thread, message, store)
