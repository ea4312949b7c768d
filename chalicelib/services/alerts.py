"""Alerts raised or cleared by hand (SPEC C5): an agent flags a customer's dissatisfaction the detector missed,
or clears an alert once the customer is appeased."""
from __future__ import annotations

from dataclasses import replace

from . import threads as rules
from .clock import Clock
from .conversations import RETRIES_ON_RACE, Conversations
from .domain import Agent, Thread
from .errors import StaleVersion


class Alerts:
    def __init__(self, conversations: Conversations, clock: Clock) -> None:
        self.conversations = conversations
        self.clock = clock

    def set(self, agent: Agent, thread_id: str, alert: bool) -> Thread:
        """Raises or clears the thread's alert; 404 when the thread is not visible, 403 when read-only."""
        for _ in range(RETRIES_ON_RACE):
            thread = self.conversations.writable_thread(agent, thread_id)
            after = rules.set_alert(thread, alert, self.clock.now())
            if after == thread:
                return thread
            after = replace(after, version=thread.version + 1)
            try:
                self.conversations.threads.save(thread, after)
                return after
            except StaleVersion:
                continue
        raise StaleVersion("the thread kept changing; try again")
