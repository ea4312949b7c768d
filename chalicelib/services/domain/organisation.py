"""Who works in a brand: the brand, its stores, agents and their rights, roles, groups, invitations."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

PRESENCE_CHANNELS = ("chat", "call")
PRESENCE_STATES = ("available", "busy", "unavailable")
DEFAULT_SLOTS = 5


@dataclass
class Brand:
    id: str
    name: str
    picture_url: str | None = None
    created_at: datetime | None = None
    slots_per_agent: int = DEFAULT_SLOTS  # open threads an agent holds before turning busy
    closing_reasons: list[str] = field(default_factory=list)  # conversation types to close with
    service_email: str | None = None  # the brand's customer service, threads are delegated to it by e-mail


@dataclass
class EscalationSettings:
    """Escalation: off, random or ordered; the next agent is notified after `delay_minutes` of open time."""

    mode: str = "off"
    delay_minutes: int = 5
    agent_ids: list[str] = field(default_factory=list)


@dataclass
class Greeting:
    """A greeting sent when a customer writes, unless they got it within `resend_after_hours` (0: every time)."""

    text: str
    resend_after_hours: float = 0


@dataclass
class AutoMessages:
    greetings: dict[str, Greeting] = field(default_factory=dict)  # per channel
    closed_text: str = ""
    closed_hours: list[dict] = field(default_factory=list)  # [{day, from, to}] closing ranges


@dataclass
class Store:
    brand_id: str
    id: str
    name: str
    timezone: str
    address: str | None = None
    phone_number: str | None = None
    avatar_url: str | None = None
    agent_count: int = 0
    created_at: datetime | None = None
    escalation: EscalationSettings = field(default_factory=EscalationSettings)
    auto_messages: AutoMessages = field(default_factory=AutoMessages)


@dataclass
class StoreRights:
    perimeter: bool = False
    contactable: bool = False
    admin: bool = False

    def any(self) -> bool:
        return self.perimeter or self.contactable or self.admin


@dataclass
class Agent:
    brand_id: str
    id: str
    email: str
    password_hash: str
    first_name: str = ""
    last_name: str = ""
    brand_admin: bool = False
    rights: dict[str, StoreRights] = field(default_factory=dict)
    notify_new_message: bool = False
    notify_invitation_accepted: bool = True
    created_at: datetime | None = None
    presence: dict[str, str] = field(default_factory=dict)  # chat/call -> state set by hand
    serving_hours: list[dict] = field(default_factory=list)  # [{day, from, to}] when routed to; [] = always
    sessions: list[list[str | None]] = field(default_factory=list)  # [[connected ISO, left ISO or None]]: time online
    open_threads: int = 0  # threads held, maintained with every thread change; at the slots' count: busy
    notify_mention: bool = True  # e-mail when a colleague mentions the agent in a note
    picture_url: str | None = None  # the agent's own picture
    password_changed_at: datetime | None = None  # sessions issued before it no longer work
    deleted_at: datetime | None = None  # a deleted account: a tombstone keeping the id its messages name
    role_id: str | None = None  # the role limiting what the agent uses; None: every section and channel
    role: Role | None = None  # the role itself, loaded with the caller's session only

    def presence_on(self, channel: str, slots: int) -> str:
        """The state others see: busy by itself once the agent holds as many open threads as slots."""
        state = self.presence.get(channel, "unavailable")
        if state == "available" and self.open_threads >= slots:
            return "busy"
        return state

    def can_see(self, store_id: str) -> bool:
        """Every store with a right, or every store for a brand admin, is visible."""
        return self.brand_admin or store_id in self.rights

    def can_write(self, store_id: str) -> bool:
        """Without the perimeter (write) right a store is read-only to the agent."""
        if self.brand_admin:
            return True
        rights = self.rights.get(store_id)
        return bool(rights and (rights.perimeter or rights.admin))

    def is_store_admin(self, store_id: str) -> bool:
        if self.brand_admin:
            return True
        rights = self.rights.get(store_id)
        return bool(rights and rights.admin)


@dataclass
class Invitation:
    brand_id: str
    token_hash: str
    email: str
    store_id: str
    invited_by: str
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None = None
    brand_admin: bool = False  # the first admin of a new brand, invited by the operators


@dataclass
class StoreGroup:
    """Stores grouped (a region...) to filter the inbox by."""

    brand_id: str
    id: str
    name: str
    store_ids: list[str] = field(default_factory=list)
    created_at: datetime | None = None


@dataclass
class Role:
    """A role: the sections and channels an employee may use. Brand admins are never restricted."""

    brand_id: str
    id: str
    name: str
    sections: list[str] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    created_at: datetime | None = None
    agent_count: int = 0  # agents with the role, maintained: a role in use is not deleted


@dataclass
class PasswordReset:
    """A password reset link sent by e-mail; `token` is the link's secret (only its hash is stored)."""

    brand_id: str
    token: str
    agent_id: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
