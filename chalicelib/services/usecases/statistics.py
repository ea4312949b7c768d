"""Statistics use cases: fold thread changes into facts and days (from the stream); read reports."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from ..domain import Agent, Store, Thread
from ..domain.automation import opening_hours
from ..domain.errors import InvalidInput, NotFound
from ..domain.history import baseline, is_import
from ..domain.reports import INDICATORS, DayAggregate, Period, compare, daily, indicators, only, rank
from ..domain.stats import Collector, StoreClock, ThreadFacts, ignored, observe
from ..ports.clock import Clock, parse_iso
from ..ports.repositories import Directory, ThreadQuery, ThreadRepository

MAX_DAYS = 366
THREADS_PER_WRITE = 10  # facts and days of 10 threads fit a transaction of 100 items with room to spare
WAIT_BUCKETS = ((60, "under_1_min"), (5 * 60, "1_to_5_min"), (15 * 60, "5_to_15_min"), (3600, "15_to_60_min"),
                (4 * 3600, "1_to_4_h"), (86400, "4_to_24_h"), (None, "over_1_day"))


class StatsRepository(Protocol):
    def facts(self, brand_id: str, thread_ids: list[str]) -> dict[str, ThreadFacts]: ...
    def apply(self, brand_id: str, before: dict[str, int], after: list[ThreadFacts], out: Collector) -> None: ...
    def days(self, brand_id: str, store_id: str, first: date) -> tuple[list[DayAggregate], dict[str, int]]:
        """A store's days from `first` on, and its threads by channel ("": counted before the split)."""


@dataclass(frozen=True)
class ThreadChange:
    sequence: int
    old: Thread | None
    new: Thread


class Statistics:
    def __init__(self, stats: StatsRepository, directory: Directory, clock: Clock,
                 threads: ThreadRepository) -> None:
        self.stats = stats
        self.directory = directory
        self.clock = clock
        self.threads = threads

    # -- from the stream ---------------------------------------------------------------------
    def observe(self, changes: list[ThreadChange]) -> None:
        """Folds a batch of thread changes into facts and day aggregates, each change at most once.

        A change whose sequence number the thread's facts have already passed is skipped, so a
        batch delivered again (Lambda delivers at least once) counts nothing twice.
        """
        by_thread: dict[tuple[str, str], list[ThreadChange]] = {}
        for change in changes:
            by_thread.setdefault((change.new.brand_id, change.new.id), []).append(change)
        by_brand: dict[str, list[list[ThreadChange]]] = {}
        for (brand_id, _), thread_changes in by_thread.items():
            by_brand.setdefault(brand_id, []).append(thread_changes)
        for brand_id, threads in by_brand.items():
            clock = self._store_clock(brand_id)
            facts = self.stats.facts(brand_id, [t[0].new.id for t in threads])
            # Each write holds some threads' facts with exactly the day additions they made: one
            # transaction each, so a failure never leaves facts ahead of their counts.
            for start in range(0, len(threads), THREADS_PER_WRITE):
                self._apply(brand_id, threads[start:start + THREADS_PER_WRITE], facts, clock)

    def _apply(self, brand_id: str, threads: list[list[ThreadChange]], facts: dict[str, ThreadFacts],
               clock: StoreClock) -> None:
        out = Collector()
        before: dict[str, int] = {}
        updated: list[ThreadFacts] = []
        for thread_changes in threads:
            current = facts[thread_changes[0].new.id]
            before[current.thread_id] = current.last_sequence
            changed = False
            for change in thread_changes:
                if change.sequence <= current.last_sequence:
                    continue
                if is_import(change.old, change.new):
                    current = baseline(current, change.new)  # history, not activity: nothing counted
                elif not ignored(change.new):
                    current = observe(current, change.old, change.new, clock, out)
                current.last_sequence = change.sequence
                changed = True
            if changed:
                updated.append(current)
        if updated:
            self.stats.apply(brand_id, before, updated, out)

    def _store_clock(self, brand_id: str) -> StoreClock:
        stores: dict[str, Store | None] = {}

        def store(store_id: str) -> Store | None:
            if store_id not in stores:
                stores[store_id] = self.directory.get_store(brand_id, store_id)
            return stores[store_id]

        def local_date(store_id: str, at: datetime) -> date:
            found = store(store_id)
            return at.astimezone(ZoneInfo(found.timezone if found else "UTC")).date()

        def open_seconds(store_id: str, start: datetime, end: datetime) -> float:
            found = store(store_id)
            if found is None:
                return max(0.0, (end - start).total_seconds())
            return opening_hours(found).open_seconds_between(start, end)

        return StoreClock(local_date, open_seconds)

    # -- reports -----------------------------------------------------------------------------
    def report(self, agent: Agent, store_ids: list[str] | None, start: date, end: date,
               channels: frozenset[str] | None = None) -> dict[str, Any]:
        """Every indicator for a set of stores (default: all the caller sees) and its previous period.

        `channels`: the conversations of these channels only (None: all, with those counted before the split).
        """
        period = _period(start, end)
        stores = self._stores(agent, store_ids)
        days: list[DayAggregate] = []
        totals = {"current": 0, "previous": 0}
        for store in stores:
            store_days, total = self._days(agent.brand_id, store.id, period, channels)
            days += store_days
            totals["current"] += _threads_at(total, store_days, period.end)
            totals["previous"] += _threads_at(total, store_days, period.previous().end)
        current = indicators(days, period, totals["current"])
        previous = indicators(days, period.previous(), totals["previous"])
        return {"store_ids": [s.id for s in stores], "channels": sorted(channels) if channels else None,
                "from": period.start.isoformat(), "to": period.end.isoformat(),
                "previous": {"from": period.previous().start.isoformat(), "to": period.previous().end.isoformat()},
                "daily": daily(days, period), **compare(current, previous)}

    def _days(self, brand_id: str, store_id: str, period: Period,
              channels: frozenset[str] | None) -> tuple[list[DayAggregate], int]:
        """A store's days a report reads (its period and the previous one), and its threads, of these channels."""
        store_days, by_channel = self.stats.days(brand_id, store_id, period.previous().start)
        total = sum(n for channel, n in by_channel.items() if channels is None or channel in channels)
        return only(store_days, channels), total

    def top_stores(self, agent: Agent, start: date, end: date, metric: str,
                   channels: frozenset[str] | None = None) -> list[dict[str, Any]]:
        """Every store of the brand ranked by an indicator, with its previous rank and the caller's perimeter."""
        if metric not in INDICATORS:
            raise InvalidInput.field("metric", f"one of {', '.join(INDICATORS)}")
        period = _period(start, end)
        rows = []
        for store in self.directory.list_stores(agent.brand_id):
            store_days, total = self._days(agent.brand_id, store.id, period, channels)
            rows.append((store, indicators(store_days, period, _threads_at(total, store_days, period.end)),
                         indicators(store_days, period.previous(),
                                    _threads_at(total, store_days, period.previous().end))))
        ranks = rank({s.id: now[metric] for s, now, _ in rows}, metric)
        before = rank({s.id: prev[metric] for s, _, prev in rows}, metric)
        table = [{"store_id": s.id, "store_name": s.name, "rank": ranks[s.id], "previous_rank": before[s.id],
                  "in_perimeter": agent.can_see(s.id), "value": now[metric], "previous": prev[metric],
                  "indicators": {name: now[name] for name in INDICATORS}} for s, now, prev in rows]
        return sorted(table, key=lambda r: (r["rank"] is None, r["rank"] or 0, r["store_name"]))

    def top_stores_csv(self, agent: Agent, start: date, end: date, metric: str,
                       channels: frozenset[str] | None = None) -> str:
        """The whole table for a spreadsheet: UTF-8 with a header row, one row per store."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["rank", "previous_rank", "store", "in_perimeter", *INDICATORS])
        for row in self.top_stores(agent, start, end, metric, channels):
            writer.writerow([row["rank"] or "", row["previous_rank"] or "", row["store_name"],
                             "yes" if row["in_perimeter"] else "no",
                             *["" if row["indicators"][n] is None else row["indicators"][n] for n in INDICATORS]])
        return "\ufeff" + buffer.getvalue()  # the BOM makes spreadsheets read UTF-8

    def realtime(self, agent: Agent, store_ids: list[str] | None) -> dict[str, Any]:
        """Real time: customers waiting now by how long they have waited; colleagues connected now or today."""
        stores = self._stores(agent, store_ids)
        now = self.clock.now()
        return {"store_ids": sorted(s.id for s in stores), "now": now.isoformat(),
                "waiting": self._waiting(agent.brand_id, stores, now),
                "colleagues": self._colleagues(agent.brand_id, stores, now)}

    def _waiting(self, brand_id: str, stores: list[Store], now: datetime) -> dict[str, Any]:
        """The customers waiting now, counted by how long they have waited, and the longest wait."""
        buckets = {name: 0 for _, name in WAIT_BUCKETS}
        oldest: float | None = None
        cursor: str | None = None
        for _ in range(20):  # 2,000 waiting customers at most: beyond, the oldest buckets are already clear
            page = self.threads.list_threads(ThreadQuery(brand_id=brand_id, store_ids=tuple(s.id for s in stores),
                                                         statuses=("waiting",), sort="waiting", limit=100,
                                                         cursor=cursor))
            for thread in page.items:
                waited = (now - (thread.waiting_since or thread.last_message_at)).total_seconds()
                buckets[wait_bucket(waited)] += 1
                oldest = waited if oldest is None else max(oldest, waited)
            cursor = page.next_cursor
            if not cursor:
                break
        return {"total": sum(buckets.values()), "by_wait": buckets,
                "longest_wait_seconds": round(oldest) if oldest is not None else None}

    def _colleagues(self, brand_id: str, stores: list[Store], now: datetime) -> list[dict[str, Any]]:
        """The stores' agents connected now, or connected or handling contacts earlier today."""
        handled: dict[str, int] = {}
        for store in stores:
            days, _ = self.stats.days(brand_id, store.id, today_start(now, store.timezone).date())
            for day in days:
                for agent_id, n in day.handled.items():
                    handled[agent_id] = handled.get(agent_id, 0) + n
        since = today_start(now, stores[0].timezone if stores else "UTC")
        ids = {s.id for s in stores}
        colleagues = []
        for colleague in self.directory.list_agents(brand_id):
            if not (colleague.brand_admin or ids & set(colleague.rights)):
                continue
            seconds = _connected_seconds(colleague.sessions, since, now)
            connected = any(state != "unavailable" for state in colleague.presence.values())
            if connected or seconds or handled.get(colleague.id):
                colleagues.append({
                    "agent_id": colleague.id, "name": f"{colleague.first_name} {colleague.last_name}".strip(),
                    "connected": connected, "presence": dict(colleague.presence),
                    "connected_seconds_today": round(seconds), "contacts_handled_today": handled.get(colleague.id, 0),
                })
        return colleagues

    def _stores(self, agent: Agent, store_ids: list[str] | None) -> list[Store]:
        stores = {s.id: s for s in self.directory.list_stores(agent.brand_id) if agent.can_see(s.id)}
        if not store_ids:
            return list(stores.values())
        missing = [s for s in store_ids if s not in stores]
        if missing:
            raise NotFound(f"no such store: {missing[0]}")
        return [stores[s] for s in store_ids]


def _period(start: date, end: date) -> Period:
    if end < start:
        raise InvalidInput.field("to", "on or after from")
    if (end - start).days + 1 > MAX_DAYS:
        raise InvalidInput.field("to", f"a period of at most {MAX_DAYS} days")
    return Period(start, end)


def _threads_at(total: int, days: list[DayAggregate], end: date) -> int:
    """Threads at the end of a day: today's total less those opened after it."""
    return total - sum(d.counters.get("new_threads", 0) for d in days if d.day > end)


def wait_bucket(seconds: float) -> str:
    for limit, name in WAIT_BUCKETS:
        if limit is None or seconds < limit:
            return name
    return WAIT_BUCKETS[-1][1]


def today_start(now: datetime, timezone: str) -> datetime:
    local = now.astimezone(ZoneInfo(timezone))
    return local.replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(0)


def _connected_seconds(sessions: list[list[str | None]], since: datetime, now: datetime) -> float:
    """Connection time between `since` (the start of the day) and now, from the agent's sessions."""
    total = 0.0
    for start, end in sessions:
        opened = max(parse_iso(str(start)), since)
        closed = min(parse_iso(str(end)) if end else now, now)
        total += max(0.0, (closed - opened).total_seconds())
    return total
