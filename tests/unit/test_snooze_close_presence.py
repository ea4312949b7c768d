"""Snooze (SPEC F3), close with a conversation type (F2) and presence with slots (G3), on fakes with the clock and
the minute sweep in the test's hands."""
from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.services.domain.errors import InvalidInput
from chalicelib.services.usecases.timers import TimerSweep
from tests.unit.routing_shop import AFTER_SALES, HUGO, INES, MONDAY, PAUL, REASONS, ZOE, RoutingShop, paris

TOMORROW_10 = paris(2026, 11, 24, 10)


@pytest.fixture
def shop() -> RoutingShop:
    return RoutingShop()


# -- snooze -------------------------------------------------------------------------------
def test_snoozed_thread_leaves_the_inbox_and_comes_back_to_the_same_agent(shop: RoutingShop) -> None:
    thread_id = shop.text("Bonjour, je vous rappelle demain")
    shop.reply(PAUL, thread_id)
    snoozed = shop.cases.snooze.snooze(shop.agent(PAUL), thread_id, TOMORROW_10)
    assert snoozed.snoozed_until == TOMORROW_10
    assert shop.inbox(PAUL) == [] and shop.inbox(INES) == []
    shop.at(TOMORROW_10 - timedelta(minutes=1))
    assert shop.inbox(PAUL) == []
    shop.wait(minutes=1)
    thread = shop.thread(thread_id)
    assert (thread.snoozed_until, thread.assigned_agent_id, thread.status) == (None, PAUL, "replied")
    assert shop.inbox(PAUL) == [thread_id] and shop.inbox(INES) == [thread_id]


def test_snoozing_a_thread_nobody_holds_gives_it_to_the_agent_who_snoozed(shop: RoutingShop) -> None:
    thread_id = shop.text("Bonjour")
    shop.cases.snooze.snooze(shop.agent(INES), thread_id, MONDAY + timedelta(hours=2))
    shop.wait(minutes=120)
    thread = shop.thread(thread_id)
    assert (thread.snoozed_until, thread.assigned_agent_id, thread.status) == (None, INES, "waiting")
    assert shop.inbox(INES) == [thread_id]


def test_customer_message_ends_a_snooze(shop: RoutingShop) -> None:
    thread_id = shop.text("Bonjour")
    shop.reply(PAUL, thread_id)
    shop.cases.snooze.snooze(shop.agent(PAUL), thread_id, TOMORROW_10)
    shop.at(paris(2026, 11, 23, 15))
    shop.text("Finalement, c'est urgent")
    thread = shop.thread(thread_id)
    assert (thread.snoozed_until, thread.assigned_agent_id, thread.status) == (None, PAUL, "waiting")
    assert shop.inbox(PAUL) == [thread_id]
    shop.at(TOMORROW_10)  # the snooze's timer fires and finds nothing to do
    assert shop.thread(thread_id) == thread


def test_a_later_snooze_replaces_the_earlier_one(shop: RoutingShop) -> None:
    thread_id = shop.text("Bonjour")
    shop.cases.snooze.snooze(shop.agent(PAUL), thread_id, MONDAY + timedelta(hours=1))
    shop.cases.snooze.snooze(shop.agent(PAUL), thread_id, MONDAY + timedelta(hours=3))
    shop.wait(minutes=61)
    assert shop.inbox(PAUL) == []
    shop.wait(minutes=119)
    assert shop.inbox(PAUL) == [thread_id]


def test_a_snooze_moved_while_its_timer_fires_stays_until_the_new_time(shop: RoutingShop) -> None:
    thread_id = shop.text("Bonjour")
    shop.cases.snooze.snooze(shop.agent(PAUL), thread_id, MONDAY + timedelta(hours=1))
    shop.clock.advance(3600)
    TimerSweep(shop.queue, shop.clock).sweep()  # claimed; the stream has not carried it yet
    (fired,) = shop.queue.fired
    shop.cases.snooze.snooze(shop.agent(PAUL), thread_id, MONDAY + timedelta(hours=3))
    shop.reactions.timer_fired(fired)
    assert shop.thread(thread_id).snoozed_until == MONDAY + timedelta(hours=3) and shop.inbox(PAUL) == []


def test_snooze_needs_a_time_in_the_future(shop: RoutingShop) -> None:
    thread_id = shop.text("Bonjour")
    for until in (MONDAY, MONDAY - timedelta(minutes=1)):
        with pytest.raises(InvalidInput) as refusal:
            shop.cases.snooze.snooze(shop.agent(PAUL), thread_id, until)
        assert "until" in refusal.value.errors
    assert shop.thread(thread_id).snoozed_until is None


# -- close and slots ----------------------------------------------------------------------
def test_close_with_a_type_frees_the_slot_and_busy_lifts() -> None:
    shop = RoutingShop(slots=2)
    shop.presence(PAUL, "available", channel="call")
    chloe, hugo = shop.text("Bonjour"), shop.text("Bonjour", sender=HUGO)
    shop.reply(PAUL, chloe)
    assert shop.seen_as(PAUL) == "available"
    shop.reply(PAUL, hugo)
    assert (shop.agent(PAUL).open_threads, shop.seen_as(PAUL), shop.seen_as(PAUL, "call")) == (2, "busy", "busy")
    assert shop.agent(PAUL).presence == {"chat": "available", "call": "available"}  # what he set stays
    closed = shop.cases.changes.close(shop.agent(PAUL), chloe, "Order delivered")
    assert (closed.status, closed.closed_reason, closed.closed_by, closed.closed_at) == (
        "resolved", "Order delivered", PAUL, MONDAY)
    assert (shop.agent(PAUL).open_threads, shop.seen_as(PAUL), shop.seen_as(PAUL, "call")) == (
        1, "available", "available")


def test_a_closed_thread_reopens_when_the_customer_writes_again(shop: RoutingShop) -> None:
    thread_id = shop.text("Bonjour")
    shop.reply(PAUL, thread_id)
    shop.cases.changes.close(shop.agent(PAUL), thread_id, "Refund")
    shop.wait(minutes=30)
    shop.text("Le remboursement n'est pas arrivé")
    thread = shop.thread(thread_id)
    assert (thread.status, thread.closed_reason, thread.assigned_agent_id) == ("waiting", None, PAUL)


@pytest.mark.parametrize("free", ["resolve", "transfer"])
def test_resolving_or_transferring_a_thread_frees_the_slot_too(free: str) -> None:
    shop = RoutingShop(slots=1)
    thread_id = shop.text("Bonjour")
    shop.reply(PAUL, thread_id)
    assert shop.seen_as(PAUL) == "busy"
    if free == "resolve":
        shop.cases.changes.set_status(shop.agent(PAUL), thread_id, "resolved")
    else:
        shop.cases.transfer.transfer(shop.agent(PAUL), thread_id, AFTER_SALES)
    assert (shop.agent(PAUL).open_threads, shop.seen_as(PAUL)) == (0, "available")


def test_close_needs_a_type_from_the_brands_list(shop: RoutingShop) -> None:
    thread_id = shop.text("Bonjour")
    shop.reply(PAUL, thread_id)
    for reason in ("Because", "", "order delivered"):
        with pytest.raises(InvalidInput) as refusal:
            shop.cases.changes.close(shop.agent(PAUL), thread_id, reason)
        assert "reason" in refusal.value.errors
    assert (shop.thread(thread_id).status, shop.agent(PAUL).open_threads) == ("replied", 1)


def test_closing_reasons_are_edited_by_brand_admins_and_name_the_faulty_entry(shop: RoutingShop) -> None:
    for reasons, field in [(["Refund", "  "], "reasons.1"), (["Refund", "Refund"], "reasons")]:
        with pytest.raises(InvalidInput) as refusal:
            shop.stores.set_closing_reasons(shop.agent("a-boss"), reasons)
        assert field in refusal.value.errors
    assert shop.directory.brands["maison"].closing_reasons == REASONS
    shop.stores.set_closing_reasons(shop.agent("a-boss"), [" Exchange ", "Refund"])
    assert shop.directory.brands["maison"].closing_reasons == ["Exchange", "Refund"]


# -- presence -----------------------------------------------------------------------------
def test_presence_is_set_per_channel(shop: RoutingShop) -> None:
    shop.presence(ZOE, "busy", channel="call")
    shop.presence(ZOE, "unavailable")
    assert shop.agent(ZOE).presence == {"chat": "unavailable", "call": "busy"}
    assert (shop.seen_as(ZOE), shop.seen_as(ZOE, "call")) == ("unavailable", "busy")


def test_an_agent_who_never_set_a_presence_is_unavailable(shop: RoutingShop) -> None:
    shop.add("a-new", chat=None)
    assert (shop.seen_as("a-new"), shop.seen_as("a-new", "call")) == ("unavailable", "unavailable")


@pytest.mark.parametrize("channel, state, field", [
    ("chat", "away", "state"), ("chat", "Available", "state"), ("chat", "", "state"), ("video", "available", "channel"),
])
def test_presence_rejects_unknown_states(shop: RoutingShop, channel: str, state: str, field: str) -> None:
    with pytest.raises(InvalidInput) as refusal:
        shop.presence(INES, state, channel)
    assert field in refusal.value.errors
    assert shop.agent(INES).presence == {"chat": "available"}


def test_busy_set_by_hand_stays_busy_with_free_slots(shop: RoutingShop) -> None:
    shop.presence(INES, "busy")
    assert (shop.agent(INES).open_threads, shop.seen_as(INES)) == (0, "busy")
