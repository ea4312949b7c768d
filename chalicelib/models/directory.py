"""Brands, stores, agents and invitations in DynamoDB."""
from __future__ import annotations

from pynamodb.exceptions import DoesNotExist

from ..services.domain import Agent, Brand, Invitation, Store, StoreRights
from ..services.domain.errors import AlreadyExists, Conflict
from . import keys
from .conditions import unless_condition_fails
from .items.directory import AgentItem, AgentLoadItem, BrandItem, EmailItem, InvitationItem, NumberItem, StoreItem
from .tables import Item
from .transactions import Transaction
from .translate import directory as translate


def _get(model, pk: str, sk: str):  # type: ignore[no-untyped-def]
    try:
        return model.get(pk, sk)
    except DoesNotExist:
        return None


class DynamoDirectory:
    def add_brand(self, brand: Brand) -> None:
        with unless_condition_fails(AlreadyExists("the brand exists already")):
            translate.brand_item(brand).save(condition=Item.pk.does_not_exist())

    def get_brand(self, brand_id: str) -> Brand | None:
        item = _get(BrandItem, keys.brand_pk(brand_id), keys.BRAND_SK)
        return translate.brand_of(item) if item else None

    def save_brand(self, brand: Brand) -> None:
        translate.brand_item(brand).save()

    # -- stores --------------------------------------------------------------------------
    def add_store(self, store: Store) -> None:
        tx = Transaction()
        tx.put("store", translate.store_item(store), Item.pk.does_not_exist())
        if store.phone_number:
            tx.put("number", translate.number_item(store), Item.pk.does_not_exist())
        failed = tx.commit()
        if "number" in failed:
            raise AlreadyExists("this number belongs to another store", {"phone_number": "taken"})
        if failed:
            raise AlreadyExists("the store exists already")

    def get_store(self, brand_id: str, store_id: str) -> Store | None:
        item = _get(StoreItem, keys.brand_pk(brand_id), keys.store_sk(store_id))
        return translate.store_of(item) if item else None

    def list_stores(self, brand_id: str) -> list[Store]:
        items = StoreItem.query(keys.brand_pk(brand_id), StoreItem.sk.startswith(keys.STORE_PREFIX))
        return [translate.store_of(i) for i in items]

    def save_store(self, store: Store, previous_phone: str | None) -> None:
        item = translate.store_item(store)
        tx = Transaction()
        # agent_count is maintained by save_rights: never overwrite it from a stale read.
        tx.update("store", item, [
            StoreItem.name.set(store.name), StoreItem.timezone.set(store.timezone),
            StoreItem.address.set(store.address) if store.address else StoreItem.address.remove(),
            StoreItem.phone_number.set(store.phone_number) if store.phone_number else StoreItem.phone_number.remove(),
            StoreItem.avatar_url.set(store.avatar_url) if store.avatar_url else StoreItem.avatar_url.remove(),
        ], Item.pk.exists())
        if store.phone_number != previous_phone:
            if store.phone_number:
                tx.put("number", translate.number_item(store), Item.pk.does_not_exist())
            if previous_phone:
                tx.delete("old-number", NumberItem(keys.number_pk(previous_phone), keys.NUMBER_SK))
        if "number" in tx.commit():
            raise AlreadyExists("this number belongs to another store", {"phone_number": "taken"})

    def save_store_settings(self, store: Store) -> None:
        """Escalation and automatic messages of a store."""
        item = translate.store_item(store)
        item.update([StoreItem.escalation.set(item.escalation), StoreItem.auto_messages.set(item.auto_messages)],
                    condition=Item.pk.exists(), add_version_condition=False)

    def find_store_by_number(self, phone_number: str) -> Store | None:
        number = _get(NumberItem, keys.number_pk(phone_number), keys.NUMBER_SK)
        return self.get_store(number.brand_id, number.store_id) if number else None

    def find_store_ref_by_number(self, phone_number: str) -> tuple[str, str] | None:
        """(brand_id, store_id) of a number in one read: what the inbound webhook needs."""
        number = _get(NumberItem, keys.number_pk(phone_number), keys.NUMBER_SK)
        return (number.brand_id, number.store_id) if number else None

    # -- agents --------------------------------------------------------------------------
    def add_agent(self, agent: Agent) -> None:
        tx = Transaction()
        tx.put("email", translate.email_item(agent), Item.pk.does_not_exist())
        tx.put("agent", translate.agent_item(agent), Item.pk.does_not_exist())
        self._count_stores(tx, agent, {})
        if tx.commit():
            raise AlreadyExists("an account with this e-mail exists already", {"email": "taken"})

    def get_agent(self, brand_id: str, agent_id: str) -> Agent | None:
        agents = self._agents(keys.brand_pk(brand_id), keys.agent_prefix(agent_id))
        return agents[0] if agents else None

    def find_agent_by_email(self, email: str) -> Agent | None:
        ref = _get(EmailItem, keys.email_pk(email), keys.EMAIL_SK)
        return self.get_agent(ref.brand_id, ref.agent_id) if ref else None

    def list_agents(self, brand_id: str) -> list[Agent]:
        """Deleted accounts (tombstones) are no one's colleague: never listed, routed to or notified."""
        return [a for a in self._agents(keys.brand_pk(brand_id), keys.AGENT_PREFIX) if a.deleted_at is None]

    def _agents(self, pk: str, prefix: str) -> list[Agent]:
        """Profiles with their loads: one Query over the agents' items of the brand partition."""
        profiles: dict[str, AgentItem] = {}
        loads: dict[str, AgentLoadItem] = {}
        for item in Item.query(pk, Item.sk.startswith(prefix)):
            if isinstance(item, AgentItem):
                profiles[item.agent_id] = item
            elif isinstance(item, AgentLoadItem):
                loads[item.agent_id] = item
        return [translate.agent_of(profile, loads.get(agent_id)) for agent_id, profile in profiles.items()]

    def save_agent(self, agent: Agent, previous_email: str | None = None) -> None:
        tx = Transaction()
        item = translate.agent_item(agent)
        tx.update("agent", item, [
            AgentItem.email.set(agent.email), AgentItem.password_hash.set(agent.password_hash),
            AgentItem.first_name.set(agent.first_name), AgentItem.last_name.set(agent.last_name),
            AgentItem.notify_new_message.set(agent.notify_new_message),
            AgentItem.notify_invitation_accepted.set(agent.notify_invitation_accepted),
            AgentItem.notify_mention.set(agent.notify_mention),
            AgentItem.picture_url.set(agent.picture_url) if agent.picture_url else AgentItem.picture_url.remove(),
        ], Item.pk.exists())
        if previous_email and previous_email != agent.email:
            tx.put("email", translate.email_item(agent), Item.pk.does_not_exist())
            tx.delete("old-email", EmailItem(keys.email_pk(previous_email), keys.EMAIL_SK))
        if "email" in tx.commit():
            raise AlreadyExists("an account with this e-mail exists already", {"email": "taken"})

    def save_presence(self, agent: Agent) -> None:
        item = translate.agent_item(agent)
        item.update([AgentItem.presence.set(item.presence), AgentItem.sessions.set(item.sessions)],
                    condition=Item.pk.exists(), add_version_condition=False)

    def save_serving_hours(self, agent: Agent) -> None:
        item = translate.agent_item(agent)
        item.update([AgentItem.serving_hours.set(item.serving_hours)], condition=Item.pk.exists(),
                    add_version_condition=False)

    def save_rights(self, agent: Agent, previous: dict[str, StoreRights]) -> None:
        tx = Transaction()
        tx.update("agent", translate.agent_item(agent), [AgentItem.rights.set(translate.rights_raw(agent.rights))],
                  Item.pk.exists())
        self._count_stores(tx, agent, previous)
        if tx.commit():
            raise Conflict("the agent changed meanwhile")

    def _count_stores(self, tx: Transaction, agent: Agent, previous: dict[str, StoreRights]) -> None:
        """agent_count of a store = agents with any right on it, kept exact with each change."""
        for store_id in set(agent.rights) ^ set(previous):
            delta = 1 if store_id in agent.rights else -1
            store = StoreItem(keys.brand_pk(agent.brand_id), keys.store_sk(store_id))
            tx.update(f"count:{store_id}", store, [StoreItem.agent_count.add(delta)], Item.pk.exists())

    # -- invitations ---------------------------------------------------------------------
    def add_invitation(self, invitation: Invitation) -> None:
        translate.invitation_item(invitation).save(condition=Item.pk.does_not_exist())

    def get_invitation(self, brand_id: str, token_hash: str) -> Invitation | None:
        item = _get(InvitationItem, keys.brand_pk(brand_id), keys.invitation_sk(token_hash))
        return translate.invitation_of(item, token_hash) if item else None

    def accept_invitation(self, invitation: Invitation, agent: Agent) -> None:
        tx = Transaction()
        tx.update("invitation", translate.invitation_item(invitation),
                  [InvitationItem.accepted_at.set(translate.invitation_item(invitation).accepted_at)],
                  InvitationItem.accepted_at.does_not_exist())
        tx.put("email", translate.email_item(agent), Item.pk.does_not_exist())
        tx.put("agent", translate.agent_item(agent), Item.pk.does_not_exist())
        self._count_stores(tx, agent, {})
        failed = tx.commit()
        if "invitation" in failed:
            raise Conflict("this invitation was already accepted", {"token": "already accepted"})
        if failed:
            raise AlreadyExists("an account with this e-mail exists already", {"email": "taken"})
