"""The search consumer's writes for one batch of stream records, made together once the batch is applied.

A customer's first text wrote their thread link twice (the store number they wrote to, from the message; then
the thread's store, from the thread) and each message's words in a write of their own. Gathered over a batch,
each link is written once with every field the batch gave it, and the words of all the batch's messages go in
as few batch writes as they fill. Both writes are idempotent, so a batch retried after a failed flush is safe.
"""
from __future__ import annotations

from copy import copy
from dataclasses import fields, replace
from typing import Any, cast

from ..domain import CustomerLink, CustomerProfile, Thread, WordPosting
from ..ports.repositories import CustomerRepository, SearchIndex
from .customers import Customers
from .search import Search


class _GatheredIndex:
    """The search index, its word postings held back until the batch's flush; every other call goes through."""

    def __init__(self, index: SearchIndex) -> None:
        self.real = index
        self.postings: dict[tuple[str, str, str, str], WordPosting] = {}

    def put_words(self, postings: Any) -> None:
        for posting in postings:
            self.postings[(posting.brand_id, posting.word, posting.thread_id, posting.message_id)] = posting

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


class _GatheredLinks:
    """The customer records, their thread links held back until the batch's flush, one per thread, the later
    fields given over the earlier ones (as the updates one after the other would leave the item)."""

    def __init__(self, customers: CustomerRepository) -> None:
        self.real = customers
        self.links: dict[tuple[str, str, str], CustomerLink] = {}
        # Read ahead for the batch's new threads; dropped at each flush, which comes before a name change.
        self.profiles: dict[tuple[str, str], CustomerProfile | None] = {}

    def read_ahead(self, brand_id: str, customer_ids: list[str]) -> None:
        found = self.real.get_many(brand_id, customer_ids)
        self.profiles.update({(brand_id, c): found.get(c) for c in customer_ids})

    def get(self, brand_id: str, customer_id: str) -> CustomerProfile | None:
        if (brand_id, customer_id) in self.profiles:
            return self.profiles[(brand_id, customer_id)]
        return self.real.get(brand_id, customer_id)

    def save_link(self, link: CustomerLink) -> None:
        key = (link.brand_id, link.customer_id, link.thread_id)
        before = self.links.get(key)
        if before is not None:
            given = {f.name: getattr(link, f.name) for f in fields(link) if getattr(link, f.name) is not None}
            link = replace(before, **given)
        self.links[key] = link

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


class SearchBatch:
    """`search` and `customers` as the consumer's services, for one batch: their link and word writes wait
    for `flush()`."""

    def __init__(self, search: Search, customers: Customers) -> None:
        self._index = _GatheredIndex(search.index)
        self._links = _GatheredLinks(customers.customers)
        self.search = copy(search)
        self.search.index = cast(SearchIndex, self._index)
        self.customers = copy(customers)
        self.customers.customers = cast(CustomerRepository, self._links)

    @property
    def pending(self) -> bool:
        """Writes are waiting for the flush."""
        return bool(self._index.postings or self._links.links)

    def read_ahead(self, new_threads: list[Thread]) -> None:
        """Reads the customers of the batch's new threads at once (one read per brand, not one per thread)."""
        for brand_id in dict.fromkeys(t.brand_id for t in new_threads):
            self._links.read_ahead(brand_id, list(dict.fromkeys(t.customer.id for t in new_threads
                                                                 if t.brand_id == brand_id)))

    def flush(self) -> None:
        """Writes what the batch gathered; on failure it is kept, for the next flush to write again."""
        self._links.profiles.clear()
        if self._index.postings:
            self._index.real.put_words(list(self._index.postings.values()))
            self._index.postings.clear()
        while self._links.links:
            key, link = next(iter(self._links.links.items()))
            self._links.real.save_link(link)
            del self._links.links[key]
