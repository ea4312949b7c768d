"""Escalation (SPEC G2, G3): one agent at a time down the store's list, on open time, on fakes with the clock moved
by hand and the minute sweep played every minute."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from chalicelib.services.domain import StoreRights
from chalicelib.services.domain.errors import Forbidden, InvalidInput, NotFound
from chalicelib.services.usecases.timers import TimerSweep
from tests.fakes import FakeNotifications, FakeTimerQueue
from tests.unit.routing_shop import (
    AFTER_SALES,
    EVENINGS,
    HUGO,
    INES,
    MONDAY,
    OMAR,
    PAUL,
    TRACKING,
    WRITE,
    ZOE,
    RoutingShop,
    paris,
)


@pytest.fixture
def shop() -> RoutingShop:
    return RoutingShop()


def test_the_first_eligible_agent_is_notified_at_once_and_shown_in_the_thread(shop: RoutingShop) -> None:
    shop.presence(INES, "unavailable")
    shop.escalation("ordered", [INES, PAUL, ZOE])
    thread_id = shop.text("Bonjour, où en est ma commande 4521 ?")
    escalation = shop.thread(thread_id).escalation
    assert escalation is not None and (escalation.agent_id, escalation.since) == (PAUL, MONDAY)
    assert {a: shop.notified(a) for a in (INES, PAUL, ZOE, OMAR)} == {
        INES: [], PAUL: ["new_message"], ZOE: [], OMAR: []}  # Omar is not on the list


def test_escalation_walks_down_the_list_then_starts_again_from_the_top(shop: RoutingShop) -> None:
    shop.escalation("ordered", [ZOE, INES, PAUL], delay=5)
    thread_id = shop.text("Bonjour")
    shop.wait(minutes=4, seconds=59)
    assert shop.escalated_to(thread_id) == ZOE  # the whole delay first
    walk: list[str | None] = [ZOE]
    shop.wait(seconds=1)
    walk.append(shop.escalated_to(thread_id))
    for _ in range(3):
        shop.wait(minutes=5)
        walk.append(shop.escalated_to(thread_id))
    assert walk == [ZOE, INES, PAUL, ZOE, INES]
    assert shop.thread(thread_id).escalation.since == MONDAY + timedelta(minutes=20)  # type: ignore[union-attr]
    assert {a: shop.notified(a) for a in (ZOE, INES, PAUL, OMAR)} == {
        ZOE: ["new_message", "escalation"], INES: ["escalation", "escalation"], PAUL: ["escalation"], OMAR: []}


@pytest.mark.parametrize("who", [INES, OMAR], ids=["the-notified-agent", "another-agent"])
def test_an_agent_answer_stops_the_escalation(shop: RoutingShop, who: str) -> None:
    shop.escalation("ordered", [INES, PAUL, ZOE])
    thread_id = shop.text("Bonjour")
    shop.wait(minutes=3)
    shop.reply(who, thread_id)
    assert shop.thread(thread_id).escalation is None
    shop.wait(minutes=30)
    assert shop.notified(PAUL) == [] and shop.notified(ZOE) == []
    assert shop.thread(thread_id).status == "replied"


def test_a_new_contact_starts_the_escalation_again_from_the_top(shop: RoutingShop) -> None:
    shop.escalation("ordered", [INES, PAUL])
    thread_id = shop.text("Bonjour")
    shop.wait(minutes=5)
    shop.reply(PAUL, thread_id)
    shop.wait(minutes=60)
    shop.text("Et ma facture ?")
    assert shop.escalated_to(thread_id) == INES
    assert shop.notified(INES) == ["new_message", "new_message"]


def test_every_contact_escalation_step_reaches_its_agent(shop: RoutingShop) -> None:
    shop.add("a-nina", notify=True)
    shop.escalation("ordered", [INES, "a-nina"])
    thread_id = shop.text("Bonjour")
    shop.wait(minutes=5)
    shop.reply("a-nina", thread_id)
    shop.wait(minutes=60)
    shop.text("Et ma facture ?")
    shop.wait(minutes=5)
    assert shop.escalated_to(thread_id) == "a-nina"
    assert shop.notified("a-nina") == ["escalation", "escalation"]
    assert len(shop.mailer.to("a-nina@maison.test")) == 2


WRITTEN_THEN_DUE = [  # closed every day 19:00 -> 09:00 in Europe/Paris, a 5-minute delay
    pytest.param(paris(2026, 11, 23, 18, 58), paris(2026, 11, 24, 9, 3), timedelta(hours=14, minutes=5), id="november"),
    pytest.param(paris(2026, 3, 28, 18, 58), paris(2026, 3, 29, 9, 3), timedelta(hours=13, minutes=5),
                 id="spring-forward-night"),
    pytest.param(paris(2026, 10, 24, 18, 58), paris(2026, 10, 25, 9, 3), timedelta(hours=15, minutes=5),
                 id="fall-back-night"),
    pytest.param(paris(2026, 11, 23, 20, 30), paris(2026, 11, 24, 9, 5), timedelta(hours=12, minutes=35),
                 id="written-while-closed"),
]


@pytest.mark.parametrize("written, due, real_time", WRITTEN_THEN_DUE)
def test_delay_counts_only_while_the_store_is_open(written: datetime, due: datetime, real_time: timedelta) -> None:
    shop = RoutingShop(now=written)
    shop.auto_messages(hours=EVENINGS)
    shop.escalation("ordered", [INES, PAUL], delay=5)
    thread_id = shop.text("Bonjour")
    assert shop.notified(INES) == ["new_message"]  # at once, even after hours
    (timer,) = shop.threads.timers.values()
    assert timer.due_at == due and due - written == real_time
    shop.at(due - timedelta(minutes=1))
    assert shop.escalated_to(thread_id) == INES and shop.notified(PAUL) == []
    shop.wait(minutes=1)
    assert shop.escalated_to(thread_id) == PAUL and shop.notified(PAUL) == ["escalation"]
    assert shop.thread(thread_id).escalation.since == due  # type: ignore[union-attr]


def test_busy_agents_and_agents_without_contactable_are_skipped() -> None:
    shop = RoutingShop(slots=1)
    hugo = shop.text("Bonjour", sender=HUGO)
    shop.reply(INES, hugo)  # Inès holds one thread: her only slot, busy by herself
    shop.escalation("ordered", [INES, PAUL, ZOE, OMAR])
    shop.accounts.set_rights(shop.agent("a-boss"), PAUL, {TRACKING: StoreRights(perimeter=True)})
    shop.presence(ZOE, "busy")
    thread_id = shop.text("Bonjour", sender="+33611111111")
    assert shop.escalated_to(thread_id) == OMAR
    shop.wait(minutes=5)
    assert shop.escalated_to(thread_id) == OMAR  # the only one eligible, again
    shop.cases.changes.close(shop.agent(INES), hugo, "Order delivered")  # a slot frees
    shop.wait(minutes=5)
    assert shop.escalated_to(thread_id) == INES  # round to the top of the list
    assert [shop.notified(a, thread_id) for a in (INES, PAUL, ZOE, OMAR)] == [
        ["escalation"], [], [], ["new_message", "escalation"]]


def test_nobody_eligible_then_the_escalation_waits_for_someone(shop: RoutingShop) -> None:
    shop.escalation("ordered", [INES, PAUL])
    shop.presence(INES, "unavailable")
    shop.presence(PAUL, "unavailable")
    thread_id = shop.text("Bonjour")
    escalation = shop.thread(thread_id).escalation
    assert escalation is not None and escalation.agent_id is None
    shop.wait(minutes=15)
    assert shop.escalated_to(thread_id) is None
    assert all(shop.notified(a) == [] for a in (INES, PAUL, ZOE, OMAR))
    shop.presence(PAUL, "available")
    shop.wait(minutes=5)
    assert shop.escalated_to(thread_id) == PAUL and shop.notified(PAUL) == ["escalation"]


def test_a_stale_timer_does_nothing(shop: RoutingShop) -> None:
    shop.escalation("ordered", [INES, PAUL])
    thread_id = shop.text("Bonjour")
    (stale,) = shop.threads.timers.values()  # the first contact's step
    shop.reply(INES, thread_id)
    shop.wait(minutes=1)
    shop.text("Et ma facture ?")  # a new contact, with its own step
    before = shop.thread(thread_id)
    shop.reactions.timer_fired(stale)
    assert shop.thread(thread_id) == before and shop.notified(PAUL) == []


def test_a_timer_fires_once_when_two_sweeps_overlap(shop: RoutingShop) -> None:
    shop.escalation("ordered", [INES, PAUL])
    shop.text("Bonjour")
    shop.clock.advance(5 * 60)
    other = FakeTimerQueue(shop.threads)

    class Overlapped(FakeTimerQueue):
        def due(self, now, limit):  # type: ignore[no-untyped-def]
            found = super().due(now, limit)
            if found and not other.fired:  # the other run claims while this one holds its list
                TimerSweep(other, shop.clock).sweep()
            return found

    first = Overlapped(shop.threads)
    assert TimerSweep(first, shop.clock).sweep() == 0
    assert (len(first.fired), len(other.fired)) == (0, 1)
    for timer in first.fired + other.fired:
        shop.reactions.timer_fired(timer)
    assert shop.notified(PAUL) == ["escalation"]


def test_a_fired_timer_delivered_twice_by_the_stream_acts_once(shop: RoutingShop) -> None:
    shop.escalation("ordered", [INES, PAUL, ZOE])
    thread_id = shop.text("Bonjour")
    shop.wait(minutes=5)
    after_once = shop.thread(thread_id)
    shop.reactions.timer_fired(shop.queue.fired[-1])  # Lambda delivers records at least once
    assert shop.thread(thread_id) == after_once and shop.notified(PAUL) == ["escalation"]


def test_turning_escalation_off_stops_a_running_escalation(shop: RoutingShop) -> None:
    shop.escalation("ordered", [INES, PAUL])
    thread_id = shop.text("Bonjour")
    shop.escalation("off", [INES, PAUL])
    shop.wait(minutes=10)
    assert shop.thread(thread_id).escalation is None and shop.notified(PAUL) == []


class CrashOnEscalation(FakeNotifications):
    """The function dies once while storing an escalation notification (a timeout, a throttled write)."""

    crashed = False

    def add(self, notification):  # type: ignore[no-untyped-def]
        if notification.kind == "escalation" and not self.crashed:
            self.crashed = True
            raise RuntimeError("Task timed out")
        return super().add(notification)


def test_an_escalation_step_retried_after_a_crash_still_notifies(shop: RoutingShop) -> None:
    shop.notifications = shop.notifier.notifications = CrashOnEscalation()
    shop.escalation("ordered", [INES, PAUL])
    shop.text("Bonjour")
    shop.clock.advance(5 * 60)
    TimerSweep(shop.queue, shop.clock).sweep()
    (timer,) = shop.queue.fired
    with pytest.raises(RuntimeError):
        shop.reactions.timer_fired(timer)
    shop.reactions.timer_fired(timer)  # the stream retries the record
    assert shop.notified(PAUL) == ["escalation"]


@pytest.mark.parametrize("mode, delay, agent_ids, field", [
    ("sometimes", 5, [INES], "mode"),
    ("ordered", 0, [INES], "delay_minutes"),
    ("ordered", 1441, [INES], "delay_minutes"),
    ("ordered", 5, [INES, "a-ghost"], "agent_ids.1"),
    ("ordered", 5, ["a-yann", INES], "agent_ids.0"),  # writes to the store, not contactable
    ("ordered", 5, [INES, "a-sav"], "agent_ids.1"),  # an agent of another store
    ("ordered", 5, [INES, PAUL, INES], "agent_ids"),
    ("random", 5, [], "agent_ids"),
])
def test_escalation_settings_name_the_faulty_field(shop: RoutingShop, mode: str, delay: int, agent_ids: list[str],
                                                   field: str) -> None:
    shop.add("a-yann", {TRACKING: StoreRights(perimeter=True)})
    shop.add("a-sav", {AFTER_SALES: WRITE})
    with pytest.raises((InvalidInput, NotFound)) as refusal:  # an unknown agent is 404
        shop.escalation(mode, agent_ids, delay)
    assert field in refusal.value.errors
    assert shop.directory.get_store("maison", TRACKING).escalation.mode == "off"  # type: ignore[union-attr]


def test_only_a_store_admin_sets_the_escalation(shop: RoutingShop) -> None:
    with pytest.raises(Forbidden):
        shop.stores.set_escalation(shop.agent(INES), TRACKING, "ordered", 5, [INES])


def test_escalation_switched_on_while_a_customer_waits_starts_on_their_next_message(shop: RoutingShop) -> None:
    thread_id = shop.text("Bonjour")
    shop.escalation("ordered", [PAUL, INES])
    shop.wait(minutes=2)
    shop.text("Vous êtes là ?")
    assert shop.escalated_to(thread_id) == PAUL
    shop.wait(minutes=5)
    assert shop.escalated_to(thread_id) == INES
