"""A thread's alert, its reason and time (SPEC C5) are kept by both thread repositories, and cleared whole."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from chalicelib.models.threads import DynamoThreads
from chalicelib.services.domain import threads as rules
from tests.contract.test_repositories import AT, BRAND, a_thread
from tests.dynamodb_local_support import OnBothBackends
from tests.fakes import FakeThreads


class AlertContract:
    @contextmanager
    def backend(self) -> Iterator[FakeThreads | DynamoThreads]:
        raise NotImplementedError

    def test_an_alert_is_saved_with_its_reason_and_time_and_cleared_whole(self) -> None:
        with self.backend() as threads:
            calm = a_thread("t1")
            threads.save(None, calm)
            assert threads.get(BRAND, "t1") == calm  # no alert: no reason, no time
            alerted = replace(rules.raise_alert(calm, "scandaleux, !!", AT), version=calm.version + 1)
            threads.save(calm, alerted)
            stored = threads.get(BRAND, "t1")
            assert stored == alerted and stored is not None and stored.alert_reason == "scandaleux, !!"
            cleared = replace(rules.clear_alert(alerted), version=alerted.version + 1)
            threads.save(alerted, cleared)
            assert threads.get(BRAND, "t1") == cleared and not cleared.alert and cleared.alert_at is None


class TestFakeAlerts(AlertContract):
    @contextmanager
    def backend(self) -> Iterator[FakeThreads]:
        yield FakeThreads()


class TestDynamoAlerts(AlertContract, OnBothBackends):
    @contextmanager
    def backend(self) -> Iterator[DynamoThreads]:
        with self.fresh_table():
            yield DynamoThreads()
