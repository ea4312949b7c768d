"""Request bodies of a store's channels (handlers/schemas.py names them all)."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from .fields import Body, HttpsUrl, Name

ChannelKind = Literal["messenger", "instagram", "whatsapp", "widget", "sdk"]


class ChannelConnect(Body):
    kind: ChannelKind
    external_id: str | None = Field(default=None, min_length=1, max_length=64)  # the platform's id of the account
    name: Name | None = None
    access_token: str | None = Field(default=None, min_length=1, max_length=4096)  # write-only
    receive_comments: bool | None = None
    allowed_origins: list[HttpsUrl] | None = Field(default=None, max_length=20)  # widget channels only


class ChannelPatch(Body):
    name: Name | None = None
    receive_comments: bool | None = None
    access_token: str | None = Field(default=None, min_length=1, max_length=4096)  # a new one: connected again
