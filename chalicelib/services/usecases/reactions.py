"""What follows a write, from the table's stream: derive the thread, deliver the outbox. Each reaction is idempotent."""
from __future__ import annotations

from ..domain import Message, Thread, Timer
from ..domain.routing import ESCALATION
from ..ports.media import CustomerPictures
from .conversations.common import SNOOZE
from .conversations.escalate import Escalate
from .conversations.receive import Receive
from .conversations.snooze import Snooze
from .delivery import WATCHDOG, Delivery
from .platform_names import PlatformNames
from .read_receipts import ReadReceipts


class Reactions:
    def __init__(self, receive: Receive, escalate: Escalate, snooze: Snooze, delivery: Delivery,
                 pictures: CustomerPictures | None = None) -> None:
        self.receive = receive
        self.escalate = escalate
        self.snooze = snooze
        self.delivery = delivery
        self.read_receipts = ReadReceipts(delivery.threads, delivery.channels)
        self.platform_names = PlatformNames(delivery.threads, delivery.channels, pictures)

    def message_written(self, message: Message) -> None:
        """A message was stored or changed. Lambda delivers records at least once: every branch tolerates repeats."""
        if message.direction == "in" and not message.applied:
            self.receive.apply_inbound(message)
        elif message.direction == "out" and message.status == "queued":
            self.delivery.deliver(message)

    def batch_written(self, messages: list[Message]) -> None:
        """A batch of stream records holds these messages: what applying them will read is read at once."""
        self.receive.prefetch([m for m in messages if m.direction == "in" and not m.applied])

    def thread_changed(self, before: Thread | None, after: Thread) -> None:
        """A thread was written: a new customer is named by their platform, where it tells; an agent reading it
        shows the customer their message seen, where the platform can."""
        if before is None:
            self.platform_names.thread_opened(after)
        else:
            self.read_receipts.thread_changed(before, after)

    def timer_fired(self, timer: Timer) -> None:
        """A timer the sweep claimed: its action, idempotent (a stale escalation step does nothing)."""
        if timer.kind == ESCALATION:
            self.escalate.escalate(timer)
        elif timer.kind == SNOOZE:
            self.snooze.wake(timer)
        elif timer.kind == WATCHDOG:
            self.delivery.recover(timer)
