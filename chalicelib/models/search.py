"""The search index in the main table: one posting item per word, read by Query, never a Scan.

Layout (keys.py): a word of a message is `pk=B#<brand>#W#<word>`, `sk=<created ISO>#<message id>`,
so a word's partition lists its messages newest first; the posting holds the message's thread, store,
distinct words (a string set: the other words of a query filter with `contains`) and an excerpt. A
word of a customer's name is `pk=B#<brand>#N#<word>`, `sk=<customer id>`, with the customer's number
and name words. Postings are put whole, so writing one again changes nothing (the stream repeats).

Limits of this design, and the way out: a very common word makes a hot, long partition and a query of
several words reads it whole through a filter; there is no ranking, no prefix or fuzzy match. A brand
that outgrows it would plug an OpenSearch adapter behind the same port (services/ports.SearchIndex):
`put_words`/`put_names` become bulk index requests of one document per message / customer (id =
message id / customer id, fields brand, thread, store, created_at, text, excerpt), `delete_names` an
update of the customer's document, `words`/`names` a `bool` query of `term` filters on the brand and
`match` (operator `and`) on the text, sorted by created_at then id with `search_after` holding the
position (the position string becomes the last hit's sort values), and `threads` stays the BatchGet
below: the thread, its store and rights are read from the table, never from the search engine.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..services.domain import NamePosting, Thread, WordPosting
from . import keys
from .items.records import NameItem, WordItem
from .items.threads import ThreadItem
from .translate.search import name_item, name_of, word_item, word_of
from .translate.search import position as posting_position
from .translate.threads import thread_of


def batch_threads(brand_id: str, thread_ids: Sequence[str]) -> dict[str, Thread]:
    """The threads among these ids that exist, by BatchGet (PynamoDB splits over 100 keys and retries)."""
    wanted = list(dict.fromkeys(thread_ids))
    if not wanted:
        return {}
    items = ThreadItem.batch_get([(keys.thread_pk(brand_id, t), keys.THREAD_SK) for t in wanted])
    return {item.thread_id: thread_of(item) for item in items}


def _page(model: Any, pk: str, also: Sequence[str], after: str | None, limit: int,
          forward: bool) -> tuple[list[Any], str | None]:
    """One Query of a posting partition after a position, filtered on the other words."""
    condition = None
    for word in also:
        contains = model.words.contains(word)
        condition = contains if condition is None else condition & contains
    start = {"pk": {"S": pk}, "sk": {"S": after}} if after else None
    result = model.query(pk, scan_index_forward=forward, limit=limit, page_size=limit, last_evaluated_key=start,
                         filter_condition=condition)
    page = next(result.page_iter)
    items = [model.from_raw_data(raw) for raw in page.get("Items", [])]
    last = result.page_iter.last_evaluated_key
    return items, last["sk"]["S"] if last else None


class DynamoSearchIndex:
    def put_words(self, postings: Sequence[WordPosting]) -> None:
        with WordItem.batch_write() as batch:
            for posting in postings:
                batch.save(word_item(posting))

    def words(self, brand_id: str, word: str, also: Sequence[str], after: str | None,
              limit: int) -> tuple[list[WordPosting], str | None]:
        items, last = _page(WordItem, keys.word_pk(brand_id, word), also, after, limit, forward=False)
        return [word_of(i, word) for i in items], last

    def position(self, posting: WordPosting | NamePosting) -> str:
        return posting_position(posting)

    def put_names(self, postings: Sequence[NamePosting]) -> None:
        with NameItem.batch_write() as batch:
            for posting in postings:
                batch.save(name_item(posting))

    def delete_names(self, brand_id: str, customer_id: str, words: Sequence[str]) -> None:
        with NameItem.batch_write() as batch:
            for word in words:
                batch.delete(NameItem(keys.name_pk(brand_id, word), keys.name_sk(customer_id)))

    def names(self, brand_id: str, word: str, also: Sequence[str], after: str | None,
              limit: int) -> tuple[list[NamePosting], str | None]:
        items, last = _page(NameItem, keys.name_pk(brand_id, word), also, after, limit, forward=True)
        return [name_of(i, word) for i in items], last

    def threads(self, brand_id: str, thread_ids: Sequence[str]) -> dict[str, Thread]:
        return batch_threads(brand_id, thread_ids)
