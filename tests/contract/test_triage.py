"""Triage in the thread repositories (C4, C5, C6): new/unanswered counters, priority order, folders.

One contract for the fake and the DynamoDB repository (on moto and DynamoDB Local),
like tests/contract/test_repositories.py.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta

import pytest

from chalicelib.models.threads import DynamoThreads
from chalicelib.services.domain import Thread
from chalicelib.services.ports.repositories import ThreadQuery
from tests.contract.test_repositories import AFTER_SALES, ALL, AT, BRAND, TRACKING, a_thread, pages_of
from tests.dynamodb_local_support import OnBothBackends
from tests.fakes import FakeThreads


class TriageContract:
    threads: FakeThreads | DynamoThreads

    @contextmanager
    def backend(self) -> Iterator[object]:
        raise NotImplementedError

    @pytest.fixture(autouse=True)
    def _repository(self) -> Iterator[None]:
        with self.backend() as threads:
            self.threads = threads  # type: ignore[assignment]
            yield

    def change(self, thread: Thread, **changes) -> Thread:  # type: ignore[no-untyped-def]
        after = replace(thread, **changes, version=thread.version + 1)
        self.threads.save(thread, after)
        return after

    def indicators(self, store_ids: tuple[str, ...] | None = None) -> tuple[int, int]:
        counts = self.threads.counts(BRAND, store_ids)
        return counts.indicators["new"], counts.indicators["unanswered"]

    def pages(self, query: ThreadQuery) -> list[list[str]]:
        return pages_of(self.threads, query)

    def test_new_and_unanswered_follow_every_change_of_a_thread(self) -> None:
        chloe, hugo = a_thread("t1"), a_thread("t2", minute=1)
        self.threads.save(None, chloe)
        self.threads.save(None, hugo)
        assert self.indicators() == (2, 0)
        chloe = self.change(chloe, unread=False)  # opened
        assert self.indicators() == (1, 1) and self.indicators((TRACKING,)) == (1, 1)
        chloe = self.change(chloe, status="replied", waiting_since=None)  # answered
        assert self.indicators() == (1, 0)
        chloe = self.change(chloe, status="waiting", unread=True, waiting_since=AT)  # the customer writes again
        assert self.indicators() == (2, 0)
        hugo = self.change(hugo, unread=False, store_id=AFTER_SALES)  # opened, then transferred
        assert self.indicators((TRACKING,)) == (1, 0) and self.indicators((AFTER_SALES,)) == (0, 1)
        hugo = self.change(hugo, snoozed_until=AT + timedelta(hours=1))  # snoozed: still waiting, still counted
        assert self.indicators() == (1, 1)
        hugo = self.change(hugo, folder="spam", snoozed_until=None)
        chloe = self.change(chloe, folder="archived")
        assert self.indicators() == (0, 0)
        assert self.threads.counts(BRAND, None).totals == {"waiting": 0, "replied": 0, "resolved": 0}
        self.change(hugo, folder="inbox")
        chloe = self.change(chloe, folder="inbox", status="resolved", waiting_since=None)
        assert self.indicators() == (0, 1) and self.indicators((AFTER_SALES,)) == (0, 1)
        assert self.threads.counts(BRAND, None).totals == {"waiting": 1, "replied": 0, "resolved": 1}

    def test_held_then_alert_threads_lead_both_sorts_in_every_view_and_page(self) -> None:
        plain = [a_thread(f"t{n}", TRACKING if n % 2 else AFTER_SALES, minute=n) for n in range(4)]
        held = replace(a_thread("held", AFTER_SALES, status="replied", minute=-30), on_hold=True)
        alert = replace(a_thread("alert", TRACKING, minute=-20), alert=True)
        both = replace(a_thread("both", TRACKING, minute=-40), on_hold=True, alert=True)
        for thread in (*plain, held, alert, both):
            self.threads.save(None, thread)
        recent = [["held", "both"], ["alert", "t3"], ["t2", "t1"], ["t0"]]
        waiting = [["both", "held"], ["alert", "t0"], ["t1", "t2"], ["t3"]]  # held: replied, after waiting both
        for stores in (None, (TRACKING, AFTER_SALES)):
            assert self.pages(ThreadQuery(BRAND, stores, ("waiting", "replied"), limit=2)) == recent
            assert self.pages(ThreadQuery(BRAND, stores, ("waiting", "replied"), sort="waiting", limit=2)) == waiting
        assert self.pages(ThreadQuery(BRAND, (TRACKING,), ("waiting",), limit=10)) == [["both", "alert", "t3", "t1"]]

    def test_a_released_hold_goes_back_among_the_others(self) -> None:
        first, second = a_thread("t1"), a_thread("t2", minute=1)
        self.threads.save(None, first)
        self.threads.save(None, second)
        first = self.change(first, on_hold=True)
        assert self.pages(ThreadQuery(BRAND, None, ("waiting",), limit=10)) == [["t1", "t2"]]
        self.change(first, on_hold=False)
        assert self.pages(ThreadQuery(BRAND, None, ("waiting",), limit=10)) == [["t2", "t1"]]

    def test_each_folder_lists_its_own_threads(self) -> None:
        folders = {"t-inbox": "inbox", "t-done": "done", "t-spam": "spam", "t-archived": "archived"}
        for n, (thread_id, folder) in enumerate(folders.items()):
            self.threads.save(None, replace(a_thread(thread_id, minute=n), folder=folder, status="resolved"))  # type: ignore[arg-type]
        for thread_id, folder in folders.items():
            assert self.pages(ThreadQuery(BRAND, None, ALL, folder=folder)) == [[thread_id]]
            assert self.pages(ThreadQuery(BRAND, (TRACKING,), ALL, folder=folder, sort="waiting")) == [[thread_id]]


class TestFakeTriage(TriageContract):
    @contextmanager
    def backend(self) -> Iterator[object]:
        yield FakeThreads()


class TestDynamoTriage(TriageContract, OnBothBackends):
    @contextmanager
    def backend(self) -> Iterator[object]:
        with self.fresh_table():
            yield DynamoThreads()
