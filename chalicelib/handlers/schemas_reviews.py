"""Request body of a review posted by the brand's integration (handlers/schemas.py names it)."""
from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field

from .fields import DATE_TIME, NON_BLANK, Body, Name, Phone


def _whole(value: object) -> object:
    """3.0 is the whole number 3, as JSON Schema reads it; "3" and true stay refused."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


Rating = Annotated[int, Field(ge=1, le=5), BeforeValidator(_whole)]


class ReviewAuthor(Body):
    name: Name | None = None
    phone: Phone | None = None  # answered by SMS when given


class ReviewPost(Body):
    # The platform or survey the review comes from: a short name (google, trustpilot, survey-2026).
    source: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    external_id: str = Field(min_length=1, max_length=200, pattern=r"^[!-~]+$")  # the source's id of the review
    rating: Rating
    text: str = Field(default="", max_length=5000)
    author: ReviewAuthor | None = None
    category: str | None = Field(default=None, min_length=1, max_length=60, pattern=NON_BLANK)
    created_at: str = Field(max_length=40, pattern=DATE_TIME, json_schema_extra={"format": "date-time"})
