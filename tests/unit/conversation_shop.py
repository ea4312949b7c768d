"""Maison Lune's shop for the conversation use cases: two stores with numbers, one draft store, a few agents, and
the stream played by hand."""
from __future__ import annotations

from datetime import UTC, datetime

from chalicelib.services.domain import Agent, Brand, Message, Store, StoreRights
from chalicelib.services.ports.channels import Channels
from chalicelib.services.ports.clock import FixedClock
from chalicelib.services.ports.ids import SequentialIds
from chalicelib.services.usecases.conversations.cases import ConversationCases
from chalicelib.services.usecases.conversations.common import thread_id_for
from chalicelib.services.usecases.delivery import Delivery
from chalicelib.services.usecases.notifier import Notifier
from tests.fakes import FakeDirectory, FakeMailer, FakeNotifications, FakeSmsTransport, FakeThreads, sms_channels

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TRACKING, AFTER_SALES, DRAFT = "s-tracking", "s-after-sales", "s-draft"
TRACKING_NUMBER, AFTER_SALES_NUMBER = "+33170000001", "+33170000002"
CHLOE, HUGO = "+33612345678", "+33687654321"
WRITE = StoreRights(perimeter=True, contactable=True)


class Shop:
    """The brand Maison Lune with two stores and a few agents, the stream played by hand."""

    def __init__(self, channels: Channels | None = None) -> None:
        self.clock = FixedClock(MONDAY)
        self.directory, self.threads = FakeDirectory(), FakeThreads()
        self.notifications = FakeNotifications()
        channels = channels or sms_channels(FakeSmsTransport())
        self.cases = ConversationCases.build(self.threads, self.directory, SequentialIds(), self.clock,
                                             Notifier(self.notifications, FakeMailer(), "https://comptoir.test"),
                                             channels)
        delivery = Delivery(self.threads, self.directory, channels, "https://comptoir.test")
        self.reactions = self.cases.reactions(delivery)
        self.directory.add_brand(Brand(id="maison", name="Maison Lune"))
        for store_id, number in [(TRACKING, TRACKING_NUMBER), (AFTER_SALES, AFTER_SALES_NUMBER), (DRAFT, None)]:
            self.directory.add_store(Store(brand_id="maison", id=store_id, name=store_id, timezone="Europe/Paris",
                                           phone_number=number))
        self.ines = self.agent("a-ines", {TRACKING: WRITE, AFTER_SALES: WRITE, DRAFT: WRITE})
        self.paul = self.agent("a-paul", {TRACKING: WRITE})
        self.zoe = self.agent("a-zoe", {TRACKING: StoreRights(contactable=True)})  # no perimeter: read-only
        self.boss = self.agent("a-boss", {}, brand_admin=True)
        self.rival = self.agent("a-rival", {}, brand="rival", brand_admin=True)  # sees all of its own brand

    def agent(self, agent_id: str, rights: dict[str, StoreRights], brand: str = "maison",
              brand_admin: bool = False) -> Agent:
        agent = Agent(brand_id=brand, id=agent_id, email=f"{agent_id}@{brand}.test", password_hash="-",
                      rights=rights, brand_admin=brand_admin)
        self.directory.add_agent(agent)
        return agent

    def receive(self, text: str, sender: str = CHLOE, to: str = TRACKING_NUMBER, key: str | None = None) -> bool:
        ref = self.directory.find_store_ref_by_number(to)
        assert ref is not None
        return self.cases.receive.receive(brand_id=ref[0], store_id=ref[1], store_address=to, channel="sms",
                                          customer_address=sender, text=text, attachments=[], provider_key=key)

    def settle(self) -> None:
        """What the table's stream does: every stored, unapplied customer message goes onto its thread."""
        for message in self.inbound_not_applied():
            self.reactions.message_written(message)

    def inbound_not_applied(self) -> list[Message]:
        stored = [m for messages in self.threads.messages.values() for m in messages.values()]
        return [m for m in stored if m.direction == "in" and not m.applied]

    def text(self, text: str, sender: str = CHLOE, to: str = TRACKING_NUMBER) -> str:
        """A customer texts a store and the stream catches up: the thread's id."""
        self.receive(text, sender, to)
        self.settle()
        return thread_id_for("maison", "sms", sender)

    def inbox(self, agent: Agent, statuses: tuple[str, ...] = (), sort: str = "recent", store_id: str | None = None):  # type: ignore[no-untyped-def]
        page, counts = self.cases.inbox.list(agent, store_id=store_id, statuses=statuses, folder="inbox", sort=sort,
                                             cursor=None, limit=50)
        return [t.id for t in page.items], {s: counts[s] for s in ("waiting", "replied", "resolved")}

    def texts(self, thread_id: str) -> list[str]:
        return [m.text for m in self.cases.inbox.messages(self.boss, thread_id, None, 50).items]


def counts(waiting: int = 0, replied: int = 0, resolved: int = 0) -> dict[str, int]:
    return {"waiting": waiting, "replied": replied, "resolved": resolved}
