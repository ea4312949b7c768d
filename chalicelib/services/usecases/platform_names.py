"""Customers' names from the platforms that give them on request (Messenger, Instagram), looked up once when a
customer's first thread opens, from the stream: the webhook stays quick and Meta's answer is never waited for.
"""
from __future__ import annotations

import logging
from dataclasses import replace

from ..domain import Thread
from ..domain.errors import DeliveryDeferred, DeliveryFailed, NotFound, StaleVersion
from ..ports.channels import Channels
from ..ports.repositories import ThreadRepository

logger = logging.getLogger(__name__)
RECENT = 5  # the first messages of a new thread: where the store's account the customer wrote to is read
RETRIES_ON_RACE = 3


class PlatformNames:
    def __init__(self, threads: ThreadRepository, channels: Channels) -> None:
        self.threads = threads
        self.channels = channels

    def thread_opened(self, thread: Thread) -> bool:
        """Asks the platform once for the name of a new thread's unnamed customer; True when a name was set.

        A refusal or silence leaves the customer unnamed ("Unknown customer") and is not asked again."""
        if thread.customer.name or not thread.customer.phone:
            return False
        try:
            channel = self.channels.get(thread.channel)
        except NotFound:
            return False
        if not channel.capabilities.profiles:  # no lookup, and no read, where the platform gives no names
            return False
        recent = self.threads.list_messages(thread.brand_id, thread.id, None, RECENT).items
        sender = next((m.store_address for m in recent if m.direction == "in" and m.store_address), None)
        if sender is None:
            return False
        try:
            profile = channel.customer_profile(thread.customer.phone, sender)
        except (DeliveryFailed, DeliveryDeferred) as refused:  # refused or unavailable: the customer stays unnamed
            logger.warning("customer profile lookup failed", extra={"channel": thread.channel, "error": str(refused)})
            return False
        if profile is None or not profile.name:
            return False
        return self._name(thread, profile.name)

    def _name(self, thread: Thread, name: str) -> bool:
        """Only while the customer has no name: a name the head office gave meanwhile stays."""
        for _ in range(RETRIES_ON_RACE):
            current = self.threads.get(thread.brand_id, thread.id)
            if current is None or current.customer.name:
                return False
            named = replace(current, customer=replace(current.customer, name=name), version=current.version + 1)
            try:
                self.threads.save(current, named)
                return True
            except StaleVersion:
                continue
        return False
