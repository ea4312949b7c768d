"""Connecting a store's Messenger, Instagram and WhatsApp accounts: who may, what is checked, what the webhooks
and senders get. In memory, with the repository's fake."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib.services.domain import Agent, Brand, Role, Store, StoreRights
from chalicelib.services.domain.channel_accounts import CONNECTED, NEEDS_RECONNECT, token_rejected
from chalicelib.services.domain.errors import AlreadyExists, Forbidden, InvalidInput, NotAvailableYet, NotFound
from chalicelib.services.ports.clock import FixedClock
from chalicelib.services.ports.ids import SequentialIds
from chalicelib.services.usecases.channel_accounts import ChannelAccounts
from tests.fakes import FakeDirectory
from tests.fakes_channel_accounts import FakeChannelAccounts, FakeChannelTokens

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
PAGE, TOKEN = "104512345678901", "EAAGm0PX4ZCpsBA-long-lived-page-token"


class Shop:
    def __init__(self) -> None:
        self.directory = FakeDirectory()
        self.directory.add_brand(Brand(id="maison", name="Maison"))
        for store_id in ("paris", "lyon"):
            self.directory.add_store(Store(brand_id="maison", id=store_id, name=store_id, timezone="Europe/Paris"))
        self.store, self.tokens, self.clock = FakeChannelAccounts(), FakeChannelTokens(), FixedClock(NOW)
        self.cases = ChannelAccounts(self.store, self.tokens, self.directory, SequentialIds(), self.clock)
        self.owner = Agent(brand_id="maison", id="a_owner", email="o@maison.fr", password_hash="", brand_admin=True)
        self.paris_admin = Agent(brand_id="maison", id="a_pa", email="pa@maison.fr", password_hash="",
                                 rights={"paris": StoreRights(perimeter=True, admin=True)})
        self.paris_agent = Agent(brand_id="maison", id="a_ag", email="ag@maison.fr", password_hash="",
                                 rights={"paris": StoreRights(perimeter=True)})

    def connect(self, admin: Agent | None = None, store: str = "paris", **body: object):  # type: ignore[no-untyped-def]
        fields: dict = {"kind": "messenger", "external_id": PAGE, "name": "Maison Paris", "access_token": TOKEN,
                        "receive_comments": None} | body
        return self.cases.connect(admin or self.owner, store, **fields)


@pytest.fixture
def shop() -> Shop:
    return Shop()


def test_a_store_admin_connects_a_page_and_the_webhook_finds_it_with_its_token(shop: Shop) -> None:
    account = shop.connect(shop.paris_admin)
    assert (account.kind, account.external_id, account.status, account.receive_comments) == (
        "messenger", PAGE, CONNECTED, True)
    assert shop.cases.find("messenger", PAGE) == account
    assert shop.cases.token_for(account) == TOKEN
    assert shop.cases.find("instagram", PAGE) is None
    assert shop.cases.list(shop.paris_admin, "paris") == [account]


def test_one_page_is_connected_to_one_store_only(shop: Shop) -> None:
    shop.connect()
    with pytest.raises(AlreadyExists) as refused:
        shop.connect(store="lyon")
    assert refused.value.errors == {"external_id": "taken"}
    shop.connect(kind="instagram", store="lyon")  # the same digits on another platform are another account


def test_only_admins_of_the_store_manage_its_channels(shop: Shop) -> None:
    with pytest.raises(Forbidden):
        shop.connect(shop.paris_agent)
    with pytest.raises(NotFound):
        shop.connect(shop.paris_admin, store="lyon")
    with pytest.raises(Forbidden):
        shop.cases.list(shop.paris_agent, "paris")


def test_a_role_without_the_channel_keeps_an_admin_off_it() -> None:
    shop = Shop()
    shop.connect(kind="whatsapp")
    limited = Agent(brand_id="maison", id="a_r", email="r@maison.fr", password_hash="", role_id="r1",
                    rights={"paris": StoreRights(admin=True)},
                    role=Role(brand_id="maison", id="r1", name="Social", sections=["admin"], channels=["messenger"]))
    with pytest.raises(Forbidden):
        shop.connect(limited, kind="instagram")
    assert shop.cases.list(limited, "paris") == []
    assert shop.connect(limited).kind == "messenger"


@pytest.mark.parametrize(("body", "field"), [
    ({"kind": "telegram"}, "kind"),
    ({"external_id": "page-104"}, "external_id"), ({"external_id": None}, "external_id"),
    ({"access_token": ""}, "access_token"), ({"access_token": "two words"}, "access_token"),
    ({"name": "x" * 121}, "name"), ({"kind": "whatsapp", "receive_comments": True}, "receive_comments"),
])
def test_bad_input_names_its_field_and_keeps_nothing(shop: Shop, body: dict, field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        shop.connect(**body)
    assert field in refused.value.errors
    assert shop.store.accounts == {} and shop.tokens.tokens == {}


@pytest.mark.parametrize("kind", ["widget", "sdk"])
def test_widget_and_sdk_channels_are_not_available_yet(shop: Shop, kind: str) -> None:
    with pytest.raises(NotAvailableYet) as refused:
        shop.connect(kind=kind)
    assert refused.value.errors == {"kind": "not available yet"} and shop.store.accounts == {}


def test_a_refused_token_asks_for_a_reconnect_that_a_new_token_clears(shop: Shop) -> None:
    account = shop.connect()
    shop.cases.mark_needs_reconnect(account)
    shop.cases.mark_needs_reconnect(account)  # every failed send says so: harmless
    marked = shop.cases.list(shop.owner, "paris")[0]
    assert marked.status == NEEDS_RECONNECT
    updated = shop.cases.update(shop.owner, "paris", account.id, {"access_token": "EAAnewtoken"})
    assert updated.status == CONNECTED and shop.cases.token_for(updated) == "EAAnewtoken"


def test_the_comments_switch_and_the_name_change(shop: Shop) -> None:
    account = shop.connect(kind="instagram")
    updated = shop.cases.update(shop.owner, "paris", account.id, {"receive_comments": False, "name": "@maison"})
    assert (updated.receive_comments, updated.name) == (False, "@maison")
    assert shop.cases.list(shop.owner, "paris") == [updated]


def test_disconnecting_forgets_the_token_and_frees_the_page(shop: Shop) -> None:
    account = shop.connect()
    shop.cases.disconnect(shop.owner, "paris", account.id)
    assert shop.cases.find("messenger", PAGE) is None and shop.tokens.tokens == {}
    with pytest.raises(NotFound):
        shop.cases.disconnect(shop.owner, "paris", account.id)
    shop.cases.mark_needs_reconnect(account)  # a send that failed meanwhile: nothing to mark, no error
    shop.connect(store="lyon")


def test_a_channel_of_another_store_is_not_found_there(shop: Shop) -> None:
    account = shop.connect(store="lyon")
    with pytest.raises(NotFound):
        shop.cases.update(shop.owner, "paris", account.id, {"name": "x"})


@pytest.mark.parametrize(("code", "rejected"), [(190, True), (102, True), (10, True), (200, True), (299, True),
                                                 (100, False), (4, False), (368, False), (None, False)])
def test_which_graph_errors_mean_the_token_must_be_replaced(code: int | None, rejected: bool) -> None:
    assert token_rejected(code) is rejected
