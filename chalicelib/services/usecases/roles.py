"""Roles: named sets of sections and channels, given to employees by brand admins."""
from __future__ import annotations

from dataclasses import replace

from ..domain import Agent, Role
from ..domain.access import SECTIONS, restricted
from ..domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from ..ports.clock import Clock
from ..ports.repositories import AdminRepository, Directory, IdGenerator
from .stores import check_name


def _choices(values: list[str], allowed: tuple[str, ...], field: str) -> list[str]:
    for position, value in enumerate(values):
        if value not in allowed:
            raise InvalidInput.field(f"{field}.{position}", f"'{value}' is not one of {', '.join(allowed)}")
    if len(set(values)) != len(values):
        raise InvalidInput.field(field, "a value appears twice")
    return [v for v in allowed if v in values]  # one order everywhere


class Roles:
    def __init__(self, repository: AdminRepository, directory: Directory, ids: IdGenerator, clock: Clock,
                 channels: tuple[str, ...]) -> None:
        self.repository = repository
        self.channels = channels  # what a role may open: the channels the product answers on
        self.directory = directory
        self.ids = ids
        self.clock = clock

    def effective(self, agent: Agent) -> Agent:
        """The caller with its role loaded (one read, only for an agent a role restricts)."""
        if not restricted(agent) or agent.role_id is None:
            return agent
        return replace(agent, role=self.repository.get_role(agent.brand_id, agent.role_id))

    def list_roles(self, viewer: Agent) -> list[Role]:
        return sorted(self.repository.list_roles(viewer.brand_id), key=lambda r: r.name.lower())

    def create(self, admin: Agent, name: str, sections: list[str], channels: list[str]) -> Role:
        self._brand_admin(admin)
        role = Role(brand_id=admin.brand_id, id=self.ids.new_id("r"), name=self._free_name(admin, name, None),
                    sections=_choices(sections, SECTIONS, "sections"),
                    channels=_choices(channels, self.channels, "channels"), created_at=self.clock.now())
        self.repository.add_role(role)
        return role

    def update(self, admin: Agent, role_id: str, changes: dict) -> Role:
        self._brand_admin(admin)
        role = self._role(admin, role_id)
        if "name" in changes:
            role.name = self._free_name(admin, changes["name"], role_id)
        if "sections" in changes:
            role.sections = _choices(changes["sections"], SECTIONS, "sections")
        if "channels" in changes:
            role.channels = _choices(changes["channels"], self.channels, "channels")
        self.repository.save_role(role)
        return role

    def delete(self, admin: Agent, role_id: str) -> None:
        """Refused (409) while an agent has the role."""
        self._brand_admin(admin)
        self.repository.delete_role(admin.brand_id, role_id)

    def assign(self, admin: Agent, agent_id: str, role_id: str | None) -> Agent:
        """Gives an agent a role, or none (every section and channel)."""
        self._brand_admin(admin)
        agent = self.directory.get_agent(admin.brand_id, agent_id)
        if agent is None or agent.deleted_at is not None:
            raise NotFound("no such agent")
        if role_id is not None and self.repository.get_role(admin.brand_id, role_id) is None:
            raise InvalidInput.field("role_id", "no such role")
        updated = replace(agent, role_id=role_id)
        self.repository.set_role(updated, agent.role_id)
        return updated

    def role_of(self, agent: Agent) -> Role | None:
        if agent.role is not None or agent.role_id is None:
            return agent.role
        return self.repository.get_role(agent.brand_id, agent.role_id)

    def _role(self, viewer: Agent, role_id: str) -> Role:
        role = self.repository.get_role(viewer.brand_id, role_id)
        if role is None:
            raise NotFound("no such role")
        return role

    def _free_name(self, admin: Agent, name: str, role_id: str | None) -> str:
        cleaned = check_name(name)
        others = [r for r in self.repository.list_roles(admin.brand_id) if r.id != role_id]
        if any(r.name.lower() == cleaned.lower() for r in others):
            raise Conflict("another role has this name", {"name": "taken"})
        return cleaned

    @staticmethod
    def _brand_admin(agent: Agent) -> None:
        if not agent.brand_admin:
            raise Forbidden("only a brand admin manages roles")
