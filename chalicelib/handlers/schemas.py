"""Request bodies (pydantic). Imported on first use so that a cold start does not pay for them."""
from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator
from pydantic.json_schema import JsonDict

from .fields import (
    DATE_TIME,
    NON_BLANK,
    TIME_FROM,
    TIME_TO,
    Body,
    DelayMinutes,
    Email,
    EmailOrEmpty,
    FieldRule,
    HttpsUrl,
    HttpsUrlOrEmpty,
    Id,
    Name,
    PersonName,
    Phone,
    SlotCount,
    TimeZone,
)
from .schemas_admin import (  # noqa: F401  (looked up by name)
    CannedCreate,
    CannedPatch,
    CustomerPut,
    FolderChange,
    HoldChange,
    RoleAssign,
    RoleCreate,
    RolePatch,
)
from .schemas_calls import CallCreate  # noqa: F401  (by name)
from .schemas_channels import ChannelConnect, ChannelPatch, MessageTag, TemplateIn  # noqa: F401  (by name)
from .schemas_reviews import ReviewAuthor, ReviewPost  # noqa: F401  (by name)
from .schemas_sandbox import (  # noqa: F401  (by name)
    SandboxBrand,
    SandboxCall,
    SandboxClockSet,
    SandboxMeta,
    SandboxSms,
    SandboxStore,
)

AutoChannel = Literal["sms", "widget", "ivr", "sdk", "messenger", "instagram", "whatsapp"]
UNIQUE: JsonDict = {"uniqueItems": True}  # a value given twice is refused by the services


class Login(Body):
    email: str = Field(max_length=254)
    password: str = Field(min_length=1, max_length=200)


class MePatch(Body):
    # A new e-mail comes with the current password (the server also lets the same e-mail through without it).
    model_config = ConfigDict(json_schema_extra={
        "if": {"properties": {"email": {"type": "string"}}, "required": ["email"]},
        "then": {"properties": {"current_password": {"type": "string"}}, "required": ["current_password"]}})

    first_name: PersonName | None = None
    last_name: PersonName | None = None
    email: Email | None = None
    current_password: str | None = Field(default=None, min_length=1, max_length=200)  # required with a new email
    notify_new_message: bool | None = None
    notify_invitation_accepted: bool | None = None
    notify_mention: bool | None = None
    picture_url: HttpsUrlOrEmpty | None = None  # "" takes the picture away


class BrandPatch(Body):
    name: Name | None = None
    picture_url: HttpsUrlOrEmpty | None = None
    slots_per_agent: SlotCount | None = None
    service_email: EmailOrEmpty | None = None  # "" removes it


class StoreCreate(Body):
    name: Name
    timezone: TimeZone
    address: str | None = Field(default=None, max_length=500)
    phone_number: Phone | None = None


def _left_out() -> Any:
    """The value of a field the caller left out (a factory: a null default would contradict the field's type)."""
    return None


class StorePatch(Body):
    # Left out, a field keeps its value; a name and a time zone cannot be taken away (null is refused).
    name: Name = Field(default_factory=_left_out)
    timezone: TimeZone = Field(default_factory=_left_out)
    address: str | None = Field(default=None, max_length=500)
    phone_number: Phone | None = None
    avatar_url: HttpsUrlOrEmpty | None = None


class InvitationCreate(Body):
    email: Email
    store_id: Id


class InvitationAccept(Body):
    password: str = Field(min_length=8, max_length=200)
    first_name: PersonName
    last_name: PersonName


class Rights(Body):
    perimeter: bool = False
    contactable: bool = False
    admin: bool = False


class RightsMatrix(Body):
    stores: dict[str, Rights]


class AttachmentIn(Body):
    url: HttpsUrl
    content_type: str | None = Field(default=None, max_length=128)


class MessageCreate(Body):
    """Text, attachments or a template: never nothing; a tag or a template past the channel's reply window."""

    # The schema says 4,096, what WhatsApp (the longest channel) takes; longer text (up to a sanity cap) reaches
    # the service, which refuses it with 422 naming the channel's own limit, as the API promises.
    text: str = Field(default="", max_length=100_000, json_schema_extra={"maxLength": 4096})
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=10)
    tag: MessageTag | None = None
    template: TemplateIn | None = None
    reply_to: Id | None = None  # a comment message's id: a public reply to that comment
    private: StrictBool = False  # with reply_to: a direct message to the commenter instead (once, within 7 days)
    model_config = ConfigDict(json_schema_extra={"anyOf": [
        {"required": ["text"], "properties": {"text": {"pattern": NON_BLANK}}},
        {"required": ["attachments"], "properties": {"attachments": {"minItems": 1}}},
        {"required": ["template"], "properties": {"template": {"type": "object"}}}]})

    @model_validator(mode="after")
    def _something(self) -> MessageCreate:
        if not self.attachments and self.template is None and not re.search(NON_BLANK, self.text):
            raise FieldRule("text", "must not be empty")
        return self


class ThreadCreate(Body):
    store_id: Id
    channel: Literal["sms"]
    to: Phone
    text: str = Field(min_length=1, max_length=1000, pattern=NON_BLANK)


class StatusChange(Body):
    status: Literal["waiting", "replied", "resolved"]


class Transfer(Body):
    """A transfer goes to exactly one of the two: another store or a colleague."""

    store_id: Id | None = None
    agent_id: Id | None = None
    model_config = ConfigDict(json_schema_extra={"oneOf": [
        {"required": ["store_id"], "properties": {"store_id": {"type": "string"}, "agent_id": {"type": "null"}}},
        {"required": ["agent_id"], "properties": {"agent_id": {"type": "string"}, "store_id": {"type": "null"}}}]})

    @model_validator(mode="after")
    def _one(self) -> Transfer:
        if (self.store_id is None) == (self.agent_id is None):
            raise FieldRule("body", "give exactly one of store_id or agent_id")
        return self


class Presence(Body):
    channel: Literal["chat", "call"]
    state: Literal["available", "busy", "unavailable"]


class EscalationSettings(Body):
    """Escalating ("random", "ordered") needs at least one agent to escalate to."""

    mode: Literal["off", "random", "ordered"]
    delay_minutes: DelayMinutes
    agent_ids: list[Id] = Field(default_factory=list, max_length=100, json_schema_extra=UNIQUE)
    model_config = ConfigDict(json_schema_extra={"anyOf": [
        {"properties": {"mode": {"const": "off"}}},
        {"required": ["agent_ids"], "properties": {"agent_ids": {"minItems": 1}}}]})

    @model_validator(mode="after")
    def _someone(self) -> EscalationSettings:
        if self.mode != "off" and not self.agent_ids:
            raise FieldRule("agent_ids", "escalation needs at least one agent")
        return self


class GreetingIn(Body):
    text: str = Field(max_length=1000)
    resend_after_hours: float = Field(default=0, ge=0, le=24 * 365)


class ClosedRangeIn(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, strict=True)
    day: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    from_: str = Field(alias="from", pattern=TIME_FROM)
    to: str = Field(pattern=TIME_TO)


class ClosedIn(Body):
    text: str = Field(default="", max_length=1000)
    hours: list[ClosedRangeIn] = Field(default_factory=list, max_length=100)


class AutoMessagesIn(Body):
    greetings: dict[AutoChannel, GreetingIn] = Field(default_factory=dict)
    closed: ClosedIn = Field(default_factory=ClosedIn)


class Snooze(Body):
    until: str = Field(max_length=40, pattern=DATE_TIME, json_schema_extra={"format": "date-time"})


class Close(Body):
    reason: str = Field(min_length=1, max_length=120, pattern=NON_BLANK)


class ClosingReasons(Body):
    reasons: list[Name] = Field(max_length=50, json_schema_extra=UNIQUE)


class ServingHours(Body):
    hours: list[ClosedRangeIn] = Field(default_factory=list, max_length=100)


class AlertChange(Body):
    alert: StrictBool  # true raises the alert, false clears it; "yes" or 1 are refused


class NoteCreate(Body):
    text: str = Field(min_length=1, max_length=4000, pattern=NON_BLANK)  # @[agent_id] mentions a colleague


class Delegate(Body):
    comment: str | None = Field(default=None, max_length=2000)


class Share(Body):
    store_id: Id
    comment: str | None = Field(default=None, max_length=2000)


class StoreAgentPatch(Body):
    admin: bool | None = None
    perimeter: bool | None = None
    contactable: bool | None = None


class AgentPatch(Body):
    # Left out, a field keeps its value; null is refused ("" takes the picture away).
    first_name: PersonName = Field(default_factory=_left_out)
    last_name: PersonName = Field(default_factory=_left_out)
    picture_url: HttpsUrlOrEmpty = Field(default_factory=_left_out)


class StoreGroupCreate(Body):
    name: Name
    store_ids: list[Id] = Field(max_length=500)


class StoreGroupPatch(Body):
    name: Name | None = None
    store_ids: list[Id] | None = Field(default=None, max_length=500)


class PasswordChange(Body):
    current_password: str = Field(max_length=200)
    new_password: str = Field(min_length=8, max_length=200)


class PasswordResetRequest(Body):
    email: Email


class PasswordResetSet(Body):
    password: str = Field(min_length=8, max_length=200)


class AccountDelete(Body):
    password: str = Field(max_length=200)
