"""Login, invitations and rights (SPEC A3, A4, A6), on fakes, with the clock in the test's hands."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.adapters.tokens import JwtTokens
from chalicelib.services.domain import Agent, Brand, Store, StoreRights
from chalicelib.services.domain.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotAuthenticated,
    NotFound,
)
from chalicelib.services.ports.clock import FixedClock
from chalicelib.services.ports.ids import SequentialIds
from chalicelib.services.usecases.accounts import Accounts
from tests.fakes import FakeDirectory, FakeMailer, PlainHasher

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TRACKING, AFTER_SALES = "s-tracking", "s-after-sales"
WRITE = StoreRights(perimeter=True, contactable=True)
NONE = StoreRights()


class People:
    """Maison Lune: a brand admin, a store admin of Order tracking, and an agent of both stores."""

    def __init__(self) -> None:
        self.clock = FixedClock(MONDAY)
        self.directory, self.mailer = FakeDirectory(), FakeMailer()
        self.accounts = Accounts(self.directory, PlainHasher(), JwtTokens("a test secret of at least 32 characters"),
                                 self.mailer, SequentialIds(), self.clock, "https://comptoir.test/", self.clock)
        self.directory.add_brand(Brand(id="maison", name="Maison Lune"))
        for store_id, name in [(TRACKING, "Order tracking"), (AFTER_SALES, "After-sales")]:
            self.directory.add_store(Store(brand_id="maison", id=store_id, name=name, timezone="Europe/Paris"))
        self.boss = self.add("boss@maison.test", brand_admin=True)
        self.ines = self.add("ines@maison.test", first_name="Inès", rights={TRACKING: StoreRights(True, True, True)})
        self.paul = self.add("paul@maison.test", rights={TRACKING: WRITE, AFTER_SALES: WRITE})

    def add(self, email: str, **kwargs) -> Agent:  # type: ignore[no-untyped-def]
        agent = self.accounts.new_agent(brand_id="maison", email=email, password="correct horse", **kwargs)
        self.directory.add_agent(agent)
        return agent

    def agent_counts(self) -> dict[str, int]:
        return {s.id: s.agent_count for s in self.directory.list_stores("maison")}

    def invite_lea(self) -> str:
        """Inès invites Léa to Order tracking: the token of the link in the e-mail."""
        self.accounts.invite(self.ines, " Lea@Maison.test ", TRACKING)
        (mail,) = self.mailer.to("lea@maison.test")
        return mail.body.split("/invitations/")[1].split()[0]


@pytest.fixture
def people() -> People:
    return People()


def test_login_gives_a_token_that_names_the_agent(people: People) -> None:
    token, agent = people.accounts.login(" INES@maison.test", "correct horse")
    assert agent.id == people.ines.id and people.accounts.authenticate(token).id == people.ines.id


def test_login_with_a_wrong_password_or_an_unknown_email_is_refused_alike(people: People) -> None:
    for email, password in [("ines@maison.test", "wrong horse"), ("nobody@maison.test", "correct horse")]:
        with pytest.raises(NotAuthenticated) as refusal:
            people.accounts.login(email, password)
        assert refusal.value.detail == "wrong e-mail or password"


def test_a_token_expires_after_12_hours(people: People) -> None:
    token, _ = people.accounts.login("ines@maison.test", "correct horse")
    people.clock.advance(timedelta(hours=11, minutes=59).total_seconds())
    assert people.accounts.authenticate(token).id == people.ines.id
    people.clock.advance(60)
    with pytest.raises(NotAuthenticated):
        people.accounts.authenticate(token)


def test_an_invitation_is_mailed_with_its_link(people: People) -> None:
    token = people.invite_lea()
    (mail,) = people.mailer.to("lea@maison.test")
    assert f"https://comptoir.test/invitations/{token}" in mail.body and "Order tracking" in mail.body
    assert "Inès" in mail.subject and "Maison Lune" in mail.subject


def test_an_accepted_invitation_makes_an_agent_of_the_store(people: People) -> None:
    token = people.invite_lea()
    people.clock.advance(3600)
    session, lea = people.accounts.accept_invitation(token, "léa's password", "Léa", "Martin")
    assert lea.rights == {TRACKING: WRITE} and lea.email == "lea@maison.test"
    assert people.accounts.authenticate(session).id == lea.id
    assert people.accounts.login("lea@maison.test", "léa's password")[1].id == lea.id
    assert people.agent_counts() == {TRACKING: 3, AFTER_SALES: 1}


def test_an_invitation_is_accepted_once(people: People) -> None:
    token = people.invite_lea()
    people.accounts.accept_invitation(token, "léa's password", "Léa", "Martin")
    with pytest.raises(Conflict) as refusal:
        people.accounts.accept_invitation(token, "another password", "Léa", "Martin")
    assert refusal.value.errors == {"token": "already accepted"}
    assert people.agent_counts()[TRACKING] == 3


def test_an_invitation_expires_after_7_days(people: People) -> None:
    token = people.invite_lea()
    people.clock.advance(timedelta(days=7, minutes=1).total_seconds())
    with pytest.raises(Conflict) as refusal:
        people.accounts.accept_invitation(token, "léa's password", "Léa", "Martin")
    assert refusal.value.errors == {"token": "expired"}


def test_an_invitation_is_still_valid_after_6_days_23_hours(people: People) -> None:
    token = people.invite_lea()
    people.clock.advance(timedelta(days=6, hours=23).total_seconds())
    assert people.accounts.accept_invitation(token, "léa's password", "Léa", "Martin")[1].email == "lea@maison.test"


def test_an_unknown_or_forged_invitation_is_not_found(people: People) -> None:
    people.invite_lea()
    for token in ("maison.token999999", "rival.token000001", "no-dot"):
        with pytest.raises(NotFound):
            people.accounts.accept_invitation(token, "léa's password", "Léa", "Martin")


def test_the_inviter_is_told_of_the_acceptance_when_opted_in(people: People) -> None:
    people.accounts.accept_invitation(people.invite_lea(), "léa's password", "Léa", "Martin")
    (told,) = people.mailer.to("ines@maison.test")
    assert "Léa Martin accepted your invitation" == told.subject


def test_the_inviter_is_not_told_when_opted_out(people: People) -> None:
    people.accounts.update_profile(people.ines, {"notify_invitation_accepted": False})
    people.ines = people.directory.get_agent("maison", people.ines.id)  # type: ignore[assignment]
    people.accounts.accept_invitation(people.invite_lea(), "léa's password", "Léa", "Martin")
    assert people.mailer.to("ines@maison.test") == []


def test_only_an_admin_of_the_store_invites_to_it(people: People) -> None:
    with pytest.raises(Forbidden):
        people.accounts.invite(people.paul, "lea@maison.test", TRACKING)
    with pytest.raises(InvalidInput):
        people.accounts.invite(people.ines, "lea@maison.test", AFTER_SALES)  # a store out of her sight
    with pytest.raises(InvalidInput):
        people.accounts.invite(people.ines, "not an e-mail", TRACKING)
    assert people.mailer.sent == []


def test_the_email_is_not_a_plain_profile_setting(people: People) -> None:
    """It changes through the link mailed to the new address (tests/unit/test_account_safety.py)."""
    with pytest.raises(InvalidInput):
        people.accounts.update_profile(people.paul, {"email": "paul.d@maison.test", "first_name": "Paul"})
    updated = people.accounts.update_profile(people.paul, {"first_name": "Paul"})
    assert people.accounts.login("paul@maison.test", "correct horse")[1].first_name == updated.first_name == "Paul"


def test_rights_are_saved_as_a_whole_matrix_and_keep_agent_count_exact(people: People) -> None:
    assert people.agent_counts() == {TRACKING: 2, AFTER_SALES: 1}
    matrix = {TRACKING: NONE, AFTER_SALES: StoreRights(admin=True)}
    updated = people.accounts.set_rights(people.boss, people.paul.id, matrix)
    assert updated.rights == {AFTER_SALES: StoreRights(admin=True)}  # a row without any right is no right
    assert people.directory.get_agent("maison", people.paul.id).rights == updated.rights  # type: ignore[union-attr]
    assert people.agent_counts() == {TRACKING: 1, AFTER_SALES: 1}
    people.accounts.set_rights(people.boss, people.ines.id, {TRACKING: WRITE, AFTER_SALES: WRITE})
    assert people.agent_counts() == {TRACKING: 1, AFTER_SALES: 2}


def test_a_store_admin_changes_the_rights_of_their_store(people: People) -> None:
    matrix = {TRACKING: StoreRights(perimeter=False, contactable=True), AFTER_SALES: WRITE}
    assert people.accounts.set_rights(people.ines, people.paul.id, matrix).rights == matrix


def test_a_store_admin_cannot_change_other_stores(people: People) -> None:
    for matrix in ({TRACKING: WRITE, AFTER_SALES: StoreRights(True, True, True)}, {TRACKING: WRITE}):
        with pytest.raises(Forbidden):
            people.accounts.set_rights(people.ines, people.paul.id, matrix)
    with pytest.raises(Forbidden):
        people.accounts.set_rights(people.paul, people.ines.id, {TRACKING: NONE})  # not an admin at all
    assert people.agent_counts() == {TRACKING: 2, AFTER_SALES: 1}


def test_a_store_admin_saves_the_whole_matrix_with_empty_rows_for_other_stores(people: People) -> None:
    lea = people.add("lea@maison.test", rights={TRACKING: WRITE})
    matrix = {TRACKING: StoreRights(True, True, False), AFTER_SALES: NONE}  # as the rights screen sends it
    assert people.accounts.set_rights(people.ines, lea.id, matrix).rights == {TRACKING: StoreRights(True, True, False)}


def test_rights_name_stores_of_the_brand_only(people: People) -> None:
    with pytest.raises(InvalidInput) as refusal:
        people.accounts.set_rights(people.boss, people.paul.id, {"s-rival": WRITE})
    assert "stores.s-rival" in refusal.value.errors
    with pytest.raises(NotFound):
        people.accounts.set_rights(people.boss, "a-unknown", {TRACKING: WRITE})


def test_agents_of_a_store_include_brand_admins(people: People) -> None:
    listed = {a.email for a in people.accounts.list_agents(people.ines, TRACKING)}
    assert listed == {"boss@maison.test", "ines@maison.test", "paul@maison.test"}
    with pytest.raises(NotFound):
        people.accounts.list_agents(people.ines, AFTER_SALES)


def test_a_password_has_at_least_8_characters(people: People) -> None:
    with pytest.raises(InvalidInput) as refusal:
        people.accounts.accept_invitation(people.invite_lea(), "short", "Léa", "Martin")
    assert "password" in refusal.value.errors
