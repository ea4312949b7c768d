"""An agent answers a customer, or writes first to a customer's number, on fakes."""
from __future__ import annotations

import pytest

from chalicelib.services.domain.errors import InvalidInput, ThreadHeld, TooLong
from tests.unit.conversation_shop import (
    AFTER_SALES,
    AFTER_SALES_NUMBER,
    CHLOE,
    DRAFT,
    HUGO,
    TRACKING,
    TRACKING_NUMBER,
    Shop,
    counts,
)


@pytest.fixture
def shop() -> Shop:
    return Shop()


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
