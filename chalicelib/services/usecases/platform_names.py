"""Customers' names and pictures from the platforms that give them on request (Messenger, Instagram), looked up
once when a customer's first thread opens, from the stream: the webhook stays quick and Meta's answer is never
waited for. The picture is copied to our storage (the platform's link expires)."""
from __future__ import annotations

import logging
from dataclasses import replace

from ..domain import Thread
from ..domain.errors import DeliveryDeferred, DeliveryFailed, NotFound, StaleVersion
from ..ports.channels import Channels, PlatformProfile
from ..ports.media import CustomerPictures
from ..ports.repositories import ThreadRepository

logger = logging.getLogger(__name__)
RECENT = 5  # the first messages of a new thread: where the store's account the customer wrote to is read
RETRIES_ON_RACE = 3


class PlatformNames:
    def __init__(self, threads: ThreadRepository, channels: Channels, pictures: CustomerPictures | None = None) -> None:
        self.threads = threads
        self.channels = channels
        self.pictures = pictures  # None: pictures are not kept (no storage on this stage)

    def thread_opened(self, thread: Thread) -> bool:
        """Asks the platform once for the name and picture of a new thread's customer; True when either was set.

        A refusal or silence leaves the customer unnamed ("Unknown customer") and is not asked again; a picture
        that cannot be had leaves initials, and never holds up the name."""
        wanted = not thread.customer.name or self.pictures is not None
        if not wanted or not thread.customer.phone:
            return False
        looked = self._lookup(thread)
        if looked is None:
            return False
        profile, sender = looked
        picture = None
        if profile.picture_url and self.pictures is not None and not thread.customer.picture:
            picture = self.pictures.keep_picture(thread, sender, profile.picture_url)
        return self._apply(thread, profile.name, picture)

    def _lookup(self, thread: Thread) -> tuple[PlatformProfile, str] | None:
        """The platform's profile of the customer, and the store's account it was asked as."""
        try:
            channel = self.channels.get(thread.channel)
        except NotFound:
            return None
        if not channel.capabilities.profiles:  # no lookup, and no read, where the platform gives no names
            return None
        recent = self.threads.list_messages(thread.brand_id, thread.id, None, RECENT).items
        sender = next((m.store_address for m in recent if m.direction == "in" and m.store_address), None)
        if sender is None or thread.customer.phone is None:
            return None
        try:
            profile = channel.customer_profile(thread.customer.phone, sender)
        except (DeliveryFailed, DeliveryDeferred) as refused:  # refused or unavailable: the customer stays unnamed
            logger.warning("customer profile lookup failed", extra={"channel": thread.channel, "error": str(refused)})
            return None
        return (profile, sender) if profile is not None else None

    def _apply(self, thread: Thread, name: str | None, picture: str | None) -> bool:
        """The name only while the customer has none (a name the head office gave meanwhile stays); the picture."""
        for _ in range(RETRIES_ON_RACE):
            current = self.threads.get(thread.brand_id, thread.id)
            if current is None:
                return False
            customer = current.customer
            named = replace(customer, name=customer.name or name, picture=picture or customer.picture)
            if named == customer:
                return False
            try:
                self.threads.save(current, replace(current, customer=named, version=current.version + 1))
                return True
            except StaleVersion:
                continue
        return False
