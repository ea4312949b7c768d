"""Maison Lune's two stores, open 9:00-19:00 in Paris, with the statistics fed from the thread stream by hand.

Every thread write of FakeThreads is a stream record (`changes`); `feed` hands the records not fed yet to
Statistics.observe with their position as sequence number, and `report` reads the indicators of a period.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from chalicelib.services.domain import AutoMessages, Greeting, StoreRights, Thread
from chalicelib.services.usecases.statistics import Statistics, ThreadChange
from tests.fakes import FakeStats
from tests.unit.routing_shop import (  # noqa: F401  (re-exported for the tests)
    AFTER_SALES,
    AFTER_SALES_NUMBER,
    BOSS,
    CHLOE,
    EVENINGS,
    HUGO,
    LEA,
    TRACKING,
    TRACKING_NUMBER,
    RoutingShop,
    paris,
)

ANA, MAX = "a-ana", "a-max"  # Ana writes for both stores, Max for After-sales only
WRITE = StoreRights(perimeter=True, contactable=True)


class StatsShop(RoutingShop):
    def __init__(self, now: datetime) -> None:
        super().__init__(now=now)
        for store_id in (TRACKING, AFTER_SALES):  # closed 19:00 -> 09:00 every day: open 9:00-19:00
            self._auto(store_id, AutoMessages(closed_hours=list(EVENINGS)))
        self.add(ANA, {TRACKING: WRITE, AFTER_SALES: WRITE})
        self.add(MAX, {AFTER_SALES: WRITE})
        self.stats = FakeStats()
        self.statistics = Statistics(self.stats, self.directory, self.clock, self.threads)
        self.fed = 0

    def _auto(self, store_id: str, auto: AutoMessages) -> None:
        store = self.directory.get_store("maison", store_id)
        assert store is not None
        self.directory.save_store_settings(replace(store, auto_messages=auto))

    def greeting(self, store_id: str, text: str = "Bonjour, nous revenons vers vous vite.", closed: str = "") -> None:
        """A greeting on every customer message, and the closed message if given (H1, H2)."""
        self._auto(store_id, AutoMessages(greetings={"sms": Greeting(text, 0)}, closed_text=closed,
                                          closed_hours=list(EVENINGS)))

    # -- time and people ---------------------------------------------------------------------
    def go(self, when: datetime) -> None:
        assert when >= self.clock.now(), "time only moves forward"
        self.clock.set(when)

    def writes(self, when: datetime, text: str = "Bonjour", sender: str = CHLOE, to: str = TRACKING_NUMBER) -> str:
        self.go(when)
        return self.text(text, sender, to)

    def answers(self, when: datetime, thread_id: str, agent_id: str = ANA) -> None:
        self.go(when)
        self.reply(agent_id, thread_id)

    def transfers(self, when: datetime, thread_id: str, store_id: str, agent_id: str = ANA) -> Thread:
        self.go(when)
        return self.cases.transfer.transfer(self.agent(agent_id), thread_id, store_id)

    def sets_status(self, when: datetime, thread_id: str, status: str, agent_id: str = ANA) -> Thread:
        self.go(when)
        return self.cases.changes.set_status(self.agent(agent_id), thread_id, status)

    def closes(self, when: datetime, thread_id: str, agent_id: str = ANA) -> Thread:
        self.go(when)
        return self.cases.changes.close(self.agent(agent_id), thread_id, "Other")

    def starts(self, when: datetime, to: str = HUGO, store_id: str = TRACKING, agent_id: str = ANA) -> str:
        self.go(when)
        thread = self.cases.answer.start(self.agent(agent_id), store_id=store_id, channel="sms", to=to,
                                         text="Votre commande est prête.")
        self.settle()
        return thread.id

    # -- the stream and the reports ----------------------------------------------------------
    def changes(self, start: int = 0) -> list[ThreadChange]:
        return [ThreadChange(sequence=i + 1, old=old, new=new)
                for i, (old, new) in enumerate(self.threads.changes) if i >= start]

    def feed(self) -> None:
        """The stream catches up: the thread records not fed yet go to the statistics."""
        self.statistics.observe(self.changes(self.fed))
        self.fed = len(self.threads.changes)

    def report(self, start: date, end: date, store_ids: list[str] | None = None,
               viewer: str = BOSS) -> dict[str, Any]:
        self.feed()
        return self.statistics.report(self.agent(viewer), store_ids or [TRACKING], start, end)

    def value(self, name: str, start: date, end: date, store_id: str = TRACKING) -> Any:
        return self.report(start, end, [store_id])[name]["value"]
