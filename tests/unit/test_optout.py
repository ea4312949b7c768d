"""SMS opt-out (B12): the keywords, and what the use cases do with them, over fakes."""
from __future__ import annotations

from dataclasses import replace

import pytest

from chalicelib.services.domain import Agent, AutoMessages, Brand, Greeting, Message, Store, StoreRights
from chalicelib.services.domain.optout import OptedOut, RecipientOptedOut, keyword_of, number_hash
from chalicelib.services.ports.clock import FixedClock
from chalicelib.services.ports.ids import SequentialIds
from chalicelib.services.usecases.conversations.cases import ConversationCases
from chalicelib.services.usecases.conversations.common import thread_id_for
from chalicelib.services.usecases.delivery import Delivery
from chalicelib.services.usecases.notifier import Notifier
from chalicelib.services.usecases.optout import OptOuts
from tests.fakes import FakeDirectory, FakeMailer, FakeNotifications, FakeSmsTransport, FakeThreads, sms_channels
from tests.fakes_optout import FakeOptOuts
from tests.unit.conversation_shop import MONDAY

STORE_NUMBER, OTHER_NUMBER, CHLOE = "+33170000001", "+33170000002", "+33612345678"
GREETING = "Bonjour, nous vous répondons vite."


@pytest.mark.parametrize("text", ["STOP", "stop", "  Stop \n", "STOPALL", "unsubscribe", "Cancel", "END", "quit",
                                  "ARRET", "arrêt", "ARRÊT"])
def test_the_opt_out_keywords_are_whole_messages_of_any_case(text: str) -> None:
    assert keyword_of(text) == "stop"


@pytest.mark.parametrize("text", ["START", "unstop", "Yes", " yes "])
def test_the_opt_in_keywords(text: str) -> None:
    assert keyword_of(text) == "start"


@pytest.mark.parametrize("text", ["stop texting me", "STOP!", "please stop", "", "HELP me", "yes please", "stopp"])
def test_a_keyword_inside_a_sentence_is_an_ordinary_message(text: str) -> None:
    assert keyword_of(text) is None


def test_help_is_a_keyword_and_the_providers_own_reading_wins() -> None:
    assert keyword_of("help") == "help"
    assert keyword_of("Je ne veux plus", "STOP") == "stop"
    assert keyword_of("STOP", "START") == "start"
    assert keyword_of("STOP", "SOMETHING-NEW") == "stop"  # an unknown type leaves the text to decide


def test_the_number_hash_is_a_sha256_that_ignores_spacing() -> None:
    assert number_hash("+33612345678") == number_hash(" +33 6 12 34 56 78 ")
    assert len(number_hash("+33612345678")) == 64 and "33612345678" not in number_hash("+33612345678")


class Shop:
    """A store with a greeting, one agent, the register and the outbox, the stream played by hand."""

    def __init__(self) -> None:
        self.clock = FixedClock(MONDAY)
        self.directory, self.threads, self.provider = FakeDirectory(), FakeThreads(), FakeSmsTransport()
        self.register = FakeOptOuts()
        optouts = OptOuts(self.register, self.threads, self.clock)
        channels = sms_channels(self.provider)
        self.cases = ConversationCases.build(self.threads, self.directory, SequentialIds(), self.clock,
                                             Notifier(FakeNotifications(), FakeMailer(), "https://comptoir.test"),
                                             channels, optouts=optouts)
        self.delivery = Delivery(self.threads, self.directory, channels, "https://comptoir.test", self.clock, optouts)
        self.reactions = self.cases.reactions(self.delivery)
        self.directory.add_brand(Brand(id="maison", name="Maison Lune"))
        greetings = AutoMessages(greetings={"sms": Greeting(text=GREETING, resend_after_hours=0)})
        for store_id, number in (("s-tracking", STORE_NUMBER), ("s-other", OTHER_NUMBER)):
            self.directory.add_store(Store(brand_id="maison", id=store_id, name="Lune Opéra", timezone="Europe/Paris",
                                           phone_number=number, auto_messages=greetings))
        self.ines = Agent(brand_id="maison", id="a-ines", email="ines@maison.test", password_hash="-",
                          rights={"s-tracking": StoreRights(perimeter=True, contactable=True),
                                  "s-other": StoreRights(perimeter=True, contactable=True)})
        self.directory.add_agent(self.ines)
        self.thread_id = thread_id_for("maison", "sms", CHLOE)

    def text(self, text: str, opt_out_type: str | None = None, to: str = STORE_NUMBER) -> None:
        """Chloé texts the store; the stream applies it and sends what it queued."""
        store_id = "s-tracking" if to == STORE_NUMBER else "s-other"
        self.cases.receive.receive(brand_id="maison", store_id=store_id, store_address=to, channel="sms",
                                   customer_address=CHLOE, text=text, attachments=[], provider_key=None,
                                   opt_out_type=opt_out_type)
        self.settle()

    def settle(self) -> None:
        for _ in range(3):
            for message in [m for ms in self.threads.messages.values() for m in ms.values()]:
                self.reactions.message_written(message)

    def sent(self) -> list[str]:
        return [sms.body.split("\n-- ")[0] for sms in self.provider.sent]

    def thread_messages(self) -> list[Message]:
        return list(self.threads.messages[("maison", self.thread_id)].values())


@pytest.fixture
def shop() -> Shop:
    return Shop()


def test_stop_refuses_the_agents_reply_with_opted_out_and_sends_no_greeting(shop: Shop) -> None:
    shop.text("STOP")
    assert shop.register.opted_out("maison", STORE_NUMBER, CHLOE)
    thread = shop.threads.get("maison", shop.thread_id)
    assert thread is not None and thread.customer.opted_out
    assert [m.text for m in shop.thread_messages()] == ["STOP"]  # the keyword is on the thread, nothing answers
    with pytest.raises(OptedOut):
        shop.cases.answer.reply(shop.ines, shop.thread_id, "Bien noté", [])
    shop.text("Vous êtes là ?")
    assert shop.sent() == []  # no greeting to an opted-out customer


def test_the_register_is_written_when_the_message_is_stored_before_the_stream(shop: Shop) -> None:
    shop.cases.receive.receive(brand_id="maison", store_id="s-tracking", store_address=STORE_NUMBER, channel="sms",
                               customer_address=CHLOE, text="arrêt", attachments=[], provider_key="sms:SM1")
    with pytest.raises(OptedOut):
        shop.cases.answer.start(shop.ines, store_id="s-tracking", channel="sms", to=CHLOE, text="Bonjour")


def test_start_opts_back_in_and_the_reply_goes_out(shop: Shop) -> None:
    shop.text("STOP")
    shop.clock.advance(60)
    shop.text("start")
    thread = shop.threads.get("maison", shop.thread_id)
    assert thread is not None and not thread.customer.opted_out
    shop.cases.answer.reply(shop.ines, shop.thread_id, "Bon retour !", [])
    shop.settle()
    assert shop.sent() == ["Bon retour !"]  # START itself calls for no greeting


def test_the_opt_out_is_per_store_number(shop: Shop) -> None:
    shop.text("STOP")
    shop.cases.answer.start(shop.ines, store_id="s-other", channel="sms", to=CHLOE, text="Depuis l'autre boutique")
    shop.settle()
    assert shop.sent() == ["Depuis l'autre boutique"]


def test_the_providers_opt_out_type_wins_over_the_text(shop: Shop) -> None:
    shop.text("Je ne veux plus de messages", opt_out_type="STOP")
    assert shop.register.opted_out("maison", STORE_NUMBER, CHLOE)
    assert shop.sent() == []


def test_help_answers_the_store_help_text_instead_of_the_greeting(shop: Shop) -> None:
    shop.text("HELP")
    assert len(shop.sent()) == 1 and "Lune Opéra" in shop.sent()[0] and "STOP" in shop.sent()[0]
    assert not shop.register.opted_out("maison", STORE_NUMBER, CHLOE)


def test_a_message_queued_before_the_stop_is_never_sent(shop: Shop) -> None:
    shop.text("Bonjour")
    sent_before = len(shop.sent())
    reply = shop.cases.answer.reply(shop.ines, shop.thread_id, "Je regarde", [])
    shop.cases.receive.receive(brand_id="maison", store_id="s-tracking", store_address=STORE_NUMBER, channel="sms",
                               customer_address=CHLOE, text="STOP", attachments=[], provider_key=None)
    shop.settle()
    assert len(shop.sent()) == sent_before
    stored = [m for m in shop.thread_messages() if m.id == reply.id][0]
    assert stored.status == "failed" and "opted out" in (stored.error or "")


def test_a_21610_from_the_provider_marks_the_customer_opted_out_and_fails_the_message(shop: Shop) -> None:
    shop.text("Bonjour")
    shop.provider._next_failures.append(RecipientOptedOut("provider refused: 21610 unsubscribed recipient"))
    reply = shop.cases.answer.reply(shop.ines, shop.thread_id, "Je regarde", [])
    shop.settle()
    stored = [m for m in shop.thread_messages() if m.id == reply.id][0]
    assert stored.status == "failed"
    assert shop.register.opted_out("maison", STORE_NUMBER, CHLOE)
    thread = shop.threads.get("maison", shop.thread_id)
    assert thread is not None and thread.customer.opted_out
    with pytest.raises(OptedOut):
        shop.cases.answer.reply(shop.ines, shop.thread_id, "Encore", [])


def test_without_a_register_nobody_is_refused() -> None:
    threads = FakeThreads()
    optouts = OptOuts(None, threads, FixedClock(MONDAY))
    optouts.refuse("maison", "sms", STORE_NUMBER, CHLOE)
    assert not optouts.message_blocked(replace(_any_message(), text="STOP"))


def _any_message() -> Message:
    return Message(brand_id="maison", thread_id="t1", id="m1", direction="out", author="agent", text="x",
                   created_at=MONDAY, channel="sms", store_id="s-tracking", customer_address=CHLOE,
                   store_address=STORE_NUMBER, status="queued")


def test_the_opt_outs_of_a_batch_of_messages_are_read_at_once() -> None:
    register = FakeOptOuts()
    optouts = OptOuts(register, FakeThreads(FakeDirectory()), FixedClock(MONDAY))
    stop = Message(brand_id="maison", thread_id="t0", id="m0", direction="in", author="customer", text="STOP",
                   created_at=MONDAY, channel="sms", store_id="s1", customer_address=CHLOE, store_address=STORE_NUMBER)
    optouts.keyword_received(stop)
    others = [replace(stop, id="m1", text="Bonjour", customer_address="+33612000001"),
              replace(stop, id="m2", text="Bonjour", store_address=OTHER_NUMBER),
              replace(stop, id="m3", text="Bonjour", channel="messenger")]
    assert optouts.opted_out_of([stop, *others]) == {("maison", "sms", STORE_NUMBER, CHLOE)}
    assert OptOuts(None, FakeThreads(FakeDirectory()), FixedClock(MONDAY)).opted_out_of([stop]) == set()
