"""Hand-written fakes of the services' ports: the two repositories in memory, an SMS transport, a mailer, a hasher.

FakeDirectory and FakeThreads keep the observable behaviour of DynamoDirectory and DynamoThreads
(uniqueness, conditional writes, maintained counts, forward-only delivery, opaque cursors);
tests/contract/test_repositories.py runs one suite against both so that they stay alike.
Every method hands out copies: a test can never change the "stored" objects by accident.
"""
from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from chalicelib.channels.twilio_sms import TwilioSmsChannel
from chalicelib.services.domain import (
    Agent,
    Brand,
    Invitation,
    Message,
    Note,
    Notification,
    Page,
    Store,
    StoreRights,
    Template,
    Thread,
    Timer,
    statuses_before,
)
from chalicelib.services.domain.errors import (
    AlreadyApplied,
    AlreadyExists,
    Conflict,
    DeliveryDeferred,
    DeliveryFailed,
    InvalidInput,
    StaleVersion,
)
from chalicelib.services.domain.reports import DayAggregate, assemble
from chalicelib.services.domain.stats import Collector, Figures, ThreadFacts
from chalicelib.services.domain.threads import indicator, priority
from chalicelib.services.ports.channels import Channels
from chalicelib.services.ports.clock import iso
from chalicelib.services.ports.repositories import InboxCounts, ThreadQuery


def _email_key(email: str) -> str:
    return email.strip().lower()


class FakeDirectory:
    def __init__(self) -> None:
        self.brands: dict[str, Brand] = {}
        self.stores: dict[tuple[str, str], Store] = {}
        self.numbers: dict[str, tuple[str, str]] = {}  # textable number -> (brand, store)
        self.agents: dict[tuple[str, str], Agent] = {}
        self.emails: dict[str, tuple[str, str]] = {}  # login e-mail -> (brand, agent)
        self.invitations: dict[tuple[str, str], Invitation] = {}  # (brand, token) -> invitation

    def add_brand(self, brand: Brand) -> None:
        if brand.id in self.brands:
            raise AlreadyExists("the brand exists already")
        self.brands[brand.id] = deepcopy(brand)

    def get_brand(self, brand_id: str) -> Brand | None:
        return deepcopy(self.brands.get(brand_id))

    def save_brand(self, brand: Brand) -> None:
        self.brands[brand.id] = deepcopy(brand)

    # -- stores --------------------------------------------------------------------------
    def add_store(self, store: Store) -> None:
        if store.phone_number and store.phone_number in self.numbers:
            raise AlreadyExists("this number belongs to another store", {"phone_number": "taken"})
        if (store.brand_id, store.id) in self.stores:
            raise AlreadyExists("the store exists already")
        self.stores[(store.brand_id, store.id)] = deepcopy(store)
        if store.phone_number:
            self.numbers[store.phone_number] = (store.brand_id, store.id)

    def get_store(self, brand_id: str, store_id: str) -> Store | None:
        return deepcopy(self.stores.get((brand_id, store_id)))

    def list_stores(self, brand_id: str) -> list[Store]:
        return [deepcopy(s) for (b, _), s in sorted(self.stores.items()) if b == brand_id]

    def save_store(self, store: Store, previous_phone: str | None) -> None:
        key = (store.brand_id, store.id)
        current = self.stores.get(key)
        if current is None:
            return  # DynamoDB's update is conditional on the store existing, and says nothing
        if store.phone_number != previous_phone:
            if store.phone_number and store.phone_number in self.numbers:
                raise AlreadyExists("this number belongs to another store", {"phone_number": "taken"})
            if previous_phone:
                self.numbers.pop(previous_phone, None)
            if store.phone_number:
                self.numbers[store.phone_number] = key
        # agent_count is maintained by save_rights, never taken from the caller's copy.
        self.stores[key] = replace(deepcopy(store), agent_count=current.agent_count)

    def save_store_settings(self, store: Store) -> None:
        current = self.stores.get((store.brand_id, store.id))
        if current is not None:
            current.escalation, current.auto_messages = deepcopy(store.escalation), deepcopy(store.auto_messages)

    def find_store_by_number(self, phone_number: str) -> Store | None:
        ref = self.numbers.get(phone_number)
        return self.get_store(*ref) if ref else None

    def find_store_ref_by_number(self, phone_number: str) -> tuple[str, str] | None:
        return self.numbers.get(phone_number)

    # -- agents --------------------------------------------------------------------------
    def add_agent(self, agent: Agent) -> None:
        if _email_key(agent.email) in self.emails:
            raise AlreadyExists("an account with this e-mail exists already", {"email": "taken"})
        self._count_agents(agent, {})
        self.emails[_email_key(agent.email)] = (agent.brand_id, agent.id)
        self.agents[(agent.brand_id, agent.id)] = deepcopy(agent)

    def get_agent(self, brand_id: str, agent_id: str) -> Agent | None:
        return deepcopy(self.agents.get((brand_id, agent_id)))

    def find_agent_by_email(self, email: str) -> Agent | None:
        ref = self.emails.get(_email_key(email))
        return self.get_agent(*ref) if ref else None

    def list_agents(self, brand_id: str) -> list[Agent]:
        return [deepcopy(a) for (b, _), a in sorted(self.agents.items()) if b == brand_id and a.deleted_at is None]

    def save_agent(self, agent: Agent, previous_email: str | None = None) -> None:
        key = (agent.brand_id, agent.id)
        current = self.agents.get(key)
        if current is None:
            return
        if previous_email and previous_email != agent.email:
            if _email_key(agent.email) in self.emails:
                raise AlreadyExists("an account with this e-mail exists already", {"email": "taken"})
            self.emails.pop(_email_key(previous_email), None)
            self.emails[_email_key(agent.email)] = key
        # Like the DynamoDB update: the account's settings only, never rights or the brand admin flag.
        self.agents[key] = replace(current, email=agent.email, password_hash=agent.password_hash,
                                   first_name=agent.first_name, last_name=agent.last_name,
                                   notify_new_message=agent.notify_new_message,
                                   notify_invitation_accepted=agent.notify_invitation_accepted,
                                   notify_mention=agent.notify_mention,
                                   picture_url=agent.picture_url)

    def save_presence(self, agent: Agent) -> None:
        current = self.agents.get((agent.brand_id, agent.id))
        if current is not None:
            current.presence = dict(agent.presence)
            current.sessions = deepcopy(agent.sessions)

    def save_serving_hours(self, agent: Agent) -> None:
        current = self.agents.get((agent.brand_id, agent.id))
        if current is not None:
            current.serving_hours = deepcopy(agent.serving_hours)

    def save_rights(self, agent: Agent, previous: dict[str, StoreRights]) -> None:
        current = self.agents.get((agent.brand_id, agent.id))
        if current is None:
            raise Conflict("the agent changed meanwhile")
        self._count_agents(agent, previous)
        current.rights = deepcopy(agent.rights)

    def _count_agents(self, agent: Agent, previous: dict[str, StoreRights]) -> None:
        """agent_count of a store = agents with any right on it; all or nothing, like the transaction."""
        changed = set(agent.rights) ^ set(previous)
        if any((agent.brand_id, s) not in self.stores for s in changed):
            raise Conflict("the agent changed meanwhile")
        for store_id in changed:
            self.stores[(agent.brand_id, store_id)].agent_count += 1 if store_id in agent.rights else -1

    # -- invitations ---------------------------------------------------------------------
    def add_invitation(self, invitation: Invitation) -> None:
        key = (invitation.brand_id, invitation.token_hash)
        if key in self.invitations:
            raise AlreadyExists("the invitation exists already")
        self.invitations[key] = deepcopy(invitation)

    def get_invitation(self, brand_id: str, token_hash: str) -> Invitation | None:
        return deepcopy(self.invitations.get((brand_id, token_hash)))

    def accept_invitation(self, invitation: Invitation, agent: Agent) -> None:
        key = (invitation.brand_id, invitation.token_hash)
        stored = self.invitations.get(key)
        if stored is not None and stored.accepted_at is not None:
            raise Conflict("this invitation was already accepted", {"token": "already accepted"})
        self.add_agent(agent)  # raises before anything is written when the e-mail is taken
        self.invitations[key] = replace(deepcopy(stored or invitation), accepted_at=invitation.accepted_at)


# -- threads ------------------------------------------------------------------------------
def _encode(scope: str, after: str) -> str:
    return base64.urlsafe_b64encode(json.dumps({"scope": scope, "after": after}).encode()).decode()


def _position(cursor: str | None, scope: str) -> str | None:
    """Where a page starts; a cursor of another list (another brand, store or thread) is refused."""
    if not cursor:
        return None
    try:
        state = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except ValueError:
        state = None
    if not isinstance(state, dict) or state.get("scope") != scope or not isinstance(state.get("after"), str):
        raise InvalidInput.field("cursor", "not a cursor of this list")
    return state["after"]


def _order_key(message: Message) -> str:
    return f"{iso(message.created_at)}#{message.id}"


def _sort_key(thread: Thread, sort: str) -> str:
    """Priority sections first (on hold, alert, the others: C5), then in each, for recent: newest activity
    first (read backwards); for waiting: waiting threads first, oldest wait first."""
    section = priority(thread)
    if sort == "recent":
        return f"{2 - section}#{iso(thread.last_message_at)}#{thread.id}"
    if thread.status == "waiting" and thread.waiting_since:
        return f"{section}#0#{iso(thread.waiting_since)}#{thread.id}"
    return f"{section}#1#{iso(thread.last_message_at)}#{thread.id}"


def _page(rows: list[tuple[str, object]], after: str | None, descending: bool, limit: int, scope: str) -> Page:
    rows = sorted(rows, key=lambda row: row[0], reverse=descending)
    if after is not None:
        rows = [r for r in rows if (r[0] < after if descending else r[0] > after)]
    taken = rows[:limit]
    more = len(rows) > limit
    return Page([deepcopy(item) for _, item in taken], _encode(scope, taken[-1][0]) if more else None)


class FakeThreads:
    """Threads and messages; with a directory, it keeps the agents' open threads (slots) like the transaction."""

    def __init__(self, directory: FakeDirectory | None = None) -> None:
        self.directory = directory
        self.timers: dict[tuple[str, str, str], Timer] = {}  # (brand, kind, ref) -> the pending timer
        self.changes: list[tuple[Thread | None, Thread]] = []  # every thread write, in order: the stream
        self.threads: dict[tuple[str, str], Thread] = {}
        self.messages: dict[tuple[str, str], dict[str, Message]] = {}  # (brand, thread) -> order key -> message
        self.seen: set[tuple[str, str]] = set()  # (brand, provider key) of inbound deliveries
        self.status_counts: dict[tuple[str, str], dict[str, int]] = {}  # (brand, store) -> status -> threads
        self.notes: dict[tuple[str, str], dict[str, Note]] = {}  # (brand, thread) -> order key -> note (E1)

    def get(self, brand_id: str, thread_id: str) -> Thread | None:
        return deepcopy(self.threads.get((brand_id, thread_id)))

    def get_many(self, brand_id: str, thread_ids: Sequence[str]) -> dict[str, Thread]:
        return {t: deepcopy(self.threads[(brand_id, t)]) for t in thread_ids if (brand_id, t) in self.threads}

    def record_inbound(self, message: Message, provider_key: str | None) -> bool:
        if provider_key is not None:
            if (message.brand_id, provider_key) in self.seen:
                return False
            self.seen.add((message.brand_id, provider_key))
        self._thread_messages(message)[_order_key(message)] = deepcopy(message)
        return True

    def save(self, before: Thread | None, after: Thread, messages: Sequence[Message] = (),
             applied: Sequence[Message] = (), timers: Sequence[Timer] = (), notes: Sequence[Note] = ()) -> None:
        current = self.threads.get((after.brand_id, after.id))
        if (before is None) != (current is None) or (before and current and before.version != current.version):
            raise StaleVersion("the thread changed meanwhile")
        for message in applied:
            stored = self._thread_messages(message).get(_order_key(message))
            if stored is None or stored.applied:
                raise AlreadyApplied()
        if any(_order_key(m) in self._thread_messages(m) for m in messages):
            raise StaleVersion("conflict on ['message']")
        self.threads[(after.brand_id, after.id)] = deepcopy(after)
        self.changes.append((deepcopy(before), deepcopy(after)))
        for message in messages:
            self._thread_messages(message)[_order_key(message)] = deepcopy(message)
        for message in applied:
            stored = self._thread_messages(message)[_order_key(message)]
            stored.applied = True
            stored.conversation_id, stored.contact_id = message.conversation_id, message.contact_id
        self._count(after.brand_id, before, after)
        self._load(after.brand_id, before, after)
        for timer in timers:
            self.timers[(timer.brand_id, timer.kind, timer.ref)] = deepcopy(timer)
        for note in notes:
            self.notes.setdefault((note.brand_id, note.thread_id), {})[f"{iso(note.created_at)}#{note.id}"] = \
                deepcopy(note)

    def _load(self, brand_id: str, before: Thread | None, after: Thread) -> None:
        def holder(thread: Thread | None) -> str | None:
            if thread is None or thread.folder != "inbox" or thread.status == "resolved":
                return None
            return thread.assigned_agent_id

        old, new = holder(before), holder(after)
        if old == new or self.directory is None:
            return
        for agent_id, delta in ((old, -1), (new, 1)):
            agent = self.directory.agents.get((brand_id, agent_id)) if agent_id else None
            if agent is not None:
                agent.open_threads += delta

    def _count(self, brand_id: str, before: Thread | None, after: Thread) -> None:
        """Counts of the inbox folder only, per store, status and indicator (C4), moved with every write."""
        def counters(thread: Thread | None) -> list[tuple[str, str]]:
            if thread is None or thread.folder != "inbox":
                return []
            shown = indicator(thread)
            return [(thread.store_id, thread.status)] + ([(thread.store_id, shown)] if shown else [])

        for store_id, name in counters(before):
            self.status_counts.setdefault((brand_id, store_id), {})[name] = self._n(brand_id, store_id, name) - 1
        for store_id, name in counters(after):
            self.status_counts.setdefault((brand_id, store_id), {})[name] = self._n(brand_id, store_id, name) + 1

    def _n(self, brand_id: str, store_id: str, status: str) -> int:
        return self.status_counts.get((brand_id, store_id), {}).get(status, 0)

    def _thread_messages(self, message: Message) -> dict[str, Message]:
        return self.messages.setdefault((message.brand_id, message.thread_id), {})

    # -- messages --------------------------------------------------------------------------
    def get_message(self, brand_id: str, thread_id: str, message_key: str) -> Message | None:
        return deepcopy(self.messages.get((brand_id, thread_id), {}).get(message_key))

    def list_messages(self, brand_id: str, thread_id: str, cursor: str | None, limit: int) -> Page:
        scope = f"messages|{brand_id}|{thread_id}"
        rows = list(self.messages.get((brand_id, thread_id), {}).items())
        return _page(rows, _position(cursor, scope), True, limit, scope)  # type: ignore[arg-type]

    def advance_delivery(self, message: Message, status: str, provider_id: str | None = None,
                         error: str | None = None) -> bool:
        allowed = statuses_before(status)
        stored = self.messages.get((message.brand_id, message.thread_id), {}).get(_order_key(message))
        if stored is None or stored.status not in allowed:
            return False
        stored.status = status
        stored.provider_id = provider_id or stored.provider_id
        stored.error = error[:500] if error else stored.error
        return True

    def mark_read(self, message: Message, at: datetime) -> bool:
        stored = self.messages.get((message.brand_id, message.thread_id), {}).get(_order_key(message))
        if stored is None or stored.direction != "out" or stored.read_at is not None:
            return False
        stored.read_at = at
        return True

    def claim_delivery(self, message: Message, watchdog: Timer) -> bool:
        if not self.advance_delivery(message, "sending") :
            return False
        self.timers[(watchdog.brand_id, watchdog.kind, watchdog.ref)] = deepcopy(watchdog)
        return True

    def release_delivery(self, message: Message) -> None:
        stored = self.messages.get((message.brand_id, message.thread_id), {}).get(_order_key(message))
        if stored is not None and stored.status == "sending":
            stored.status = "queued"

    # -- the inbox -------------------------------------------------------------------------
    def list_threads(self, query: ThreadQuery) -> Page:
        scope = f"threads|{query.brand_id}|{query.store_ids}|{query.folder}|{query.sort}"
        rows = [(_sort_key(t, query.sort), t) for t in self.threads.values()
                if t.brand_id == query.brand_id and t.folder == query.folder and t.status in query.statuses
                and t.snoozed_until is None
                and (query.store_ids is None or t.store_id in query.store_ids)]
        return _page(rows, _position(query.cursor, scope), query.sort == "recent", query.limit, scope)  # type: ignore[arg-type]

    def counts(self, brand_id: str, store_ids: tuple[str, ...] | None) -> InboxCounts:
        totals = {"waiting": 0, "replied": 0, "resolved": 0}
        shown = {"new": 0, "unanswered": 0}
        counted = set()
        for (brand, store), by_status in self.status_counts.items():
            if brand == brand_id and (store_ids is None or store in store_ids):
                counted.add(store)
                for status in totals:
                    totals[status] += by_status.get(status, 0)
                for name in shown:
                    shown[name] += by_status.get(name, 0)
        return InboxCounts(totals, frozenset(counted), shown)


# -- the outside world ---------------------------------------------------------------------
@dataclass
class Sms:
    to: str
    from_: str
    body: str
    status_callback: str | None
    media_urls: list[str] = field(default_factory=list)
    template: Template | None = None


class FakeSmsTransport:
    """Twilio's REST send, faked: records what it sends; told beforehand, it refuses the next sends."""

    def __init__(self) -> None:
        self.sent: list[Sms] = []
        self._next_failures: list[Exception] = []

    def refuse_next(self, reason: str = "21610: the customer replied STOP") -> None:
        self._next_failures.append(DeliveryFailed(reason))

    def defer_next(self, reason: str = "503: provider unavailable") -> None:
        self._next_failures.append(DeliveryDeferred(reason))

    def send_sms(self, *, to: str, from_: str, body: str, status_callback: str | None,
                 media_urls: Sequence[str] = (), template: Template | None = None) -> str:
        if self._next_failures:
            raise self._next_failures.pop(0)
        self.sent.append(Sms(to, from_, body, status_callback, list(media_urls), template))
        return f"SM{len(self.sent):032d}"


def sms_channels(transport: FakeSmsTransport) -> Channels:
    """The channels of unit tests: the real SMS channel, sending through a fake transport."""
    return Channels([TwilioSmsChannel("test-auth-token", transport)])


def twilio_channels(transport: FakeSmsTransport) -> Channels:
    """The real SMS and WhatsApp channels over one fake Twilio transport, as the product registers them."""
    from chalicelib.channels.twilio_whatsapp import TwilioWhatsappChannel

    sms = TwilioSmsChannel("test-auth-token", transport)
    return Channels([sms, TwilioWhatsappChannel(sms)])


@dataclass
class Mail:
    to: str
    subject: str
    body: str


class FakeMailer:
    def __init__(self) -> None:
        self.sent: list[Mail] = []

    def send(self, *, to: str, subject: str, body: str) -> None:
        self.sent.append(Mail(to, subject, body))

    def to(self, address: str) -> list[Mail]:
        return [m for m in self.sent if m.to == address]


class PlainHasher:
    """Fast and obviously not for production: Argon2 is what makes the functional tests slow."""

    def hash(self, password: str) -> str:
        return f"plain:{password}"

    def verify(self, password_hash: str, password: str) -> bool:
        return password_hash == f"plain:{password}"

    def dummy_hash(self) -> str:
        return "plain:\x00"  # no password is matched by it


class FakeTimerQueue:
    """The sweep's view of the fakes' timers; a claimed timer goes to `fired`, as the stream would carry it."""

    def __init__(self, threads: FakeThreads) -> None:
        self.threads = threads
        self.fired: list[Timer] = []

    def due(self, now: datetime, limit: int) -> list[tuple[tuple[str, str, str], Timer]]:
        pending = sorted(self.threads.timers.items(), key=lambda kv: kv[1].due_at)
        return [(key, deepcopy(timer)) for key, timer in pending if timer.due_at <= now][:limit]

    def claim(self, handle: tuple[tuple[str, str, str], Timer]) -> bool:
        key, seen = handle
        current = self.threads.timers.get(key)
        if current is None or current.due_at != seen.due_at:
            return False
        del self.threads.timers[key]
        self.fired.append(current)
        return True


class FakeNotifications:
    def __init__(self) -> None:
        self.items: dict[tuple[str, str, str], Notification] = {}

    def add(self, notification: Notification) -> bool:
        key = (notification.brand_id, notification.agent_id, notification.id)
        if key in self.items:
            return False
        self.items[key] = deepcopy(notification)
        return True

    def list(self, brand_id: str, agent_id: str, cursor: str | None, limit: int) -> Page:
        scope = f"notifications|{brand_id}|{agent_id}"
        rows = [(f"{iso(n.created_at)}#{n.id}", n) for (b, a, _), n in self.items.items()
                if b == brand_id and a == agent_id]
        return _page(rows, _position(cursor, scope), True, limit, scope)  # type: ignore[arg-type]

    def of(self, agent_id: str) -> list[tuple[str, str]]:
        """(kind, thread) of an agent's notifications, oldest first: what tests read."""
        mine = sorted((n for n in self.items.values() if n.agent_id == agent_id), key=lambda n: (n.created_at, n.id))
        return [(n.kind, n.thread_id) for n in mine]


class FakeStats:
    """Facts and day aggregates in memory, merged by channel as the DynamoDB update expressions merge them."""

    def __init__(self) -> None:
        self.facts_by_thread: dict[tuple[str, str], ThreadFacts] = {}
        self.parts: dict[tuple[str, str, date], dict[str, Figures]] = {}
        self.handled: dict[tuple[str, str, date], dict[str, int]] = {}
        self.totals: dict[tuple[str, str], dict[str, int]] = {}

    def facts(self, brand_id: str, thread_ids: list[str]) -> dict[str, ThreadFacts]:
        return {t: deepcopy(self.facts_by_thread.get((brand_id, t)) or ThreadFacts(brand_id=brand_id, thread_id=t))
                for t in thread_ids}

    def apply(self, brand_id: str, before: dict[str, int], after: list[ThreadFacts], out: Collector) -> None:
        for facts in after:
            stored = self.facts_by_thread.get((brand_id, facts.thread_id))
            if (stored.last_sequence if stored else 0) != before.get(facts.thread_id, 0):
                raise StaleVersion("facts moved on")
        for facts in after:
            self.facts_by_thread[(brand_id, facts.thread_id)] = deepcopy(facts)
        for delta in out.days.values():
            key = (brand_id, delta.store_id, delta.day)
            parts = self.parts.setdefault(key, {})
            for channel, part in delta.parts.items():
                kept = parts.setdefault(channel, Figures())
                for name, n in part.counters.items():
                    kept.counters[name] = kept.counters.get(name, 0) + n
                for since, n in part.existing_since.items():
                    kept.existing_since[since] = kept.existing_since.get(since, 0) + n
                kept.active |= part.active
                kept.response_times += part.response_times
                kept.outbound_response_times += part.outbound_response_times
                totals = self.totals.setdefault((brand_id, delta.store_id), {})
                totals[channel] = totals.get(channel, 0) + part.counters.get("new_threads", 0)
            handled = self.handled.setdefault(key, {})
            for agent_id, n in delta.handled.items():
                handled[agent_id] = handled.get(agent_id, 0) + n

    def days(self, brand_id: str, store_id: str, first: date) -> tuple[list[DayAggregate], dict[str, int]]:
        found = [assemble(s, day, deepcopy(parts), dict(self.handled.get((b, s, day), {})), {})
                 for (b, s, day), parts in sorted(self.parts.items(), key=lambda kv: kv[0][2])
                 if b == brand_id and s == store_id and day >= first]
        return found, dict(self.totals.get((brand_id, store_id), {}))
