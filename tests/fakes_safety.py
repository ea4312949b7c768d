"""In-memory twins of the account safety repositories: the audit trail, e-mail change links, the eraser."""
from __future__ import annotations

from collections.abc import Sequence
from copy import deepcopy
from dataclasses import replace
from datetime import datetime

from chalicelib.services.domain import Agent, Page, Thread, WordPosting
from chalicelib.services.domain.errors import AlreadyExists, Conflict, InvalidInput, NotFound, StaleVersion
from chalicelib.services.domain.safety import AuditEntry, EmailChange
from chalicelib.services.ports.clock import iso
from tests.fakes import FakeDirectory, FakeThreads, _email_key
from tests.fakes_collab import FakeNotes
from tests.fakes_search import FakeCustomers, FakeSearchIndex


class FakeAuditLog:
    def __init__(self) -> None:
        self.entries: list[AuditEntry] = []

    def add(self, entry: AuditEntry) -> None:
        if any(e.brand_id == entry.brand_id and e.id == entry.id for e in self.entries):
            raise AlreadyExists("this entry exists already")
        self.entries.append(deepcopy(entry))

    def list(self, brand_id: str, since: datetime | None, until: datetime | None, cursor: str | None,
             limit: int) -> Page:
        mine = sorted((e for e in self.entries if e.brand_id == brand_id and (since is None or e.at >= since)
                       and (until is None or e.at <= until)), key=lambda e: (iso(e.at), e.id), reverse=True)
        start = 0
        if cursor:
            owner, _, offset = cursor.partition("|")
            if owner != brand_id or not offset.isdigit():
                raise InvalidInput.field("cursor", "not a cursor of this list")
            start = int(offset)
        page = mine[start:start + limit]
        more = start + limit < len(mine)
        return Page([deepcopy(e) for e in page], f"{brand_id}|{start + limit}" if more else None)


class FakeEmailChanges:
    def __init__(self, directory: FakeDirectory) -> None:
        self.directory = directory
        self.links: dict[tuple[str, str], EmailChange] = {}

    def add(self, change: EmailChange) -> None:
        self.links[(change.brand_id, change.token)] = deepcopy(change)

    def get(self, brand_id: str, token: str) -> EmailChange | None:
        return deepcopy(self.links.get((brand_id, token)))

    def confirm(self, change: EmailChange, agent: Agent, previous_email: str) -> None:
        stored = self.links.get((change.brand_id, change.token))
        if stored is None or stored.used_at is not None:
            raise Conflict("this link was used already", {"token": "already used"})
        current = self.directory.agents.get((agent.brand_id, agent.id))
        if current is None or current.deleted_at is not None:
            raise NotFound("this account no longer exists")
        if _email_key(agent.email) in self.directory.emails:
            raise AlreadyExists("an account with this e-mail exists already", {"email": "taken"})
        stored.used_at = change.used_at
        current.email = agent.email
        self.directory.emails.pop(_email_key(previous_email), None)
        self.directory.emails[_email_key(agent.email)] = (agent.brand_id, agent.id)


class FakeEraser:
    def __init__(self, threads: FakeThreads, customers: FakeCustomers, index: FakeSearchIndex,
                 notes: FakeNotes | None = None) -> None:
        self.threads = threads
        self.notes = notes
        self.customers = customers
        self.index = index
        self.stale_once: set[str] = set()  # thread ids whose next erasure meets a newer version (a race)

    def erase_thread(self, thread: Thread) -> None:
        key = (thread.brand_id, thread.id)
        current = self.threads.threads.get(key)
        if thread.id in self.stale_once:
            self.stale_once.discard(thread.id)
            raise StaleVersion("the thread changed while it was erased")
        if current is None or current.version != thread.version:
            raise StaleVersion("the thread changed while it was erased")
        gone = replace(current, folder="erased")  # counted nowhere: the counts and the load follow
        self.threads._count(thread.brand_id, current, gone)
        self.threads._load(thread.brand_id, current, gone)
        del self.threads.threads[key]
        self.erase_leftovers(*key)

    def erase_leftovers(self, brand_id: str, thread_id: str) -> None:
        for note in self.threads.notes.get((brand_id, thread_id), {}).values():
            for agent_id in note.mentions if self.notes else []:
                owner = (brand_id, agent_id)
                mention = self.notes.mentions.get(owner, {}).pop(f"{iso(note.created_at)}#{note.id}", None)
                if mention is not None and not mention.read:
                    self.notes.unread[owner] -= 1
        self.threads.messages.pop((brand_id, thread_id), None)
        self.threads.notes.pop((brand_id, thread_id), None)

    def erase_words(self, postings: Sequence[WordPosting]) -> None:
        for p in postings:
            self.index.word_postings.get((p.brand_id, p.word), {}).pop(self.index.position(p), None)

    def erase_customer(self, brand_id: str, customer_id: str, name_words: Sequence[str]) -> None:
        self.index.delete_names(brand_id, customer_id, name_words)
        self.customers.profiles.pop((brand_id, customer_id), None)
        self.customers.links.pop((brand_id, customer_id), None)
