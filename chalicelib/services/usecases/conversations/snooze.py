"""An agent pauses a thread until a time; it wakes then, to the same agent."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from ...domain import Agent, Thread, Timer
from ...domain import threads as rules
from ...domain.errors import InvalidInput, StaleVersion
from ...ports.clock import Clock, iso, parse_iso
from ...ports.repositories import ThreadRepository
from .access import ThreadAccess
from .common import RETRIES_ON_RACE, SNOOZE


class Snooze:
    def __init__(self, threads: ThreadRepository, access: ThreadAccess, clock: Clock) -> None:
        self.threads = threads
        self.access = access
        self.clock = clock

    def snooze(self, agent: Agent, thread_id: str, until: datetime) -> Thread:
        """Pauses a thread until a time; it comes back then, or on the customer's next message."""
        until = parse_iso(iso(until))  # stored to the millisecond: the timer must name the same instant
        for _ in range(RETRIES_ON_RACE):
            thread = self.access.writable_thread(agent, thread_id)  # an unknown thread is 404 whatever the time
            if until <= self.clock.now():
                raise InvalidInput.field("until", "must be in the future")
            held = thread if thread.assigned_agent_id else replace(thread, assigned_agent_id=agent.id)
            after = replace(rules.snooze(held, until), version=thread.version + 1)
            timer = Timer(brand_id=thread.brand_id, kind=SNOOZE, ref=thread.id, due_at=until,
                          payload={"until": iso(until)})
            try:
                self.threads.save(thread, after, timers=[timer])
                return after
            except StaleVersion:
                continue
        raise StaleVersion("the thread kept changing; try again")

    def wake(self, timer: Timer) -> None:
        """A snooze's time is up: the thread is back in the inbox, to the same agent."""
        until = parse_iso(timer.payload["until"])
        for _ in range(RETRIES_ON_RACE):
            thread = self.threads.get(timer.brand_id, timer.ref)
            if thread is None:
                return
            after = rules.wake(thread, until)
            if after == thread:
                return
            try:
                self.threads.save(thread, replace(after, version=thread.version + 1))
                return
            except StaleVersion:
                continue
