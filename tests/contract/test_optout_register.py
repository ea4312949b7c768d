"""The SMS opt-out register: one contract, the in-memory fake and the DynamoDB repository (on moto and DynamoDB
Local)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.models.items.optout import OptOutItem
from chalicelib.models.optouts import DynamoOptOuts
from chalicelib.services.domain.optout import OptOutChange, number_hash
from tests.dynamodb_local_support import OnBothBackends
from tests.fakes_optout import FakeOptOuts

AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
STORE, OTHER_STORE, CHLOE = "+33170000001", "+33170000002", "+33612345678"


def change(opted_out: bool, at: datetime = AT, store: str = STORE, brand: str = "maison",
           reason: str = "stop") -> OptOutChange:
    return OptOutChange(brand_id=brand, store_number=store, customer_hash=number_hash(CHLOE), opted_out=opted_out,
                        at=at, reason=reason)


class OptOutContract:
    register: FakeOptOuts | DynamoOptOuts

    @contextmanager
    def backend(self) -> Iterator[object]:
        raise NotImplementedError

    @pytest.fixture(autouse=True)
    def _repository(self) -> Iterator[None]:
        with self.backend() as register:
            self.register = register  # type: ignore[assignment]
            yield

    def test_nobody_is_opted_out_until_they_say_so(self) -> None:
        assert not self.register.opted_out("maison", STORE, CHLOE)

    def test_stop_holds_for_that_store_number_and_that_brand_only(self) -> None:
        assert self.register.record(change(True))
        assert self.register.opted_out("maison", STORE, CHLOE)
        assert not self.register.opted_out("maison", OTHER_STORE, CHLOE)
        assert not self.register.opted_out("rival", STORE, CHLOE)
        assert not self.register.opted_out("maison", STORE, "+33687654321")

    def test_start_after_stop_opts_back_in(self) -> None:
        self.register.record(change(True))
        assert self.register.record(change(False, AT + timedelta(minutes=1), reason="start"))
        assert not self.register.opted_out("maison", STORE, CHLOE)

    def test_an_older_change_arriving_late_does_not_undo_a_newer_one(self) -> None:
        self.register.record(change(True, AT + timedelta(minutes=5)))
        assert not self.register.record(change(False, AT, reason="start"))
        assert self.register.opted_out("maison", STORE, CHLOE)

    def test_the_same_change_twice_is_harmless(self) -> None:
        assert self.register.record(change(True))
        assert self.register.record(change(True))
        assert self.register.opted_out("maison", STORE, CHLOE)

    def test_the_register_answers_by_the_hash_of_the_number_and_lists_the_numbers_opted_out(self) -> None:
        self.register.record(change(True))
        self.register.record(change(True, store=OTHER_STORE))
        self.register.record(change(False, store="+33170000003", reason="start"))
        assert self.register.opted_out_hash("maison", STORE, number_hash(CHLOE))
        assert self.register.store_numbers_opted_out("maison", number_hash(CHLOE)) == [STORE, OTHER_STORE]

    def test_many_pairs_are_answered_in_one_read(self) -> None:
        self.register.record(change(True))
        self.register.record(change(False, store=OTHER_STORE, reason="start"))
        pairs = [(STORE, CHLOE), (OTHER_STORE, CHLOE), (STORE, "+33687654321"), (STORE, CHLOE)]
        assert self.register.opted_out_many("maison", pairs) == {(STORE, CHLOE)}
        assert self.register.opted_out_many("rival", pairs) == set()
        assert self.register.opted_out_many("maison", []) == set()


class TestFakeOptOuts(OptOutContract):
    @contextmanager
    def backend(self) -> Iterator[object]:
        yield FakeOptOuts()


class TestDynamoOptOuts(OnBothBackends, OptOutContract):
    @contextmanager
    def backend(self) -> Iterator[object]:
        with self.fresh_table():
            yield DynamoOptOuts()

    def test_the_table_never_holds_the_customer_number(self) -> None:
        self.register.record(change(True))
        for item in OptOutItem.scan():
            assert CHLOE not in str(item.attribute_values) and CHLOE not in item.pk + item.sk
