"""Request bodies (pydantic). Imported on first use so that a cold start does not pay for them."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class Login(Body):
    email: str = Field(max_length=254)
    password: str = Field(min_length=1, max_length=200)


class MePatch(Body):
    first_name: str | None = Field(default=None, max_length=80)
    last_name: str | None = Field(default=None, max_length=80)
    email: str | None = Field(default=None, max_length=254)
    current_password: str | None = Field(default=None, max_length=200)  # required with a new email
    notify_new_message: bool | None = None
    notify_invitation_accepted: bool | None = None
    notify_mention: bool | None = None
    picture_url: str | None = Field(default=None, max_length=2048)  # "" takes the picture away


class BrandPatch(Body):
    name: str | None = Field(default=None, max_length=120)
    picture_url: str | None = Field(default=None, max_length=2048)
    slots_per_agent: int | None = Field(default=None, ge=1, le=100)
    service_email: str | None = Field(default=None, max_length=254)  # "" removes it


class StoreCreate(Body):
    name: str = Field(max_length=120)
    timezone: str = Field(max_length=64)
    address: str | None = Field(default=None, max_length=500)
    phone_number: str | None = Field(default=None, max_length=32)


class StorePatch(Body):
    name: str | None = Field(default=None, max_length=120)
    timezone: str | None = Field(default=None, max_length=64)
    address: str | None = Field(default=None, max_length=500)
    phone_number: str | None = Field(default=None, max_length=32)
    avatar_url: str | None = Field(default=None, max_length=2048)


class InvitationCreate(Body):
    email: str = Field(max_length=254)
    store_id: str = Field(min_length=1, max_length=64)


class InvitationAccept(Body):
    password: str = Field(min_length=8, max_length=200)
    first_name: str = Field(min_length=1, max_length=80)
    last_name: str = Field(min_length=1, max_length=80)


class Rights(Body):
    perimeter: bool = False
    contactable: bool = False
    admin: bool = False


class RightsMatrix(Body):
    stores: dict[str, Rights]


class AttachmentIn(Body):
    url: str = Field(max_length=2048, pattern=r"^https://")
    content_type: str | None = Field(default=None, max_length=128)


class MessageCreate(Body):
    text: str = Field(default="", max_length=100_000)  # the channel's own limit is checked by the service (422)
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=10)


class ThreadCreate(Body):
    store_id: str = Field(min_length=1, max_length=64)
    channel: Literal["sms"]
    to: str = Field(min_length=1, max_length=32)
    text: str = Field(max_length=100_000)


class StatusChange(Body):
    status: Literal["waiting", "replied", "resolved"]


class Transfer(Body):
    """A transfer goes to exactly one of the two: another store or a colleague."""

    store_id: str | None = Field(default=None, min_length=1, max_length=64)
    agent_id: str | None = Field(default=None, min_length=1, max_length=64)


class SandboxStore(Body):
    name: str = Field(max_length=120)
    timezone: str = Field(max_length=64)
    phone_number: str = Field(max_length=32)


class SandboxBrand(Body):
    name: str = Field(max_length=120)
    admin_email: str = Field(max_length=254)
    admin_password: str = Field(min_length=8, max_length=200)
    store: SandboxStore


class SandboxSms(Body):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    from_: str = Field(alias="from", max_length=32)
    to: str = Field(max_length=32)
    body: str = Field(default="", max_length=10_000)


class SandboxClockSet(Body):
    now: str | None = None
    advance_seconds: float | None = Field(default=None, ge=0)


class Presence(Body):
    channel: Literal["chat", "call"]
    state: Literal["available", "busy", "unavailable"]


class EscalationSettings(Body):
    mode: Literal["off", "random", "ordered"]
    delay_minutes: int = Field(ge=1, le=1440)
    agent_ids: list[str] = Field(default_factory=list, max_length=100)


class GreetingIn(Body):
    text: str = Field(max_length=1000)
    resend_after_hours: float = Field(default=0, ge=0, le=24 * 365)


class ClosedRangeIn(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    day: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    from_: str = Field(alias="from", pattern=r"^\d{2}:\d{2}$")
    to: str = Field(pattern=r"^\d{2}:\d{2}$")


class ClosedIn(Body):
    text: str = Field(default="", max_length=1000)
    hours: list[ClosedRangeIn] = Field(default_factory=list, max_length=100)


class AutoMessagesIn(Body):
    greetings: dict[str, GreetingIn] = Field(default_factory=dict)
    closed: ClosedIn = Field(default_factory=ClosedIn)


class Snooze(Body):
    until: str = Field(min_length=10, max_length=40)


class Close(Body):
    reason: str = Field(min_length=1, max_length=120)


class ClosingReasons(Body):
    reasons: list[str] = Field(max_length=50)


class ServingHours(Body):
    hours: list[ClosedRangeIn] = Field(default_factory=list, max_length=100)


class AlertChange(Body):
    alert: StrictBool  # true raises the alert, false clears it; "yes" or 1 are refused


class NoteCreate(Body):
    text: str = Field(max_length=4000)  # @[agent_id] mentions a colleague


class Delegate(Body):
    comment: str | None = Field(default=None, max_length=2000)


class Share(Body):
    store_id: str = Field(min_length=1, max_length=64)
    comment: str | None = Field(default=None, max_length=2000)


class StoreAgentPatch(Body):
    admin: bool | None = None
    perimeter: bool | None = None
    contactable: bool | None = None


class AgentPatch(Body):
    first_name: str | None = Field(default=None, max_length=80)
    last_name: str | None = Field(default=None, max_length=80)
    picture_url: str | None = Field(default=None, max_length=2048)


class StoreGroupCreate(Body):
    name: str = Field(max_length=120)
    store_ids: list[str] = Field(max_length=500)


class StoreGroupPatch(Body):
    name: str | None = Field(default=None, max_length=120)
    store_ids: list[str] | None = Field(default=None, max_length=500)


class PasswordChange(Body):
    current_password: str = Field(max_length=200)
    new_password: str = Field(max_length=200)


class PasswordResetRequest(Body):
    email: str = Field(max_length=254)


class PasswordResetSet(Body):
    password: str = Field(max_length=200)


class AccountDelete(Body):
    password: str = Field(max_length=200)


class RoleCreate(Body):
    name: str = Field(max_length=120)
    sections: list[str] = Field(max_length=20)
    channels: list[str] = Field(max_length=20)


class RolePatch(Body):
    name: str | None = Field(default=None, max_length=120)
    sections: list[str] | None = Field(default=None, max_length=20)
    channels: list[str] | None = Field(default=None, max_length=20)


class RoleAssign(Body):
    role_id: str | None = Field(max_length=64)


class CannedCreate(Body):
    title: str = Field(min_length=1, max_length=120)
    text: str = Field(min_length=1, max_length=1000)
    scope: Literal["brand", "personal"]


class CannedPatch(Body):
    title: str | None = Field(default=None, min_length=1, max_length=120)
    text: str | None = Field(default=None, min_length=1, max_length=1000)


class FolderChange(Body):
    folder: Literal["inbox", "done", "spam", "archived"]
    reason: str | None = Field(default=None, max_length=500)


class HoldChange(Body):
    on_hold: bool
    reason: str | None = Field(default=None, max_length=500)


class CustomerPut(Body):
    """PUT /v1/customers/{phone}: fields left out keep their value; `attributes` given replace them all."""

    name: str | None = Field(default=None, max_length=200)
    attributes: dict[str, str | int | float | bool] | None = Field(default=None, max_length=50)
