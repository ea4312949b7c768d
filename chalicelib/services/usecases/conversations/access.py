"""Which threads an agent may see, and in which they may write."""
from __future__ import annotations

from ...domain import Agent, Thread
from ...domain.errors import Forbidden, NotFound
from ...domain.notes import sees_thread
from ...ports.repositories import ThreadRepository


class ThreadAccess:
    def __init__(self, threads: ThreadRepository) -> None:
        self.threads = threads

    def visible_thread(self, agent: Agent, thread_id: str) -> Thread:
        """The thread if the agent may see it (its store, or a store it is shared with); 404 otherwise, never a
        hint that it exists. Writing stays with the thread's own store (writable_thread)."""
        thread = self.threads.get(agent.brand_id, thread_id)
        if thread is None or not sees_thread(agent, thread):
            raise NotFound("no such thread")
        return thread

    def writable_thread(self, agent: Agent, thread_id: str) -> Thread:
        """The thread if the agent may write in it: 404 when out of sight, then 403 when read-only."""
        thread = self.visible_thread(agent, thread_id)
        if not agent.can_write(thread.store_id):
            raise Forbidden("this store is read-only for you")
        return thread
