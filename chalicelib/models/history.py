"""The import of a platform's history in DynamoDB: the account's import state, its timer, and the messages
written once each, under the same provider keys as the webhook's."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from ..services.domain import Message, Thread, Timer
from ..services.domain.channel_accounts import ChannelAccount
from ..services.domain.errors import NotFound
from ..services.domain.history import HistoryState
from ..services.ports.clock import iso, parse_iso
from . import keys
from . import keys_channels as channel_keys
from .conditions import unless_condition_fails
from .items.channel_accounts import ChannelAccountItem
from .items.threads import DedupItem, MessageItem
from .tables import Item
from .threads import DynamoThreads
from .transactions import Transaction
from .translate.threads import dedup_item, message_item
from .translate.timers import timer_item

PER_WRITE = 25  # a message and its provider key: 50 items, half a transaction


def history_of(item: ChannelAccountItem) -> HistoryState | None:
    """The account's import state as stored; None before any import was asked."""
    if not item.history_status:
        return None
    return HistoryState(status=item.history_status, threads=int(item.history_threads or 0),
                        messages=int(item.history_messages or 0), reason=item.history_reason,
                        cursor=item.history_cursor, updated_at=parse_iso(item.history_at) if item.history_at else None)


class DynamoHistory:
    def __init__(self, threads: DynamoThreads | None = None) -> None:
        self.threads = threads or DynamoThreads()

    def set_history(self, account: ChannelAccount, state: HistoryState) -> None:
        item = ChannelAccountItem(*channel_keys.account_keys(account.brand_id, account.id))
        at = iso(state.updated_at) if state.updated_at else None
        with unless_condition_fails(NotFound("no such channel")):
            item.update([ChannelAccountItem.history_status.set(state.status),
                         ChannelAccountItem.history_threads.set(state.threads),
                         ChannelAccountItem.history_messages.set(state.messages),
                         _set_or_remove(ChannelAccountItem.history_reason, state.reason),
                         _set_or_remove(ChannelAccountItem.history_cursor, state.cursor),
                         _set_or_remove(ChannelAccountItem.history_at, at)],
                        condition=Item.pk.exists(), add_version_condition=False)

    def put_timer(self, timer: Timer) -> None:
        timer_item(timer).save()

    def add_messages(self, messages: Sequence[Message], keys_: Sequence[str], seen_at: datetime) -> int:
        added = 0
        pairs = list(zip(messages, keys_, strict=True))
        for start in range(0, len(pairs), PER_WRITE):
            added += _add(pairs[start:start + PER_WRITE], seen_at)
        return added

    def save_thread(self, before: Thread | None, after: Thread) -> None:
        self.threads.save(before, after)



def _add(pairs: list[tuple[Message, str]], seen_at: datetime) -> int:
    """One transaction for the new messages of a chunk; one per message when another writer raced it."""
    fresh = _unseen(pairs)
    if not fresh:
        return 0
    if not _write(fresh, seen_at):
        return len(fresh)
    return sum(1 for pair in fresh if not _write([pair], seen_at))


def _unseen(pairs: list[tuple[Message, str]]) -> list[tuple[Message, str]]:
    """The pairs whose provider key and message are both unknown: two batch reads."""
    seen_keys = {d.pk for d in DedupItem.batch_get(
        [(keys.dedup_pk(m.brand_id, k), keys.DEDUP_SK) for m, k in pairs])}
    items = [message_item(m) for m, _ in pairs]
    there = {(i.pk, i.sk) for i in MessageItem.batch_get([(i.pk, i.sk) for i in items])}
    return [(m, k) for (m, k), i in zip(pairs, items, strict=True)
            if keys.dedup_pk(m.brand_id, k) not in seen_keys and (i.pk, i.sk) not in there]


def _write(pairs: list[tuple[Message, str]], seen_at: datetime) -> list[str]:
    """Writes the messages with their keys; the labels whose condition failed (nothing written then)."""
    tx = Transaction()
    for n, (message, key) in enumerate(pairs):
        # The key's retention runs from now: a webhook redelivering a message days old is still recognised.
        tx.put(f"dedup{n}", dedup_item(replace(message, created_at=max(seen_at, message.created_at)), key),
               Item.pk.does_not_exist())
        tx.put(f"message{n}", message_item(message), Item.pk.does_not_exist())
    return list(tx.commit())


def _set_or_remove(attribute: Any, value: Any) -> Any:
    return attribute.set(value) if value is not None else attribute.remove()
