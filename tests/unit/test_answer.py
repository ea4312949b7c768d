"""An agent answers a customer, or writes first to a customer's number, on fakes."""
from __future__ import annotations

import pytest

from chalicelib.services.domain import Attachment
from chalicelib.services.domain.channels import Capabilities
from chalicelib.services.domain.errors import Conflict, InvalidInput, NotFound, ThreadHeld, TooLong
from chalicelib.services.ports.channels import Channels
from tests.fakes import FakeSmsTransport, sms_channels
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
        with pytest.raises((InvalidInput, NotFound, Conflict)) as refusal:
            shop.cases.answer.start(shop.ines, store_id=store_id, channel="sms", to=to, text="Bonjour")
        assert field in refusal.value.errors


def test_what_an_agent_may_send_is_the_channel_s_capabilities_read_from_the_registry() -> None:
    # The same rules over a channel that takes ten characters and one image: its adapter says so, nothing else.
    sms = sms_channels(FakeSmsTransport()).get("sms")

    class Tiny:
        name, status_path = "sms", None
        capabilities = Capabilities(max_length=10, max_attachments=1, attachment_types=frozenset({"image/png"}))
        verify, parse, parse_status, send = sms.verify, sms.parse, sms.parse_status, sms.send

    shop = Shop(Channels([Tiny()]))
    thread_id = shop.text("Bonjour")
    with pytest.raises(TooLong):
        shop.cases.answer.reply(shop.ines, thread_id, "x" * 11, [])
    picture = Attachment(url="https://a.test/1.png", content_type="image/png")
    page = Attachment(url="https://a.test/2.pdf", content_type="application/pdf")
    with pytest.raises(InvalidInput) as refusal:
        shop.cases.answer.reply(shop.ines, thread_id, "Voici", [page])
    assert "attachments" in refusal.value.errors
    with pytest.raises(InvalidInput):
        shop.cases.answer.reply(shop.ines, thread_id, "Voici", [picture, picture])
    assert shop.cases.answer.reply(shop.ines, thread_id, "x" * 10, [picture]).attachments == [picture]


def test_writing_first_on_a_channel_no_adapter_is_registered_for_is_refused_naming_the_field(shop: Shop) -> None:
    with pytest.raises(InvalidInput) as refusal:
        shop.cases.answer.start(shop.ines, store_id=TRACKING, channel="messenger", to=CHLOE, text="Bonjour")
    assert "channel" in refusal.value.errors
