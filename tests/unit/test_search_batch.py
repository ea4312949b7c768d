"""The search consumer's writes for one batch: each customer link once with every field the batch gave it, the
words of all the batch's messages together, and a failed flush reported from the first record it held."""
from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from chalicelib.handlers.stream_batches import flushed
from chalicelib.services.domain import CustomerLink, WordPosting
from chalicelib.services.usecases.search_batch import SearchBatch

AT = datetime(2026, 11, 23, 10, tzinfo=UTC)


class Recorded:
    def __init__(self, fail: int = 0) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.reads: list[tuple[str, Any]] = []
        self.fail = fail  # how many writes fail before they work

    def _write(self, name: str, value: Any) -> None:
        if self.fail:
            self.fail -= 1
            raise ConnectionError("the table did not answer")
        self.calls.append((name, value))

    def save_link(self, link: CustomerLink) -> None:
        self._write("save_link", link)

    def put_words(self, postings: Any) -> None:
        self._write("put_words", list(postings))

    def get(self, brand_id: str, customer_id: str) -> str:
        self.reads.append(("get", customer_id))
        return f"read {customer_id}"

    def get_many(self, brand_id: str, customer_ids: list[str]) -> dict[str, str]:
        self.reads.append(("get_many", list(customer_ids)))
        return {c: f"read {c}" for c in customer_ids if c != "c-new"}


def posting(word: str, message_id: str) -> WordPosting:
    return WordPosting(brand_id="b", word=word, thread_id="t1", message_id=message_id, store_id="s1",
                       created_at=AT, words=[word], excerpt=word)


def batch_on(table: Recorded) -> SearchBatch:
    return SearchBatch(SimpleNamespace(index=table), SimpleNamespace(customers=table))  # type: ignore[arg-type]


def test_a_link_given_twice_in_a_batch_is_written_once_with_both_and_the_later_field_wins() -> None:
    table = Recorded()
    batch = batch_on(table)
    batch.customers.customers.save_link(CustomerLink("b", "c1", "t1", channel="sms", store_number="+1555"))
    batch.customers.customers.save_link(CustomerLink("b", "c1", "t1", store_id="s1", channel="sms"))
    batch.customers.customers.save_link(CustomerLink("b", "c1", "t2", store_id="s2"))
    assert batch.pending and table.calls == []
    assert batch.customers.customers.get("b", "c1") == "read c1"  # reads go through at once

    batch.flush()

    assert table.calls == [("save_link", CustomerLink("b", "c1", "t1", store_id="s1", channel="sms",
                                                      store_number="+1555")),
                           ("save_link", CustomerLink("b", "c1", "t2", store_id="s2"))]
    assert not batch.pending


def test_the_words_of_the_batch_go_in_one_write_each_posting_once() -> None:
    table = Recorded()
    batch = batch_on(table)
    batch.search.index.put_words([posting("bonjour", "m1"), posting("commande", "m1")])
    batch.search.index.put_words([posting("bonjour", "m2"), posting("bonjour", "m1")])

    batch.flush()

    (call,) = table.calls
    assert call[0] == "put_words"
    assert sorted((p.word, p.message_id) for p in call[1]) == [("bonjour", "m1"), ("bonjour", "m2"),
                                                               ("commande", "m1")]


def test_a_failed_flush_keeps_what_it_did_not_write_for_the_next() -> None:
    table = Recorded(fail=1)
    batch = batch_on(table)
    batch.customers.customers.save_link(CustomerLink("b", "c1", "t1", store_id="s1"))
    with pytest.raises(ConnectionError):
        batch.flush()
    assert batch.pending
    batch.flush()
    assert table.calls == [("save_link", CustomerLink("b", "c1", "t1", store_id="s1"))]


class Event:
    def __init__(self, sequences: list[str]) -> None:
        self.records = [{"dynamodb": {"SequenceNumber": s}} for s in sequences]

    def to_dict(self) -> dict[str, Any]:
        return {"Records": self.records}


def failing() -> None:
    raise ConnectionError("the table did not answer")


def test_when_the_flush_fails_the_records_from_the_first_it_held_are_reported_failed() -> None:
    event = Event(["1", "2", "3", "4"])
    ok: Any = {"batchItemFailures": []}
    assert flushed(event, ok, lambda: None, "2") == ok  # type: ignore[arg-type]
    assert flushed(event, ok, failing, "2") == {  # type: ignore[arg-type]
        "batchItemFailures": [{"itemIdentifier": s} for s in ("2", "3", "4")]}
    a_later_record_failed: Any = {"batchItemFailures": [{"itemIdentifier": "4"}]}
    assert flushed(event, a_later_record_failed, failing, "3") == {  # type: ignore[arg-type]
        "batchItemFailures": [{"itemIdentifier": s} for s in ("3", "4")]}
    an_earlier_one: Any = {"batchItemFailures": [{"itemIdentifier": s} for s in ("2", "3", "4")]}
    assert flushed(event, an_earlier_one, failing, "3") == an_earlier_one  # type: ignore[arg-type]


def record(sequence: str, new_kind: str | None = None, old_kind: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"SequenceNumber": sequence}
    if new_kind:
        data["NewImage"] = {"kind": {"S": new_kind}}
    if old_kind:
        data["OldImage"] = {"kind": {"S": old_kind}}
    return {"dynamodb": data}


def test_a_consumer_passes_over_the_records_of_kinds_it_never_acts_on() -> None:
    from chalicelib.handlers.stream_batches import of_kinds
    from chalicelib.handlers.streams import OUTBOUND_KINDS, SEARCH_KINDS, STATISTICS_KINDS

    records = [record("1", "word"), record("2", "message"), record("3", old_kind="timer"), record("4"),
               record("5", "thread", "thread"), record("6", "customer"), record("7", "notification")]
    assert [r["dynamodb"]["SequenceNumber"] for r in of_kinds(records, OUTBOUND_KINDS)] == ["2", "3", "5", "7"]
    assert [r["dynamodb"]["SequenceNumber"] for r in of_kinds(records, SEARCH_KINDS)] == ["2", "5", "6"]
    assert [r["dynamodb"]["SequenceNumber"] for r in of_kinds(records, STATISTICS_KINDS)] == ["5"]
    assert of_kinds(records, None) == records


def test_the_customers_of_the_batchs_new_threads_are_read_at_once_until_the_next_flush() -> None:
    table = Recorded()
    batch = batch_on(table)
    threads = [SimpleNamespace(brand_id="b", customer=SimpleNamespace(id=c)) for c in ("c-chloe", "c-new", "c-chloe")]
    batch.read_ahead(threads)  # type: ignore[arg-type]
    links = batch.customers.customers
    assert links.get("b", "c-chloe") == "read c-chloe" and links.get("b", "c-new") is None
    assert table.reads == [("get_many", ["c-chloe", "c-new"])]
    batch.flush()  # a name change flushes first: what follows reads the customer again
    assert links.get("b", "c-chloe") == "read c-chloe"
    assert table.reads[-1] == ("get", "c-chloe")
