"""Who is told about a customer (SPEC G1, G2 random, G3): every connected agent without escalation, one agent at a
time with it; random picks are fair. On fakes, the stream played by hand."""
from __future__ import annotations

import random
from collections import Counter
from copy import deepcopy
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.services.domain import Agent, Store, StoreRights, routing
from tests.fakes import FakeNotifications
from tests.unit.routing_shop import (
    AFTER_SALES,
    AFTER_SALES_NUMBER,
    BOSS,
    INES,
    OMAR,
    PAUL,
    TRACKING,
    WRITE,
    ZOE,
    RoutingShop,
)

# Chi-square bounds at p = 0.001: a fair pick fails them once in a thousand seeds; the seeds are fixed.
CHI2_BOUND = {1: 10.83, 2: 13.82, 3: 16.27}


def chi2(counts: Counter, cells: list[str]) -> float:
    expected = sum(counts[c] for c in cells) / len(cells)
    return sum((counts[c] - expected) ** 2 / expected for c in cells)


@pytest.fixture
def shop() -> RoutingShop:
    return RoutingShop()


def test_without_escalation_every_connected_contactable_agent_is_notified(shop: RoutingShop) -> None:
    shop.presence(PAUL, "busy")  # busy is still connected
    shop.presence(ZOE, "unavailable")  # not connected
    shop.add("a-yann", {TRACKING: StoreRights(perimeter=True)})  # writes to the store, not contactable
    shop.add("a-sav", {AFTER_SALES: WRITE})  # another store
    shop.add("a-new", chat=None)  # never said it was connected
    thread_id = shop.text("Bonjour, où en est ma commande 4521 ?")
    told = {a: shop.notified(a) for a in (INES, PAUL, ZOE, OMAR, "a-yann", "a-sav", "a-new", BOSS)}
    assert told == {INES: ["new_message"], PAUL: ["new_message"], ZOE: [], OMAR: ["new_message"], "a-yann": [],
                    "a-sav": [], "a-new": [], BOSS: []}
    assert shop.notifications.of(INES) == [("new_message", thread_id)]
    assert shop.thread(thread_id).escalation is None


def test_every_customer_message_notifies_once_even_when_the_stream_repeats_it(shop: RoutingShop) -> None:
    shop.receive("Bonjour")
    (image,) = shop.pending_images()
    shop.reactions.message_written(image)
    shop.reactions.message_written(deepcopy(image))  # Lambda delivers records at least once
    shop.wait(minutes=1)
    shop.text("Vous êtes là ?")
    assert shop.notified(INES) == ["new_message", "new_message"]


def test_agents_who_opted_in_are_emailed_the_new_message(shop: RoutingShop) -> None:
    shop.add("a-nina", notify=True)
    shop.add("a-remi", notify=True, chat="unavailable")
    thread_id = shop.text("Bonjour, où en est ma commande 4521 ?")
    (mail,) = shop.mailer.to("a-nina@maison.test")
    assert "Order tracking" in mail.subject and "commande 4521" in mail.body
    assert f"https://comptoir.test/threads/{thread_id}" in mail.body
    assert shop.mailer.to("a-ines@maison.test") == [] and shop.mailer.to("a-remi@maison.test") == []


def test_with_escalation_only_the_escalated_agent_is_notified(shop: RoutingShop) -> None:
    shop.add("a-nina", notify=True)
    shop.escalation("ordered", ["a-nina", INES])
    shop.text("Bonjour")
    assert shop.notified("a-nina") == ["new_message"] and len(shop.mailer.to("a-nina@maison.test")) == 1
    assert all(shop.notified(a) == [] for a in (INES, PAUL, ZOE, OMAR))


class CrashOnce(FakeNotifications):
    """The function dies once while storing a notification (a timeout, a throttled write)."""

    crashed = False

    def add(self, notification):  # type: ignore[no-untyped-def]
        if not self.crashed:
            self.crashed = True
            raise RuntimeError("Task timed out")
        return super().add(notification)


def test_a_notification_lost_to_a_crash_is_made_when_the_stream_retries(shop: RoutingShop) -> None:
    shop.notifications = shop.notifier.notifications = CrashOnce()
    shop.receive("Bonjour")
    (image,) = shop.pending_images()
    with pytest.raises(RuntimeError):
        shop.reactions.message_written(image)
    shop.reactions.message_written(deepcopy(image))
    assert shop.notified(INES) == ["new_message"]


# -- random -------------------------------------------------------------------------------
LISTED = [INES, PAUL, ZOE, OMAR, "a-yann"]
ELIGIBLE = [INES, PAUL, ZOE, OMAR, "a-extra"]  # Yann is listed but not eligible, a-extra eligible but not listed
PICKABLE = [INES, PAUL, ZOE, OMAR]


def test_random_pick_is_uniform_among_eligible_agents_and_never_the_same_twice_in_a_row() -> None:
    rng = random.Random(2026)
    following: dict[str | None, Counter] = {a: Counter() for a in [None, *PICKABLE]}
    current: str | None = None
    for _ in range(12_000):
        chosen = routing.pick("random", LISTED, current, ELIGIBLE, rng)
        assert chosen in PICKABLE and chosen != current
        following[current][chosen] += 1
        current = chosen
    overall = sum(following.values(), Counter())
    assert chi2(overall, PICKABLE) < CHI2_BOUND[3]
    for agent in PICKABLE:  # after each agent, the three others equally often
        others = [a for a in PICKABLE if a != agent]
        assert chi2(following[agent], others) < CHI2_BOUND[2], (agent, following[agent])


def test_the_first_random_pick_is_uniform_too() -> None:
    rng = random.Random(7)
    firsts = Counter(routing.pick("random", LISTED, None, ELIGIBLE, rng) for _ in range(8_000))
    assert set(firsts) == set(PICKABLE) and chi2(firsts, PICKABLE) < CHI2_BOUND[3]


def test_random_with_one_eligible_agent_picks_that_agent_again() -> None:
    rng = random.Random(1)
    assert [routing.pick("random", LISTED, INES, [INES], rng) for _ in range(5)] == [INES] * 5
    assert routing.pick("random", LISTED, INES, ["a-extra"], rng) is None


def test_random_escalation_never_notifies_the_same_agent_twice_in_a_row(shop: RoutingShop) -> None:
    shop.escalation("random", [INES, PAUL, ZOE, OMAR], delay=1)
    thread_id = shop.text("Bonjour")
    walk = [shop.escalated_to(thread_id)]
    for _ in range(60):
        shop.wait(minutes=1)
        walk.append(shop.escalated_to(thread_id))
    assert all(before != after for before, after in zip(walk, walk[1:], strict=False))
    assert set(walk) == {INES, PAUL, ZOE, OMAR}
    assert {a: len(shop.notified(a)) for a in (INES, PAUL, ZOE, OMAR)} == {a: walk.count(a) for a in walk}


def test_a_seeded_random_escalation_walks_the_same_way_twice() -> None:
    def walk(seed: int) -> list[str | None]:
        shop = RoutingShop(seed=seed)
        shop.escalation("random", [INES, PAUL, ZOE, OMAR], delay=1)
        thread_id = shop.text("Bonjour")
        steps = [shop.escalated_to(thread_id)]
        for _ in range(10):
            shop.wait(minutes=1)
            steps.append(shop.escalated_to(thread_id))
        return steps

    assert walk(11) == walk(11)


# -- who is eligible ----------------------------------------------------------------------
NOON = datetime(2026, 11, 23, 11, 0, tzinfo=UTC)  # a Monday, 12:00 in Paris


def agent(agent_id: str, chat: str | None, rights: StoreRights = WRITE, open_threads: int = 0) -> Agent:
    return Agent(brand_id="maison", id=agent_id, email=f"{agent_id}@maison.test", password_hash="-",
                 rights={TRACKING: rights}, presence={"chat": chat} if chat else {}, open_threads=open_threads)


def test_eligible_agents_are_contactable_available_on_chat_and_with_a_free_slot() -> None:
    agents = [agent("free", "available"), agent("full", "available", open_threads=2),
              agent("busy", "busy"), agent("away", "unavailable"), agent("silent", None),
              agent("reader", "available", StoreRights(perimeter=True)),
              agent("calls", "unavailable"), agent("spare", "available", open_threads=1)]
    agents[6].presence["call"] = "available"  # available on calls only: not for chat routing
    store = Store(brand_id="maison", id=TRACKING, name="Suivi", timezone="Europe/Paris")
    assert routing.eligible(agents, store, slots=2, at=NOON) == ["free", "spare"]
    assert [a.id for a in routing.connected(agents, store, NOON)] == ["free", "full", "busy", "spare"]


def test_an_agent_is_routed_to_only_within_their_serving_hours() -> None:
    """A5: serving Monday 09:00-13:00 (Paris); Monday noon in Paris is 11:00 UTC in November."""
    store = Store(brand_id="maison", id=TRACKING, name="Suivi", timezone="Europe/Paris")
    morning = agent("morning", "available")
    morning.serving_hours = [{"day": "mon", "from": "09:00", "to": "13:00"}]
    always = agent("always", "available")
    assert routing.eligible([morning, always], store, slots=5, at=NOON) == ["morning", "always"]
    afternoon = NOON + timedelta(hours=2)
    assert routing.eligible([morning, always], store, slots=5, at=afternoon) == ["always"]
    assert [a.id for a in routing.connected([morning, always], store, afternoon)] == ["always"]


def test_a_waiting_customer_who_writes_to_another_store_is_told_to_its_connected_agents(shop: RoutingShop) -> None:
    shop.add("a-sav", {AFTER_SALES: WRITE})
    thread_id = shop.text("Bonjour")
    shop.wait(minutes=2)
    shop.text("Mon colis est abîmé", to=AFTER_SALES_NUMBER)  # still waiting: the same contact moves
    assert shop.thread(thread_id).store_id == AFTER_SALES
    assert shop.notified("a-sav") == ["new_message"]


def test_a_waiting_customer_who_writes_to_a_store_with_escalation_is_escalated_there(shop: RoutingShop) -> None:
    shop.add("a-sav", {AFTER_SALES: WRITE})
    shop.stores.set_escalation(shop.agent(BOSS), AFTER_SALES, "ordered", 5, ["a-sav"])
    thread_id = shop.text("Bonjour")
    shop.wait(minutes=2)
    shop.text("Mon colis est abîmé", to=AFTER_SALES_NUMBER)
    assert shop.thread(thread_id).store_id == AFTER_SALES
    assert shop.escalated_to(thread_id) == "a-sav"
    assert shop.notified("a-sav") == ["new_message"]


def test_a_waiting_thread_transferred_to_a_store_with_escalation_is_escalated_there(shop: RoutingShop) -> None:
    shop.add("a-sav", {AFTER_SALES: WRITE})
    shop.stores.set_escalation(shop.agent(BOSS), AFTER_SALES, "ordered", 5, ["a-sav"])
    thread_id = shop.text("Mon colis est abîmé")
    shop.wait(minutes=2)
    shop.cases.transfer.transfer(shop.agent(INES), thread_id, AFTER_SALES)
    assert shop.escalated_to(thread_id) == "a-sav" and shop.notified("a-sav") != []
