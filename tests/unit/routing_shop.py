"""Maison Lune's Order tracking desk with escalation, automatic messages and timers, on fakes.

The table's stream and the minute sweep are played by hand and the clock is in the test's hands: `wait` moves it a
minute at a time and runs the sweep each minute, as the scheduled function does on AWS; every fired timer goes to
Reactions.timer_fired, every stored inbound message onto its thread and every queued outgoing one to the provider.
"""
from __future__ import annotations

import random
from copy import deepcopy
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from chalicelib.adapters.tokens import JwtTokens
from chalicelib.services.domain import Agent, Brand, Message, Store, StoreRights, Thread
from chalicelib.services.domain.hours import DAYS
from chalicelib.services.ports.clock import FixedClock
from chalicelib.services.ports.ids import SequentialIds
from chalicelib.services.usecases.accounts import Accounts
from chalicelib.services.usecases.conversations.cases import ConversationCases
from chalicelib.services.usecases.conversations.common import thread_id_for
from chalicelib.services.usecases.delivery import Delivery
from chalicelib.services.usecases.notifier import Notifier
from chalicelib.services.usecases.stores import Stores
from chalicelib.services.usecases.timers import TimerSweep
from tests.fakes import (
    FakeDirectory,
    FakeMailer,
    FakeNotifications,
    FakeSmsTransport,
    FakeThreads,
    FakeTimerQueue,
    PlainHasher,
    sms_channels,
)

PARIS = ZoneInfo("Europe/Paris")
TRACKING, AFTER_SALES = "s-tracking", "s-after-sales"
TRACKING_NUMBER, AFTER_SALES_NUMBER = "+33170000001", "+33170000002"
CHLOE, HUGO, LEA = "+33612345678", "+33687654321", "+33611111111"
INES, PAUL, ZOE, OMAR, BOSS = "a-ines", "a-paul", "a-zoe", "a-omar", "a-boss"
WRITE = StoreRights(perimeter=True, contactable=True)
REASONS = ["Order delivered", "Refund", "Other"]
EVENINGS = [{"day": day, "from": "19:00", "to": "09:00"} for day in DAYS]  # open 09:00-19:00 every day
URL = "https://comptoir.test"


def paris(year: int, month: int, day: int, hour: int, minute: int = 0, second: int = 0, fold: int = 0) -> datetime:
    """A wall-clock time in Paris as the UTC instant the services work with."""
    return datetime(year, month, day, hour, minute, second, tzinfo=PARIS, fold=fold).astimezone(UTC)


MONDAY = paris(2026, 11, 23, 10)  # a Monday of November (CET), the store open


class RoutingShop:
    """One brand, two stores (Order tracking, After-sales), four agents of Order tracking available on chat."""

    def __init__(self, now: datetime = MONDAY, slots: int = 5, seed: int = 7) -> None:
        self.clock = FixedClock(now)
        self.directory = FakeDirectory()
        self.threads = FakeThreads(self.directory)  # keeps the agents' open threads (slots)
        self.notifications, self.mailer, self.sms = FakeNotifications(), FakeMailer(), FakeSmsTransport()
        ids = SequentialIds()
        self.notifier = Notifier(self.notifications, self.mailer, URL)
        channels = sms_channels(self.sms)
        self.cases = ConversationCases.build(self.threads, self.directory, ids, self.clock, self.notifier, channels,
                                             rng=random.Random(seed))
        self.reactions = self.cases.reactions(Delivery(self.threads, self.directory, channels, URL))
        self.queue = FakeTimerQueue(self.threads)
        self.accounts = Accounts(self.directory, PlainHasher(), JwtTokens("a test secret of at least 32 characters"),
                                 self.mailer, ids, self.clock, URL)
        self.stores = Stores(self.directory, self.accounts, ids, self.clock, numbers_editable_by_brand=True)
        self.directory.add_brand(Brand(id="maison", name="Maison Lune", slots_per_agent=slots,
                                       closing_reasons=list(REASONS)))
        for store_id, name, number in [(TRACKING, "Order tracking", TRACKING_NUMBER),
                                       (AFTER_SALES, "After-sales", AFTER_SALES_NUMBER)]:
            self.directory.add_store(Store(brand_id="maison", id=store_id, name=name, timezone="Europe/Paris",
                                           phone_number=number))
        self.add(BOSS, {}, chat=None, brand_admin=True)
        for agent_id in (INES, PAUL, ZOE, OMAR):
            self.add(agent_id)

    # -- people ------------------------------------------------------------------------------
    def add(self, agent_id: str, rights: dict[str, StoreRights] | None = None, chat: str | None = "available",
            brand_admin: bool = False, notify: bool = False) -> Agent:
        agent = Agent(brand_id="maison", id=agent_id, email=f"{agent_id}@maison.test", password_hash="-",
                      rights={TRACKING: WRITE} if rights is None else rights, brand_admin=brand_admin,
                      presence={"chat": chat} if chat else {}, notify_new_message=notify)
        self.directory.add_agent(agent)
        return agent

    def agent(self, agent_id: str) -> Agent:
        """The agent as stored now, open threads included."""
        agent = self.directory.get_agent("maison", agent_id)
        assert agent is not None
        return agent

    def presence(self, agent_id: str, state: str, channel: str = "chat") -> Agent:
        return self.accounts.set_presence(self.agent(agent_id), channel, state)

    def seen_as(self, agent_id: str, channel: str = "chat") -> str:
        """The presence others see, busy by itself when the agent's slots are full."""
        return self.agent(agent_id).presence_on(channel, self.directory.brands["maison"].slots_per_agent)

    # -- settings ----------------------------------------------------------------------------
    def escalation(self, mode: str, agent_ids: list[str], delay: int = 5) -> None:
        self.stores.set_escalation(self.agent(BOSS), TRACKING, mode, delay, agent_ids)

    def auto_messages(self, greeting: str = "", resend_after_hours: float = 24, closed: str = "",
                      hours: list[dict] | None = None) -> None:
        greetings = {"sms": {"text": greeting, "resend_after_hours": resend_after_hours}} if greeting else {}
        self.stores.set_auto_messages(self.agent(BOSS), TRACKING, greetings,
                                      {"text": closed, "hours": EVENINGS if hours is None else hours})

    # -- customers and agents ----------------------------------------------------------------
    def receive(self, text: str, sender: str = CHLOE, to: str = TRACKING_NUMBER) -> str:
        """A customer's text is stored (the stream has not caught up yet): the thread's id."""
        ref = self.directory.find_store_ref_by_number(to)
        assert ref is not None
        self.cases.receive.receive(brand_id=ref[0], store_id=ref[1], store_address=to, channel="sms",
                                   customer_address=sender, text=text, attachments=[], provider_key=None)
        return thread_id_for("maison", "sms", sender)

    def text(self, text: str, sender: str = CHLOE, to: str = TRACKING_NUMBER) -> str:
        """A customer texts a store and the stream catches up: the thread's id."""
        thread_id = self.receive(text, sender, to)
        self.settle()
        return thread_id

    def reply(self, agent_id: str, thread_id: str, text: str = "Je regarde tout de suite.") -> Message:
        message = self.cases.answer.reply(self.agent(agent_id), thread_id, text, [])
        self.settle()
        return message

    # -- the stream and the sweep ------------------------------------------------------------
    def stored(self) -> list[Message]:
        return sorted((m for messages in self.threads.messages.values() for m in messages.values()),
                      key=lambda m: (m.created_at, m.id))

    def pending_images(self) -> list[Message]:
        """Stream images of what still calls for a reaction: unapplied inbound and queued outbound messages."""
        return [deepcopy(m) for m in self.stored()
                if (m.direction == "in" and not m.applied) or (m.direction == "out" and m.status == "queued")]

    def settle(self) -> None:
        while pending := self.pending_images():
            for image in pending:
                self.reactions.message_written(image)

    def sweep(self) -> int:
        """One run of the minute sweep, then what the stream does with each timer it claimed."""
        already = len(self.queue.fired)
        claimed = TimerSweep(self.queue, self.clock).sweep()
        for timer in self.queue.fired[already:]:
            self.reactions.timer_fired(deepcopy(timer))
        self.settle()
        return claimed

    def at(self, when: datetime) -> None:
        """Time passes up to `when`, a minute at a time, the sweep running every minute."""
        assert when >= self.clock.now(), "time only moves forward"
        while self.clock.now() < when:
            self.clock.set(min(self.clock.now() + timedelta(minutes=1), when))
            self.sweep()

    def wait(self, minutes: float = 0, seconds: float = 0) -> None:
        self.at(self.clock.now() + timedelta(minutes=minutes, seconds=seconds))

    # -- what the tests read -----------------------------------------------------------------
    def thread(self, thread_id: str) -> Thread:
        thread = self.threads.get("maison", thread_id)
        assert thread is not None
        return thread

    def escalated_to(self, thread_id: str) -> str | None:
        escalation = self.thread(thread_id).escalation
        return escalation.agent_id if escalation else None

    def notified(self, agent_id: str, thread_id: str | None = None) -> list[str]:
        """Kinds of the agent's notifications (about one thread if named), oldest first."""
        return [kind for kind, about in self.notifications.of(agent_id) if thread_id in (None, about)]

    def sent_to(self, customer: str) -> list[str]:
        """What the provider sent the customer, without the store's signature."""
        return [sms.body.rsplit("\n-- ", 1)[0] for sms in self.sms.sent if sms.to == customer]

    def inbox(self, agent_id: str) -> list[str]:
        page, _ = self.cases.inbox.list(self.agent(agent_id), store_id=None, statuses=(), folder="inbox",
                                        sort="recent", cursor=None, limit=50)
        return [t.id for t in page.items]
