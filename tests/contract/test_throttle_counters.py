"""The throttle's counters: the fake, moto and DynamoDB Local agree on counting, limits, all-or-none adds and TTL."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from chalicelib.models import keys_safety
from chalicelib.models.throttle import TTL_MARGIN_SECONDS, CounterItem, DynamoCounters
from chalicelib.services.ports.throttle import Counters, Window
from tests.dynamodb_local_support import OnBothBackends
from tests.fakes_throttle import FakeCounters

NOW = datetime(2026, 11, 23, 9, 7, tzinfo=UTC)


def window(key: str, limit: int = 3) -> Window:
    return Window.at(key, NOW, 900, limit)


class CountersContract:
    @contextmanager
    def backend(self) -> Iterator[Counters]:
        raise NotImplementedError

    def test_a_window_never_counted_holds_zero(self) -> None:
        with self.backend() as counters:
            assert counters.counts([window("a"), window("b")]) == [0, 0]

    def test_adds_count_up_to_the_limit_then_refuse_and_count_nothing(self) -> None:
        with self.backend() as counters:
            a = window("login:a@x.test", limit=2)
            assert counters.add([a]) == []
            assert counters.add([a]) == []
            assert counters.add([a]) == [a]
            assert counters.counts([a]) == [2]

    def test_several_windows_are_added_all_or_none(self) -> None:
        with self.backend() as counters:
            email, source = window("email", limit=1), window("source", limit=5)
            assert counters.add([email, source]) == []
            assert counters.add([email, source]) == [email]  # the e-mail is full: the source is not counted
            assert counters.counts([email, source]) == [1, 1]

    def test_the_same_key_in_another_window_starts_again(self) -> None:
        with self.backend() as counters:
            first = window("k", limit=1)
            later = Window.at("k", first.end, 900, 1)
            assert counters.add([first]) == []
            assert counters.add([later]) == []
            assert counters.counts([first, later]) == [1, 1]

    def test_a_window_that_allows_nothing_refuses_at_once(self) -> None:
        with self.backend() as counters:
            closed = window("k", limit=0)
            assert counters.add([closed]) == [closed]
            assert counters.counts([closed]) == [0]


class TestFakeCounters(CountersContract):
    @contextmanager
    def backend(self) -> Iterator[Counters]:
        yield FakeCounters()


class TestDynamoCounters(CountersContract, OnBothBackends):
    @contextmanager
    def backend(self) -> Iterator[Counters]:
        with self.fresh_table():
            yield DynamoCounters()

    def test_the_item_keeps_no_address_and_expires_after_its_window(self) -> None:
        with self.backend() as counters:
            w = window("login.email:ines@maison.test")
            counters.add([w])
            pk, sk = keys_safety.throttle_key(w.key, int(w.start.timestamp()))
            item = CounterItem.get(pk, sk)
            assert "ines" not in item.pk and item.n == 1
            assert item.expires_at == int(w.end.timestamp()) + TTL_MARGIN_SECONDS
