"""Store groups, roles, password reset links and account deletion in DynamoDB."""
from __future__ import annotations

from pynamodb.exceptions import DeleteError, DoesNotExist

from ..services.domain import Agent, PasswordReset, Role, StoreGroup
from ..services.domain.errors import AlreadyExists, Conflict, NotFound
from ..services.ports.clock import iso
from . import keys
from .conditions import condition_failed, unless_condition_fails
from .items.directory import AgentItem, EmailItem, PasswordResetItem, RoleItem, StoreGroupItem, StoreItem
from .tables import Item
from .transactions import Transaction
from .translate import directory
from .translate.directory import group_item, group_of, reset_item, reset_of, role_item, role_of


def _get(model, pk: str, sk: str):  # type: ignore[no-untyped-def]
    try:
        return model.get(pk, sk)
    except DoesNotExist:
        return None


class DynamoAdmin:
    # -- store groups ----------------------------------------------------------------------
    def add_group(self, group: StoreGroup) -> None:
        with unless_condition_fails(AlreadyExists("the group exists already")):
            group_item(group).save(condition=Item.pk.does_not_exist())

    def get_group(self, brand_id: str, group_id: str) -> StoreGroup | None:
        item = _get(StoreGroupItem, keys.brand_pk(brand_id), keys.group_sk(group_id))
        return group_of(item) if item else None

    def list_groups(self, brand_id: str) -> list[StoreGroup]:
        items = StoreGroupItem.query(keys.brand_pk(brand_id), StoreGroupItem.sk.startswith(keys.GROUP_PREFIX))
        return [group_of(i) for i in items]

    def save_group(self, group: StoreGroup) -> None:
        item = group_item(group)
        with unless_condition_fails(NotFound("no such group")):
            item.update([StoreGroupItem.name.set(item.name), StoreGroupItem.store_ids.set(item.store_ids)],
                        condition=Item.pk.exists(), add_version_condition=False)

    def delete_group(self, brand_id: str, group_id: str) -> bool:
        try:
            StoreGroupItem(keys.brand_pk(brand_id), keys.group_sk(group_id)).delete(
                condition=Item.pk.exists(), add_version_condition=False)
        except DeleteError as error:
            if condition_failed(error):
                return False
            raise
        return True

    # -- roles -----------------------------------------------------------------------------
    def add_role(self, role: Role) -> None:
        with unless_condition_fails(AlreadyExists("the role exists already")):
            role_item(role).save(condition=Item.pk.does_not_exist())

    def get_role(self, brand_id: str, role_id: str) -> Role | None:
        item = _get(RoleItem, keys.brand_pk(brand_id), keys.role_sk(role_id))
        return role_of(item) if item else None

    def list_roles(self, brand_id: str) -> list[Role]:
        items = RoleItem.query(keys.brand_pk(brand_id), RoleItem.sk.startswith(keys.ROLE_PREFIX))
        return [role_of(i) for i in items]

    def save_role(self, role: Role) -> None:
        item = role_item(role)
        with unless_condition_fails(NotFound("no such role")):
            item.update([RoleItem.name.set(item.name), RoleItem.sections.set(item.sections),
                         RoleItem.channels.set(item.channels)], condition=Item.pk.exists(), add_version_condition=False)

    def delete_role(self, brand_id: str, role_id: str) -> None:
        """Conditional on nobody having the role: an assignment racing the deletion makes one of them fail."""
        item = RoleItem(keys.brand_pk(brand_id), keys.role_sk(role_id))
        try:
            item.delete(condition=Item.pk.exists() & ((RoleItem.agent_count == 0)
                                                       | RoleItem.agent_count.does_not_exist()),
                        add_version_condition=False)
        except DeleteError as error:
            if not condition_failed(error):
                raise
            if self.get_role(brand_id, role_id) is None:
                raise NotFound("no such role") from None
            raise Conflict("agents have this role: give them another one first", {"role_id": "in use"}) from None

    def set_role(self, agent: Agent, previous_role_id: str | None) -> None:
        if agent.role_id == previous_role_id:
            return
        tx = Transaction()
        item = directory.agent_item(agent)
        action = AgentItem.role_id.set(agent.role_id) if agent.role_id else AgentItem.role_id.remove()
        tx.update("agent", item, [action], Item.pk.exists() & AgentItem.deleted_at.does_not_exist())
        if agent.role_id:
            tx.update("role", RoleItem(keys.brand_pk(agent.brand_id), keys.role_sk(agent.role_id)),
                      [RoleItem.agent_count.add(1)], Item.pk.exists())
        if previous_role_id:
            self._count_role(tx, agent.brand_id, previous_role_id, -1)
        failed = tx.commit()
        if "role" in failed:
            raise Conflict("the role was deleted meanwhile", {"role_id": "no such role"})
        if failed:
            raise Conflict("the agent changed meanwhile")

    def _count_role(self, tx: Transaction, brand_id: str, role_id: str, delta: int) -> None:
        tx.update(f"role:{role_id}", RoleItem(keys.brand_pk(brand_id), keys.role_sk(role_id)),
                  [RoleItem.agent_count.add(delta)], Item.pk.exists())

    # -- passwords -------------------------------------------------------------------------
    def save_password(self, agent: Agent) -> None:
        item = directory.agent_item(agent)
        with unless_condition_fails(NotFound("no such agent")):
            item.update([AgentItem.password_hash.set(item.password_hash),
                         AgentItem.password_changed_at.set(item.password_changed_at)],
                        condition=Item.pk.exists() & AgentItem.deleted_at.does_not_exist(),
                        add_version_condition=False)

    def add_reset(self, reset: PasswordReset) -> None:
        reset_item(reset).save(condition=Item.pk.does_not_exist())

    def get_reset(self, brand_id: str, token: str) -> PasswordReset | None:
        item = _get(PasswordResetItem, keys.brand_pk(brand_id), keys.reset_sk(token))
        return reset_of(item, token) if item else None

    def use_reset(self, reset: PasswordReset, agent: Agent) -> None:
        tx = Transaction()
        tx.update("reset", reset_item(reset), [PasswordResetItem.used_at.set(iso(reset.used_at or reset.created_at))],
                  Item.pk.exists() & PasswordResetItem.used_at.does_not_exist())
        item = directory.agent_item(agent)
        tx.update("agent", item, [AgentItem.password_hash.set(item.password_hash),
                                  AgentItem.password_changed_at.set(item.password_changed_at)],
                  Item.pk.exists() & AgentItem.deleted_at.does_not_exist())
        failed = tx.commit()
        if "reset" in failed:
            raise Conflict("this link was used already: ask for a new one", {"token": "already used"})
        if failed:
            raise NotFound("this account no longer exists")

    # -- deletion --------------------------------------------------------------------------
    def delete_agent(self, tombstone: Agent, before: Agent) -> None:
        tx = Transaction()
        tx.put("agent", directory.agent_item(tombstone), Item.pk.exists() & AgentItem.deleted_at.does_not_exist())
        if before.email:
            tx.delete("email", EmailItem(keys.email_pk(before.email), keys.EMAIL_SK))
        # agent_count of a store = agents with any right on it (as DynamoDirectory.save_rights keeps it).
        for store_id in set(before.rights) - set(tombstone.rights):
            tx.update(f"count:{store_id}", StoreItem(keys.brand_pk(before.brand_id), keys.store_sk(store_id)),
                      [StoreItem.agent_count.add(-1)], Item.pk.exists())
        if before.role_id and before.role_id != tombstone.role_id:
            self._count_role(tx, before.brand_id, before.role_id, -1)
        if tx.commit():
            raise Conflict("this account was deleted already")
