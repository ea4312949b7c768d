"""The stores' platform accounts: one contract, the in-memory fake and the DynamoDB repository (on moto and
DynamoDB Local)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.models.channel_accounts import DynamoChannelAccounts
from chalicelib.models.tables import Item
from chalicelib.services.domain.channel_accounts import CONNECTED, NEEDS_RECONNECT, ChannelAccount
from chalicelib.services.domain.errors import AlreadyExists, NotFound
from tests.dynamodb_local_support import OnBothBackends
from tests.fakes_channel_accounts import FakeChannelAccounts

AT = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
PAGE = "104512345678901"


def account(account_id: str = "ch_1", *, brand: str = "maison", store: str = "paris", kind: str = "messenger",
            external_id: str = PAGE, at: datetime = AT) -> ChannelAccount:
    return ChannelAccount(id=account_id, brand_id=brand, store_id=store, kind=kind, external_id=external_id,
                          name="Maison Paris", status=CONNECTED, receive_comments=True, created_at=at, updated_at=at)


class ChannelAccountsContract:
    accounts: FakeChannelAccounts | DynamoChannelAccounts

    @contextmanager
    def backend(self) -> Iterator[object]:
        raise NotImplementedError

    @pytest.fixture(autouse=True)
    def _repository(self) -> Iterator[None]:
        with self.backend() as accounts:
            self.accounts = accounts  # type: ignore[assignment]
            yield

    def test_an_added_account_is_found_by_its_id_its_store_and_its_platform_id(self) -> None:
        added = account()
        self.accounts.add(added)
        assert self.accounts.get("maison", "ch_1") == added
        assert self.accounts.find("messenger", PAGE) == added
        assert self.accounts.list_for_store("maison", "paris") == [added]
        assert self.accounts.get("rival", "ch_1") is None
        assert self.accounts.find("instagram", PAGE) is None
        assert self.accounts.list_for_store("maison", "lyon") == []

    def test_a_platform_id_is_connected_once_in_the_whole_product(self) -> None:
        self.accounts.add(account())
        for other in (account("ch_2", store="lyon"), account("ch_3", brand="rival")):
            with pytest.raises(AlreadyExists) as refused:
                self.accounts.add(other)
            assert refused.value.errors == {"external_id": "taken"}
        self.accounts.add(account("ch_4", kind="instagram"))
        assert [a.id for a in self.accounts.list_for_store("maison", "paris")] == ["ch_1", "ch_4"]
        assert self.accounts.get("maison", "ch_2") is None and self.accounts.get("rival", "ch_3") is None

    def test_a_store_lists_its_own_accounts_oldest_first(self) -> None:
        self.accounts.add(account("ch_b", external_id="2", at=AT + timedelta(minutes=1)))
        self.accounts.add(account("ch_a", external_id="3", at=AT + timedelta(minutes=2)))
        self.accounts.add(account("ch_c", external_id="4", store="lyon"))
        assert [a.id for a in self.accounts.list_for_store("maison", "paris")] == ["ch_b", "ch_a"]

    def test_saving_changes_name_comments_and_status(self) -> None:
        self.accounts.add(account())
        later = AT + timedelta(hours=1)
        changed = replace(account(), name="Page", receive_comments=False, status=NEEDS_RECONNECT, updated_at=later)
        self.accounts.save(changed)
        assert self.accounts.find("messenger", PAGE) == changed
        self.accounts.set_status(changed, CONNECTED, later + timedelta(hours=1))
        found = self.accounts.get("maison", "ch_1")
        assert found is not None and found.status == CONNECTED and found.updated_at == later + timedelta(hours=1)

    def test_a_removed_account_frees_its_platform_id_and_cannot_be_written(self) -> None:
        self.accounts.add(account())
        self.accounts.remove(account())
        self.accounts.remove(account())  # twice: nothing happens
        assert self.accounts.find("messenger", PAGE) is None and self.accounts.get("maison", "ch_1") is None
        with pytest.raises(NotFound):
            self.accounts.set_status(account(), NEEDS_RECONNECT, AT)
        with pytest.raises(NotFound):
            self.accounts.save(account())
        self.accounts.add(account("ch_2", store="lyon"))
        assert self.accounts.find("messenger", PAGE) == account("ch_2", store="lyon")

    def test_removing_an_account_never_frees_an_id_another_account_holds(self) -> None:
        self.accounts.add(account("ch_2"))
        self.accounts.remove(account("ch_1"))  # a stale copy naming the same page
        assert self.accounts.find("messenger", PAGE) == account("ch_2")


class TestFakeChannelAccounts(ChannelAccountsContract):
    @contextmanager
    def backend(self) -> Iterator[object]:
        yield FakeChannelAccounts()


class TestDynamoChannelAccounts(OnBothBackends, ChannelAccountsContract):
    @contextmanager
    def backend(self) -> Iterator[object]:
        with self.fresh_table():
            yield DynamoChannelAccounts()

    def test_the_table_holds_the_account_and_its_lookup_and_no_token(self) -> None:
        self.accounts.add(account())
        items = list(Item.scan())
        assert sorted(type(item).__name__ for item in items) == ["ChannelAccountItem", "ChannelLookupItem"]
        assert not any("token" in name for item in items for name in item.attribute_values)
