"""In-memory AdminRepository: store groups, roles, reset links and deletion, beside a FakeDirectory.

Kept alike DynamoAdmin by tests/contract/test_admin.py. Hands out copies, like the other fakes.
"""
from __future__ import annotations

from copy import deepcopy
from dataclasses import replace

from chalicelib.services.domain import Agent, PasswordReset, Role, StoreGroup
from chalicelib.services.domain.errors import AlreadyExists, Conflict, NotFound
from tests.fakes import FakeDirectory, _email_key


class FakeAdmin:
    def __init__(self, directory: FakeDirectory) -> None:
        self.directory = directory
        self.groups: dict[tuple[str, str], StoreGroup] = {}
        self.roles: dict[tuple[str, str], Role] = {}
        self.resets: dict[tuple[str, str], PasswordReset] = {}

    # -- store groups ----------------------------------------------------------------------
    def add_group(self, group: StoreGroup) -> None:
        if (group.brand_id, group.id) in self.groups:
            raise AlreadyExists("the group exists already")
        self.groups[(group.brand_id, group.id)] = deepcopy(group)

    def get_group(self, brand_id: str, group_id: str) -> StoreGroup | None:
        return deepcopy(self.groups.get((brand_id, group_id)))

    def list_groups(self, brand_id: str) -> list[StoreGroup]:
        return [deepcopy(g) for (b, _), g in sorted(self.groups.items()) if b == brand_id]

    def save_group(self, group: StoreGroup) -> None:
        current = self.groups.get((group.brand_id, group.id))
        if current is None:
            raise NotFound("no such group")
        current.name, current.store_ids = group.name, list(group.store_ids)

    def delete_group(self, brand_id: str, group_id: str) -> bool:
        return self.groups.pop((brand_id, group_id), None) is not None

    # -- roles -----------------------------------------------------------------------------
    def add_role(self, role: Role) -> None:
        if (role.brand_id, role.id) in self.roles:
            raise AlreadyExists("the role exists already")
        self.roles[(role.brand_id, role.id)] = deepcopy(role)

    def get_role(self, brand_id: str, role_id: str) -> Role | None:
        return deepcopy(self.roles.get((brand_id, role_id)))

    def list_roles(self, brand_id: str) -> list[Role]:
        return [deepcopy(r) for (b, _), r in sorted(self.roles.items()) if b == brand_id]

    def save_role(self, role: Role) -> None:
        current = self.roles.get((role.brand_id, role.id))
        if current is None:
            raise NotFound("no such role")
        current.name, current.sections, current.channels = role.name, list(role.sections), list(role.channels)

    def delete_role(self, brand_id: str, role_id: str) -> None:
        current = self.roles.get((brand_id, role_id))
        if current is None:
            raise NotFound("no such role")
        if current.agent_count > 0:
            raise Conflict("agents have this role: give them another one first", {"role_id": "in use"})
        del self.roles[(brand_id, role_id)]

    def set_role(self, agent: Agent, previous_role_id: str | None) -> None:
        if agent.role_id == previous_role_id:
            return
        stored = self._live_agent(agent)
        if agent.role_id and (agent.brand_id, agent.role_id) not in self.roles:
            raise Conflict("the role was deleted meanwhile", {"role_id": "no such role"})
        if agent.role_id:
            self.roles[(agent.brand_id, agent.role_id)].agent_count += 1
        if previous_role_id and (agent.brand_id, previous_role_id) in self.roles:
            self.roles[(agent.brand_id, previous_role_id)].agent_count -= 1
        stored.role_id = agent.role_id

    def _live_agent(self, agent: Agent) -> Agent:
        stored = self.directory.agents.get((agent.brand_id, agent.id))
        if stored is None or stored.deleted_at is not None:
            raise Conflict("the agent changed meanwhile")
        return stored

    # -- passwords -------------------------------------------------------------------------
    def save_password(self, agent: Agent) -> None:
        stored = self.directory.agents.get((agent.brand_id, agent.id))
        if stored is None or stored.deleted_at is not None:
            raise NotFound("no such agent")
        stored.password_hash, stored.password_changed_at = agent.password_hash, agent.password_changed_at

    def add_reset(self, reset: PasswordReset) -> None:
        self.resets[(reset.brand_id, reset.token)] = deepcopy(reset)

    def get_reset(self, brand_id: str, token: str) -> PasswordReset | None:
        return deepcopy(self.resets.get((brand_id, token)))

    def use_reset(self, reset: PasswordReset, agent: Agent) -> None:
        stored = self.resets.get((reset.brand_id, reset.token))
        if stored is None or stored.used_at is not None:
            raise Conflict("this link was used already: ask for a new one", {"token": "already used"})
        self.save_password(agent)  # raises before the link is marked used, like the transaction
        stored.used_at = reset.used_at

    # -- deletion --------------------------------------------------------------------------
    def delete_agent(self, tombstone: Agent, before: Agent) -> None:
        key = (before.brand_id, before.id)
        stored = self.directory.agents.get(key)
        if stored is None or stored.deleted_at is not None:
            raise Conflict("this account was deleted already")
        self.directory._count_agents(tombstone, before.rights)
        self.directory.emails.pop(_email_key(before.email), None)
        if before.role_id and (before.brand_id, before.role_id) in self.roles:
            self.roles[(before.brand_id, before.role_id)].agent_count -= 1
        self.directory.agents[key] = replace(deepcopy(tombstone), open_threads=stored.open_threads)
