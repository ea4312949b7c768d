"""What agents look up: canned responses, the search index's postings, customer profiles."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from .conversation import Thread

CannedScope = Literal["brand", "personal"]


@dataclass
class CannedResponse:
    """A prepared answer that fills the reply box, never sent as is: the brand's library or an agent's own."""

    brand_id: str
    id: str
    title: str
    text: str
    scope: CannedScope
    created_at: datetime
    updated_at: datetime
    owner_agent_id: str | None = None  # the agent of a personal one
    version: int = 1


@dataclass
class WordPosting:
    """One word of a message in the search index: where it was written, and a piece of text to show."""

    brand_id: str
    word: str
    thread_id: str
    message_id: str
    store_id: str
    created_at: datetime
    words: list[str]  # the message's distinct words (capped): a query of several words filters on them
    excerpt: str


@dataclass
class NamePosting:
    """One word of a customer's name in the search index."""

    brand_id: str
    word: str
    customer_id: str
    phone: str | None
    words: list[str]  # every word of the name


@dataclass
class SearchHit:
    """A thread found by a search, with why: its number, its customer's name, or a message's words."""

    thread: Thread
    kind: str  # number | name | text
    at: datetime
    message_id: str | None = None
    excerpt: str | None = None


@dataclass
class CustomerProfile:
    """A customer of a brand as its head office describes them: name and attributes shown as given."""

    brand_id: str
    id: str
    phone: str | None
    name: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    updated_at: datetime | None = None


@dataclass
class CustomerLink:
    """One thread of a customer, kept beside the customer record; None fields are left as stored."""

    brand_id: str
    customer_id: str
    thread_id: str
    store_id: str | None = None
    channel: str | None = None
    store_number: str | None = None  # the store number the customer last wrote to
