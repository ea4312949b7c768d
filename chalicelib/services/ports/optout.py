"""The opt-out register: per brand, store number and customer number (held only as its SHA-256), whether the
customer stopped messages from that number."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ..domain.optout import OptOutChange


class OptOutRegister(Protocol):
    def record(self, change: OptOutChange) -> bool:
        """Keeps the change unless a later one is already there (changes may arrive out of order or twice);
        True when it is now the register's state."""

    def opted_out(self, brand_id: str, store_number: str, customer_number: str) -> bool:
        """Whether this customer number opted out of messages from this store number."""

    def opted_out_many(self, brand_id: str, pairs: Sequence[tuple[str, str]]) -> set[tuple[str, str]]:
        """Which of these (store number, customer number) pairs opted out, in one read."""

    def opted_out_hash(self, brand_id: str, store_number: str, customer_hash: str) -> bool:
        """The same, by the number's hash (domain.optout.number_hash): what remains of an erased customer."""

    def store_numbers_opted_out(self, brand_id: str, customer_hash: str) -> list[str]:
        """The store numbers this customer opted out of, for an export of what is held about them."""
