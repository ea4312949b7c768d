"""The brand and its stores, and provisioning a new brand."""
from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..domain import Agent, AutoMessages, Brand, EscalationSettings, Greeting, Store
from ..domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from ..domain.hours import parse_ranges
from ..domain.phone import to_e164
from ..ports.clock import Clock
from ..ports.repositories import Directory, IdGenerator
from .accounts import Accounts
from .collaboration import check_service_email


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput.field("timezone", f"'{name}' is not an IANA time zone such as Europe/Paris") from None
    return name


ESCALATION_MODES = ("off", "random", "ordered")
AUTO_CHANNELS = ("sms", "widget", "ivr", "sdk", "messenger", "instagram", "whatsapp")
MAX_AUTO_TEXT = 1000


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
        if "service_email" in changes:
            changes["service_email"] = check_service_email(changes["service_email"])
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
        """A new tenant with its admin and first store, the admin's password given (sandbox, demo seed)."""
        brand, store = self.new_brand(name=name, store_name=store_name, timezone=timezone,
                                      phone_number=phone_number, brand_id=brand_id)
        admin = self.accounts.new_agent(brand_id=brand.id, email=admin_email, password=admin_password,
                                        first_name="Admin", brand_admin=True)
        if self.directory.find_agent_by_email(admin.email) is not None:
            raise Conflict("an account with this e-mail exists already", {"admin_email": "taken"})
        if self.directory.find_store_by_number(store.phone_number or "") is not None:
            raise Conflict("this number belongs to another store", {"store.phone_number": "taken"})
        self.directory.add_brand(brand)
        self.directory.add_store(store)
        self.directory.add_agent(admin)
        return brand, admin, store

    def new_brand(self, *, name: str, store_name: str, timezone: str, phone_number: str,
                  brand_id: str | None = None, number_field: str = "store.phone_number") -> tuple[Brand, Store]:
        """A new brand and its first store, checked but not saved yet."""
        brand = Brand(id=brand_id or self.ids.new_id("b"), name=check_name(name), created_at=self.clock.now())
        store = Store(
            brand_id=brand.id,
            id=self.ids.new_id("s"),
            name=check_name(store_name, "store.name"),
            timezone=check_timezone(timezone),
            phone_number=to_e164(phone_number, number_field),
            created_at=self.clock.now(),
        )
        return brand, store

    def set_escalation(self, admin: Agent, store_id: str, mode: str, delay_minutes: int,
                       agent_ids: list[str]) -> Store:
        """Escalation: off, random or ordered, a delay in minutes, an ordered list of the store's agents."""
        store = self._administered(admin, store_id)
        if mode not in ESCALATION_MODES:
            raise InvalidInput.field("mode", f"one of {', '.join(ESCALATION_MODES)}")
        if not 1 <= delay_minutes <= 24 * 60:
            raise InvalidInput.field("delay_minutes", "from 1 to 1440")
        if len(set(agent_ids)) != len(agent_ids):
            raise InvalidInput.field("agent_ids", "an agent appears twice")
        agents = {a.id: a for a in self.directory.list_agents(admin.brand_id)}
        for position, agent_id in enumerate(agent_ids):
            agent = agents.get(agent_id)
            if agent is None:
                raise InvalidInput.field(f"agent_ids.{position}", "no such agent")
            if not (agent.rights.get(store_id) and agent.rights[store_id].contactable):
                raise InvalidInput.field(f"agent_ids.{position}", "not a contactable agent of this store")
        if mode != "off" and not agent_ids:
            raise InvalidInput.field("agent_ids", "escalation needs at least one agent")
        updated = replace(store, escalation=EscalationSettings(mode, delay_minutes, list(agent_ids)))
        self.directory.save_store_settings(updated)
        return updated

    def set_auto_messages(self, admin: Agent, store_id: str, greetings: dict[str, dict], closed: dict) -> Store:
        """Automatic messages: a greeting per channel with its resend period, the closed message and closing hours."""
        store = self._administered(admin, store_id)
        parsed: dict[str, Greeting] = {}
        for channel, greeting in greetings.items():
            if channel not in AUTO_CHANNELS:
                raise InvalidInput.field(f"greetings.{channel}", f"channel one of {', '.join(AUTO_CHANNELS)}")
            text = _auto_text(greeting.get("text", ""), f"greetings.{channel}.text")
            hours = greeting.get("resend_after_hours", 0)
            if not isinstance(hours, (int, float)) or isinstance(hours, bool) or not 0 <= hours <= 24 * 365:
                raise InvalidInput.field(f"greetings.{channel}.resend_after_hours", "hours from 0 (every time) up")
            parsed[channel] = Greeting(text, float(hours))
        ranges = closed.get("hours", [])
        if not isinstance(ranges, list):
            raise InvalidInput.field("closed.hours", "a list of {day, from, to}")
        parse_ranges(ranges, "closed.hours")
        auto = AutoMessages(greetings=parsed, closed_text=_auto_text(closed.get("text", ""), "closed.text"),
                            closed_hours=[{"day": r["day"], "from": r["from"], "to": r["to"]} for r in ranges])
        updated = replace(store, auto_messages=auto)
        self.directory.save_store_settings(updated)
        return updated

    def set_closing_reasons(self, admin: Agent, reasons: list[str]) -> Brand:
        """The list of conversation types an agent closes a thread with."""
        cleaned = [check_name(r, f"reasons.{i}") for i, r in enumerate(reasons)]
        if len(set(cleaned)) != len(cleaned):
            raise InvalidInput.field("reasons", "a reason appears twice")
        return self.update_brand(admin, {"closing_reasons": cleaned})

    def _administered(self, admin: Agent, store_id: str) -> Store:
        store = self.get_store(admin, store_id)
        if not admin.is_store_admin(store_id):
            raise Forbidden("only an admin of the store changes its settings")
        return store


def _auto_text(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise InvalidInput.field(field, "text")
    if len(value) > MAX_AUTO_TEXT:
        raise InvalidInput.field(field, f"at most {MAX_AUTO_TEXT} characters")
    return value
