"""Request bodies (pydantic). Imported on first use so that a cold start does not pay for them."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class Login(Body):
    email: str = Field(max_length=254)
    password: str = Field(min_length=1, max_length=200)


class MePatch(Body):
    first_name: str | None = Field(default=None, max_length=80)
    last_name: str | None = Field(default=None, max_length=80)
    email: str | None = Field(default=None, max_length=254)
    notify_new_message: bool | None = None
    notify_invitation_accepted: bool | None = None


class BrandPatch(Body):
    name: str | None = Field(default=None, max_length=120)
    picture_url: str | None = Field(default=None, max_length=2048)


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
    store_id: str = Field(min_length=1, max_length=64)


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
