"""Store administration, groups, passwords, deletion and roles (SPEC A5-A8), on fakes."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from chalicelib.services.domain import Agent, Role, StoreRights, access
from chalicelib.services.domain.errors import Conflict, Forbidden, InvalidInput, NotAuthenticated, NotFound
from chalicelib.services.ports.ids import SequentialIds
from chalicelib.services.usecases.admin import Admin
from chalicelib.services.usecases.credentials import Credentials
from chalicelib.services.usecases.roles import Roles
from tests.fakes_admin import FakeAdmin
from tests.unit.test_accounts import AFTER_SALES, TRACKING, WRITE, People

ADMIN = StoreRights(True, True, True)


class Shop(People):
    """People of Maison Lune, with the administration services over a FakeAdmin."""

    def __init__(self) -> None:
        super().__init__()
        self.repo = FakeAdmin(self.directory)
        ids = SequentialIds()
        self.admin = Admin(self.directory, self.repo, ids, self.clock)
        self.roles = Roles(self.repo, self.directory, ids, self.clock, ("sms",))
        self.credentials = Credentials(self.directory, self.repo, self.accounts)

    def fresh(self, agent: Agent) -> Agent:
        found = self.directory.get_agent("maison", agent.id)
        assert found is not None
        return found


@pytest.fixture
def shop() -> Shop:
    return Shop()


# -- A5: the agents of a store ------------------------------------------------------------------
def test_a_store_admin_removes_an_agent_from_their_store_and_the_count_follows(shop: Shop) -> None:
    shop.admin.remove_from_store(shop.ines, TRACKING, shop.paul.id)
    assert shop.fresh(shop.paul).rights == {AFTER_SALES: WRITE}
    assert shop.agent_counts() == {TRACKING: 1, AFTER_SALES: 1}


def test_removing_needs_the_store_admin_and_an_agent_in_the_store(shop: Shop) -> None:
    with pytest.raises(NotFound):  # Inès cannot see After-sales at all
        shop.admin.remove_from_store(shop.ines, AFTER_SALES, shop.paul.id)
    with pytest.raises(Forbidden):  # Paul sees Order tracking but does not administer it
        shop.admin.remove_from_store(shop.paul, TRACKING, shop.ines.id)
    with pytest.raises(NotFound):
        shop.admin.remove_from_store(shop.boss, AFTER_SALES, shop.ines.id)
    assert shop.agent_counts() == {TRACKING: 2, AFTER_SALES: 1}


def test_promote_and_demote_a_store_admin(shop: Shop) -> None:
    promoted = shop.admin.change_store_rights(shop.ines, TRACKING, shop.paul.id, {"admin": True})
    assert promoted.rights[TRACKING] == ADMIN and shop.fresh(shop.paul).is_store_admin(TRACKING)
    shop.admin.change_store_rights(shop.boss, TRACKING, shop.paul.id, {"admin": False})
    assert shop.fresh(shop.paul).rights[TRACKING] == WRITE


def test_taking_every_right_away_on_a_store_removes_the_agent_from_it(shop: Shop) -> None:
    shop.admin.change_store_rights(shop.boss, AFTER_SALES, shop.paul.id, {"perimeter": False, "contactable": False})
    assert AFTER_SALES not in shop.fresh(shop.paul).rights and shop.agent_counts()[AFTER_SALES] == 0


def test_a_store_admin_edits_the_profile_of_an_agent_of_their_store_only(shop: Shop) -> None:
    edited = shop.admin.edit_agent(shop.ines, shop.paul.id, {"first_name": " Paul ", "picture_url": "https://p.test/a"})
    assert (edited.first_name, shop.fresh(shop.paul).picture_url) == ("Paul", "https://p.test/a")
    lone = shop.add("lone@maison.test", rights={AFTER_SALES: WRITE})
    with pytest.raises(Forbidden):
        shop.admin.edit_agent(shop.ines, lone.id, {"first_name": "X"})
    with pytest.raises(InvalidInput) as error:
        shop.admin.edit_agent(shop.boss, lone.id, {"picture_url": "http://insecure.test/a"})
    assert "picture_url" in error.value.errors
    with pytest.raises(InvalidInput):
        shop.admin.edit_agent(shop.boss, lone.id, {"last_name": "  "})
    with pytest.raises(NotFound):
        shop.admin.edit_agent(shop.boss, "a-nobody", {"first_name": "X"})


# -- A7: store groups --------------------------------------------------------------------------
def test_groups_show_each_viewer_only_the_stores_it_sees(shop: Shop) -> None:
    group = shop.admin.create_group(shop.boss, " North ", [TRACKING, AFTER_SALES, TRACKING])
    assert (group.name, group.store_ids) == ("North", [TRACKING, AFTER_SALES])
    (seen,) = shop.admin.list_groups(shop.ines)
    assert seen.store_ids == [TRACKING]
    assert shop.admin.group_stores(shop.ines, group.id) == (TRACKING,)
    assert shop.admin.group_stores(shop.boss, group.id) == (TRACKING, AFTER_SALES)


def test_only_brand_admins_manage_groups_of_known_stores(shop: Shop) -> None:
    with pytest.raises(Forbidden):
        shop.admin.create_group(shop.ines, "North", [TRACKING])
    with pytest.raises(InvalidInput) as error:
        shop.admin.create_group(shop.boss, "North", [TRACKING, "s-nope"])
    assert "store_ids" in error.value.errors and "s-nope" in error.value.errors["store_ids"]
    assert shop.admin.list_groups(shop.boss) == []
    group = shop.admin.create_group(shop.boss, "North", [TRACKING])
    with pytest.raises(InvalidInput):
        shop.admin.update_group(shop.boss, group.id, {"name": "South", "store_ids": ["s-nope"]})
    assert shop.admin.list_groups(shop.boss)[0].name == "North"  # nothing changed
    shop.admin.update_group(shop.boss, group.id, {"store_ids": [AFTER_SALES]})
    shop.admin.delete_group(shop.boss, group.id)
    with pytest.raises(NotFound):
        shop.admin.delete_group(shop.boss, group.id)
    with pytest.raises(NotFound):
        shop.admin.group_stores(shop.boss, group.id)


# -- A6: passwords -----------------------------------------------------------------------------
def test_changing_the_password_ends_older_sessions(shop: Shop) -> None:
    old, _ = shop.accounts.login("paul@maison.test", "correct horse")
    shop.clock.advance(1)
    with pytest.raises(Forbidden) as error:
        shop.credentials.change_password(shop.paul, "wrong horse", "battery staple")
    assert "current_password" in error.value.errors
    with pytest.raises(InvalidInput) as error:
        shop.credentials.change_password(shop.paul, "correct horse", "short")
    assert "new_password" in error.value.errors
    assert shop.accounts.authenticate(old).id == shop.paul.id  # refused changes change nothing
    shop.credentials.change_password(shop.paul, "correct horse", "battery staple")
    with pytest.raises(NotAuthenticated):
        shop.accounts.authenticate(old)
    new, _ = shop.accounts.login("paul@maison.test", "battery staple")
    assert shop.accounts.authenticate(new).id == shop.paul.id


def test_a_session_opened_in_the_same_millisecond_as_the_change_works(shop: Shop) -> None:
    shop.credentials.change_password(shop.paul, "correct horse", "battery staple")
    token, _ = shop.accounts.login("paul@maison.test", "battery staple")  # the clock has not moved
    assert shop.accounts.authenticate(token).id == shop.paul.id


def reset_link(shop: Shop, email: str) -> str:
    mail = shop.mailer.to(email)[-1]
    return mail.body.split("/reset-password/")[1].split()[0]


def test_a_reset_link_works_once_and_logs_in(shop: Shop) -> None:
    old, _ = shop.accounts.login("paul@maison.test", "correct horse")
    shop.clock.advance(60)
    shop.credentials.request_reset(" PAUL@maison.test ")
    token = reset_link(shop, "paul@maison.test")
    assert token.startswith("maison.")
    session, agent = shop.credentials.reset_password(token, "battery staple")
    assert agent.id == shop.paul.id and shop.accounts.authenticate(session).id == shop.paul.id
    with pytest.raises(NotAuthenticated):
        shop.accounts.authenticate(old)
    with pytest.raises(Conflict):
        shop.credentials.reset_password(token, "another password")
    assert shop.accounts.login("paul@maison.test", "battery staple")


def test_a_reset_link_expires_after_an_hour(shop: Shop) -> None:
    shop.credentials.request_reset("paul@maison.test")
    token = reset_link(shop, "paul@maison.test")
    shop.clock.advance(timedelta(hours=1, seconds=1).total_seconds())
    with pytest.raises(NotFound) as error:
        shop.credentials.reset_password(token, "battery staple")
    assert "expired" in error.value.detail
    with pytest.raises(NotFound):
        shop.credentials.reset_password("maison.forged", "battery staple")


def test_a_reset_for_an_unknown_address_sends_nothing_and_says_nothing(shop: Shop) -> None:
    shop.credentials.request_reset("nobody@maison.test")
    assert shop.mailer.to("nobody@maison.test") == [] and shop.repo.resets == {}
    with pytest.raises(InvalidInput):
        shop.credentials.request_reset("not an address")


def test_a_short_password_keeps_the_link_usable(shop: Shop) -> None:
    shop.credentials.request_reset("paul@maison.test")
    token = reset_link(shop, "paul@maison.test")
    with pytest.raises(InvalidInput) as error:
        shop.credentials.reset_password(token, "short")
    assert "password" in error.value.errors
    assert shop.credentials.reset_password(token, "battery staple")


# -- A6: deletion ------------------------------------------------------------------------------
def test_deleting_an_account_keeps_a_tombstone_and_frees_the_email(shop: Shop) -> None:
    token, _ = shop.accounts.login("paul@maison.test", "correct horse")
    with pytest.raises(Forbidden) as error:
        shop.credentials.delete_own_account(shop.paul, "wrong horse")
    assert "password" in error.value.errors
    shop.credentials.delete_own_account(shop.paul, "correct horse")
    stone = shop.fresh(shop.paul)
    assert stone.deleted_at == shop.clock.now() and (stone.email, stone.first_name, stone.rights) == ("", "", {})
    assert shop.paul.id not in [a.id for a in shop.directory.list_agents("maison")]
    assert shop.agent_counts() == {TRACKING: 1, AFTER_SALES: 0}
    with pytest.raises(NotAuthenticated):
        shop.accounts.authenticate(token)
    with pytest.raises(NotAuthenticated):
        shop.accounts.login("paul@maison.test", "correct horse")
    assert shop.add("paul@maison.test").id != shop.paul.id  # the address is free again


def test_the_last_brand_admin_stays(shop: Shop) -> None:
    with pytest.raises(Conflict):
        shop.credentials.delete_own_account(shop.boss, "correct horse")
    second = shop.add("second@maison.test", brand_admin=True)
    with pytest.raises(Forbidden):
        shop.credentials.delete_agent(shop.ines, second.id)
    shop.credentials.delete_agent(shop.boss, second.id)
    with pytest.raises(NotFound):
        shop.credentials.delete_agent(shop.boss, second.id)
    with pytest.raises(Conflict):
        shop.credentials.delete_agent(shop.boss, shop.boss.id)


# -- A8: roles ---------------------------------------------------------------------------------
def test_a_role_restricts_sections_and_channels_but_never_a_brand_admin(shop: Shop) -> None:
    role = Role(brand_id="maison", id="r1", name="Answers", sections=["inbox"], channels=[], agent_count=1)
    paul = shop.roles.effective(shop.paul)
    assert access.sections_of(paul) == ["inbox", "statistics", "admin"]  # no role: everything
    shop.repo.add_role(role)
    paul = shop.roles.effective(replace(shop.paul, role_id="r1"))
    access.require_section(paul, "inbox")
    access.require_section(paul, None)
    with pytest.raises(Forbidden):
        access.require_section(paul, "statistics")
    with pytest.raises(Forbidden):
        access.require_channel(paul, "sms")
    boss = shop.roles.effective(replace(shop.boss, role_id="r1"))
    access.require_section(boss, "statistics")
    access.require_channel(boss, "sms")
    assert access.channels_of(boss, ("sms",)) == ["sms"]


def test_a_role_that_cannot_be_found_allows_nothing(shop: Shop) -> None:
    ghost = shop.roles.effective(replace(shop.paul, role_id="r-gone"))
    with pytest.raises(Forbidden):
        access.require_section(ghost, "inbox")


def test_routes_belong_to_sections() -> None:
    assert access.section_for("GET", "/v1/stats/top-stores.csv") == "statistics"
    assert access.section_for("GET", "/v1/stats") == "statistics"
    assert access.section_for("POST", "/v1/threads/{thread_id}/messages") == "inbox"
    assert access.section_for("GET", "/v1/threads") == "inbox"
    assert access.section_for("PUT", "/v1/stores/{store_id}/escalation") == "admin"
    assert access.section_for("PUT", "/v1/agents/{agent_id}/rights") == "admin"
    assert access.section_for("POST", "/v1/invitations") == "admin"
    assert access.section_for("GET", "/v1/stores") is None
    assert access.section_for("PATCH", "/v1/me") is None
    assert access.section_for("GET", "/v1/statsx") is None


def test_roles_are_managed_by_brand_admins_with_known_sections_and_channels(shop: Shop) -> None:
    with pytest.raises(Forbidden):
        shop.roles.create(shop.ines, "Answers", ["inbox"], ["sms"])
    with pytest.raises(InvalidInput) as error:
        shop.roles.create(shop.boss, "Answers", ["inbox", "billing"], ["sms"])
    assert "sections.1" in error.value.errors
    with pytest.raises(InvalidInput) as error:
        shop.roles.create(shop.boss, "Answers", ["inbox"], ["fax"])
    assert "channels.0" in error.value.errors
    role = shop.roles.create(shop.boss, "Answers", ["statistics", "inbox"], ["sms"])
    assert role.sections == ["inbox", "statistics"]
    with pytest.raises(Conflict) as error:
        shop.roles.create(shop.boss, " answers ", ["inbox"], ["sms"])
    assert "name" in error.value.errors
    assert shop.roles.update(shop.boss, role.id, {"sections": ["inbox"]}).sections == ["inbox"]
    assert [r.name for r in shop.roles.list_roles(shop.paul)] == ["Answers"]


def test_a_role_in_use_is_not_deleted_and_counts_follow_assignments(shop: Shop) -> None:
    role = shop.roles.create(shop.boss, "Answers", ["inbox"], ["sms"])
    with pytest.raises(Forbidden):
        shop.roles.assign(shop.ines, shop.paul.id, role.id)
    with pytest.raises(InvalidInput) as error:
        shop.roles.assign(shop.boss, shop.paul.id, "r-nope")
    assert "role_id" in error.value.errors
    shop.roles.assign(shop.boss, shop.paul.id, role.id)
    shop.roles.assign(shop.boss, shop.paul.id, role.id)  # again: counted once
    assert shop.repo.get_role("maison", role.id).agent_count == 1  # type: ignore[union-attr]
    with pytest.raises(Conflict):
        shop.roles.delete(shop.boss, role.id)
    shop.roles.assign(shop.boss, shop.paul.id, None)
    assert shop.fresh(shop.paul).role_id is None
    shop.roles.delete(shop.boss, role.id)
    with pytest.raises(NotFound):
        shop.roles.delete(shop.boss, role.id)


def test_deleting_an_agent_frees_its_role(shop: Shop) -> None:
    role = shop.roles.create(shop.boss, "Answers", ["inbox"], ["sms"])
    shop.roles.assign(shop.boss, shop.paul.id, role.id)
    shop.credentials.delete_agent(shop.boss, shop.paul.id)
    shop.roles.delete(shop.boss, role.id)
    assert shop.roles.list_roles(shop.boss) == []
