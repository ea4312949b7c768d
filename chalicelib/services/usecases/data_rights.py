"""A customer's data rights, for the brand's admins: everything held on one customer, exported or erased.

A customer is their phone number: the record the head office keeps, and every thread the number wrote on,
with its messages, its notes and the files of theirs we keep. Erasure removes all of it and the search entries
that point to it; the statistics already counted stay as numbers, and what must outlive the erasure (the opt-out
register, kept by a hash of the number) is left by the repository.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from ..domain import Agent, Attachment, CustomerProfile, Message, Note, Page, Thread
from ..domain.errors import Forbidden, NotFound, StaleVersion
from ..domain.media import PICTURE, kept_file, kept_keys, storage_key
from ..ports.clock import Clock
from ..ports.media import MediaStore
from ..ports.repositories import CustomerRepository, NoteRepository, ThreadRepository
from ..ports.safety import CustomerEraser
from .conversations.common import RETRIES_ON_RACE, customer_id_for, thread_id_for
from .customers import Customers
from .search import postings_of, words_of

PAGE = 100


@dataclass
class ThreadFile:
    thread: Thread
    messages: list[Message] = field(default_factory=list)  # oldest first
    notes: list[Note] = field(default_factory=list)  # oldest first


@dataclass
class CustomerData:
    """Everything the brand holds on one customer."""

    customer_id: str
    phone: str
    profile: CustomerProfile | None
    threads: list[ThreadFile]
    at: datetime

    @property
    def message_count(self) -> int:
        return sum(len(t.messages) for t in self.threads)

    @property
    def note_count(self) -> int:
        return sum(len(t.notes) for t in self.threads)

    @property
    def files(self) -> list[tuple[Message, Attachment]]:
        """The customer's files we keep a copy of, with the message each came on."""
        return [(m, a) for t in self.threads for m in t.messages for a in m.attachments if kept_file(a)]


def _all(read: Callable[[str, str, str | None, int], Page], brand_id: str, thread_id: str) -> list:
    """Every item of a thread's paged list, oldest first (lists come newest first)."""
    items: list = []
    cursor: str | None = None
    while True:
        page = read(brand_id, thread_id, cursor, PAGE)
        items.extend(page.items)
        cursor = page.next_cursor
        if not cursor:
            return list(reversed(items))


class DataRights:
    def __init__(self, customers: Customers, records: CustomerRepository, threads: ThreadRepository,
                 notes: NoteRepository, eraser: CustomerEraser, channels: tuple[str, ...], clock: Clock,
                 files: MediaStore | None = None) -> None:
        self.customers = customers
        self.records = records
        self.threads = threads
        self.notes = notes
        self.eraser = eraser
        self.channels = channels  # a number may have written on any of them (SMS, WhatsApp...)
        self.clock = clock
        self.files = files  # our copies of customers' files (None where the stage keeps none)

    def export(self, admin: Agent, phone: str) -> CustomerData:
        """The customer's record, threads, messages and notes; 404 when the brand holds nothing on them."""
        return self._gather(admin, phone)

    def erase(self, admin: Agent, phone: str) -> CustomerData:
        """Erases what `export` returns; the answer says what was erased (for the audit trail)."""
        data = self._gather(admin, phone)
        brand_id = admin.brand_id
        for file in data.threads:
            self._erase_files(brand_id, file.thread.id, file.messages)  # first: the messages name the files
            self.eraser.erase_words([p for m in file.messages for p in postings_of(m)])
            self._erase_thread(file.thread)
        for thread_id in self._thread_ids(brand_id, data.phone, data.customer_id):
            # Messages recorded but not yet on a thread (the stream had not applied them), and what an
            # erasure cut short left behind.
            left = _all(self.threads.list_messages, brand_id, thread_id)
            self._erase_files(brand_id, thread_id, left)
            self.eraser.erase_words([p for m in left for p in postings_of(m)])
            self.eraser.erase_leftovers(brand_id, thread_id)
        name_words = words_of(data.profile.name or "") if data.profile else []
        self.eraser.erase_customer(brand_id, data.customer_id, name_words)
        return data

    def _erase_files(self, brand_id: str, thread_id: str, messages: list[Message]) -> None:
        """Our copies of the files these messages carry. A copy made after this (the customer wrote meanwhile)
        is removed by the file keeping itself, which finds its message gone."""
        if self.files is None:
            return
        for message in messages:
            for key in kept_keys(brand_id, thread_id, message.attachments):
                self.files.delete(key)
        self.files.delete(storage_key(brand_id, thread_id, PICTURE))  # the customer's picture, if we kept one

    def _erase_thread(self, thread: Thread) -> None:
        current: Thread | None = thread
        for _ in range(RETRIES_ON_RACE):
            if current is None:
                return
            try:
                self.eraser.erase_thread(current)
                return
            except StaleVersion:  # a message arrived meanwhile: erase the thread as it is now
                current = self.threads.get(thread.brand_id, thread.id)
        raise StaleVersion("the thread kept changing while it was erased")

    def _gather(self, admin: Agent, phone: str) -> CustomerData:
        if not admin.brand_admin:
            raise Forbidden("only a brand admin exports or erases a customer's data")
        number = self.customers.number_of(admin.brand_id, phone)
        customer_id = customer_id_for(admin.brand_id, number)
        profile = self.records.get(admin.brand_id, customer_id)
        files = []
        for thread_id in self._thread_ids(admin.brand_id, number, customer_id):
            thread = self.threads.get(admin.brand_id, thread_id)
            if thread is None:
                continue
            messages = _all(self.threads.list_messages, admin.brand_id, thread_id)
            notes = _all(self.notes.list_notes, admin.brand_id, thread_id)
            files.append(ThreadFile(thread, messages, notes))
        if profile is None and not files:
            raise NotFound("no such customer")
        files.sort(key=lambda f: f.thread.created_at)
        return CustomerData(customer_id, number, profile, files, self.clock.now())

    def _thread_ids(self, brand_id: str, number: str, customer_id: str) -> list[str]:
        """The threads the links know of, and those the number's own ids name (a link not yet kept)."""
        _, links = self.records.with_threads(brand_id, customer_id)
        ids = [link.thread_id for link in links]
        ids += [t for t in (thread_id_for(brand_id, ch, number) for ch in self.channels) if t not in ids]
        return ids
