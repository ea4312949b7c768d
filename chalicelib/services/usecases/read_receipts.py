"""Read receipts the store gives: when an agent opens a thread, the customer's platform shows their message seen.

It runs from the stream, on the thread's change from unread to read, so that opening a thread stays one quick
write and a platform that does not answer is tried again with the record.
"""
from __future__ import annotations

import logging

from ..domain import Thread
from ..domain.errors import DeliveryFailed, NotFound
from ..ports.channels import Channels, ReadSignal
from ..ports.repositories import ThreadRepository

logger = logging.getLogger(__name__)
RECENT = 20  # where the customer's last message is looked for: opening follows it closely


class ReadReceipts:
    def __init__(self, threads: ThreadRepository, channels: Channels) -> None:
        self.threads = threads
        self.channels = channels

    def thread_changed(self, before: Thread, after: Thread) -> bool:
        """Tells the platform once per reading: only on the change from unread to read. Returns whether it told.

        Raises DeliveryDeferred when the platform may answer later (the stream retries the record)."""
        if not before.unread or after.unread:
            return False
        try:
            channel = self.channels.get(after.channel)
        except NotFound:
            return False
        if not channel.capabilities.read_receipts:
            return False
        recent = self.threads.list_messages(after.brand_id, after.id, None, RECENT).items
        last = next((m for m in recent if m.direction == "in"), None)  # newest first
        if last is None:
            return False
        try:
            channel.mark_read(ReadSignal(customer=last.customer_address, sender=last.store_address,
                                         provider_id=last.provider_id))
        except DeliveryFailed as refused:  # a read mark is a courtesy: a refusal is logged, never retried
            logger.warning("read receipt refused", extra={"channel": after.channel, "error": str(refused)})
            return False
        return True
