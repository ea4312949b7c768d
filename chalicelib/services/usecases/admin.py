"""Store administration (a store's agents) and store groups (a region...)."""
from __future__ import annotations

from dataclasses import replace

from ..domain import Agent, StoreGroup
from ..domain.errors import Forbidden, InvalidInput, NotFound
from ..ports.clock import Clock
from ..ports.repositories import AdminRepository, Directory, IdGenerator
from .accounts import check_picture_url
from .stores import check_name

MAX_GROUP_STORES = 500


class Admin:
    def __init__(self, directory: Directory, repository: AdminRepository, ids: IdGenerator, clock: Clock) -> None:
        self.directory = directory
        self.repository = repository
        self.ids = ids
        self.clock = clock

    # -- the agents of a store -------------------------------------------------------------
    def remove_from_store(self, admin: Agent, store_id: str, agent_id: str) -> Agent:
        """Takes away every right an agent has on a store; the store's agent_count follows."""
        agent = self._store_agent(admin, store_id, agent_id)
        updated = replace(agent, rights={s: r for s, r in agent.rights.items() if s != store_id})
        self.directory.save_rights(updated, agent.rights)
        return updated

    def change_store_rights(self, admin: Agent, store_id: str, agent_id: str, changes: dict[str, bool]) -> Agent:
        """Promotes or demotes a store admin, or changes perimeter and contactable, on one store."""
        agent = self._store_agent(admin, store_id, agent_id)
        rights = replace(agent.rights[store_id], **changes)
        matrix = {**agent.rights, store_id: rights}
        updated = replace(agent, rights={s: r for s, r in matrix.items() if r.any()})
        if updated.rights != agent.rights:
            self.directory.save_rights(updated, agent.rights)
        return updated

    def edit_agent(self, admin: Agent, agent_id: str, changes: dict) -> Agent:
        """Names and picture of an agent, by a brand admin or an admin of one of the agent's stores."""
        agent = self._agent(admin, agent_id)
        if not admin.brand_admin and not any(admin.is_store_admin(s) for s in agent.rights):
            raise Forbidden("only an admin of one of the agent's stores edits their profile")
        cleaned: dict = {}
        for name in ("first_name", "last_name"):
            if name in changes:
                cleaned[name] = check_person_name(changes[name], name)
        if "picture_url" in changes:
            cleaned["picture_url"] = check_picture_url(changes["picture_url"])
        updated = replace(agent, **cleaned)
        self.directory.save_agent(updated)
        return updated

    def _store_agent(self, admin: Agent, store_id: str, agent_id: str) -> Agent:
        if self.directory.get_store(admin.brand_id, store_id) is None or not admin.can_see(store_id):
            raise NotFound("no such store")
        if not admin.is_store_admin(store_id):
            raise Forbidden("only an admin of the store manages its agents")
        agent = self.directory.get_agent(admin.brand_id, agent_id)
        if agent is None or agent.deleted_at is not None or store_id not in agent.rights:
            raise NotFound("no such agent in this store")
        return agent

    def _agent(self, viewer: Agent, agent_id: str) -> Agent:
        agent = self.directory.get_agent(viewer.brand_id, agent_id)
        if agent is None or agent.deleted_at is not None:
            raise NotFound("no such agent")
        return agent

    # -- store groups ----------------------------------------------------------------------
    def list_groups(self, viewer: Agent) -> list[StoreGroup]:
        """Every group of the brand; each shows only the stores the viewer can see."""
        groups = self.repository.list_groups(viewer.brand_id)
        return sorted((replace(g, store_ids=[s for s in g.store_ids if viewer.can_see(s)]) for g in groups),
                      key=lambda g: g.name.lower())

    def create_group(self, admin: Agent, name: str, store_ids: list[str]) -> StoreGroup:
        self._brand_admin(admin)
        group = StoreGroup(brand_id=admin.brand_id, id=self.ids.new_id("g"), name=check_name(name),
                           store_ids=self._stores(admin, store_ids), created_at=self.clock.now())
        self.repository.add_group(group)
        return group

    def update_group(self, admin: Agent, group_id: str, changes: dict) -> StoreGroup:
        self._brand_admin(admin)
        group = self._group(admin, group_id)
        if "name" in changes:
            group.name = check_name(changes["name"])
        if "store_ids" in changes:
            group.store_ids = self._stores(admin, changes["store_ids"])
        self.repository.save_group(group)
        return group

    def delete_group(self, admin: Agent, group_id: str) -> None:
        self._brand_admin(admin)
        if not self.repository.delete_group(admin.brand_id, group_id):
            raise NotFound("no such group")

    def group_stores(self, viewer: Agent, group_id: str) -> tuple[str, ...]:
        """The stores of a group the viewer can see: what the inbox filter by group shows."""
        return tuple(s for s in self._group(viewer, group_id).store_ids if viewer.can_see(s))

    def _group(self, viewer: Agent, group_id: str) -> StoreGroup:
        group = self.repository.get_group(viewer.brand_id, group_id)
        if group is None:
            raise NotFound("no such group")
        return group

    def _stores(self, admin: Agent, store_ids: list[str]) -> list[str]:
        if len(store_ids) > MAX_GROUP_STORES:
            raise InvalidInput.field("store_ids", f"at most {MAX_GROUP_STORES} stores")
        known = {s.id for s in self.directory.list_stores(admin.brand_id)}
        unknown = [s for s in store_ids if s not in known]
        if unknown:
            message = f"no such store: {', '.join(unknown)}"
            raise InvalidInput.field("store_ids", message)
        return list(dict.fromkeys(store_ids))  # once each, in the order given

    @staticmethod
    def _brand_admin(agent: Agent) -> None:
        if not agent.brand_admin:
            raise Forbidden("only a brand admin manages store groups")


def check_person_name(value: object, field: str) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise InvalidInput.field(field, "must not be empty")
    if len(text) > 80:
        raise InvalidInput.field(field, "at most 80 characters")
    return text

