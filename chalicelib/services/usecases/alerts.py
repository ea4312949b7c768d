"""Alerts raised or cleared by hand: an agent flags a customer's dissatisfaction the detector missed,
or clears an alert once the customer is appeased."""
from __future__ import annotations

from ..domain import Agent, Thread
from ..domain import threads as rules
from ..ports.clock import Clock
from .conversations.changes import ThreadChanges


class Alerts:
    def __init__(self, changes: ThreadChanges, clock: Clock) -> None:
        self.changes = changes
        self.clock = clock

    def set(self, agent: Agent, thread_id: str, alert: bool) -> Thread:
        """Raises or clears the thread's alert; 404 when the thread is not visible, 403 when read-only."""
        now = self.clock.now()
        return self.changes.change(agent, thread_id, lambda t: rules.set_alert(t, alert, now))
