"""What the audit trail, the e-mail change and a customer's erasure need from storage."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from ..domain import Agent, Page, Thread, WordPosting
from ..domain.safety import AuditEntry, EmailChange


class AuditLog(Protocol):
    """The brand's audit trail: append only, read newest first."""

    def add(self, entry: AuditEntry) -> None: ...

    def list(self, brand_id: str, since: datetime | None, until: datetime | None, cursor: str | None,
             limit: int) -> Page:
        """Entries of the brand with since <= at <= until, newest first; the cursor continues the list."""
        ...


class EmailChanges(Protocol):
    def add(self, change: EmailChange) -> None: ...
    def get(self, brand_id: str, token: str) -> EmailChange | None: ...

    def confirm(self, change: EmailChange, agent: Agent, previous_email: str) -> None:
        """At once: the link is used, the agent logs in with its new address, the old address is free.

        Conflict when the link was used already; AlreadyExists when another account has the address."""
        ...


class CustomerEraser(Protocol):
    """Deletes what the brand holds on one customer, leaving what must outlive the erasure (opt-outs)."""

    def erase_thread(self, thread: Thread) -> None:
        """The thread, its messages, notes and facts; the inbox counts and the holder's load follow."""
        ...

    def erase_leftovers(self, brand_id: str, thread_id: str) -> None:
        """What is left in a thread's partition when the thread itself is gone (an erasure cut short)."""
        ...

    def erase_words(self, postings: Sequence[WordPosting]) -> None: ...

    def erase_customer(self, brand_id: str, customer_id: str, name_words: Sequence[str]) -> None:
        """The customer record, its links to threads and its name's search entries."""
        ...
