"""One contract for the notes and mentions repository (E1, E2), run on the fake and on DynamoDB
(moto and DynamoDB Local)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta

import pytest

from chalicelib.models.directory import DynamoDirectory
from chalicelib.models.notes import DynamoNotes
from chalicelib.models.threads import DynamoThreads
from chalicelib.services.domain import Brand, Mention, Note
from chalicelib.services.domain.errors import Conflict, InvalidInput
from chalicelib.services.domain.notes import mention_id
from tests.contract.test_repositories import AT, BRAND, a_message, a_store, a_thread, an_agent
from tests.dynamodb_local_support import OnBothBackends
from tests.fakes import FakeDirectory, FakeThreads
from tests.fakes_collab import FakeNotes


def a_note(note_id: str, thread_id: str = "t1", minute: int = 0, kind: str = "note",
           mentions: list[str] | None = None) -> Note:
    return Note(brand_id=BRAND, thread_id=thread_id, id=note_id, kind=kind,  # type: ignore[arg-type]
                author_agent_id="a-ines" if kind == "note" else None, text=f"note {note_id}",
                created_at=AT + timedelta(minutes=minute), mentions=mentions or [])


def a_mention(note: Note, agent_id: str) -> Mention:
    return Mention(brand_id=BRAND, agent_id=agent_id, id=mention_id(note.created_at, note.id), thread_id=note.thread_id,
                   note_id=note.id, by_agent_id=note.author_agent_id or "", text=note.text, created_at=note.created_at)


class NotesContract:
    directory: FakeDirectory | DynamoDirectory
    threads: FakeThreads | DynamoThreads
    notes: FakeNotes | DynamoNotes

    @contextmanager
    def backend(self) -> Iterator[tuple[object, object, object]]:
        raise NotImplementedError

    @pytest.fixture(autouse=True)
    def _repositories(self) -> Iterator[None]:
        with self.backend() as (directory, threads, notes):
            self.directory, self.threads, self.notes = directory, threads, notes  # type: ignore[assignment]
            self.directory.add_brand(Brand(id=BRAND, name="Maison Lune", created_at=AT))
            self.directory.add_store(a_store())
            yield

    def note_ids(self, thread_id: str = "t1", limit: int = 10) -> list[list[str]]:
        pages, cursor = [], None
        while True:
            page = self.notes.list_notes(BRAND, thread_id, cursor, limit)
            pages.append([n.id for n in page.items])
            if not page.next_cursor:
                return pages
            cursor = page.next_cursor

    def test_notes_come_back_newest_first_in_pages_and_never_among_messages(self) -> None:
        self.threads.save(None, a_thread("t1"))
        self.threads.record_inbound(a_message("m1"), None)
        first = a_note("n1", mentions=["a-paul"])
        self.notes.add(first)
        self.notes.add(a_note("n2", minute=2))
        self.notes.add(a_note("n3", minute=1))
        assert self.note_ids(limit=2) == [["n2", "n3"], ["n1"]]
        assert self.notes.list_notes(BRAND, "t1", None, 10).items[-1] == first
        assert [m.id for m in self.threads.list_messages(BRAND, "t1", None, 10).items] == ["m1"]
        assert self.notes.list_notes("other-brand", "t1", None, 10).items == []
        with pytest.raises(Conflict):
            self.notes.add(first)

    def test_a_system_note_is_written_with_the_thread_in_one_write(self) -> None:
        thread = a_thread("t1")
        self.threads.save(None, thread)
        moved = replace(thread, store_id="s-after-sales", shared_with=["s-tracking"], version=2)
        self.threads.save(thread, moved, notes=[a_note("n1", kind="system")])
        assert self.notes.list_notes(BRAND, "t1", None, 10).items == [a_note("n1", kind="system")]
        assert self.threads.get(BRAND, "t1") == moved

    def test_a_notes_cursor_only_continues_its_own_thread(self) -> None:
        for n in range(2):
            self.notes.add(a_note(f"n{n}", minute=n))
        cursor = self.notes.list_notes(BRAND, "t1", None, 1).next_cursor
        for attempt in (lambda: self.notes.list_notes(BRAND, "t2", cursor, 1),
                        lambda: self.notes.list_mentions(BRAND, "a-paul", cursor, 1, False)):
            with pytest.raises(InvalidInput):
                attempt()

    def test_mentions_are_listed_newest_first_with_an_exact_unread_count(self) -> None:
        notes = [a_note(f"n{n}", minute=n) for n in range(3)]
        for note in notes:
            self.notes.add(note, [a_mention(note, "a-paul"), a_mention(note, "a-zoe")])
        assert self.notes.unread_mentions(BRAND, "a-paul") == 3
        listed = self.notes.list_mentions(BRAND, "a-paul", None, 2, False)
        rest = self.notes.list_mentions(BRAND, "a-paul", listed.next_cursor, 2, False)
        assert [m.note_id for m in listed.items + rest.items] == ["n2", "n1", "n0"]
        assert listed.items[0] == a_mention(notes[2], "a-paul")
        assert self.notes.unread_mentions(BRAND, "a-nobody") == 0

    def test_a_mention_is_found_by_its_id_in_its_agents_partition_only(self) -> None:
        note = a_note("n1")
        self.notes.add(note, [a_mention(note, "a-paul")])
        mention = a_mention(note, "a-paul")
        assert self.notes.get_mention(BRAND, "a-paul", mention.id) == mention
        assert self.notes.get_mention(BRAND, "a-zoe", mention.id) is None
        assert self.notes.get_mention("other-brand", "a-paul", mention.id) is None
        for forged in ("n1", "m1-n1", mention.id + "x"):
            assert self.notes.get_mention(BRAND, "a-paul", forged) is None

    def test_a_mention_is_read_once(self) -> None:
        notes = [a_note(f"n{n}", minute=n) for n in range(2)]
        for note in notes:
            self.notes.add(note, [a_mention(note, "a-paul")])
        mention = a_mention(notes[1], "a-paul")
        assert self.notes.read_mention(mention) is True
        assert self.notes.read_mention(mention) is False
        assert self.notes.unread_mentions(BRAND, "a-paul") == 1
        assert [m.note_id for m in self.notes.list_mentions(BRAND, "a-paul", None, 10, True).items] == ["n0"]
        assert [m.read for m in self.notes.list_mentions(BRAND, "a-paul", None, 10, False).items] == [True, False]
        assert self.notes.get_mention(BRAND, "a-paul", mention.id).read is True  # type: ignore[union-attr]
        unread_cursor = self.notes.list_mentions(BRAND, "a-paul", None, 1, False).next_cursor
        with pytest.raises(InvalidInput):
            self.notes.list_mentions(BRAND, "a-paul", unread_cursor, 1, True)

    def test_the_new_settings_come_back_as_saved(self) -> None:
        agent = replace(an_agent("a-ines", "ines@maison.test"), notify_mention=False)
        self.directory.add_agent(agent)
        assert self.directory.get_agent(BRAND, "a-ines").notify_mention is False  # type: ignore[union-attr]
        self.directory.save_agent(replace(agent, notify_mention=True))
        assert self.directory.get_agent(BRAND, "a-ines").notify_mention is True  # type: ignore[union-attr]
        self.directory.save_brand(Brand(id=BRAND, name="Maison Lune", created_at=AT, service_email="sav@maison.test"))
        assert self.directory.get_brand(BRAND).service_email == "sav@maison.test"  # type: ignore[union-attr]


class TestFakeNotes(NotesContract):
    @contextmanager
    def backend(self) -> Iterator[tuple[object, object, object]]:
        threads = FakeThreads()
        yield FakeDirectory(), threads, FakeNotes(threads)


class TestDynamoNotes(NotesContract, OnBothBackends):
    @contextmanager
    def backend(self) -> Iterator[tuple[object, object, object]]:
        with self.fresh_table():
            yield DynamoDirectory(), DynamoThreads(), DynamoNotes()
