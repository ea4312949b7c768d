"""An agent moves a thread to another store of the brand."""
from __future__ import annotations

import random
from dataclasses import replace

from ...domain import Agent, Store, Thread, Timer, routing
from ...domain import threads as rules
from ...domain.errors import InvalidInput, StaleVersion
from ...domain.notes import NoteFor
from ...ports.clock import Clock
from ...ports.repositories import Directory, ThreadRepository
from ..notifier import Notifier
from .access import ThreadAccess
from .common import RETRIES_ON_RACE, slots, tell_escalated


class Transfer:
    def __init__(self, threads: ThreadRepository, directory: Directory, access: ThreadAccess, clock: Clock,
                 notifier: Notifier, rng: random.Random | None = None) -> None:
        self.threads = threads
        self.directory = directory
        self.access = access
        self.clock = clock
        self.notifier = notifier
        self.rng = rng or random.Random()

    def transfer(self, agent: Agent, thread_id: str, store_id: str, note: NoteFor | None = None) -> Thread:
        """Moves a thread to another store of the brand, whole history included. A customer still
        waiting is routed in the new store at once: escalation starts there if the store has it.
        `note(thread before)` gives the invisible thread's record of it, written in the same transaction."""
        now = self.clock.now()
        agents: list[Agent] = []
        store: Store | None = None
        for _ in range(RETRIES_ON_RACE):
            thread = self.access.writable_thread(agent, thread_id)  # the thread's 404/403 before the target's 400
            store = store or self.directory.get_store(agent.brand_id, store_id)
            if store is None:
                raise InvalidInput.field("store_id", "no such store")
            after = rules.transfer(thread, store_id, now)
            timers: list[Timer] = []
            if after.status == "waiting" and store.escalation.mode != "off":
                agents = agents or self.directory.list_agents(agent.brand_id)
                after, timer = routing.start_escalation(after, store, agents, slots(self.directory, agent.brand_id),
                                                        now, self.rng)
                timers = [timer] if timer else []
            after = replace(after, version=thread.version + 1)
            try:
                self.threads.save(thread, after, timers=timers, notes=[note(thread)] if note else [])
            except StaleVersion:
                continue
            tell_escalated(self.directory, self.notifier, after, store, agents)
            return after
        raise StaleVersion("the thread kept changing; try again")
