"""Search postings: a word of a message, a word of a customer's name."""
from __future__ import annotations

from ...services.domain import NamePosting, WordPosting
from ...services.ports.clock import iso, parse_iso
from .. import keys
from ..items.records import NameItem, WordItem


def word_item(p: WordPosting) -> WordItem:
    created = iso(p.created_at)
    return WordItem(keys.word_pk(p.brand_id, p.word), keys.word_sk(created, p.message_id), brand_id=p.brand_id,
                    thread_id=p.thread_id, message_id=p.message_id, store_id=p.store_id, created_at=created,
                    words=set(p.words), excerpt=p.excerpt)


def word_of(item: WordItem, word: str) -> WordPosting:
    return WordPosting(brand_id=item.brand_id, word=word, thread_id=item.thread_id, message_id=item.message_id,
                       store_id=item.store_id, created_at=parse_iso(item.created_at), words=sorted(item.words or ()),
                       excerpt=item.excerpt or "")


def name_item(p: NamePosting) -> NameItem:
    return NameItem(keys.name_pk(p.brand_id, p.word), keys.name_sk(p.customer_id), brand_id=p.brand_id,
                    customer_id=p.customer_id, phone=p.phone, words=set(p.words))


def name_of(item: NameItem, word: str) -> NamePosting:
    return NamePosting(brand_id=item.brand_id, word=word, customer_id=item.customer_id, phone=item.phone,
                       words=sorted(item.words or ()))


def position(posting: WordPosting | NamePosting) -> str:
    """Where a posting is in its word's partition: its sort key."""
    if isinstance(posting, WordPosting):
        return keys.word_sk(iso(posting.created_at), posting.message_id)
    return keys.name_sk(posting.customer_id)
