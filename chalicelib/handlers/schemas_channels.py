"""Request fields of the channels' own rules: the tag or template a message carries past a reply window."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..services.domain import Template
from .fields import NON_BLANK, Body

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
