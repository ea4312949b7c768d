"""Automatic messages (SPEC H1, H2, H3): the greeting once per resend period, the closed message once per closed
period, never two for one customer message, never an answer. On fakes; what the provider sends is what counts."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.services.domain.errors import InvalidInput
from tests.unit.routing_shop import CHLOE, HUGO, INES, MONDAY, PAUL, TRACKING, TRACKING_NUMBER, RoutingShop, paris

GREETING = "Bonjour ! Un conseiller vous répond dans quelques minutes."
ANSWER = "Je regarde votre commande."
CLOSED = "Nous sommes fermés : nous vous répondons dès 9 h."


@pytest.fixture
def shop() -> RoutingShop:
    return RoutingShop()


def test_greeting_once_per_resend_period(shop: RoutingShop) -> None:
    shop.auto_messages(greeting=GREETING, resend_after_hours=24, hours=[])
    thread_id = shop.text("Bonjour")
    assert shop.sent_to(CHLOE) == [GREETING]
    shop.reply(INES, thread_id, ANSWER)
    shop.at(MONDAY + timedelta(hours=5))
    shop.text("Et ma facture ?")  # a new contact, within the period
    shop.at(MONDAY + timedelta(hours=23, minutes=59))
    shop.text("Toujours rien ?")
    assert shop.sent_to(CHLOE) == [GREETING, ANSWER]
    shop.at(MONDAY + timedelta(hours=24))
    shop.text("Allô ?")
    assert shop.sent_to(CHLOE) == [GREETING, ANSWER, GREETING]
    shop.text("Bonjour", sender=HUGO)  # every customer has their own period
    assert shop.sent_to(HUGO) == [GREETING]


def test_a_zero_resend_period_greets_every_message(shop: RoutingShop) -> None:
    shop.auto_messages(greeting=GREETING, resend_after_hours=0, hours=[])
    for text in ("Bonjour", "Vous êtes là ?", "Allô ?"):
        shop.text(text)
        shop.wait(minutes=1)
    assert shop.sent_to(CHLOE) == [GREETING] * 3


def test_greetings_are_per_channel(shop: RoutingShop) -> None:
    shop.stores.set_auto_messages(shop.agent("a-boss"), TRACKING, {"widget": {"text": GREETING}}, {})
    shop.text("Bonjour")
    assert shop.sent_to(CHLOE) == []


def test_closed_message_once_per_closed_period_and_never_with_a_greeting() -> None:
    shop = RoutingShop(now=paris(2026, 11, 23, 20))  # Monday evening, closed 19:00 -> 09:00
    shop.auto_messages(greeting=GREETING, resend_after_hours=1, closed=CLOSED)
    night = [paris(2026, 11, 23, 20), paris(2026, 11, 23, 23, 30), paris(2026, 11, 24, 2), paris(2026, 11, 24, 8, 59)]
    for when in night:
        shop.at(when)
        shop.text("Bonsoir, ma commande 4521 ?")
    assert shop.sent_to(CHLOE) == [CLOSED]
    shop.at(paris(2026, 11, 24, 9))  # open: the greeting, alone
    shop.text("Bonjour ?")
    assert shop.sent_to(CHLOE) == [CLOSED, GREETING]
    shop.at(paris(2026, 11, 24, 19, 30))  # the next closed period: the closed message again, alone
    shop.text("Toujours rien")
    assert shop.sent_to(CHLOE) == [CLOSED, GREETING, CLOSED]
    auto = [m for m in shop.stored() if m.author == "auto"]
    assert len({m.id[:-1] for m in auto}) == len(auto) == 3  # one customer message, one automatic reply at most


@pytest.mark.parametrize("first, expected", [
    (paris(2026, 11, 23, 18, 59, 45), [GREETING, CLOSED]),  # across the closing time
    (paris(2026, 11, 24, 8, 59, 45), [CLOSED, GREETING]),  # across the opening time
    (paris(2026, 11, 23, 21, 0, 0), [CLOSED]),
    (paris(2026, 11, 23, 15, 0, 0), [GREETING]),
])
@pytest.mark.parametrize("stream", ["on-time", "late"])
def test_thirty_texts_in_thirty_seconds_get_one_greeting_and_one_closed_message(
        first: datetime, expected: list[str], stream: str) -> None:
    shop = RoutingShop(now=first)
    shop.auto_messages(greeting=GREETING, resend_after_hours=24, closed=CLOSED)
    for n in range(30):
        shop.receive(f"Allô ? ({n + 1})")
        if stream == "on-time":
            shop.settle()
        shop.clock.advance(1)
    shop.settle()
    assert shop.sent_to(CHLOE) == expected
    thread = shop.thread(shop.stored()[0].thread_id)
    assert thread.status == "waiting" and thread.waiting_since == first
    assert {m.contact_id for m in shop.stored() if m.author == "customer"} == {thread.contact_id}


def test_automatic_messages_never_answer(shop: RoutingShop) -> None:
    shop.auto_messages(greeting=GREETING, resend_after_hours=24, hours=[])
    shop.escalation("ordered", [INES, PAUL])
    thread_id = shop.text("Bonjour")
    thread = shop.thread(thread_id)
    assert (thread.status, thread.waiting_since, thread.unread) == ("waiting", MONDAY, True)
    assert (thread.last_agent_message_at, thread.assigned_agent_id, thread.participants) == (None, None, [])
    customer, auto = shop.stored()
    assert (auto.author, auto.agent_id, auto.status, auto.contact_id) == ("auto", None, "sent", customer.contact_id)
    assert thread.contact_id == customer.contact_id  # the contact stays unanswered
    assert shop.agent(INES).open_threads == 0  # nobody holds the thread
    shop.wait(minutes=5)
    assert shop.escalated_to(thread_id) == PAUL  # the greeting did not stop the escalation
    assert shop.cases.inbox.list(shop.agent(INES), store_id=None, statuses=(), folder="inbox", sort="recent",
                                 cursor=None, limit=10)[1]["waiting"] == 1


def test_one_customer_message_never_gets_two_automatic_replies_when_the_stream_repeats_it(shop: RoutingShop) -> None:
    shop.auto_messages(greeting=GREETING, resend_after_hours=0, hours=[])
    shop.receive("Bonjour")
    (image,) = shop.pending_images()
    for _ in range(3):  # Lambda delivers records at least once
        shop.reactions.message_written(image)
    shop.settle()
    assert shop.sent_to(CHLOE) == [GREETING]


@pytest.mark.parametrize("at", [MONDAY, paris(2026, 11, 23, 21)], ids=["greeting", "closed"])
@pytest.mark.parametrize("twice", [True, False], ids=["one-message-twice", "two-messages"])
def test_two_runs_at_once_never_send_two_automatic_replies(at: datetime, twice: bool) -> None:
    shop = RoutingShop(now=at)
    shop.auto_messages(greeting=GREETING, resend_after_hours=24, closed=CLOSED)
    shop.receive("Bonjour")
    shop.clock.advance(1)
    shop.receive("Vous êtes là ?")
    first, second = shop.pending_images()
    other_run = first if not twice else second
    save = shop.threads.save
    raced: list[bool] = []

    def racing_save(*args, **kwargs):  # type: ignore[no-untyped-def]
        if not raced:  # another Lambda applies a message between this run's read and its write
            raced.append(True)
            shop.cases.receive.apply_inbound(other_run)
        return save(*args, **kwargs)

    shop.threads.save = racing_save  # type: ignore[method-assign]
    shop.reactions.message_written(second)
    shop.threads.save = save  # type: ignore[method-assign]
    shop.settle()
    assert shop.sent_to(CHLOE) == ([GREETING] if at == MONDAY else [CLOSED])


NIGHTS = [  # Saturday 19:00 -> Sunday 09:00 in Paris, across the clock changes
    pytest.param([paris(2026, 3, 28, 20), datetime(2026, 3, 29, 1, 30, tzinfo=UTC), paris(2026, 3, 29, 8, 59)],
                 paris(2026, 3, 29, 9), id="spring-forward"),
    pytest.param([paris(2026, 10, 24, 20), paris(2026, 10, 25, 2, 30), paris(2026, 10, 25, 2, 30, fold=1),
                  paris(2026, 10, 25, 8, 59)], paris(2026, 10, 25, 9), id="fall-back"),
]


@pytest.mark.parametrize("texts, opening", NIGHTS)
def test_closed_message_once_over_a_dst_night(texts: list[datetime], opening: datetime) -> None:
    shop = RoutingShop(now=texts[0])
    shop.auto_messages(greeting=GREETING, resend_after_hours=24, closed=CLOSED)
    for when in texts:
        shop.at(when)
        shop.text("Bonsoir ?")
    assert shop.sent_to(CHLOE) == [CLOSED]
    shop.at(opening - timedelta(seconds=1))
    shop.text("Toujours fermé ?")
    assert shop.sent_to(CHLOE) == [CLOSED]
    shop.at(opening)
    shop.text("Bonjour ?")
    assert shop.sent_to(CHLOE) == [CLOSED, GREETING]


@pytest.mark.parametrize("greetings, closed, field", [
    ({"fax": {"text": GREETING}}, {}, "greetings.fax"),
    ({"sms": {"text": 5}}, {}, "greetings.sms.text"),
    ({"sms": {"text": "x" * 1001}}, {}, "greetings.sms.text"),
    ({"sms": {"text": GREETING, "resend_after_hours": -1}}, {}, "greetings.sms.resend_after_hours"),
    ({"sms": {"text": GREETING, "resend_after_hours": "daily"}}, {}, "greetings.sms.resend_after_hours"),
    ({}, {"text": "x" * 1001}, "closed.text"),
    ({}, {"text": CLOSED, "hours": [{"day": "mon", "from": "7pm", "to": "09:00"}]}, "closed.hours.0.from"),
    ({}, {"text": CLOSED, "hours": [{"day": "lun", "from": "19:00", "to": "09:00"}]}, "closed.hours.0.day"),
    ({}, {"text": CLOSED, "hours": [{"day": "mon", "from": "19:00", "to": "09:00"},
                                    {"day": "tue", "from": "19:00", "to": "25:00"}]}, "closed.hours.1.to"),
    ({}, {"text": CLOSED, "hours": "mon-fri"}, "closed.hours"),
])
def test_auto_message_settings_name_the_faulty_field(shop: RoutingShop, greetings: dict, closed: dict,
                                                     field: str) -> None:
    with pytest.raises(InvalidInput) as refusal:
        shop.stores.set_auto_messages(shop.agent("a-boss"), TRACKING, greetings, closed)
    assert field in refusal.value.errors
    assert shop.directory.get_store("maison", TRACKING).auto_messages.greetings == {}  # type: ignore[union-attr]


def test_a_public_comment_gets_no_automatic_private_message(shop: RoutingShop) -> None:
    from chalicelib.services.domain.conversation import CommentRef

    shop.auto_messages(greeting=GREETING, resend_after_hours=0, closed=CLOSED, hours=[])
    ref = shop.directory.find_store_ref_by_number(TRACKING_NUMBER)
    assert ref is not None
    shop.cases.receive.receive(brand_id=ref[0], store_id=ref[1], store_address=TRACKING_NUMBER, channel="sms",
                               customer_address=CHLOE, text="Joli !", attachments=[], provider_key=None,
                               comment=CommentRef(id="c1", post_id="p1"))
    shop.settle()
    assert shop.sent_to(CHLOE) == []
    shop.text("Bonjour")  # a private message is greeted as before
    assert shop.sent_to(CHLOE) == [GREETING]
