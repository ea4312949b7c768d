"""The invisible thread's notes and the agents' mentions in DynamoDB."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pynamodb.exceptions import DoesNotExist

from ..services.domain import Mention, Note, Page
from ..services.domain.errors import Conflict
from ..services.domain.notes import mention_key
from . import cursors, keys
from .items.threads import MentionCountItem, MentionItem, NoteItem
from .tables import Item
from .transactions import Transaction
from .translate.notes import mention_item, mention_of, note_item, note_of


def _count(tx: Transaction, brand_id: str, agent_id: str, delta: int) -> None:
    """The agent's unread count, created by its first mention and ADDed to after."""
    item = MentionCountItem(keys.agent_pk(brand_id, agent_id), keys.MENTION_COUNT_SK)
    tx.update(f"count:{agent_id}", item, [MentionCountItem.kind.set(MentionCountItem),
                                          MentionCountItem.brand_id.set(brand_id),
                                          MentionCountItem.agent_id.set(agent_id),
                                          MentionCountItem.unread.add(delta)])


def _page(model: Any, pk: str, prefix: str, cursor: str | None, limit: int, convert: Any) -> Page:
    """One Query of a partition's prefix, newest first, continued by an opaque cursor bound to the partition."""
    state = cursors.decode(cursor)
    start = cursors.checked_key(state["k"], {"pk": pk}) if "k" in state else None
    result = model.query(pk, model.sk.startswith(prefix), scan_index_forward=False, limit=limit, page_size=limit,
                         last_evaluated_key=start)
    page = next(result.page_iter)
    items = [convert(model.from_raw_data(raw)) for raw in page.get("Items", [])]
    last = result.page_iter.last_evaluated_key
    # The cursor remembers which list it continues: an unread-list cursor never pages the full list.
    return Page(items, cursors.encode({"k": cursors.from_key(last), "p": prefix}) if last else None)


def _checked(cursor: str | None, prefix: str) -> str | None:
    if cursor and cursors.decode(cursor).get("p") != prefix:
        raise cursors.InvalidInput.field("cursor", "not a cursor of this list")
    return cursor


class DynamoNotes:
    def add(self, note: Note, mentions: Sequence[Mention] = ()) -> None:
        tx = Transaction()
        tx.put("note", note_item(note), Item.pk.does_not_exist())
        for mention in mentions:
            tx.put(f"mention:{mention.agent_id}", mention_item(mention), Item.pk.does_not_exist())
            tx.put(f"unread:{mention.agent_id}", mention_item(mention, unread_copy=True), Item.pk.does_not_exist())
            _count(tx, mention.brand_id, mention.agent_id, 1)
        if tx.commit():
            raise Conflict("this note exists already")

    def list_notes(self, brand_id: str, thread_id: str, cursor: str | None, limit: int) -> Page:
        prefix = keys.INTERNAL_NOTE_PREFIX
        return _page(NoteItem, keys.thread_pk(brand_id, thread_id), prefix, _checked(cursor, prefix), limit, note_of)

    def list_mentions(self, brand_id: str, agent_id: str, cursor: str | None, limit: int,
                      unread_only: bool) -> Page:
        prefix = keys.UNREAD_MENTION_PREFIX if unread_only else keys.MENTION_PREFIX
        return _page(MentionItem, keys.agent_pk(brand_id, agent_id), prefix, _checked(cursor, prefix), limit,
                     mention_of)

    def unread_mentions(self, brand_id: str, agent_id: str) -> int:
        try:
            item = MentionCountItem.get(keys.agent_pk(brand_id, agent_id), keys.MENTION_COUNT_SK)
        except DoesNotExist:
            return 0
        return max(0, int(item.unread or 0))

    def get_mention(self, brand_id: str, agent_id: str, mention_id: str) -> Mention | None:
        """One GetItem: the id names the key, and the key is in the caller's own partition."""
        key = mention_key(mention_id)
        if key is None:
            return None
        try:
            item = MentionItem.get(keys.agent_pk(brand_id, agent_id), keys.mention_sk(*key))
        except DoesNotExist:
            return None
        return mention_of(item) if item.mention_id == mention_id else None

    def read_mention(self, mention: Mention) -> bool:
        tx = Transaction()
        tx.update("read", mention_item(mention), [MentionItem.read.set(True)],
                  Item.pk.exists() & (MentionItem.read == False))  # noqa: E712
        tx.delete("unread", mention_item(mention, unread_copy=True))
        _count(tx, mention.brand_id, mention.agent_id, -1)
        return "read" not in tx.commit()
