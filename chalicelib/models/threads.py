"""Threads, messages and the inbox counts in DynamoDB."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from pynamodb.exceptions import DoesNotExist, UpdateError

from ..services.domain import Message, Note, Page, Thread, Timer, statuses_before
from ..services.domain.errors import AlreadyApplied, StaleVersion
from ..services.domain.threads import indicator
from ..services.ports.clock import iso
from ..services.ports.repositories import InboxCounts, ThreadQuery
from . import cursors, keys
from .conditions import condition_failed
from .items.directory import AgentLoadItem
from .items.threads import CountsItem, MessageItem, ThreadItem
from .search import batch_threads
from .tables import Item
from .transactions import Transaction
from .translate.notes import note_item
from .translate.threads import dedup_item, message_item, message_of, thread_item, thread_of
from .translate.timers import timer_item

_INDEXES = {
    ("store", "recent"): (Item.inbox_store, "store_group_key", "recent_key", False),
    ("brand", "recent"): (Item.inbox_brand, "brand_group_key", "recent_key", False),
    ("store", "waiting"): (Item.waiting_store, "store_group_key", "waiting_key", True),
    ("brand", "waiting"): (Item.waiting_brand, "brand_group_key", "waiting_key", True),
}


def _holder(thread: Thread | None) -> str | None:
    """The agent a thread takes a slot from: its holder, while the thread is open in the inbox."""
    if thread is None or thread.folder != "inbox" or thread.status == "resolved":
        return None
    return thread.assigned_agent_id


def _bucket(thread: Thread | None) -> tuple[str, tuple[str, ...]] | None:
    """Which counts a thread adds to, while in the inbox: its store's, for its status and its indicator."""
    if thread is None or thread.folder != "inbox":
        return None
    shown = indicator(thread)
    return thread.store_id, (thread.status, shown) if shown else (thread.status,)


class DynamoThreads:
    def get(self, brand_id: str, thread_id: str) -> Thread | None:
        try:
            return thread_of(ThreadItem.get(keys.thread_pk(brand_id, thread_id), keys.THREAD_SK))
        except DoesNotExist:
            return None

    def get_many(self, brand_id: str, thread_ids: Sequence[str]) -> dict[str, Thread]:
        return batch_threads(brand_id, thread_ids)

    def record_inbound(self, message: Message, provider_key: str | None) -> bool:
        item = message_item(message)
        if provider_key is None:
            item.save(condition=Item.pk.does_not_exist())
            return True
        tx = Transaction()
        tx.put("dedup", dedup_item(message, provider_key), Item.pk.does_not_exist())
        tx.put("message", item, Item.pk.does_not_exist())
        return "dedup" not in tx.commit()

    def save(self, before: Thread | None, after: Thread, messages: Sequence[Message] = (),
             applied: Sequence[Message] = (), timers: Sequence[Timer] = (), notes: Sequence[Note] = ()) -> None:
        tx = Transaction()
        for timer in timers:
            tx.put("timer", timer_item(timer))
        condition = Item.pk.does_not_exist() if before is None else ThreadItem.version == before.version
        tx.put("thread", thread_item(after), condition)
        for message in messages:
            tx.put("message", message_item(message), Item.pk.does_not_exist())
        for note in notes:
            tx.put("note", note_item(note), Item.pk.does_not_exist())
        for message in applied:
            tx.update("applied", message_item(message), [
                MessageItem.applied.set(True),
                MessageItem.conversation_id.set(message.conversation_id or ""),
                MessageItem.contact_id.set(message.contact_id) if message.contact_id
                else MessageItem.contact_id.remove(),
            ], Item.pk.exists() & (MessageItem.applied.does_not_exist() | (MessageItem.applied == False)))  # noqa: E712
        self._count(tx, after.brand_id, _bucket(before), _bucket(after))
        self._load(tx, after.brand_id, _holder(before), _holder(after))
        failed = tx.commit()
        if "thread" in failed:
            raise StaleVersion("the thread changed meanwhile")
        if "applied" in failed:
            raise AlreadyApplied()
        if failed:
            raise StaleVersion(f"conflict on {sorted(failed)}")

    def _count(self, tx: Transaction, brand_id: str, old: tuple[str, tuple[str, ...]] | None,
               new: tuple[str, tuple[str, ...]] | None) -> None:
        if old == new:
            return
        changes: dict[str, dict[str, int]] = {}
        for bucket, delta in ((old, -1), (new, 1)):
            if bucket:
                for counter in bucket[1]:
                    store = changes.setdefault(bucket[0], {})
                    store[counter] = store.get(counter, 0) + delta
        for store_id, deltas in changes.items():
            if not any(deltas.values()):
                continue
            item = CountsItem(keys.brand_pk(brand_id), keys.counts_sk(store_id))
            actions = [CountsItem.kind.set(CountsItem), CountsItem.brand_id.set(brand_id),
                       CountsItem.store_id.set(store_id)]
            actions += [getattr(CountsItem, status).add(delta) for status, delta in deltas.items() if delta]
            tx.update(f"counts:{store_id}", item, actions)

    def _load(self, tx: Transaction, brand_id: str, old: str | None, new: str | None) -> None:
        """Open threads an agent holds (its slots), kept exact with each change of holder or status."""
        if old == new:
            return
        for agent_id, delta in ((old, -1), (new, 1)):
            if agent_id:
                load = AgentLoadItem(keys.brand_pk(brand_id), keys.agent_load_sk(agent_id))
                tx.update(f"load:{agent_id}", load, [AgentLoadItem.kind.set(AgentLoadItem),
                                                     AgentLoadItem.brand_id.set(brand_id),
                                                     AgentLoadItem.agent_id.set(agent_id),
                                                     AgentLoadItem.open_threads.add(delta)])

    # -- messages --------------------------------------------------------------------------
    def get_message(self, brand_id: str, thread_id: str, message_key: str) -> Message | None:
        try:
            item = MessageItem.get(keys.thread_pk(brand_id, thread_id), keys.message_sk_of(message_key))
        except DoesNotExist:
            return None
        return message_of(item)

    def list_messages(self, brand_id: str, thread_id: str, cursor: str | None, limit: int) -> Page:
        pk = keys.thread_pk(brand_id, thread_id)
        state = cursors.decode(cursor)
        start = cursors.checked_key(state["k"], {"pk": pk}) if "k" in state else None
        result = MessageItem.query(pk, MessageItem.sk.startswith(keys.MESSAGE_PREFIX), scan_index_forward=False,
                                   limit=limit, page_size=limit, last_evaluated_key=start)
        page = next(result.page_iter)
        items = [message_of(MessageItem.from_raw_data(raw)) for raw in page.get("Items", [])]
        last = result.page_iter.last_evaluated_key
        return Page(items, cursors.encode({"k": cursors.from_key(last)}) if last else None)

    def advance_delivery(self, message: Message, status: str, provider_id: str | None = None,
                         error: str | None = None) -> bool:
        allowed = statuses_before(status)
        actions: list[Any] = [MessageItem.status.set(status)]
        if provider_id:
            actions.append(MessageItem.provider_id.set(provider_id))
        if error:
            actions.append(MessageItem.error.set(error[:500]))
        try:
            message_item(message).update(actions, condition=MessageItem.status.is_in(*allowed),
                                                 add_version_condition=False)
        except UpdateError as failure:
            if condition_failed(failure):
                return False
            raise
        return True

    def mark_read(self, message: Message, at: datetime) -> bool:
        # The first read is the one the customer saw: a repeated or late report never moves it.
        condition = MessageItem.sk.exists() & MessageItem.read_at.does_not_exist() & (MessageItem.direction == "out")
        try:
            message_item(message).update([MessageItem.read_at.set(iso(at))], condition=condition,
                                         add_version_condition=False)
        except UpdateError as failure:
            if condition_failed(failure):
                return False
            raise
        return True

    def claim_delivery(self, message: Message, watchdog: Timer) -> bool:
        tx = Transaction()
        tx.update("claim", message_item(message), [MessageItem.status.set("sending")],
                  MessageItem.status == "queued")
        tx.put("watchdog", timer_item(watchdog))
        return "claim" not in tx.commit()

    def release_delivery(self, message: Message) -> None:
        try:
            message_item(message).update([MessageItem.status.set("queued")],
                                                 condition=MessageItem.status == "sending", add_version_condition=False)
        except UpdateError as failure:
            if not condition_failed(failure):
                raise

    # -- the inbox -------------------------------------------------------------------------
    def list_threads(self, query: ThreadQuery) -> Page:
        """The first `limit` threads of each partition in view after its cursor, merged in order.

        Without a status filter inside a group (the default waiting + replied), a partition
        costs one Query. With one, PynamoDB pages on until `limit` threads matched, so every
        partition's window is complete and the merged page is in order and full.
        """
        scope = "brand" if query.store_ids is None else "store"
        index, hash_attr, range_attr, ascending = _INDEXES[(scope, query.sort)]
        groups = sorted({keys.status_group(s) for s in query.statuses})
        partitions = _partitions(query, groups)
        state = cursors.decode(query.cursor).get("p", {}) if query.cursor else {}
        if not isinstance(state, dict) or set(state) - set(partitions):
            raise cursors.InvalidInput.field("cursor", "not a cursor of this list")
        wanted: set[str] = set(query.statuses)
        filter_condition = None if all(_group_is_whole(g, wanted) for g in groups) else ThreadItem.status.is_in(*wanted)
        windows: dict[str, list[ThreadItem]] = {}
        exhausted: set[str] = set()
        for partition in partitions:
            previous = state.get(partition)
            if previous == "done":
                exhausted.add(partition)
                windows[partition] = []
                continue
            start = cursors.checked_key(previous, {hash_attr: partition}) if previous else None
            result = index.query(partition, scan_index_forward=ascending, limit=query.limit, page_size=query.limit,
                                 last_evaluated_key=start, filter_condition=filter_condition)
            windows[partition] = list(result)
            if len(windows[partition]) < query.limit or result.last_evaluated_key is None:
                exhausted.add(partition)
        rows = [(getattr(item, range_attr), p, item) for p, window in windows.items() for item in window]
        rows.sort(key=lambda row: row[0], reverse=not ascending)
        taken = rows[: query.limit]
        next_state = _next_state(partitions, state, windows, exhausted, taken, ("pk", "sk", hash_attr, range_attr))
        more = any(v != "done" for v in next_state.values())
        return Page([thread_of(r[2]) for r in taken], cursors.encode({"p": next_state}) if more else None)

    def counts(self, brand_id: str, store_ids: tuple[str, ...] | None) -> InboxCounts:
        """Threads per status in the inbox of the stores in view, from the maintained counters (one read)."""
        items: Iterable[CountsItem]
        if store_ids is None:
            items = CountsItem.query(keys.brand_pk(brand_id), CountsItem.sk.startswith(keys.COUNTS_PREFIX))
        else:
            items = CountsItem.batch_get([(keys.brand_pk(brand_id), keys.counts_sk(s)) for s in store_ids])
        totals = {"waiting": 0, "replied": 0, "resolved": 0}
        shown = {"new": 0, "unanswered": 0}
        counted: set[str] = set()
        for item in items:
            counted.add(item.store_id)
            for status in totals:
                totals[status] += int(getattr(item, status) or 0)
            for name in shown:
                shown[name] += int(getattr(item, name) or 0)
        return InboxCounts(totals, frozenset(counted), shown)


def _group_is_whole(group: str, wanted: set[str]) -> bool:
    members = {"open": {"waiting", "replied"}, "resolved": {"resolved"}}[group]
    return members <= wanted


def _partitions(query: ThreadQuery, groups: list[str]) -> list[str]:
    """The index partitions a list reads: one per status group, of the brand or of each store in view."""
    if query.store_ids is None:
        return [keys.brand_group_key(query.brand_id, query.folder, g) for g in groups]
    return [keys.store_group_key(query.brand_id, s, query.folder, g) for s in query.store_ids for g in groups]


def _next_state(partitions: list[str], state: dict[str, Any], windows: dict[str, list[ThreadItem]],
                exhausted: set[str], taken: list[tuple[str, str, ThreadItem]],
                key_names: tuple[str, ...]) -> dict[str, Any]:
    """Where each partition's next page starts: after its last thread taken, or "done" when all were taken."""
    next_state: dict[str, Any] = {}
    for partition in partitions:
        mine = [r for r in taken if r[1] == partition]
        if partition in exhausted and len(mine) == len(windows[partition]):
            next_state[partition] = "done"
        elif mine:
            last = mine[-1][2]
            next_state[partition] = {n: getattr(last, n) for n in key_names}
        else:
            next_state[partition] = state.get(partition)
    return next_state
