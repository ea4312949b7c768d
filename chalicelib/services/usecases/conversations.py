"""Threads and messages: receive, answer, list, join, status, transfer (SPEC B1, B2, C1-C3, D1-D5, E3, F1)."""
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from hashlib import sha256

from ..domain import (
    DEFAULT_SLOTS,
    FOLDERS,
    THREAD_STATUSES,
    Agent,
    Attachment,
    Customer,
    Message,
    Page,
    Store,
    Thread,
    Timer,
    access,
    routing,
)
from ..domain import threads as rules
from ..domain.automation import automatic_reply
from ..domain.errors import AlreadyApplied, Forbidden, InvalidInput, NotFound, StaleVersion, TooLong
from ..domain.notes import NoteFor, sees_thread
from ..domain.phone import region_of, to_e164
from ..ports.clock import Clock, iso, parse_iso
from ..ports.repositories import Directory, IdGenerator, SentimentDetector, ThreadQuery, ThreadRepository
from .notifier import Notifier

# Longest body a channel takes (B7: 1,000 characters in the guide). Longer input is refused, never cut.
MAX_LENGTH = {"sms": 1000}
CHANNELS = tuple(MAX_LENGTH)
MAX_PAGE = 100
RETRIES_ON_RACE = 5
SNOOZE = "snooze"


def thread_id_for(brand_id: str, channel: str, customer_address: str) -> str:
    """One thread per customer identity per channel per brand (B1): the id follows from them."""
    return "t" + sha256(f"{brand_id}|{channel}|{customer_address}".encode()).hexdigest()[:24]


def customer_id_for(brand_id: str, customer_address: str) -> str:
    return "c" + sha256(f"{brand_id}|{customer_address}".encode()).hexdigest()[:20]


def check_text(text: str, channel: str, attachments: list[Attachment]) -> str:
    body = text or ""
    if not body.strip() and not attachments:
        raise InvalidInput.field("text", "must not be empty")
    limit = MAX_LENGTH[channel]
    if len(body) > limit:
        raise TooLong(
            f"the message has {len(body)} characters; {channel} takes at most {limit}",
            {"text": f"at most {limit} characters ({len(body)} given)"},
        )
    return body


class Conversations:
    def __init__(self, threads: ThreadRepository, directory: Directory, ids: IdGenerator, clock: Clock,
                 notifier: Notifier, rng: random.Random | None = None,
                 sentiment: SentimentDetector | None = None) -> None:
        self.threads = threads
        self.directory = directory
        self.ids = ids
        self.clock = clock
        self.notifier = notifier
        self.rng = rng or random.Random()
        self.sentiment = sentiment  # None: no detection of dissatisfaction (C5)

    # -- customers write ---------------------------------------------------------------------
    def receive(self, *, brand_id: str, store_id: str, store_address: str, channel: str, customer_address: str,
                text: str, attachments: list[Attachment], provider_key: str | None) -> bool:
        """Stores a customer's message before anything else happens to it (B1).

        Returns False for a delivery seen before. The thread follows from the stream (apply_inbound).
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
        )
        return self.threads.record_inbound(message, provider_key)

    def apply_inbound(self, message: Message) -> None:
        """Puts a stored customer message on its thread (C1-C3), with what follows from it in the same write:
        the automatic reply (H1-H3) and the start of an escalation (G2). Then notifies (G1). Idempotent."""
        stores: dict[str, Store | None] = {}
        agents: list[Agent] | None = None
        assessment = self.sentiment.assess(message.text) if self.sentiment and message.text.strip() else None
        for _ in range(RETRIES_ON_RACE):
            before = self.threads.get(message.brand_id, message.thread_id)
            thread = before or rules.open_thread(
                brand_id=message.brand_id,
                thread_id=message.thread_id,
                store_id=message.store_id,
                channel=message.channel,
                customer=Customer(id=customer_id_for(message.brand_id, message.customer_address),
                                  phone=message.customer_address),
                message=message,
            )
            thread = rules.follow_customer(thread, message)
            after, applied = rules.apply_customer_message(thread, message)
            if assessment is not None and assessment.alert:
                after = rules.raise_alert(after, assessment.reason, message.created_at)
            if thread.store_id not in stores:
                stores[thread.store_id] = self.directory.get_store(message.brand_id, thread.store_id)
            # A spam thread stays in spam, silent: no automatic reply, escalation or notification (C6).
            store = None if rules.in_spam(after) else stores[thread.store_id]
            automatic: list[Message] = []
            timers: list[Timer] = []
            if store is not None:
                after, reply = automatic_reply(after, applied, store)
                automatic = [reply] if reply else []
                # A waiting customer nobody is escalated to: a new contact, a thread transferred in,
                # or escalation switched on since. Someone must be told.
                if after.status == "waiting" and after.escalation is None and store.escalation.mode != "off":
                    agents = agents if agents is not None else self.directory.list_agents(message.brand_id)
                    after, timer = routing.start_escalation(after, store, agents, self._slots(message.brand_id),
                                                            message.created_at, self.rng)
                    timers = [timer] if timer else []
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
                agents = agents if agents is not None else self.directory.list_agents(message.brand_id)
                self.notifier.customer_wrote(after, applied, store, agents)
            return
        raise StaleVersion("the thread kept changing while a message was applied")

    def _slots(self, brand_id: str) -> int:
        brand = self.directory.get_brand(brand_id)
        return brand.slots_per_agent if brand else DEFAULT_SLOTS

    def escalate(self, timer: Timer) -> None:
        """An escalation step is due: if nobody answered, the next eligible agent is told (G2). Idempotent."""
        for _ in range(RETRIES_ON_RACE):
            thread = self.threads.get(timer.brand_id, timer.ref)
            if thread is not None and routing.taken_by(thread, timer):
                self._tell_escalated(thread)  # a retry after the step was saved: make sure the agent was told
                return
            if thread is None or not routing.is_current(thread, timer):
                return  # answered, transferred, or a new contact: this step is stale
            store = self.directory.get_store(thread.brand_id, thread.store_id)
            if store is None or store.escalation.mode == "off":
                after, next_timer = replace(thread, escalation=None), None
                agents: list[Agent] = []
            else:
                agents = self.directory.list_agents(thread.brand_id)
                # On time (the sweep runs every minute), the next step counts from the due time; a sweep
                # that ran late (or a sandbox clock moved by a day) steps once from now, not in a burst.
                late = self.clock.now() - timer.due_at > timedelta(minutes=store.escalation.delay_minutes)
                after, next_timer = routing.next_step(thread, store, agents, self._slots(thread.brand_id),
                                                      self.clock.now() if late else timer.due_at, self.rng)
            try:
                self.threads.save(thread, replace(after, version=thread.version + 1),
                                  timers=[next_timer] if next_timer else [])
            except StaleVersion:
                continue
            self._tell_escalated(after, store, agents)
            return

    def _tell_escalated(self, thread: Thread, store: Store | None = None, agents: list[Agent] | None = None) -> None:
        current = thread.escalation.agent_id if thread.escalation else None
        if current is None:
            return
        store = store or self.directory.get_store(thread.brand_id, thread.store_id)
        for agent in agents if agents is not None else self.directory.list_agents(thread.brand_id):
            if agent.id == current and store is not None:
                self.notifier.escalated(thread, agent, store)

    def snooze(self, agent: Agent, thread_id: str, until: datetime) -> Thread:
        """Pauses a thread until a time (F3); it comes back then, or on the customer's next message."""
        until = parse_iso(iso(until))  # stored to the millisecond: the timer must name the same instant
        if until <= self.clock.now():
            raise InvalidInput.field("until", "must be in the future")
        for _ in range(RETRIES_ON_RACE):
            thread = self.writable_thread(agent, thread_id)
            held = thread if thread.assigned_agent_id else replace(thread, assigned_agent_id=agent.id)
            after = replace(rules.snooze(held, until), version=thread.version + 1)
            timer = Timer(brand_id=thread.brand_id, kind=SNOOZE, ref=thread.id, due_at=until,
                          payload={"until": iso(until)})
            try:
                self.threads.save(thread, after, timers=[timer])
                return after
            except StaleVersion:
                continue
        raise StaleVersion("the thread kept changing; try again")

    def wake(self, timer: Timer) -> None:
        """A snooze's time is up: the thread is back in the inbox, to the same agent."""
        until = parse_iso(timer.payload["until"])
        for _ in range(RETRIES_ON_RACE):
            thread = self.threads.get(timer.brand_id, timer.ref)
            if thread is None:
                return
            after = rules.wake(thread, until)
            if after == thread:
                return
            try:
                self.threads.save(thread, replace(after, version=thread.version + 1))
                return
            except StaleVersion:
                continue

    def close(self, agent: Agent, thread_id: str, reason: str) -> Thread:
        """Close with a conversation type (F2): one of the brand's closing reasons."""
        now = self.clock.now()

        def change(thread: Thread) -> Thread:
            # Checked once the thread is known visible and writable: 404/403 come before bad input.
            brand = self.directory.get_brand(agent.brand_id)
            if brand is None or reason not in brand.closing_reasons:
                raise InvalidInput.field("reason", "not one of the brand's closing reasons")
            return rules.close(thread, reason, agent.id, now)

        return self.change(agent, thread_id, change)

    # -- agents answer -----------------------------------------------------------------------
    def reply(self, agent: Agent, thread_id: str, text: str, attachments: list[Attachment]) -> Message:
        """An agent's answer, stored `queued` for the sender (B2); 409 on a thread another agent holds (D5)."""
        for _ in range(RETRIES_ON_RACE):
            thread = self.writable_thread(agent, thread_id)
            access.require_channel(agent, thread.channel)  # A8
            store = self._store(thread.brand_id, thread.store_id)
            message = self._outgoing(agent, thread, store, check_text(text, thread.channel, attachments), attachments)
            after, message = rules.apply_agent_message(thread, message)
            try:
                self.threads.save(thread, replace(after, version=thread.version + 1), messages=[message])
                return message
            except StaleVersion:
                continue
        raise StaleVersion("the thread kept changing; try again")

    def start(self, agent: Agent, *, store_id: str, channel: str, to: str, text: str) -> Thread:
        """An agent writes first to a customer's number from a chosen store (B2, D8)."""
        if channel not in CHANNELS:
            raise InvalidInput.field("channel", f"one of {', '.join(CHANNELS)}")
        access.require_channel(agent, channel)  # A8
        store = self.directory.get_store(agent.brand_id, store_id)
        if store is None or not agent.can_see(store_id):
            raise InvalidInput.field("store_id", "no such store")
        if not agent.can_write(store_id):
            raise Forbidden("this store is read-only for you")
        if not store.phone_number:
            raise InvalidInput.field("store_id", "this store has no textable number yet")
        address = to_e164(to, "to", region_of(store.timezone, store.phone_number))
        body = check_text(text, channel, [])
        thread_id = thread_id_for(agent.brand_id, channel, address)
        for _ in range(RETRIES_ON_RACE):
            before = self.threads.get(agent.brand_id, thread_id)
            draft = self._outgoing(agent, before, store, body, [], thread_id=thread_id, channel=channel, to=address)
            thread = before or rules.open_thread(
                brand_id=agent.brand_id, thread_id=thread_id, store_id=store.id, channel=channel,
                customer=Customer(id=customer_id_for(agent.brand_id, address), phone=address), message=draft,
            )
            if thread.store_id != store.id:
                thread = rules.transfer(thread, store.id, draft.created_at)
            after, message = rules.apply_agent_message(thread, draft)
            after = replace(after, version=thread.version + 1)
            try:
                self.threads.save(before, after, messages=[message])
                return after
            except StaleVersion:
                continue
        raise StaleVersion("the thread kept changing; try again")

    def _outgoing(self, agent: Agent, thread: Thread | None, store: Store, text: str, attachments: list[Attachment],
                  *, thread_id: str | None = None, channel: str | None = None, to: str | None = None) -> Message:
        return Message(
            brand_id=agent.brand_id,
            thread_id=thread.id if thread else str(thread_id),
            id=self.ids.new_id("m"),
            direction="out",
            author="agent",
            agent_id=agent.id,
            text=text,
            attachments=attachments,
            created_at=self.clock.now(),
            channel=thread.channel if thread else str(channel),
            store_id=store.id,
            customer_address=(thread.customer.phone if thread else to) or "",
            store_address=store.phone_number or "",
            status="queued",
        )

    # -- reading -----------------------------------------------------------------------------
    def visible_thread(self, agent: Agent, thread_id: str) -> Thread:
        """The thread if the agent may see it (its store, or a store it is shared with); 404 otherwise, never a
        hint that it exists. Writing stays with the thread's own store (writable_thread)."""
        thread = self.threads.get(agent.brand_id, thread_id)
        if thread is None or not sees_thread(agent, thread):
            raise NotFound("no such thread")
        return thread

    def writable_thread(self, agent: Agent, thread_id: str) -> Thread:
        thread = self.visible_thread(agent, thread_id)
        if not agent.can_write(thread.store_id):
            raise Forbidden("this store is read-only for you")
        return thread

    def open(self, agent: Agent, thread_id: str) -> Thread:
        """An agent opens a thread: it is no longer unread (C4)."""
        thread = self.visible_thread(agent, thread_id)
        if thread.unread and agent.can_write(thread.store_id):
            after = replace(rules.mark_read(thread), version=thread.version + 1)
            try:
                self.threads.save(thread, after)
                return after
            except StaleVersion:
                return self.visible_thread(agent, thread_id)
        return thread

    def messages(self, agent: Agent, thread_id: str, cursor: str | None, limit: int) -> Page:
        self.visible_thread(agent, thread_id)
        return self.threads.list_messages(agent.brand_id, thread_id, cursor, _limit(limit))

    def list(self, agent: Agent, *, store_id: str | None, statuses: tuple[str, ...], folder: str, sort: str,
             cursor: str | None, limit: int, group_stores: tuple[str, ...] | None = None,
             ) -> tuple[Page, dict[str, int]]:
        """The inbox (D1, D2): one page of threads and the counts per status of the stores in view."""
        for status in statuses:
            if status not in THREAD_STATUSES:
                raise InvalidInput.field("status", f"'{status}' is not one of {', '.join(THREAD_STATUSES)}")
        if folder not in FOLDERS:
            raise InvalidInput.field("folder", f"one of {', '.join(FOLDERS)}")
        if sort not in ("recent", "waiting"):
            raise InvalidInput.field("sort", "recent or waiting")
        store_ids: tuple[str, ...] | None
        if group_stores is not None:  # a store group (A7): the stores of it the agent can see
            store_ids = tuple(s for s in group_stores if agent.can_see(s))
        elif store_id is not None:
            if not agent.can_see(store_id):
                raise NotFound("no such store")
            store_ids = (store_id,)
        elif agent.brand_admin:
            store_ids = None
        else:
            store_ids = tuple(sorted(agent.rights))
        query = ThreadQuery(brand_id=agent.brand_id, store_ids=store_ids,
                            statuses=tuple(statuses) or ("waiting", "replied"),  # type: ignore[arg-type]
                            folder=folder, sort=sort, limit=_limit(limit), cursor=cursor)
        if store_ids == ():
            return Page([], None), {**{s: 0 for s in THREAD_STATUSES}, "new": 0, "unanswered": 0}
        counts = self.threads.counts(agent.brand_id, store_ids)
        # A store that has counters exists; only a store without threads yet costs a look-up.
        if store_id is not None and store_id not in counts.counted_stores \
                and self.directory.get_store(agent.brand_id, store_id) is None:
            raise NotFound("no such store")
        return self.threads.list_threads(query), {**counts.totals, "new": 0, "unanswered": 0, **counts.indicators}

    # -- agents act on threads ---------------------------------------------------------------
    def join(self, agent: Agent, thread_id: str) -> Thread:
        return self.change(agent, thread_id, lambda t: rules.join(t, agent.id))

    def set_status(self, agent: Agent, thread_id: str, status: str) -> Thread:
        if status not in THREAD_STATUSES:
            raise InvalidInput.field("status", f"one of {', '.join(THREAD_STATUSES)}")
        now = self.clock.now()
        return self.change(agent, thread_id,
                            lambda t: rules.set_status(t, status, now, agent.id))  # type: ignore[arg-type]

    def transfer(self, agent: Agent, thread_id: str, store_id: str,
                 note: NoteFor | None = None) -> Thread:
        """Moves a thread to another store of the brand, whole history included (E3). A customer still
        waiting is routed in the new store at once: escalation starts there if the store has it.
        `note(thread before)` gives the invisible thread's record of it, written in the same transaction."""
        now = self.clock.now()
        agents: list[Agent] = []
        store: Store | None = None
        for _ in range(RETRIES_ON_RACE):
            thread = self.writable_thread(agent, thread_id)  # the thread's 404/403 before the target's 400
            store = store or self.directory.get_store(agent.brand_id, store_id)
            if store is None:
                raise InvalidInput.field("store_id", "no such store")
            after = rules.transfer(thread, store_id, now)
            timers: list[Timer] = []
            if after.status == "waiting" and store.escalation.mode != "off":
                agents = agents or self.directory.list_agents(agent.brand_id)
                after, timer = routing.start_escalation(after, store, agents, self._slots(agent.brand_id), now,
                                                        self.rng)
                timers = [timer] if timer else []
            after = replace(after, version=thread.version + 1)
            try:
                self.threads.save(thread, after, timers=timers, notes=[note(thread)] if note else [])
            except StaleVersion:
                continue
            self._tell_escalated(after, store, agents)
            return after
        raise StaleVersion("the thread kept changing; try again")

    def change(self, agent: Agent, thread_id: str, change: Callable[[Thread], Thread]) -> Thread:
        """An agent's change of a thread they may write in: one conditional write on its version, retried on
        a race; nothing written when the change changes nothing."""
        for _ in range(RETRIES_ON_RACE):
            thread = self.writable_thread(agent, thread_id)
            after = change(thread)
            if after == thread:
                return thread
            after = replace(after, version=thread.version + 1)
            try:
                self.threads.save(thread, after)
                return after
            except StaleVersion:
                continue
        raise StaleVersion("the thread kept changing; try again")

    def _store(self, brand_id: str, store_id: str) -> Store:
        store = self.directory.get_store(brand_id, store_id)
        if store is None:
            raise NotFound("no such store")
        return store


def _limit(limit: int) -> int:
    if limit < 1 or limit > MAX_PAGE:
        raise InvalidInput.field("limit", f"from 1 to {MAX_PAGE}")
    return limit

