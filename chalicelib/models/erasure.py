"""A customer's erasure in DynamoDB: what the brand holds on one customer goes, what must outlive it stays."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..services.domain import Thread, WordPosting
from ..services.domain.errors import StaleVersion
from . import keys
from .items.records import NameItem
from .items.threads import MentionItem, NoteItem, ThreadItem
from .notes import _count as count_unread_mentions
from .tables import Item
from .threads import DynamoThreads, _bucket, _holder
from .transactions import Transaction
from .translate.search import word_item
from .translate.threads import thread_item

# The kinds of item an erasure never deletes, wherever it finds them. This is the one list to extend:
# the opt-out register must outlive the customer's erasure, so that an erased customer who said STOP is
# still never texted again (it holds a hash of the number, not the number).
KEPT_KINDS: frozenset[str] = frozenset({"optout", "opt_out"})


def _kind(item: Item) -> str:
    return str(Item.kind.get_discriminator(type(item)))


def _delete_all(items: Iterable[Item]) -> None:
    with Item.batch_write() as batch:
        for item in items:
            batch.delete(item)


def _erasable(pk: str, keep_sk: str | None = None) -> list[Item]:
    """Every item of a partition that an erasure deletes (the kept kinds, and `keep_sk`, left)."""
    return [item for item in Item.query(pk)
            if _kind(item) not in KEPT_KINDS and item.sk != keep_sk]


def _erase_mentions(notes: Sequence[NoteItem]) -> None:
    """A note's mentions copy its text into each mentioned agent's inbox: they go too. An unread one leaves the
    unread list and its count in one transaction, so the count stays exact if the erasure is cut short."""
    for note in notes:
        brand_id, agent_ids = str(note.brand_id), [str(a) for a in note.mentions]
        for agent_id in agent_ids:
            pk = keys.agent_pk(brand_id, agent_id)
            tx = Transaction()
            tx.delete("unread", MentionItem(pk, keys.unread_mention_sk(note.created_at, note.note_id)),
                      Item.pk.exists())
            count_unread_mentions(tx, brand_id, agent_id, -1)
            tx.commit()  # refused as a whole when the mention was read already: nothing to count then
            MentionItem(pk, keys.mention_sk(note.created_at, note.note_id)).delete()


class DynamoEraser:
    def erase_thread(self, thread: Thread) -> None:
        """Messages, notes and the statistics' facts first, then the thread itself with the inbox counts and
        its holder's load in one transaction: a thread left half-erased is still found and finished."""
        pk = keys.thread_pk(thread.brand_id, thread.id)
        items = _erasable(pk, keep_sk=keys.THREAD_SK)
        _erase_mentions([i for i in items if isinstance(i, NoteItem)])
        _delete_all(items)
        tx = Transaction()
        tx.delete("thread", thread_item(thread), ThreadItem.version == thread.version)
        # The counts follow the thread as if it had left the inbox, exactly as a save would move them.
        threads = DynamoThreads()
        threads._count(tx, thread.brand_id, _bucket(thread), None)
        threads._load(tx, thread.brand_id, _holder(thread), None)
        if tx.commit():
            raise StaleVersion("the thread changed while it was erased")

    def erase_leftovers(self, brand_id: str, thread_id: str) -> None:
        items = [item for item in _erasable(keys.thread_pk(brand_id, thread_id)) if _kind(item) != "thread"]
        _erase_mentions([i for i in items if isinstance(i, NoteItem)])
        _delete_all(items)

    def erase_words(self, postings: Sequence[WordPosting]) -> None:
        _delete_all(word_item(p) for p in postings)

    def erase_customer(self, brand_id: str, customer_id: str, name_words: Sequence[str]) -> None:
        _delete_all(NameItem(keys.name_pk(brand_id, w), keys.name_sk(customer_id)) for w in name_words)
        _delete_all(_erasable(keys.customer_pk(brand_id, customer_id)))
