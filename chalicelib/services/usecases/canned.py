"""Canned responses: the brand's library, managed by brand admins, and each agent's own.

Listed alphabetically (without regard to accents or case), searchable in title and text.
Choosing one fills the reply box: with a thread in view, `{first_name}` and `{store_name}` are
filled for it; nothing here ever sends a message.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Protocol

from ..domain import Agent, CannedResponse, CannedScope, Thread
from ..domain.errors import Forbidden, InvalidInput, NotFound
from ..ports.clock import Clock
from ..ports.repositories import Directory, IdGenerator
from .conversations.access import ThreadAccess

MAX_TITLE = 120
MAX_TEXT = 1000
MAX_QUERY = 200
SORT_TITLE_LENGTH = 200  # of the normalised title: keeps the sort key well under DynamoDB's 1,024 bytes
SCOPES: tuple[CannedScope, ...] = ("brand", "personal")


class CannedRepository(Protocol):
    def list(self, brand_id: str, owner_agent_id: str | None) -> list[CannedResponse]:
        """One library in title order (`sort_title`, then id): the brand's (None) or an agent's own."""
    def get(self, brand_id: str, agent_id: str, canned_id: str) -> CannedResponse | None:
        """The brand's canned response with this id, or the agent's own; None for anyone else's."""
    def add(self, canned: CannedResponse) -> None: ...
    def save(self, before: CannedResponse, after: CannedResponse) -> None:
        """Writes `after` (moving it in its library when the title changed); StaleVersion if it changed."""
    def delete(self, canned: CannedResponse) -> None:
        """StaleVersion if it changed or went since it was read."""


@dataclass(frozen=True)
class Listed:
    canned: CannedResponse
    filled_text: str | None = None


def normalised(text: str) -> str:
    """Without case, accents or repeated spaces: the form titles sort by and searches compare."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(" " if c < " " else c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.split())


def sort_title(title: str) -> str:
    return normalised(title)[:SORT_TITLE_LENGTH]


def order(canned: CannedResponse) -> tuple[str, str]:
    return sort_title(canned.title), canned.id


def matches(canned: CannedResponse, q: str) -> bool:
    wanted = normalised(q)
    return wanted in normalised(canned.title) or wanted in normalised(canned.text)


# "Bonjour {first_name}, ..." -> "Bonjour, ...": an unknown name takes its space or comma along.
# At the start of a line it takes the comma after it, and the sentence starts with a capital.
_FIRST_NAME_LEADING = re.compile(r"(^|\n)[ \t]*\{first_name\}[ \t]*,?[ \t]*(\S?)")
_FIRST_NAME_INSIDE = re.compile(r"[ \t]*,?[ \t]*\{first_name\}")


def fill(text: str, first_name: str | None, store_name: str) -> str:
    """The text with its placeholders filled for a thread; an unknown first name vanishes cleanly."""
    text = text.replace("{store_name}", store_name)
    if first_name:
        return text.replace("{first_name}", first_name)
    text = _FIRST_NAME_LEADING.sub(lambda m: m.group(1) + m.group(2).upper(), text)
    return _FIRST_NAME_INSIDE.sub("", text)


def first_name_of(thread: Thread) -> str | None:
    name = (thread.customer.name or "").split()
    return name[0] if name else None


class CannedResponses:
    def __init__(self, repository: CannedRepository, access: ThreadAccess, directory: Directory,
                 ids: IdGenerator, clock: Clock) -> None:
        self.repository = repository
        self.access = access
        self.directory = directory
        self.ids = ids
        self.clock = clock

    def list(self, agent: Agent, q: str | None = None, thread_id: str | None = None) -> list[Listed]:
        """The brand's and the agent's own, merged alphabetically; with a thread, filled for it."""
        if q is not None and len(q) > MAX_QUERY:
            raise InvalidInput.field("q", f"at most {MAX_QUERY} characters")
        thread = self.access.visible_thread(agent, thread_id) if thread_id else None
        found = self.repository.list(agent.brand_id, None) + self.repository.list(agent.brand_id, agent.id)
        found = sorted((c for c in found if not q or matches(c, q)), key=order)
        if thread is None:
            return [Listed(c) for c in found]
        store = self.directory.get_store(thread.brand_id, thread.store_id)
        store_name, first_name = store.name if store else "", first_name_of(thread)
        return [Listed(c, fill(c.text, first_name, store_name)) for c in found]

    def create(self, agent: Agent, title: str, text: str, scope: str) -> CannedResponse:
        """A new canned response: in the brand's library (brand admins only) or the agent's own."""
        if scope not in SCOPES:
            raise InvalidInput.field("scope", "brand or personal")
        if scope == "brand" and not agent.brand_admin:
            raise Forbidden("only brand admins edit the brand's canned responses")
        now = self.clock.now()
        canned = CannedResponse(brand_id=agent.brand_id, id=self.ids.new_id("r"), title=_title(title),
                                text=_text(text), scope=scope,  # type: ignore[arg-type]
                                owner_agent_id=agent.id if scope == "personal" else None, created_at=now,
                                updated_at=now)
        self.repository.add(canned)
        return canned

    def update(self, agent: Agent, canned_id: str, title: str | None = None, text: str | None = None) -> CannedResponse:
        """A new title or text; a new title moves it in the alphabetical order."""
        before = self._writable(agent, canned_id)
        after = replace(before, title=before.title if title is None else _title(title),
                        text=before.text if text is None else _text(text))
        if after == before:
            return before
        after = replace(after, updated_at=self.clock.now(), version=before.version + 1)
        self.repository.save(before, after)
        return after

    def delete(self, agent: Agent, canned_id: str) -> None:
        self.repository.delete(self._writable(agent, canned_id))

    def _writable(self, agent: Agent, canned_id: str) -> CannedResponse:
        """Another agent's own is not found (404); the brand's is read-only to all but brand admins (403)."""
        canned = self.repository.get(agent.brand_id, agent.id, canned_id)
        if canned is None:
            raise NotFound("no such canned response")
        if canned.scope == "brand" and not agent.brand_admin:
            raise Forbidden("only brand admins edit the brand's canned responses")
        return canned


def _title(title: str) -> str:
    title = title.strip()
    if not title:
        raise InvalidInput.field("title", "must not be empty")
    if len(title) > MAX_TITLE:
        raise InvalidInput.field("title", f"at most {MAX_TITLE} characters")
    return title


def _text(text: str) -> str:
    if not text.strip():
        raise InvalidInput.field("text", "must not be empty")
    if len(text) > MAX_TEXT:
        raise InvalidInput.field("text", f"at most {MAX_TEXT} characters")
    return text
