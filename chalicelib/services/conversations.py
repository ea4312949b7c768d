"""Threads and messages: receive, answer, list, join, status, transfer (SPEC B1, B2, C1-C3, D1-D5, E3, F1)."""
from __future__ import annotations

from dataclasses import replace
from hashlib import sha256

from . import threads as rules
from .clock import Clock
from .domain import THREAD_STATUSES, Agent, Attachment, Customer, Message, Page, Store, Thread
from .errors import AlreadyApplied, Forbidden, InvalidInput, NotFound, StaleVersion, TooLong
from .phone import region_of, to_e164
from .ports import Directory, IdGenerator, ThreadQuery, ThreadRepository

# Longest body a channel takes (B7: 1,000 characters in the guide). Longer input is refused, never cut.
MAX_LENGTH = {"sms": 1000}
CHANNELS = tuple(MAX_LENGTH)
MAX_PAGE = 100
RETRIES_ON_RACE = 5


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
    def __init__(self, threads: ThreadRepository, directory: Directory, ids: IdGenerator, clock: Clock) -> None:
        self.threads = threads
        self.directory = directory
        self.ids = ids
        self.clock = clock

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
        """Puts a stored customer message on its thread: status, conversation, contact (C1-C3). Idempotent."""
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
            try:
                self.threads.save(before, replace(after, version=thread.version + 1), applied=[applied])
                return
            except StaleVersion:
                continue
            except AlreadyApplied:
                return
        raise StaleVersion("the thread kept changing while a message was applied")

    # -- agents answer -----------------------------------------------------------------------
    def reply(self, agent: Agent, thread_id: str, text: str, attachments: list[Attachment]) -> Message:
        """An agent's answer, stored `queued` for the sender (B2); 409 on a thread another agent holds (D5)."""
        for _ in range(RETRIES_ON_RACE):
            thread = self.writable_thread(agent, thread_id)
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
        """The thread if the agent may see it; 404 otherwise, never a hint that it exists."""
        thread = self.threads.get(agent.brand_id, thread_id)
        if thread is None or not agent.can_see(thread.store_id):
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
             cursor: str | None, limit: int) -> tuple[Page, dict[str, int]]:
        """The inbox (D1, D2): one page of threads and the counts per status of the stores in view."""
        for status in statuses:
            if status not in THREAD_STATUSES:
                raise InvalidInput.field("status", f"'{status}' is not one of {', '.join(THREAD_STATUSES)}")
        if folder != "inbox":
            raise InvalidInput.field("folder", "only the inbox folder exists yet")
        if sort not in ("recent", "waiting"):
            raise InvalidInput.field("sort", "recent or waiting")
        store_ids: tuple[str, ...] | None
        if store_id is not None:
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
            return Page([], None), {s: 0 for s in THREAD_STATUSES}
        counts = self.threads.counts(agent.brand_id, store_ids)
        # A store that has counters exists; only a store without threads yet costs a look-up.
        if store_id is not None and store_id not in counts.counted_stores \
                and self.directory.get_store(agent.brand_id, store_id) is None:
            raise NotFound("no such store")
        return self.threads.list_threads(query), counts.totals

    # -- agents act on threads ---------------------------------------------------------------
    def join(self, agent: Agent, thread_id: str) -> Thread:
        return self._change(agent, thread_id, lambda t: rules.join(t, agent.id))

    def set_status(self, agent: Agent, thread_id: str, status: str) -> Thread:
        if status not in THREAD_STATUSES:
            raise InvalidInput.field("status", f"one of {', '.join(THREAD_STATUSES)}")
        now = self.clock.now()
        return self._change(agent, thread_id, lambda t: rules.set_status(t, status, now))  # type: ignore[arg-type]

    def transfer(self, agent: Agent, thread_id: str, store_id: str) -> Thread:
        """Moves a thread to another store of the brand, whole history included (E3)."""
        if self.directory.get_store(agent.brand_id, store_id) is None:
            raise InvalidInput.field("store_id", "no such store")
        now = self.clock.now()
        return self._change(agent, thread_id, lambda t: rules.transfer(t, store_id, now))

    def _change(self, agent: Agent, thread_id: str, change) -> Thread:  # type: ignore[no-untyped-def]
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

