"""A customer's message arrives: stored once, then put on its thread from the stream, on fakes."""
from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.services.usecases.conversations.common import thread_id_for
from tests.unit.conversation_shop import AFTER_SALES, AFTER_SALES_NUMBER, CHLOE, MONDAY, TRACKING, Shop, counts


@pytest.fixture
def shop() -> Shop:
    return Shop()


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

def test_a_customer_writing_to_another_stores_number_moves_the_thread_there(shop: Shop) -> None:
    thread_id = shop.text("Bonjour")
    assert shop.text("Mon colis est abîmé", to=AFTER_SALES_NUMBER) == thread_id
    assert shop.threads.get("maison", thread_id).store_id == AFTER_SALES  # type: ignore[union-attr]
    assert shop.inbox(shop.ines, store_id=TRACKING)[1] == counts()
    assert shop.inbox(shop.ines, store_id=AFTER_SALES)[1] == counts(waiting=1)
