"""Reading the inbox: the list of threads with its counts, a thread opened, its messages."""
from __future__ import annotations

from dataclasses import replace

from ...domain import FOLDERS, THREAD_STATUSES, Agent, Page, Thread
from ...domain import threads as rules
from ...domain.errors import InvalidInput, NotFound, StaleVersion
from ...ports.repositories import Directory, ThreadQuery, ThreadRepository
from .access import ThreadAccess

MAX_PAGE = 100


class Inbox:
    def __init__(self, threads: ThreadRepository, directory: Directory, access: ThreadAccess) -> None:
        self.threads = threads
        self.directory = directory
        self.access = access

    def open(self, agent: Agent, thread_id: str) -> Thread:
        """An agent opens a thread: it is no longer unread."""
        thread = self.access.visible_thread(agent, thread_id)
        if thread.unread and agent.can_write(thread.store_id):
            after = replace(rules.mark_read(thread), version=thread.version + 1)
            try:
                self.threads.save(thread, after)
                return after
            except StaleVersion:
                return self.access.visible_thread(agent, thread_id)
        return thread

    def messages(self, agent: Agent, thread_id: str, cursor: str | None, limit: int) -> Page:
        """One page of a visible thread's messages."""
        self.access.visible_thread(agent, thread_id)
        return self.threads.list_messages(agent.brand_id, thread_id, cursor, _limit(limit))

    def list(self, agent: Agent, *, store_id: str | None, statuses: tuple[str, ...], folder: str, sort: str,
             cursor: str | None, limit: int, group_stores: tuple[str, ...] | None = None,
             ) -> tuple[Page, dict[str, int]]:
        """The inbox: one page of threads and the counts per status of the stores in view."""
        _check_filters(statuses, folder, sort)
        store_ids = _stores_in_view(agent, store_id, group_stores)
        query = ThreadQuery(brand_id=agent.brand_id, store_ids=store_ids,
                            statuses=tuple(statuses) or ("waiting", "replied"),  # type: ignore[arg-type]
                            folder=folder, sort=sort, limit=_limit(limit), cursor=cursor)
        if store_ids == ():
            return Page([], None), {**{s: 0 for s in THREAD_STATUSES}, "new": 0, "unanswered": 0}
        counts = self.threads.counts(agent.brand_id, store_ids)
        # A store that has counters exists; only a store without threads yet costs a look-up.
        if store_id is not None and store_id not in counts.counted_stores \
                and self.directory.get_store(agent.brand_id, store_id) is None:
            raise NotFound("no such store")
        return self.threads.list_threads(query), {**counts.totals, "new": 0, "unanswered": 0, **counts.indicators}


def _check_filters(statuses: tuple[str, ...], folder: str, sort: str) -> None:
    for status in statuses:
        if status not in THREAD_STATUSES:
            raise InvalidInput.field("status", f"'{status}' is not one of {', '.join(THREAD_STATUSES)}")
    if folder not in FOLDERS:
        raise InvalidInput.field("folder", f"one of {', '.join(FOLDERS)}")
    if sort not in ("recent", "waiting"):
        raise InvalidInput.field("sort", "recent or waiting")


def _stores_in_view(agent: Agent, store_id: str | None,
                    group_stores: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """The stores listed: a group's that the agent sees, one store, or all of the agent's (None: the brand's)."""
    if group_stores is not None:
        return tuple(s for s in group_stores if agent.can_see(s))
    if store_id is not None:
        if not agent.can_see(store_id):
            raise NotFound("no such store")
        return (store_id,)
    if agent.brand_admin:
        return None
    return tuple(sorted(agent.rights))


def _limit(limit: int) -> int:
    if limit < 1 or limit > MAX_PAGE:
        raise InvalidInput.field("limit", f"from 1 to {MAX_PAGE}")
    return limit
