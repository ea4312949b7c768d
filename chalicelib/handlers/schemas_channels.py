"""Request bodies of a store's channels, and the fields of the channels' own rules: the tag or template a message
carries past a reply window (handlers/schemas.py names them all)."""
from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from ..services.domain import Template
from .fields import NON_BLANK, Body, Name

# The kinds that can be connected today: Meta's (the web widget and the app SDK come with their own issue).
ChannelKind = Literal["messenger", "instagram", "whatsapp"]
META_ID = r"^[0-9]{1,30}$"  # a page id, an Instagram account id or a WhatsApp phone_number_id
TOKEN = r"^[!-~]+$"  # one word of printable ASCII: what Meta's tokens are made of


class ChannelConnect(Body):
    # WhatsApp carries no post comments: asking for them there is refused.
    model_config = ConfigDict(json_schema_extra={
        "if": {"properties": {"kind": {"const": "whatsapp"}}},
        "then": {"properties": {"receive_comments": {"enum": [False, None]}}}})

    kind: ChannelKind
    external_id: str = Field(pattern=META_ID)  # the platform's id of the account
    name: Name | None = None
    access_token: str = Field(min_length=1, max_length=4096, pattern=TOKEN)  # write-only
    receive_comments: bool | None = None


class ChannelPatch(Body):
    name: Name | None = None
    receive_comments: bool | None = None
    # A new token: the channel is connected again.
    access_token: str | None = Field(default=None, min_length=1, max_length=4096, pattern=TOKEN)

# Meta's tags, as the platform spells them; which channel takes which is the channel's rule, not the schema's.
MessageTag = Literal["ACCOUNT_UPDATE", "POST_PURCHASE_UPDATE", "CONFIRMED_EVENT_UPDATE"]


class TemplateIn(Body):
    """An approved template: its name, the language it was approved in (en, en_US, pt_BR...), its parameters."""

    name: str = Field(min_length=1, max_length=512, pattern=NON_BLANK)
    language: str = Field(min_length=2, max_length=12, pattern=r"^[a-z]{2,3}([_-][A-Za-z]{2,4})?$")
    parameters: list[str] = Field(default_factory=list, max_length=20)

    def domain(self) -> Template:
        """The template as the services take it."""
        return Template(name=self.name, language=self.language, parameters=tuple(self.parameters))
