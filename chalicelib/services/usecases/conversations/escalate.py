"""An escalation step falls due: if nobody answered, the next eligible agent is told."""
from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

from ...domain import Agent, Timer, routing
from ...domain.errors import StaleVersion
from ...ports.clock import Clock
from ...ports.repositories import Directory, ThreadRepository
from ..notifier import Notifier
from .common import RETRIES_ON_RACE, slots, tell_escalated


class Escalate:
    def __init__(self, threads: ThreadRepository, directory: Directory, clock: Clock, notifier: Notifier,
                 rng: random.Random | None = None) -> None:
        self.threads = threads
        self.directory = directory
        self.clock = clock
        self.notifier = notifier
        self.rng = rng or random.Random()

    def escalate(self, timer: Timer) -> None:
        """An escalation step is due: if nobody answered, the next eligible agent is told. Idempotent."""
        for _ in range(RETRIES_ON_RACE):
            thread = self.threads.get(timer.brand_id, timer.ref)
            if thread is not None and routing.taken_by(thread, timer):
                # a retry after the step was saved: make sure the agent was told
                tell_escalated(self.directory, self.notifier, thread)
                return
            if thread is None or not routing.is_current(thread, timer):
                return  # answered, transferred, or a new contact: this step is stale
            store = self.directory.get_store(thread.brand_id, thread.store_id)
            if store is None or store.escalation.mode == "off":
                after, next_timer = replace(thread, escalation=None), None
                agents: list[Agent] = []
            else:
                agents = self.directory.list_agents(thread.brand_id)
                # On time (the sweep runs every minute), the next step counts from the due time; a sweep
                # that ran late (or a sandbox clock moved by a day) steps once from now, not in a burst.
                late = self.clock.now() - timer.due_at > timedelta(minutes=store.escalation.delay_minutes)
                after, next_timer = routing.next_step(thread, store, agents, slots(self.directory, thread.brand_id),
                                                      self.clock.now() if late else timer.due_at, self.rng)
            try:
                self.threads.save(thread, replace(after, version=thread.version + 1),
                                  timers=[next_timer] if next_timer else [])
            except StaleVersion:
                continue
            tell_escalated(self.directory, self.notifier, after, store, agents)
            return
