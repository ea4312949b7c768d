"""What follows a write, from the table's stream: derive the thread, deliver the outbox. Each reaction is idempotent."""
from __future__ import annotations

from ..domain import Message, Thread, Timer
from ..domain.routing import ESCALATION
from .conversations.common import SNOOZE
from .conversations.escalate import Escalate
from .conversations.receive import Receive
from .conversations.snooze import Snooze
from .delivery import WATCHDOG, Delivery
from .read_receipts import ReadReceipts


class Reactions:
    def __init__(self, receive: Receive, escalate: Escalate, snooze: Snooze, delivery: Delivery) -> None:
        self.receive = receive
        self.escalate = escalate
        self.snooze = snooze
        self.delivery = delivery
        self.read_receipts = ReadReceipts(delivery.threads, delivery.channels)

    def message_written(self, message: Message) -> None:
        """A message was stored or changed. Lambda delivers records at least once: every branch tolerates repeats."""
        if message.direction == "in" and not message.applied:
            self.receive.apply_inbound(message)
        elif message.direction == "out" and message.status == "queued":
            self.delivery.deliver(message)

    def thread_changed(self, before: Thread, after: Thread) -> None:
        """A thread was written: an agent reading it shows the customer their message seen, where the platform can."""
        self.read_receipts.thread_changed(before, after)

    def timer_fired(self, timer: Timer) -> None:
        """A timer the sweep claimed: its action, idempotent (a stale escalation step does nothing)."""
        if timer.kind == ESCALATION:
            self.escalate.escalate(timer)
        elif timer.kind == SNOOZE:
            self.snooze.wake(timer)
        elif timer.kind == WATCHDOG:
            self.delivery.recover(timer)
