"""In-memory SearchIndex and CustomerRepository, alike DynamoSearchIndex and DynamoCustomers
(tests/contract/test_search.py runs one suite against both). They read threads from a FakeThreads."""
from __future__ import annotations

from collections.abc import Sequence
from copy import deepcopy
from dataclasses import fields

from chalicelib.services.domain import CustomerLink, CustomerProfile, NamePosting, Thread, WordPosting
from chalicelib.services.ports.clock import iso
from tests.fakes import FakeThreads


def _threads(store: FakeThreads, brand_id: str, thread_ids: Sequence[str]) -> dict[str, Thread]:
    found = {}
    for thread_id in thread_ids:
        thread = store.get(brand_id, thread_id)
        if thread is not None:
            found[thread_id] = thread
    return found


def _page(rows: dict, also: Sequence[str], after: str | None, limit: int, descending: bool) -> tuple[list, str | None]:
    """One read like a Query: `limit` postings after `after` are read, those holding every word of `also` kept;
    the position of the last one read when more may follow."""
    ordered = sorted(rows.items(), reverse=descending)
    if after is not None:
        ordered = [r for r in ordered if (r[0] < after if descending else r[0] > after)]
    read = ordered[:limit]
    kept = [deepcopy(p) for _, p in read if all(w in p.words for w in also)]
    return kept, read[-1][0] if len(ordered) > limit else None


class FakeSearchIndex:
    def __init__(self, threads: FakeThreads) -> None:
        self.store = threads
        self.word_postings: dict[tuple[str, str], dict[str, WordPosting]] = {}  # (brand, word) -> position -> posting
        self.name_postings: dict[tuple[str, str], dict[str, NamePosting]] = {}
        self.reads = 0  # index reads, as Queries would be counted
        self.thread_reads: list[int] = []  # ids asked for by each threads() call, as BatchGets would be

    def position(self, posting: WordPosting | NamePosting) -> str:
        if isinstance(posting, WordPosting):
            return f"{iso(posting.created_at)}#{posting.message_id}"
        return posting.customer_id

    def put_words(self, postings: Sequence[WordPosting]) -> None:
        for p in postings:
            self.word_postings.setdefault((p.brand_id, p.word), {})[self.position(p)] = deepcopy(p)

    def words(self, brand_id: str, word: str, also: Sequence[str], after: str | None,
              limit: int) -> tuple[list[WordPosting], str | None]:
        self.reads += 1
        return _page(self.word_postings.get((brand_id, word), {}), also, after, limit, descending=True)

    def put_names(self, postings: Sequence[NamePosting]) -> None:
        for p in postings:
            self.name_postings.setdefault((p.brand_id, p.word), {})[p.customer_id] = deepcopy(p)

    def delete_names(self, brand_id: str, customer_id: str, words: Sequence[str]) -> None:
        for word in words:
            self.name_postings.get((brand_id, word), {}).pop(customer_id, None)

    def names(self, brand_id: str, word: str, also: Sequence[str], after: str | None,
              limit: int) -> tuple[list[NamePosting], str | None]:
        self.reads += 1
        return _page(self.name_postings.get((brand_id, word), {}), also, after, limit, descending=False)

    def threads(self, brand_id: str, thread_ids: Sequence[str]) -> dict[str, Thread]:
        self.thread_reads.append(len(thread_ids))
        return _threads(self.store, brand_id, thread_ids)


class FakeCustomers:
    def __init__(self, threads: FakeThreads) -> None:
        self.store = threads
        self.profiles: dict[tuple[str, str], CustomerProfile] = {}
        self.links: dict[tuple[str, str], dict[str, CustomerLink]] = {}  # (brand, customer) -> thread -> link
        self.changes: list[tuple[CustomerProfile | None, CustomerProfile]] = []  # every record write: the stream

    def get(self, brand_id: str, customer_id: str) -> CustomerProfile | None:
        return deepcopy(self.profiles.get((brand_id, customer_id)))

    def get_many(self, brand_id: str, customer_ids: Sequence[str]) -> dict[str, CustomerProfile]:
        return {c: p for c in customer_ids if (p := self.get(brand_id, c)) is not None}  # type: ignore[misc]

    def save_many(self, profiles: Sequence[CustomerProfile]) -> None:
        for profile in profiles:
            key = (profile.brand_id, profile.id)
            self.changes.append((self.profiles.get(key), deepcopy(profile)))
            self.profiles[key] = deepcopy(profile)

    def with_threads(self, brand_id: str, customer_id: str) -> tuple[CustomerProfile | None, list[CustomerLink]]:
        links = self.links.get((brand_id, customer_id), {})
        return self.get(brand_id, customer_id), [deepcopy(links[t]) for t in sorted(links)]

    def save_link(self, link: CustomerLink) -> None:
        links = self.links.setdefault((link.brand_id, link.customer_id), {})
        stored = links.setdefault(link.thread_id, CustomerLink(link.brand_id, link.customer_id, link.thread_id))
        for f in fields(CustomerLink):
            value = getattr(link, f.name)
            if value is not None:
                setattr(stored, f.name, value)

    def threads(self, brand_id: str, thread_ids: Sequence[str]) -> dict[str, Thread]:
        return _threads(self.store, brand_id, thread_ids)
