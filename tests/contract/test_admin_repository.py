"""The AdminRepository contract (groups, roles, reset links, deletion) on the fake and on DynamoDB
(moto and DynamoDB Local)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta

import pytest

from chalicelib.models import keys, tables
from chalicelib.models.administration import DynamoAdmin
from chalicelib.models.directory import DynamoDirectory
from chalicelib.models.items.directory import PasswordResetItem
from chalicelib.services.domain import Brand, PasswordReset, Role, StoreGroup, StoreRights
from chalicelib.services.domain.errors import AlreadyExists, Conflict, NotFound
from tests.contract.test_repositories import AFTER_SALES, AT, BRAND, TRACKING, a_store, an_agent
from tests.dynamodb_local_support import OnBothBackends
from tests.fakes import FakeDirectory
from tests.fakes_admin import FakeAdmin

WRITE = StoreRights(perimeter=True, contactable=True)


def a_role(role_id: str = "r1", name: str = "Answers") -> Role:
    return Role(brand_id=BRAND, id=role_id, name=name, sections=["inbox"], channels=["sms"], created_at=AT)


def a_reset(token: str = "maison.reset1") -> PasswordReset:
    return PasswordReset(brand_id=BRAND, token=token, agent_id="a-paul", created_at=AT,
                         expires_at=AT + timedelta(hours=1))


class AdminContract:
    directory: FakeDirectory | DynamoDirectory
    repo: FakeAdmin | DynamoAdmin

    @contextmanager
    def backend(self) -> Iterator[tuple[object, object]]:
        raise NotImplementedError

    @pytest.fixture(autouse=True)
    def _repositories(self) -> Iterator[None]:
        with self.backend() as (directory, repo):
            self.directory, self.repo = directory, repo  # type: ignore[assignment]
            self.directory.add_brand(Brand(id=BRAND, name="Maison Lune", created_at=AT))
            self.directory.add_store(a_store())
            self.directory.add_store(replace(a_store(AFTER_SALES, "+33170000002"), name="After-sales"))
            self.paul = an_agent("a-paul", "paul@maison.test", {TRACKING: WRITE, AFTER_SALES: WRITE})
            self.directory.add_agent(self.paul)
            yield

    def counts(self) -> dict[str, int]:
        return {s.id: s.agent_count for s in self.directory.list_stores(BRAND)}

    # -- agent fields ------------------------------------------------------------------------
    def test_an_agents_new_fields_come_back_as_saved(self) -> None:
        lea = replace(an_agent("a-lea", "lea@maison.test"), picture_url="https://cdn.test/lea.png",
                      password_changed_at=AT, role_id=None)
        self.directory.add_agent(lea)
        assert self.directory.get_agent(BRAND, "a-lea") == lea
        self.directory.save_agent(replace(lea, picture_url=None))
        assert self.directory.get_agent(BRAND, "a-lea").picture_url is None  # type: ignore[union-attr]

    # -- groups ------------------------------------------------------------------------------
    def test_groups_come_back_as_saved_and_go(self) -> None:
        north = StoreGroup(brand_id=BRAND, id="g1", name="North", store_ids=[TRACKING, AFTER_SALES], created_at=AT)
        self.repo.add_group(north)
        self.repo.add_group(replace(north, id="g2", name="South", store_ids=[]))
        with pytest.raises(AlreadyExists):
            self.repo.add_group(north)
        assert self.repo.get_group(BRAND, "g1") == north
        assert self.repo.get_group("other-brand", "g1") is None
        self.repo.save_group(replace(north, name="Nord", store_ids=[AFTER_SALES]))
        assert [(g.id, g.name, g.store_ids) for g in self.repo.list_groups(BRAND)] == [
            ("g1", "Nord", [AFTER_SALES]), ("g2", "South", [])]
        assert self.repo.delete_group(BRAND, "g1") is True
        assert self.repo.delete_group(BRAND, "g1") is False
        with pytest.raises(NotFound):
            self.repo.save_group(north)
        assert [g.id for g in self.repo.list_groups(BRAND)] == ["g2"]

    # -- roles -------------------------------------------------------------------------------
    def test_roles_come_back_as_saved(self) -> None:
        self.repo.add_role(a_role())
        with pytest.raises(AlreadyExists):
            self.repo.add_role(a_role())
        assert self.repo.get_role(BRAND, "r1") == a_role()
        self.repo.save_role(replace(a_role(), name="Stats", sections=["statistics"], channels=[], agent_count=7))
        assert self.repo.list_roles(BRAND) == [replace(a_role(), name="Stats", sections=["statistics"], channels=[])]
        with pytest.raises(NotFound):
            self.repo.save_role(a_role("r-gone"))

    def test_a_role_counts_its_agents_and_is_deleted_only_when_nobody_has_it(self) -> None:
        self.repo.add_role(a_role("r1"))
        self.repo.add_role(a_role("r2", "Other"))
        self.repo.set_role(replace(self.paul, role_id="r1"), None)
        assert self.directory.get_agent(BRAND, "a-paul").role_id == "r1"  # type: ignore[union-attr]
        with pytest.raises(Conflict):
            self.repo.delete_role(BRAND, "r1")
        self.repo.set_role(replace(self.paul, role_id="r2"), "r1")
        assert [(r.id, r.agent_count) for r in self.repo.list_roles(BRAND)] == [("r1", 0), ("r2", 1)]
        self.repo.delete_role(BRAND, "r1")
        with pytest.raises(NotFound):
            self.repo.delete_role(BRAND, "r1")
        with pytest.raises(Conflict):  # the role went meanwhile: nothing changes
            self.repo.set_role(replace(self.paul, role_id="r1"), "r2")
        assert self.directory.get_agent(BRAND, "a-paul").role_id == "r2"  # type: ignore[union-attr]
        assert self.repo.get_role(BRAND, "r2").agent_count == 1  # type: ignore[union-attr]

    # -- passwords ---------------------------------------------------------------------------
    def test_saving_a_password_touches_nothing_else(self) -> None:
        changed = replace(self.paul, password_hash="plain:new", password_changed_at=AT, first_name="Ignored")
        self.repo.save_password(changed)
        stored = self.directory.get_agent(BRAND, "a-paul")
        assert stored == replace(self.paul, password_hash="plain:new", password_changed_at=AT)

    def test_a_reset_link_is_used_once(self) -> None:
        self.repo.add_reset(a_reset())
        assert self.repo.get_reset(BRAND, "maison.reset1") == a_reset()
        assert self.repo.get_reset(BRAND, "maison.reset2") is None
        used = replace(a_reset(), used_at=AT + timedelta(minutes=5))
        self.repo.use_reset(used, replace(self.paul, password_hash="plain:new", password_changed_at=used.used_at))
        assert self.repo.get_reset(BRAND, "maison.reset1") == used
        assert self.directory.get_agent(BRAND, "a-paul").password_hash == "plain:new"  # type: ignore[union-attr]
        with pytest.raises(Conflict):
            self.repo.use_reset(used, replace(self.paul, password_hash="plain:again"))
        assert self.directory.get_agent(BRAND, "a-paul").password_hash == "plain:new"  # type: ignore[union-attr]

    # -- deletion ----------------------------------------------------------------------------
    def test_deletion_leaves_a_tombstone_frees_the_email_and_keeps_counts_exact(self) -> None:
        self.repo.add_role(a_role())
        self.repo.set_role(replace(self.paul, role_id="r1"), None)
        paul = self.directory.get_agent(BRAND, "a-paul")
        assert paul is not None and self.counts() == {TRACKING: 1, AFTER_SALES: 1}
        stone = replace(an_agent("a-paul", ""), password_hash="", first_name="", last_name="", rights={},
                        notify_new_message=False, deleted_at=AT)
        self.repo.delete_agent(stone, paul)
        assert self.directory.get_agent(BRAND, "a-paul") == stone
        assert self.directory.find_agent_by_email("paul@maison.test") is None
        assert self.directory.list_agents(BRAND) == []
        assert self.counts() == {TRACKING: 0, AFTER_SALES: 0}
        assert self.repo.get_role(BRAND, "r1").agent_count == 0  # type: ignore[union-attr]
        with pytest.raises(Conflict):
            self.repo.delete_agent(stone, paul)
        assert self.counts() == {TRACKING: 0, AFTER_SALES: 0}
        self.directory.add_agent(an_agent("a-paul2", "paul@maison.test"))  # the address is free again


class TestFakeAdmin(AdminContract):
    @contextmanager
    def backend(self) -> Iterator[tuple[object, object]]:
        directory = FakeDirectory()
        yield directory, FakeAdmin(directory)


class TestDynamoAdmin(AdminContract, OnBothBackends):
    @contextmanager
    def backend(self) -> Iterator[tuple[object, object]]:
        with self.fresh_table():
            yield DynamoDirectory(), DynamoAdmin()

    def test_only_the_hash_of_a_reset_token_is_stored(self) -> None:
        self.repo.add_reset(a_reset())
        (item,) = PasswordResetItem.query(keys.brand_pk(BRAND), tables.Item.sk.startswith("RESET#"))
        assert "reset1" not in item.sk and item.sk == keys.reset_sk("maison.reset1")
        assert item.expires_at is not None  # the table's TTL removes it in the end
