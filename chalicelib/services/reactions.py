"""What follows a write, from the table's stream: derive the thread, deliver the outbox. Each reaction is idempotent."""
from __future__ import annotations

from .conversations import Conversations
from .delivery import Delivery
from .domain import Message


class Reactions:
    def __init__(self, conversations: Conversations, delivery: Delivery) -> None:
        self.conversations = conversations
        self.delivery = delivery

    def message_written(self, message: Message) -> None:
        """A message was stored or changed. Lambda delivers records at least once: every branch tolerates repeats."""
        if message.direction == "in" and not message.applied:
            self.conversations.apply_inbound(message)
        elif message.direction == "out" and message.status == "queued":
            self.delivery.deliver(message)
