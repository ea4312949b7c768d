"""An agent changes a thread they may write in: joins it, sets its status, closes it, or any other change
(folders, hold, alerts) given as a rule."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ...domain import THREAD_STATUSES, Agent, Thread
from ...domain import threads as rules
from ...domain.errors import InvalidInput, StaleVersion
from ...ports.clock import Clock
from ...ports.repositories import Directory, ThreadRepository
from .access import ThreadAccess
from .common import RETRIES_ON_RACE


class ThreadChanges:
    def __init__(self, threads: ThreadRepository, directory: Directory, access: ThreadAccess, clock: Clock) -> None:
        self.threads = threads
        self.directory = directory
        self.access = access
        self.clock = clock

    def join(self, agent: Agent, thread_id: str) -> Thread:
        """The agent takes part in the thread, so that they may answer it too."""
        return self.change(agent, thread_id, lambda t: rules.join(t, agent.id))

    def set_status(self, agent: Agent, thread_id: str, status: str) -> Thread:
        """Marks the thread waiting, replied or resolved by hand."""
        if status not in THREAD_STATUSES:
            raise InvalidInput.field("status", f"one of {', '.join(THREAD_STATUSES)}")
        now = self.clock.now()
        return self.change(agent, thread_id,
                           lambda t: rules.set_status(t, status, now, agent.id))  # type: ignore[arg-type]

    def close(self, agent: Agent, thread_id: str, reason: str) -> Thread:
        """Close with a conversation type: one of the brand's closing reasons."""
        now = self.clock.now()

        def change(thread: Thread) -> Thread:
            # Checked once the thread is known visible and writable: 404/403 come before bad input.
            brand = self.directory.get_brand(agent.brand_id)
            if brand is None or reason not in brand.closing_reasons:
                raise InvalidInput.field("reason", "not one of the brand's closing reasons")
            return rules.close(thread, reason, agent.id, now)

        return self.change(agent, thread_id, change)

    def change(self, agent: Agent, thread_id: str, change: Callable[[Thread], Thread]) -> Thread:
        """An agent's change of a thread they may write in: one conditional write on its version, retried on
        a race; nothing written when the change changes nothing."""
        for _ in range(RETRIES_ON_RACE):
            thread = self.access.writable_thread(agent, thread_id)
            after = change(thread)
            if after == thread:
                return thread
            after = replace(after, version=thread.version + 1)
            try:
                self.threads.save(thread, after)
                return after
            except StaleVersion:
                continue
        raise StaleVersion("the thread kept changing; try again")
