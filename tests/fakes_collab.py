"""An in-memory NoteRepository (E1, E2), alike to DynamoNotes: tests/contract/test_collab.py runs one suite on both.

Notes live in the FakeThreads they are given, as in DynamoDB where they share the thread's partition:
a system note written with the thread by `FakeThreads.save(notes=...)` is listed here too.
"""
from __future__ import annotations

from collections.abc import Sequence
from copy import deepcopy

from chalicelib.services.domain import Mention, Note, Page
from chalicelib.services.domain.errors import Conflict
from chalicelib.services.ports.clock import iso
from tests.fakes import FakeThreads, _page, _position


def _key(created_at, item_id: str) -> str:  # type: ignore[no-untyped-def]
    return f"{iso(created_at)}#{item_id}"


class FakeNotes:
    def __init__(self, threads: FakeThreads | None = None) -> None:
        self.threads = threads or FakeThreads()
        self.mentions: dict[tuple[str, str], dict[str, Mention]] = {}  # (brand, agent) -> order key -> mention
        self.unread: dict[tuple[str, str], int] = {}  # (brand, agent) -> maintained count

    def add(self, note: Note, mentions: Sequence[Mention] = ()) -> None:
        notes = self.threads.notes.setdefault((note.brand_id, note.thread_id), {})
        if _key(note.created_at, note.id) in notes or any(
                _key(m.created_at, m.note_id) in self.mentions.get((m.brand_id, m.agent_id), {}) for m in mentions):
            raise Conflict("this note exists already")
        notes[_key(note.created_at, note.id)] = deepcopy(note)
        for mention in mentions:
            owner = (mention.brand_id, mention.agent_id)
            self.mentions.setdefault(owner, {})[_key(mention.created_at, mention.note_id)] = deepcopy(mention)
            self.unread[owner] = self.unread.get(owner, 0) + 1

    def list_notes(self, brand_id: str, thread_id: str, cursor: str | None, limit: int) -> Page:
        scope = f"notes|{brand_id}|{thread_id}"
        rows = list(self.threads.notes.get((brand_id, thread_id), {}).items())
        return _page(rows, _position(cursor, scope), True, limit, scope)  # type: ignore[arg-type]

    def list_mentions(self, brand_id: str, agent_id: str, cursor: str | None, limit: int,
                      unread_only: bool) -> Page:
        scope = f"mentions|{brand_id}|{agent_id}|{unread_only}"
        rows = [(k, m) for k, m in self.mentions.get((brand_id, agent_id), {}).items()
                if not (unread_only and m.read)]
        return _page(rows, _position(cursor, scope), True, limit, scope)  # type: ignore[arg-type]

    def unread_mentions(self, brand_id: str, agent_id: str) -> int:
        return self.unread.get((brand_id, agent_id), 0)

    def get_mention(self, brand_id: str, agent_id: str, mention_id: str) -> Mention | None:
        found = [m for m in self.mentions.get((brand_id, agent_id), {}).values() if m.id == mention_id]
        return deepcopy(found[0]) if found else None

    def read_mention(self, mention: Mention) -> bool:
        owner = (mention.brand_id, mention.agent_id)
        stored = self.mentions.get(owner, {}).get(_key(mention.created_at, mention.note_id))
        if stored is None or stored.read:
            return False
        stored.read = True
        self.unread[owner] -= 1
        return True
