"""Receiving, answering, starting, listing and moving threads (SPEC B1, B2, C1-C3, D1-D5, E3, F1), on fakes."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.services.domain import Agent, Brand, Message, Store, StoreRights
from chalicelib.services.domain.errors import Forbidden, InvalidInput, NotFound, ThreadHeld, TooLong
from chalicelib.services.ports.clock import FixedClock
from chalicelib.services.ports.ids import SequentialIds
from chalicelib.services.usecases.conversations.common import thread_id_for
from chalicelib.services.usecases.delivery import Delivery
from chalicelib.services.usecases.notifier import Notifier
from tests.conversation_cases import ConversationCases
from tests.fakes import FakeDirectory, FakeMailer, FakeNotifications, FakeSmsProvider, FakeThreads

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TRACKING, AFTER_SALES, DRAFT = "s-tracking", "s-after-sales", "s-draft"
TRACKING_NUMBER, AFTER_SALES_NUMBER = "+33170000001", "+33170000002"
CHLOE, HUGO = "+33612345678", "+33687654321"
WRITE = StoreRights(perimeter=True, contactable=True)


class Shop:
    """The brand Maison Lune with two stores and a few agents, the stream played by hand."""

    def __init__(self) -> None:
        self.clock = FixedClock(MONDAY)
        self.directory, self.threads = FakeDirectory(), FakeThreads()
        self.notifications = FakeNotifications()
        self.cases = ConversationCases.build(self.threads, self.directory, SequentialIds(), self.clock,
                                             Notifier(self.notifications, FakeMailer(), "https://comptoir.test"))
        delivery = Delivery(self.threads, self.directory, FakeSmsProvider(), "https://comptoir.test")
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


@pytest.fixture
def shop() -> Shop:
    return Shop()


def counts(waiting: int = 0, replied: int = 0, resolved: int = 0) -> dict[str, int]:
    return {"waiting": waiting, "replied": replied, "resolved": resolved}


def test_a_customer_text_lands_in_a_waiting_thread_of_the_store_written_to(shop: Shop) -> None:
    thread_id = shop.text("Bonjour, où en est ma commande 4521 ?")
    thread = shop.cases.thread_access.visible_thread(shop.ines, thread_id)
    assert (thread.store_id, thread.status, thread.unread, thread.customer.phone) == (TRACKING, "waiting", True, CHLOE)
    assert shop.inbox(shop.ines) == ([thread_id], counts(waiting=1))


def test_every_message_of_one_number_lands_in_one_thread(shop: Shop) -> None:
    first = shop.text("Bonjour")
    shop.clock.advance(60)
    assert shop.text("Vous êtes là ?") == first
    assert shop.texts(first) == ["Vous êtes là ?", "Bonjour"]  # newest first
    assert shop.inbox(shop.ines) == ([first], counts(waiting=1))


def test_same_provider_message_is_stored_once(shop: Shop) -> None:
    assert shop.receive("Bonjour", key="sms:SM1") is True
    assert shop.receive("Bonjour", key="sms:SM1") is False
    shop.settle()
    assert shop.texts(thread_id_for("maison", "sms", CHLOE)) == ["Bonjour"]


def test_a_stream_record_delivered_twice_changes_the_thread_once(shop: Shop) -> None:
    shop.receive("Bonjour")
    (image,) = shop.inbound_not_applied()
    shop.cases.receive.apply_inbound(image)
    thread = shop.threads.get("maison", image.thread_id)
    shop.cases.receive.apply_inbound(image)  # Lambda delivers at least once
    assert shop.threads.get("maison", image.thread_id) == thread
    assert shop.inbox(shop.ines)[1] == counts(waiting=1)


def test_a_message_after_15_days_of_silence_starts_a_new_conversation(shop: Shop) -> None:
    thread_id = shop.text("Bonjour")
    first = shop.cases.answer.reply(shop.ines, thread_id, "Bonjour, je regarde.", [])
    shop.clock.advance(timedelta(days=14, hours=23).total_seconds())
    shop.text("Merci, bien reçu")
    same = shop.threads.get("maison", thread_id)
    shop.clock.advance(timedelta(days=15).total_seconds())
    shop.text("Nouvelle commande : 4712")
    later = shop.threads.get("maison", thread_id)
    assert same and later and same.conversation_id == first.conversation_id != later.conversation_id


def test_store_without_perimeter_is_read_only(shop: Shop) -> None:
    thread_id = shop.text("Bonjour")
    assert shop.cases.thread_access.visible_thread(shop.zoe, thread_id).id == thread_id
    assert shop.inbox(shop.zoe)[0] == [thread_id]
    for act in (lambda: shop.cases.answer.reply(shop.zoe, thread_id, "Bonjour", []),
                lambda: shop.cases.changes.set_status(shop.zoe, thread_id, "resolved"),
                lambda: shop.cases.answer.start(shop.zoe, store_id=TRACKING, channel="sms", to=HUGO, text="Bonjour")):
        with pytest.raises(Forbidden):
            act()
    assert shop.cases.inbox.open(shop.zoe, thread_id).unread is True  # reading is not handling


def test_other_brand_thread_is_not_found(shop: Shop) -> None:
    thread_id = shop.text("Bonjour")
    for act in (lambda: shop.cases.thread_access.visible_thread(shop.rival, thread_id),
                lambda: shop.cases.answer.reply(shop.rival, thread_id, "Bonjour", []),
                lambda: shop.cases.inbox.messages(shop.rival, thread_id, None, 10)):
        with pytest.raises(NotFound):
            act()


def test_a_thread_of_a_store_out_of_sight_is_not_found(shop: Shop) -> None:
    thread_id = shop.text("Mon colis est abîmé", to=AFTER_SALES_NUMBER)
    with pytest.raises(NotFound):
        shop.cases.thread_access.visible_thread(shop.paul, thread_id)
    shop.text("Bonjour", sender=HUGO)
    assert shop.inbox(shop.paul) == ([thread_id_for("maison", "sms", HUGO)], counts(waiting=1))
    with pytest.raises(NotFound):
        shop.inbox(shop.paul, store_id=AFTER_SALES)


def test_body_over_1000_characters_is_refused_never_cut(shop: Shop) -> None:
    thread_id = shop.text("Bonjour")
    with pytest.raises(TooLong) as refusal:
        shop.cases.answer.reply(shop.ines, thread_id, "x" * 1001, [])
    assert "text" in refusal.value.errors
    with pytest.raises(InvalidInput):
        shop.cases.answer.reply(shop.ines, thread_id, "  ", [])
    assert shop.texts(thread_id) == ["Bonjour"] and shop.threads.get("maison", thread_id).status == "waiting"  # type: ignore[union-attr]
    assert len(shop.cases.answer.reply(shop.ines, thread_id, "x" * 1000, []).text) == 1000


def test_agent_must_join_a_thread_another_agent_holds(shop: Shop) -> None:
    thread_id = shop.text("Bonjour")
    shop.cases.answer.reply(shop.ines, thread_id, "Je m'en occupe.", [])
    with pytest.raises(ThreadHeld):
        shop.cases.answer.reply(shop.paul, thread_id, "Moi aussi !", [])
    shop.cases.changes.join(shop.paul, thread_id)
    shop.cases.answer.reply(shop.paul, thread_id, "Je prends le relais.", [])
    assert shop.texts(thread_id) == ["Je prends le relais.", "Je m'en occupe.", "Bonjour"]


def test_an_agent_reply_is_queued_for_the_provider_and_makes_the_thread_replied(shop: Shop) -> None:
    thread_id = shop.text("Bonjour")
    reply = shop.cases.answer.reply(shop.paul, thread_id, "Elle arrive demain.", [])
    assert (reply.status, reply.direction, reply.store_address, reply.customer_address) == (
        "queued", "out", TRACKING_NUMBER, CHLOE)
    assert shop.inbox(shop.paul) == ([thread_id], counts(replied=1))


def test_customer_message_makes_a_replied_thread_wait(shop: Shop) -> None:
    thread_id = shop.text("Bonjour")
    shop.cases.answer.reply(shop.ines, thread_id, "Bonjour !", [])
    shop.clock.advance(3600)
    shop.text("Et ma facture ?")
    thread = shop.threads.get("maison", thread_id)
    assert thread and thread.status == "waiting" and thread.waiting_since == MONDAY + timedelta(hours=1)


def test_a_message_written_before_an_agents_later_reply_does_not_make_the_thread_wait(shop: Shop) -> None:
    thread_id = shop.text("Bonjour")
    shop.cases.answer.reply(shop.ines, thread_id, "Bonjour !", [])
    shop.clock.advance(60)
    shop.receive("Merci")  # stored at 9:01; the stream is late
    shop.clock.advance(60)
    shop.cases.answer.reply(shop.ines, thread_id, "Bonne journée.", [])
    shop.settle()
    assert shop.threads.get("maison", thread_id).status == "replied"  # type: ignore[union-attr]


def test_start_an_outbound_thread_from_a_chosen_store(shop: Shop) -> None:
    thread = shop.cases.answer.start(shop.ines, store_id=AFTER_SALES, channel="sms", to="06 87 65 43 21",
                                     text="Votre colis est prêt.")
    assert (thread.store_id, thread.status, thread.customer.phone) == (AFTER_SALES, "replied", HUGO)
    (message,) = shop.cases.inbox.messages(shop.ines, thread.id, None, 10).items
    assert (message.status, message.store_address, message.customer_address) == ("queued", AFTER_SALES_NUMBER, HUGO)
    assert shop.inbox(shop.ines, store_id=AFTER_SALES) == ([thread.id], counts(replied=1))


def test_starting_to_a_number_with_a_thread_in_another_store_moves_it_there(shop: Shop) -> None:
    thread_id = shop.text("Bonjour")
    shop.cases.answer.reply(shop.paul, thread_id, "Bonjour !", [])
    thread = shop.cases.answer.start(shop.ines, store_id=AFTER_SALES, channel="sms", to=CHLOE, text="Suite SAV")
    assert (thread.id, thread.store_id, thread.participants) == (thread_id, AFTER_SALES, ["a-ines"])
    assert shop.texts(thread_id) == ["Suite SAV", "Bonjour !", "Bonjour"]
    assert shop.inbox(shop.ines, store_id=TRACKING)[1] == counts()
    assert shop.inbox(shop.ines, store_id=AFTER_SALES)[1] == counts(replied=1)


def test_start_needs_a_store_with_a_number_and_a_phone_number(shop: Shop) -> None:
    for store_id, to, field in [(DRAFT, HUGO, "store_id"), (TRACKING, "not a number", "to"), ("s-x", HUGO, "store_id")]:
        with pytest.raises(InvalidInput) as refusal:
            shop.cases.answer.start(shop.ines, store_id=store_id, channel="sms", to=to, text="Bonjour")
        assert field in refusal.value.errors


def test_a_customer_writing_to_another_stores_number_moves_the_thread_there(shop: Shop) -> None:
    thread_id = shop.text("Bonjour")
    assert shop.text("Mon colis est abîmé", to=AFTER_SALES_NUMBER) == thread_id
    assert shop.threads.get("maison", thread_id).store_id == AFTER_SALES  # type: ignore[union-attr]
    assert shop.inbox(shop.ines, store_id=TRACKING)[1] == counts()
    assert shop.inbox(shop.ines, store_id=AFTER_SALES)[1] == counts(waiting=1)


def test_a_message_written_before_a_transfer_does_not_pull_the_thread_back(shop: Shop) -> None:
    thread_id = shop.text("Bonjour")
    shop.clock.advance(60)
    shop.receive("Toujours là ?")  # stored at 9:01 through Order tracking's number; the stream is late
    shop.clock.advance(60)
    shop.cases.transfer.transfer(shop.paul, thread_id, AFTER_SALES)  # 9:02, a decision taken after it
    shop.settle()
    assert shop.threads.get("maison", thread_id).store_id == AFTER_SALES  # type: ignore[union-attr]


def test_a_transfer_moves_the_thread_its_history_and_its_count(shop: Shop) -> None:
    thread_id = shop.text("Mon colis est abîmé")
    moved = shop.cases.transfer.transfer(shop.ines, thread_id, AFTER_SALES)
    assert moved.store_id == AFTER_SALES and shop.texts(thread_id) == ["Mon colis est abîmé"]
    assert shop.inbox(shop.ines, store_id=TRACKING) == ([], counts())
    assert shop.inbox(shop.ines, store_id=AFTER_SALES) == ([thread_id], counts(waiting=1))
    with pytest.raises(InvalidInput):
        shop.cases.transfer.transfer(shop.ines, thread_id, "s-unknown")


def test_resolved_is_set_by_hand_and_undone_at_any_time(shop: Shop) -> None:
    thread_id = shop.text("Bonjour")
    assert shop.cases.changes.set_status(shop.ines, thread_id, "resolved").status == "resolved"
    assert shop.inbox(shop.ines) == ([], counts(resolved=1))  # the default filter is waiting + replied
    assert shop.inbox(shop.ines, ("resolved",))[0] == [thread_id]
    assert shop.cases.changes.set_status(shop.ines, thread_id, "replied").status == "replied"
    assert shop.inbox(shop.ines) == ([thread_id], counts(replied=1))
    with pytest.raises(InvalidInput):
        shop.cases.changes.set_status(shop.ines, thread_id, "closed")


def test_the_waiting_sort_shows_the_longest_wait_first(shop: Shop) -> None:
    chloe = shop.text("Bonjour")
    shop.clock.advance(600)
    hugo = shop.text("Allô ?", sender=HUGO)
    shop.clock.advance(600)
    shop.cases.answer.reply(shop.ines, chloe, "Bonjour !", [])
    shop.clock.advance(600)
    lea = shop.text("Bonsoir", sender="+33611111111")
    assert shop.inbox(shop.ines, sort="waiting")[0] == [hugo, lea, chloe]
    assert shop.inbox(shop.ines, sort="recent")[0] == [lea, chloe, hugo]


def test_opening_a_thread_marks_it_read(shop: Shop) -> None:
    thread_id = shop.text("Bonjour")
    assert shop.cases.inbox.open(shop.paul, thread_id).unread is False
    assert shop.threads.get("maison", thread_id).unread is False  # type: ignore[union-attr]


def test_the_inbox_refuses_unknown_filters(shop: Shop) -> None:
    for kwargs, field in [({"statuses": ("closed",)}, "status"), ({"sort": "oldest"}, "sort")]:
        with pytest.raises(InvalidInput) as refusal:
            shop.inbox(shop.ines, **kwargs)  # type: ignore[arg-type]
        assert field in refusal.value.errors
