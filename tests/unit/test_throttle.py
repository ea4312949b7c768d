"""Throttling of logins, reset mails, invitations and texts started, on fakes, the clock in the test's hands."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.adapters.tokens import JwtTokens
from chalicelib.services.domain import Agent, Brand, Store, StoreRights
from chalicelib.services.domain.errors import NotAuthenticated, RateLimited
from chalicelib.services.ports.clock import FixedClock
from chalicelib.services.ports.ids import SequentialIds
from chalicelib.services.ports.throttle import Window
from chalicelib.services.usecases.accounts import Accounts
from chalicelib.services.usecases.credentials import Credentials
from chalicelib.services.usecases.throttle import INVITATION, SMS_START, Limit, Throttle
from tests.fakes import FakeDirectory, FakeMailer
from tests.fakes_admin import FakeAdmin
from tests.fakes_throttle import CountingHasher, FakeCounters

# 09:00:00 is on a 15-minute and an hour boundary: the windows start with the test.
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
STORE = "s-tracking"
PASSWORD = "correct horse"


class Shop:
    def __init__(self, limits: dict[str, Limit] | None = None) -> None:
        self.clock = FixedClock(START)
        self.counters = FakeCounters()
        self.lockouts: list[tuple[str, datetime]] = []
        self.throttle = Throttle(self.counters, self.clock, lambda e, until: self.lockouts.append((e, until)), limits)
        self.hasher = CountingHasher()
        self.directory, self.mailer = FakeDirectory(), FakeMailer()
        self.accounts = Accounts(self.directory, self.hasher, JwtTokens("a test secret of at least 32 characters"),
                                 self.mailer, SequentialIds(), self.clock, "https://comptoir.test/", self.clock,
                                 self.throttle)
        self.credentials = Credentials(self.directory, FakeAdmin(self.directory), self.accounts)
        self.directory.add_brand(Brand(id="maison", name="Maison Lune"))
        self.directory.add_store(Store(brand_id="maison", id=STORE, name="Order tracking", timezone="Europe/Paris"))
        self.ines = self.add("ines@maison.test", StoreRights(True, True, True))

    def add(self, email: str, rights: StoreRights) -> Agent:
        agent = self.accounts.new_agent(brand_id="maison", email=email, password=PASSWORD, rights={STORE: rights})
        self.directory.add_agent(agent)
        return agent

    def fail(self, email: str = "ines@maison.test", source: str = "198.51.100.7") -> None:
        with pytest.raises(NotAuthenticated):
            self.accounts.login(email, "wrong password", source)


@pytest.fixture
def shop() -> Shop:
    return Shop()


def test_five_failures_lock_the_email_even_for_the_right_password_until_the_window_is_over(shop: Shop) -> None:
    shop.clock.advance(60)
    for _ in range(5):
        shop.fail()
    with pytest.raises(RateLimited) as refused:
        shop.accounts.login("Ines@Maison.test", PASSWORD, "203.0.113.9")  # another address: the e-mail is locked
    assert refused.value.retry_after == 14 * 60
    with pytest.raises(RateLimited):
        shop.accounts.login("ines@maison.test", "wrong password", "198.51.100.7")
    assert shop.lockouts == [("ines@maison.test", START + timedelta(minutes=15))]  # reported once
    shop.clock.advance(14 * 60)
    token, agent = shop.accounts.login("ines@maison.test", PASSWORD, "198.51.100.7")
    assert token and agent.id == shop.ines.id


def test_four_failures_still_let_the_right_password_in(shop: Shop) -> None:
    for _ in range(4):
        shop.fail()
    assert shop.accounts.login("ines@maison.test", PASSWORD, "198.51.100.7")[1].id == shop.ines.id
    assert shop.lockouts == []


def test_an_unknown_email_is_locked_the_same_way(shop: Shop) -> None:
    for _ in range(5):
        shop.fail("nobody@maison.test")
    with pytest.raises(RateLimited):
        shop.accounts.login("nobody@maison.test", PASSWORD, "198.51.100.7")
    assert shop.lockouts == [("nobody@maison.test", START + timedelta(minutes=15))]


def test_fifty_failures_from_one_address_stop_it_whatever_the_email() -> None:
    shop = Shop()
    for i in range(50):  # 50 addresses tried once each: no e-mail is locked
        shop.fail(f"person{i}@maison.test")
    with pytest.raises(RateLimited):
        shop.accounts.login("ines@maison.test", PASSWORD, "198.51.100.7")
    assert shop.accounts.login("ines@maison.test", PASSWORD, "203.0.113.9")[1].id == shop.ines.id
    assert shop.lockouts == []


def test_an_unknown_email_costs_the_same_password_hashes_as_a_wrong_password(shop: Shop) -> None:
    before = shop.hasher.hashes
    shop.fail("ines@maison.test")
    wrong_password = shop.hasher.hashes - before
    before = shop.hasher.hashes
    shop.fail("nobody@maison.test")
    unknown_email = shop.hasher.hashes - before
    assert wrong_password == unknown_email == 1


def test_a_login_costs_one_counter_call_whether_it_succeeds_or_fails(shop: Shop) -> None:
    before = shop.counters.calls
    shop.accounts.login("ines@maison.test", PASSWORD, "198.51.100.7")
    assert shop.counters.calls - before == 1
    before = shop.counters.calls
    shop.fail()
    assert shop.counters.calls - before == 1


def test_at_most_three_reset_mails_per_address_and_hour_and_the_answer_never_changes(shop: Shop) -> None:
    for _ in range(50):
        shop.credentials.request_reset("ines@maison.test")  # returns quietly every time
    assert len(shop.mailer.to("ines@maison.test")) == 3
    shop.clock.advance(3600)
    shop.credentials.request_reset("ines@maison.test")
    assert len(shop.mailer.to("ines@maison.test")) == 4


def test_invitations_are_limited_per_inviter() -> None:
    shop = Shop({INVITATION: Limit(2, 3600)})
    shop.accounts.invite(shop.ines, "a@maison.test", STORE)
    shop.accounts.invite(shop.ines, "b@maison.test", STORE)
    with pytest.raises(RateLimited) as refused:
        shop.accounts.invite(shop.ines, "c@maison.test", STORE)
    assert refused.value.retry_after == 3600
    assert shop.mailer.to("c@maison.test") == []


def test_texts_started_are_limited_per_agent() -> None:
    shop = Shop({SMS_START: Limit(1, 3600)})
    shop.accounts.limit_texts_started(shop.ines)
    with pytest.raises(RateLimited):
        shop.accounts.limit_texts_started(shop.ines)


def test_windows_are_aligned_on_the_clock_and_end_after_their_length() -> None:
    window = Window.at("k", START + timedelta(minutes=7, seconds=3), 900, 5)
    assert window.start == START and window.end == START + timedelta(minutes=15)


class Request:
    def __init__(self, source: str, headers: dict[str, str]) -> None:
        self.context = {"identity": {"sourceIp": source}}
        self.headers = headers


def test_the_source_address_is_the_callers_or_the_viewer_cloudfront_saw() -> None:
    from chalicelib.handlers.source import source_address

    assert source_address(Request("198.51.100.7", {"x-forwarded-for": "10.9.9.9"})) == "198.51.100.7"  # direct
    through_cloudfront = {"x-amz-cf-id": "abc", "x-forwarded-for": "10.9.9.9, 203.0.113.5, 130.176.1.1"}
    assert source_address(Request("130.176.1.1", through_cloudfront)) == "203.0.113.5"  # the written one ignored
    assert source_address(Request("130.176.1.1", {"x-amz-cf-id": "abc", "x-forwarded-for": "203.0.113.5"})) \
        == "203.0.113.5"
