"""Request body of a call to a customer, logged in the thread."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from .fields import Body


class CallCreate(Body):
    outcome: Literal["reached", "no_answer", "voicemail"]
    note: str | None = Field(default=None, max_length=1000)
