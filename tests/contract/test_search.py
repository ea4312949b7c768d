"""One contract, two implementations: the search index and the customer records, in memory
and in DynamoDB (moto and DynamoDB Local)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.models.customers import DynamoCustomers
from chalicelib.models.search import DynamoSearchIndex
from chalicelib.models.threads import DynamoThreads
from chalicelib.services.domain import Customer, CustomerLink, CustomerProfile, NamePosting, Thread, WordPosting
from tests.dynamodb_local_support import OnBothBackends
from tests.fakes import FakeThreads
from tests.fakes_search import FakeCustomers, FakeSearchIndex

AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
BRAND = "maison"


def a_posting(word: str, message_id: str, minute: int, words: list[str], brand: str = BRAND) -> WordPosting:
    return WordPosting(brand_id=brand, word=word, thread_id=f"t-{message_id}", message_id=message_id,
                       store_id="s-paris", created_at=AT + timedelta(minutes=minute), words=sorted(words),
                       excerpt=f"excerpt of {message_id}")


def a_thread(thread_id: str, brand: str = BRAND) -> Thread:
    return Thread(brand_id=brand, id=thread_id, store_id="s-paris", channel="sms",
                  customer=Customer(id="c1", phone="+33612345678"), status="waiting", conversation_id="c1",
                  conversation_started_at=AT, last_message_at=AT, created_at=AT)


class SearchContract:
    index: FakeSearchIndex | DynamoSearchIndex
    customers: FakeCustomers | DynamoCustomers
    threads: FakeThreads | DynamoThreads

    @contextmanager
    def backend(self) -> Iterator[tuple[object, object, object]]:
        raise NotImplementedError

    @pytest.fixture(autouse=True)
    def _repositories(self) -> Iterator[None]:
        with self.backend() as (index, customers, threads):
            self.index, self.customers, self.threads = index, customers, threads  # type: ignore[assignment]
            yield

    def read_all(self, word: str, also: list[str], size: int) -> list[list[str]]:
        pages, after = [], None
        while True:
            postings, after = self.index.words(BRAND, word, also, after, size)
            pages.append([p.message_id for p in postings])
            if after is None:
                return pages

    # -- words -------------------------------------------------------------------------------
    def test_a_words_postings_come_back_newest_first_as_put(self) -> None:
        postings = [a_posting("blender", f"m{i}", i, ["blender", "casse"]) for i in range(3)]
        self.index.put_words(postings)
        self.index.put_words(postings[:1])  # the stream repeats itself: nothing changes
        found, _ = self.index.words(BRAND, "blender", [], None, 10)
        assert found == list(reversed(postings))
        assert self.index.words("other-brand", "blender", [], None, 10) == ([], None)

    def test_other_words_filter_what_is_read(self) -> None:
        self.index.put_words([a_posting("commande", "m1", 1, ["commande", "4521"]),
                              a_posting("commande", "m2", 2, ["commande", "9999"]),
                              a_posting("commande", "m3", 3, ["commande", "4521", "recue"])])
        found, _ = self.index.words(BRAND, "commande", ["4521"], None, 10)
        assert [p.message_id for p in found] == ["m3", "m1"]
        found, _ = self.index.words(BRAND, "commande", ["4521", "recue"], None, 10)
        assert [p.message_id for p in found] == ["m3"]

    def test_reads_go_on_from_the_position_they_stopped_at(self) -> None:
        self.index.put_words([a_posting("blender", f"m{i}", i, ["blender"]) for i in range(5)])
        pages = self.read_all("blender", [], 2)
        assert [m for page in pages for m in page] == ["m4", "m3", "m2", "m1", "m0"]
        assert all(len(page) <= 2 for page in pages)
        first, _ = self.index.words(BRAND, "blender", [], None, 5)
        after_second = self.index.position(first[1])
        rest, _ = self.index.words(BRAND, "blender", [], after_second, 5)
        assert [p.message_id for p in rest] == ["m2", "m1", "m0"]

    def test_a_filtered_read_still_moves_on_when_nothing_it_read_matched(self) -> None:
        self.index.put_words([a_posting("blender", f"m{i}", i, ["blender", "noir" if i == 0 else "blanc"])
                              for i in range(5)])
        pages = self.read_all("blender", ["noir"], 2)
        assert [m for page in pages for m in page] == ["m0"]
        assert pages[0] == []

    # -- names -------------------------------------------------------------------------------
    def test_name_postings_are_found_filtered_and_deleted(self) -> None:
        chloe = [NamePosting(BRAND, w, "c-chloe", "+33612345678", ["chloe", "martin"]) for w in ("chloe", "martin")]
        paul = [NamePosting(BRAND, w, "c-paul", "+33698765432", ["martin", "paul"]) for w in ("martin", "paul")]
        self.index.put_names(chloe + paul)
        found, _ = self.index.names(BRAND, "martin", [], None, 10)
        assert [(p.customer_id, p.phone, p.words) for p in found] == [
            ("c-chloe", "+33612345678", ["chloe", "martin"]), ("c-paul", "+33698765432", ["martin", "paul"])]
        found, _ = self.index.names(BRAND, "martin", ["paul"], None, 10)
        assert [p.customer_id for p in found] == ["c-paul"]
        first, after = self.index.names(BRAND, "martin", [], None, 1)
        assert [p.customer_id for p in first] == ["c-chloe"] and after == self.index.position(first[0])
        self.index.delete_names(BRAND, "c-chloe", ["chloe", "martin"])
        assert [p.customer_id for p in self.index.names(BRAND, "martin", [], None, 10)[0]] == ["c-paul"]
        assert self.index.names(BRAND, "chloe", [], None, 10) == ([], None)

    def test_threads_are_read_together_and_missing_ones_left_out(self) -> None:
        self.threads.save(None, a_thread("t1"))
        self.threads.save(None, a_thread("t2"))
        self.threads.save(None, a_thread("t3", brand="other-brand"))
        assert set(self.index.threads(BRAND, ["t1", "t2", "t3", "t1", "nope"])) == {"t1", "t2"}
        assert self.index.threads(BRAND, []) == {}
        assert set(self.customers.threads(BRAND, ["t2"])) == {"t2"}

    # -- customers ---------------------------------------------------------------------------
    def test_customer_records_come_back_as_saved(self) -> None:
        chloe = CustomerProfile(BRAND, "c-chloe", "+33612345678", "Chloé", {"âge": "34", "segment": "or"}, AT)
        paul = CustomerProfile(BRAND, "c-paul", "+33698765432")
        self.customers.save_many([chloe, paul])
        assert self.customers.get(BRAND, "c-chloe") == chloe
        assert self.customers.get("other-brand", "c-chloe") is None
        assert self.customers.get_many(BRAND, ["c-chloe", "c-paul", "c-nobody", "c-chloe"]) == {
            "c-chloe": chloe, "c-paul": paul}
        self.customers.save_many([CustomerProfile(BRAND, "c-chloe", "+33612345678", None, {}, AT)])
        assert self.customers.get(BRAND, "c-chloe") == CustomerProfile(BRAND, "c-chloe", "+33612345678", None, {}, AT)

    def test_links_keep_the_fields_not_given_and_come_with_the_record(self) -> None:
        assert self.customers.with_threads(BRAND, "c-chloe") == (None, [])
        self.customers.save_link(CustomerLink(BRAND, "c-chloe", "t1", channel="sms", store_number="+33170000001"))
        self.customers.save_link(CustomerLink(BRAND, "c-chloe", "t1", store_id="s-paris", channel="sms"))
        self.customers.save_link(CustomerLink(BRAND, "c-chloe", "t1", store_id="s-paris", channel="sms"))
        self.customers.save_link(CustomerLink(BRAND, "c-chloe", "t2", store_id="s-lyon", channel="sms"))
        profile = CustomerProfile(BRAND, "c-chloe", "+33612345678", "Chloé", {}, AT)
        self.customers.save_many([profile])
        found, links = self.customers.with_threads(BRAND, "c-chloe")
        assert found == profile
        assert links == [CustomerLink(BRAND, "c-chloe", "t1", "s-paris", "sms", "+33170000001"),
                         CustomerLink(BRAND, "c-chloe", "t2", "s-lyon", "sms", None)]
        assert self.customers.with_threads("other-brand", "c-chloe") == (None, [])


class TestFakeSearch(SearchContract):
    @contextmanager
    def backend(self) -> Iterator[tuple[object, object, object]]:
        threads = FakeThreads()
        yield FakeSearchIndex(threads), FakeCustomers(threads), threads


class TestDynamoSearch(SearchContract, OnBothBackends):
    @contextmanager
    def backend(self) -> Iterator[tuple[object, object, object]]:
        with self.fresh_table():
            yield DynamoSearchIndex(), DynamoCustomers(), DynamoThreads()
