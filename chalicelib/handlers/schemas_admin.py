"""Request bodies of roles, canned responses, triage and customers (handlers/schemas.py names them all)."""
from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic.json_schema import JsonDict

from .fields import NON_BLANK, Attributes, Body, Name

Section = Literal["inbox", "statistics", "admin"]
# The channels a role may give: those the product answers on.
RoleChannel = Literal["sms", "whatsapp", "messenger", "instagram", "review"]
ROLE_CHANNELS = 5
UNIQUE: JsonDict = {"uniqueItems": True}  # a value given twice is refused by the services


class RoleCreate(Body):
    name: Name
    sections: list[Section] = Field(max_length=3, json_schema_extra=UNIQUE)
    channels: list[RoleChannel] = Field(max_length=ROLE_CHANNELS, json_schema_extra=UNIQUE)


class RolePatch(Body):
    name: Name | None = None
    sections: list[Section] | None = Field(default=None, max_length=3, json_schema_extra=UNIQUE)
    channels: list[RoleChannel] | None = Field(default=None, max_length=ROLE_CHANNELS, json_schema_extra=UNIQUE)


class RoleAssign(Body):
    role_id: str | None = Field(max_length=64)


class CannedCreate(Body):
    title: str = Field(min_length=1, max_length=120, pattern=NON_BLANK)
    text: str = Field(min_length=1, max_length=1000, pattern=NON_BLANK)
    scope: Literal["brand", "personal"]


class CannedPatch(Body):
    title: str | None = Field(default=None, min_length=1, max_length=120, pattern=NON_BLANK)
    text: str | None = Field(default=None, min_length=1, max_length=1000, pattern=NON_BLANK)


class FolderChange(Body):
    folder: Literal["inbox", "done", "spam", "archived"]
    reason: str | None = Field(default=None, max_length=500)


class HoldChange(Body):
    on_hold: bool
    reason: str | None = Field(default=None, max_length=500)


class CustomerPut(Body):
    """PUT /v1/customers/{phone}: fields left out keep their value; `attributes` given replace them all."""

    name: str | None = Field(default=None, max_length=200)
    attributes: Attributes | None = None
