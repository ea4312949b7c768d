"""The brand and its stores (SPEC A1, A2), and provisioning a new brand."""
from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .accounts import Accounts
from .clock import Clock
from .domain import Agent, Brand, Store
from .errors import Forbidden, InvalidInput, NotFound
from .phone import to_e164
from .ports import Directory, IdGenerator


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput.field("timezone", f"'{name}' is not an IANA time zone such as Europe/Paris") from None
    return name


def check_name(name: str, field: str = "name") -> str:
    text = (name or "").strip()
    if not text:
        raise InvalidInput.field(field, "must not be empty")
    if len(text) > 120:
        raise InvalidInput.field(field, "at most 120 characters")
    return text


class Stores:
    def __init__(self, directory: Directory, accounts: Accounts, ids: IdGenerator, clock: Clock,
                 numbers_editable_by_brand: bool) -> None:
        self.directory = directory
        self.accounts = accounts
        self.ids = ids
        self.clock = clock
        # The textable number is assigned by operators on AWS; on the local stage a brand admin may set it.
        self.numbers_editable_by_brand = numbers_editable_by_brand

    def brand(self, viewer: Agent) -> Brand:
        brand = self.directory.get_brand(viewer.brand_id)
        if brand is None:
            raise NotFound("no such brand")
        return brand

    def update_brand(self, admin: Agent, changes: dict) -> Brand:
        if not admin.brand_admin:
            raise Forbidden("only a brand admin edits the brand")
        if "name" in changes:
            changes["name"] = check_name(changes["name"])
        brand = replace(self.brand(admin), **changes)
        self.directory.save_brand(brand)
        return brand

    def list_stores(self, viewer: Agent) -> list[Store]:
        return [s for s in self.directory.list_stores(viewer.brand_id) if viewer.can_see(s.id)]

    def get_store(self, viewer: Agent, store_id: str) -> Store:
        store = self.directory.get_store(viewer.brand_id, store_id)
        if store is None or not viewer.can_see(store_id):
            raise NotFound("no such store")
        return store

    def create_store(self, admin: Agent, *, name: str, timezone: str, address: str | None = None,
                     phone_number: str | None = None) -> Store:
        if not admin.brand_admin:
            raise Forbidden("only a brand admin creates stores")
        if phone_number is not None and not self.numbers_editable_by_brand:
            raise Forbidden("the store's number is assigned by operators")
        store = Store(
            brand_id=admin.brand_id,
            id=self.ids.new_id("s"),
            name=check_name(name),
            timezone=check_timezone(timezone),
            address=(address or "").strip() or None,
            phone_number=to_e164(phone_number) if phone_number else None,
            created_at=self.clock.now(),
        )
        self.directory.add_store(store)
        return store

    def update_store(self, admin: Agent, store_id: str, changes: dict) -> Store:
        store = self.get_store(admin, store_id)
        if not admin.is_store_admin(store_id):
            raise Forbidden("only an admin of the store edits it")
        if "phone_number" in changes and not self.numbers_editable_by_brand:
            raise Forbidden("the store's number is assigned by operators")
        if "name" in changes:
            changes["name"] = check_name(changes["name"])
        if "timezone" in changes:
            changes["timezone"] = check_timezone(changes["timezone"])
        if changes.get("phone_number"):
            changes["phone_number"] = to_e164(changes["phone_number"])
        updated = replace(store, **changes)
        self.directory.save_store(updated, store.phone_number)
        return updated

    def provision_brand(self, *, name: str, admin_email: str, admin_password: str, store_name: str,
                        timezone: str, phone_number: str, brand_id: str | None = None) -> tuple[Brand, Agent, Store]:
        """A new tenant with its admin and first store: the operators' job (sandbox, ops CLI)."""
        brand = Brand(id=brand_id or self.ids.new_id("b"), name=check_name(name), created_at=self.clock.now())
        store = Store(
            brand_id=brand.id,
            id=self.ids.new_id("s"),
            name=check_name(store_name, "store.name"),
            timezone=check_timezone(timezone),
            phone_number=to_e164(phone_number, "store.phone_number"),
            created_at=self.clock.now(),
        )
        admin = self.accounts.new_agent(brand_id=brand.id, email=admin_email, password=admin_password,
                                        first_name="Admin", brand_admin=True)
        if self.directory.find_agent_by_email(admin.email) is not None:
            raise InvalidInput.field("admin_email", "an account with this e-mail exists already")
        if self.directory.find_store_by_number(store.phone_number or "") is not None:
            raise InvalidInput.field("store.phone_number", "this number belongs to another store")
        self.directory.add_brand(brand)
        self.directory.add_store(store)
        self.directory.add_agent(admin)
        return brand, admin, store
