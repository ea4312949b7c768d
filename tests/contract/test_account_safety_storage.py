"""The account safety repositories' contract (audit trail, e-mail change links, a customer's erasure) on the fakes
and on DynamoDB (moto and DynamoDB Local)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from chalicelib.models import erasure, keys_safety
from chalicelib.models.customers import DynamoCustomers
from chalicelib.models.directory import DynamoDirectory
from chalicelib.models.erasure import DynamoEraser
from chalicelib.models.items.safety import EmailChangeItem
from chalicelib.models.notes import DynamoNotes
from chalicelib.models.safety import DynamoAudit, DynamoEmailChanges
from chalicelib.models.search import DynamoSearchIndex
from chalicelib.models.tables import Item
from chalicelib.models.threads import DynamoThreads
from chalicelib.services.domain import Brand, CustomerLink, CustomerProfile, Mention, NamePosting, Note
from chalicelib.services.domain.errors import AlreadyExists, Conflict, InvalidInput
from chalicelib.services.domain.safety import AuditEntry, EmailChange
from chalicelib.services.usecases.search import postings_of
from tests.contract.test_repositories import AT, BRAND, TRACKING, a_message, a_store, a_thread, an_agent
from tests.dynamodb_local_support import OnBothBackends
from tests.fakes import FakeDirectory, FakeThreads
from tests.fakes_collab import FakeNotes
from tests.fakes_safety import FakeAuditLog, FakeEmailChanges, FakeEraser
from tests.fakes_search import FakeCustomers, FakeSearchIndex


def an_entry(n: int, minute: int = 0, brand: str = BRAND, **details: Any) -> AuditEntry:
    return AuditEntry(brand_id=brand, id=f"au{n:03d}", at=AT + timedelta(minutes=minute), action="store.update",
                      target_kind="store", target_id=TRACKING, actor_id="a-boss", actor_email="boss@maison.test",
                      details=details or {"n": n})


# -- the audit trail ---------------------------------------------------------------------------------------
class AuditContract:
    log: Any

    @contextmanager
    def backend(self) -> Iterator[Any]:
        raise NotImplementedError

    @pytest.fixture(autouse=True)
    def _log(self) -> Iterator[None]:
        with self.backend() as log:
            self.log = log
            yield

    def pages(self, since: Any = None, until: Any = None, limit: int = 3) -> list[list[str]]:
        pages, cursor = [], None
        while True:
            page = self.log.list(BRAND, since, until, cursor, limit)
            pages.append([e.id for e in page.items])
            cursor = page.next_cursor
            if not cursor:
                return pages

    def test_entries_come_back_whole_newest_first_in_complete_pages(self) -> None:
        for n in range(7):
            self.log.add(an_entry(n, minute=n))
        self.log.add(an_entry(99, minute=3, brand="other-brand"))
        ids = [i for page in self.pages() for i in page]
        assert ids == [f"au{n:03d}" for n in reversed(range(7))]
        assert all(len(page) <= 3 for page in self.pages())

    def test_details_of_any_shape_come_back_as_written(self) -> None:
        entry = replace(an_entry(1), details={"before": {"s1": {"admin": False}}, "after": {}, "names": ["Léa", 3],
                                              "empty": {}, "none": None})
        self.log.add(entry)
        system = replace(an_entry(2, minute=1), actor_id=None, actor_email=None, details={})
        self.log.add(system)
        assert self.log.list(BRAND, None, None, None, 10).items == [system, entry]

    def test_a_time_window_includes_both_ends(self) -> None:
        for n in range(5):
            self.log.add(an_entry(n, minute=10 * n))
        window = self.pages(AT + timedelta(minutes=10), AT + timedelta(minutes=30))
        assert [i for page in window for i in page] == ["au003", "au002", "au001"]
        assert self.pages(AT + timedelta(minutes=41)) == [[]]
        assert self.pages(None, AT) == [["au000"]]

    def test_entries_of_the_same_millisecond_are_all_kept(self) -> None:
        self.log.add(an_entry(1))
        self.log.add(an_entry(2))
        assert sorted(e.id for e in self.log.list(BRAND, None, None, None, 10).items) == ["au001", "au002"]

    def test_a_cursor_of_another_brand_or_a_forged_one_is_refused(self) -> None:
        for n in range(3):
            self.log.add(an_entry(n, minute=n, brand="other-brand"))
        cursor = self.log.list("other-brand", None, None, None, 1).next_cursor
        assert cursor
        for bad in (cursor, "not-a-cursor"):
            with pytest.raises(InvalidInput):
                self.log.list(BRAND, None, None, bad, 1)


class TestFakeAudit(AuditContract):
    @contextmanager
    def backend(self) -> Iterator[Any]:
        yield FakeAuditLog()


class TestDynamoAudit(AuditContract, OnBothBackends):
    @contextmanager
    def backend(self) -> Iterator[Any]:
        with self.fresh_table():
            yield DynamoAudit()

    def test_the_trail_is_one_partition_of_the_brand(self) -> None:
        self.log.add(an_entry(1))
        (item,) = Item.query(keys_safety.audit_pk(BRAND))
        assert item.pk == f"B#{BRAND}#AUDIT" and item.sk.startswith("AUDIT#2026-11-23T09:00:00.000Z#")


# -- e-mail change links -----------------------------------------------------------------------------------
def a_change(token: str = "maison.link1", email: str = "paul.d@maison.test") -> EmailChange:
    return EmailChange(brand_id=BRAND, token=token, agent_id="a-paul", new_email=email, created_at=AT,
                       expires_at=AT + timedelta(hours=24))


class EmailChangeContract:
    directory: Any
    links: Any

    @contextmanager
    def backend(self) -> Iterator[tuple[Any, Any]]:
        raise NotImplementedError

    @pytest.fixture(autouse=True)
    def _repositories(self) -> Iterator[None]:
        with self.backend() as (directory, links):
            self.directory, self.links = directory, links
            self.directory.add_brand(Brand(id=BRAND, name="Maison Lune", created_at=AT))
            self.directory.add_store(a_store())
            self.paul = an_agent("a-paul", "paul@maison.test")
            self.directory.add_agent(self.paul)
            self.directory.add_agent(an_agent("a-ines", "ines@maison.test"))
            yield

    def test_a_link_comes_back_by_its_token_in_its_brand_only(self) -> None:
        self.links.add(a_change())
        assert self.links.get(BRAND, "maison.link1") == a_change()
        assert self.links.get(BRAND, "maison.other") is None
        assert self.links.get("other-brand", "maison.link1") is None

    def test_confirming_moves_the_login_once(self) -> None:
        self.links.add(a_change())
        used = replace(a_change(), used_at=AT + timedelta(minutes=5))
        self.links.confirm(used, replace(self.paul, email="paul.d@maison.test"), "paul@maison.test")
        assert self.directory.find_agent_by_email("paul.d@maison.test").id == "a-paul"
        assert self.directory.find_agent_by_email("paul@maison.test") is None
        assert self.directory.get_agent(BRAND, "a-paul").email == "paul.d@maison.test"
        assert self.links.get(BRAND, "maison.link1").used_at == used.used_at
        with pytest.raises(Conflict):
            self.links.confirm(used, replace(self.paul, email="paul.d@maison.test"), "paul@maison.test")

    def test_a_taken_address_changes_nothing(self) -> None:
        self.links.add(a_change(email="ines@maison.test"))
        used = replace(a_change(email="ines@maison.test"), used_at=AT)
        with pytest.raises(AlreadyExists):
            self.links.confirm(used, replace(self.paul, email="ines@maison.test"), "paul@maison.test")
        assert self.directory.find_agent_by_email("paul@maison.test").id == "a-paul"
        assert self.directory.find_agent_by_email("ines@maison.test").id == "a-ines"
        assert self.links.get(BRAND, "maison.link1").used_at is None


class TestFakeEmailChanges(EmailChangeContract):
    @contextmanager
    def backend(self) -> Iterator[tuple[Any, Any]]:
        directory = FakeDirectory()
        yield directory, FakeEmailChanges(directory)


class TestDynamoEmailChanges(EmailChangeContract, OnBothBackends):
    @contextmanager
    def backend(self) -> Iterator[tuple[Any, Any]]:
        with self.fresh_table():
            yield DynamoDirectory(), DynamoEmailChanges()

    def test_only_the_hash_of_the_token_is_stored_and_the_table_expires_it(self) -> None:
        self.links.add(a_change())
        (item,) = EmailChangeItem.query(f"B#{BRAND}", Item.sk.startswith("EMAILCHANGE#"))
        assert "link1" not in item.sk and item.expires_at is not None


# -- a customer's erasure ----------------------------------------------------------------------------------
class EraserContract:
    @contextmanager
    def backend(self) -> Iterator[tuple[Any, ...]]:
        raise NotImplementedError

    @pytest.fixture(autouse=True)
    def _repositories(self) -> Iterator[None]:
        with self.backend() as (directory, threads, notes, customers, index, eraser):
            self.directory, self.threads, self.notes = directory, threads, notes
            self.customers, self.index, self.eraser = customers, index, eraser
            directory.add_brand(Brand(id=BRAND, name="Maison Lune", created_at=AT))
            directory.add_store(a_store())
            directory.add_agent(an_agent("a-ines", "ines@maison.test"))
            yield

    def a_customer_thread(self, thread_id: str) -> tuple[Any, list[Any]]:
        thread = a_thread(thread_id)
        messages = [replace(a_message(f"{thread_id}-m{n}", thread_id, minute=n), text=f"commande {thread_id} {n}")
                    for n in range(3)]
        self.threads.save(None, thread, messages=messages)
        note = Note(brand_id=BRAND, thread_id=thread_id, id=f"{thread_id}-n", kind="note", author_agent_id="a-ines",
                    text="fidèle @[a-paul] @[a-lea]", created_at=AT, mentions=["a-paul", "a-lea"])
        mentions = [Mention(brand_id=BRAND, agent_id=a, id=f"m-{thread_id}-{a}", thread_id=thread_id,
                            note_id=note.id, by_agent_id="a-ines", text=note.text, created_at=AT)
                    for a in ("a-paul", "a-lea")]
        self.notes.add(note, mentions)
        self.index.put_words([p for m in messages for p in postings_of(m)])
        self.customers.save_link(CustomerLink(brand_id=BRAND, customer_id=thread.customer.id, thread_id=thread_id,
                                              store_id=TRACKING, channel="sms"))
        self.customers.save_many([CustomerProfile(brand_id=BRAND, id=thread.customer.id, phone="+33612345678",
                                                  name="Chloé Martin", attributes={"segment": "gold"})])
        words = ["chloe", "martin"]
        self.index.put_names([NamePosting(brand_id=BRAND, word=w, customer_id=thread.customer.id,
                                          phone="+33612345678", words=words) for w in words])
        return thread, messages

    def test_a_thread_goes_with_its_messages_notes_words_and_counts(self) -> None:
        thread, messages = self.a_customer_thread("t1")
        other, _ = self.a_customer_thread("t2")
        assert self.threads.counts(BRAND, (TRACKING,)).totals["waiting"] == 2
        self.eraser.erase_words([p for m in messages for p in postings_of(m)])
        self.eraser.erase_thread(self.threads.get(BRAND, "t1"))
        assert self.threads.get(BRAND, "t1") is None
        assert self.threads.list_messages(BRAND, "t1", None, 10).items == []
        assert self.notes.list_notes(BRAND, "t1", None, 10).items == []
        for agent_id in ("a-paul", "a-lea"):  # the mentions copied the note's text: gone with it
            assert [m.thread_id for m in self.notes.list_mentions(BRAND, agent_id, None, 10, False).items] == ["t2"]
            assert [m.thread_id for m in self.notes.list_mentions(BRAND, agent_id, None, 10, True).items] == ["t2"]
        assert self.notes.unread_mentions(BRAND, "a-lea") == 1
        assert self.index.words(BRAND, "t1", [], None, 10)[0] == []
        assert [p.thread_id for p in self.index.words(BRAND, "commande", [], None, 10)[0]] == ["t2"] * 3
        assert self.threads.counts(BRAND, (TRACKING,)).totals["waiting"] == 1
        assert self.directory.get_agent(BRAND, "a-ines").open_threads == 1
        assert self.threads.get(BRAND, "t2") == other

    def test_a_read_mention_goes_without_changing_the_unread_count(self) -> None:
        self.a_customer_thread("t1")
        self.a_customer_thread("t2")
        (read,) = [m for m in self.notes.list_mentions(BRAND, "a-paul", None, 10, False).items if m.thread_id == "t1"]
        assert self.notes.read_mention(read)
        assert self.notes.unread_mentions(BRAND, "a-paul") == 1
        self.eraser.erase_thread(self.threads.get(BRAND, "t1"))
        assert self.notes.unread_mentions(BRAND, "a-paul") == 1
        assert [m.thread_id for m in self.notes.list_mentions(BRAND, "a-paul", None, 10, False).items] == ["t2"]

    def test_a_thread_that_changed_meanwhile_is_not_erased(self) -> None:
        thread, _ = self.a_customer_thread("t1")
        self.threads.save(thread, replace(thread, unread=False, version=thread.version + 1))
        with pytest.raises(Exception, match="changed"):
            self.eraser.erase_thread(thread)
        assert self.threads.get(BRAND, "t1") is not None

    def test_leftovers_and_the_customer_record_go(self) -> None:
        thread, _ = self.a_customer_thread("t1")
        stray = a_message("w1", "t-whatsapp")
        self.threads.record_inbound(stray, None)
        self.eraser.erase_leftovers(BRAND, "t-whatsapp")
        assert self.threads.list_messages(BRAND, "t-whatsapp", None, 10).items == []
        self.eraser.erase_customer(BRAND, thread.customer.id, ["chloe", "martin"])
        assert self.customers.with_threads(BRAND, thread.customer.id) == (None, [])
        assert self.index.names(BRAND, "chloe", [], None, 10)[0] == []
        assert self.threads.get(BRAND, "t1") is not None  # a thread is erased by erase_thread only


class TestFakeEraser(EraserContract):
    @contextmanager
    def backend(self) -> Iterator[tuple[Any, ...]]:
        directory = FakeDirectory()
        threads = FakeThreads(directory)
        customers, index = FakeCustomers(threads), FakeSearchIndex(threads)
        notes = FakeNotes(threads)
        yield directory, threads, notes, customers, index, FakeEraser(threads, customers, index, notes)


class TestDynamoEraser(EraserContract, OnBothBackends):
    @contextmanager
    def backend(self) -> Iterator[tuple[Any, ...]]:
        with self.fresh_table():
            yield (DynamoDirectory(), DynamoThreads(), DynamoNotes(), DynamoCustomers(), DynamoSearchIndex(),
                   DynamoEraser())

    def test_the_kinds_an_erasure_keeps_are_left_where_they_are(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """What outlives an erasure (the opt-out register) is kept by kind: shown here with notes kept."""
        assert "optout" in erasure.KEPT_KINDS
        thread, _ = self.a_customer_thread("t1")
        monkeypatch.setattr(erasure, "KEPT_KINDS", erasure.KEPT_KINDS | {"note", "customer"})
        self.eraser.erase_thread(thread)
        self.eraser.erase_customer(BRAND, thread.customer.id, [])
        assert [n.text for n in self.notes.list_notes(BRAND, "t1", None, 10).items] == ["fidèle @[a-paul] @[a-lea]"]
        assert self.customers.get(BRAND, thread.customer.id) is not None
        assert self.threads.get(BRAND, "t1") is None
