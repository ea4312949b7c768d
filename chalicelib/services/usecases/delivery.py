"""The outbox: agents' messages stored `queued` go out through their channel from the stream.

Statuses move forward only.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlencode

from ..domain import Message, Timer
from ..domain.errors import DeliveryDeferred, DeliveryFailed
from ..domain.optout import RecipientOptedOut
from ..ports.channels import Channels, Outgoing
from ..ports.clock import Clock, SystemClock, iso
from ..ports.repositories import Directory, ThreadRepository
from .optout import OptOuts

WATCHDOG = "delivery"
WATCHDOG_DELAY = timedelta(minutes=5)
RECENT_MESSAGES = 20  # where the sender looks for the address the customer last wrote to

# Twilio's statuses (and our own) mapped onto ours.
PROVIDER_STATUS = {
    "accepted": "sending", "queued": "sending", "sending": "sending", "scheduled": "sending",
    "sent": "sent", "delivered": "delivered", "read": "delivered",
    "undelivered": "failed", "failed": "failed", "canceled": "failed",
}


def signed(text: str, store_name: str) -> str:
    """The store's name signs outgoing SMS."""
    return f"{text}\n-- {store_name}" if store_name else text


class Delivery:
    def __init__(self, threads: ThreadRepository, directory: Directory, channels: Channels,
                 public_base_url: str, clock: Clock | None = None, optouts: OptOuts | None = None) -> None:
        self.threads = threads
        self.directory = directory
        self.channels = channels
        self.public_base_url = public_base_url.rstrip("/")
        self.clock = clock or SystemClock()
        self.optouts = optouts or OptOuts(None, threads, self.clock)

    def deliver(self, message: Message) -> None:
        """Sends one queued message once. Raises DeliveryDeferred to have the stream retry it."""
        if message.direction != "out" or message.status != "queued":
            return
        channel = self.channels.get(message.channel)  # before the claim: an unknown channel claims nothing
        # The claim and a watchdog in one write: if this run dies before the provider answers, the
        # watchdog puts the message back in the queue (at least once: a crash right after the
        # provider accepted it may send it twice, never zero times).
        watchdog = Timer(brand_id=message.brand_id, kind=WATCHDOG, ref=f"{message.thread_id}/{message.id}",
                         due_at=self.clock.now() + WATCHDOG_DELAY,
                         payload={"thread_id": message.thread_id, "key": f"{iso(message.created_at)}#{message.id}"})
        if not self.threads.claim_delivery(message, watchdog):
            return  # another run claimed it
        sending = Message(**{**message.__dict__, "status": "sending"})
        if self.optouts.message_blocked(message):  # queued before the customer's STOP: never sent
            self.threads.advance_delivery(sending, "failed", error="the customer opted out (STOP)")
            return
        try:
            provider_id = channel.send(self._outgoing(message))
        except RecipientOptedOut as refused:
            self.optouts.refused_by_carrier(message)
            self.threads.advance_delivery(sending, "failed", error=str(refused))
            return
        except DeliveryFailed as refused:
            self.threads.advance_delivery(sending, "failed", error=str(refused))
            return
        except DeliveryDeferred:
            self.threads.release_delivery(sending)
            raise
        self.threads.advance_delivery(sending, "sent", provider_id=provider_id)

    def recover(self, timer: Timer) -> None:
        """The watchdog of a claimed message: still `sending` means its run died; queue it again."""
        message = self.threads.get_message(timer.brand_id, timer.payload["thread_id"], timer.payload["key"])
        if message is not None and message.status == "sending":
            self.threads.release_delivery(message)

    def _outgoing(self, message: Message) -> Outgoing:
        store = self.directory.get_store(message.brand_id, message.store_id)
        sender = self.store_address_of(message)
        return Outgoing(to=message.customer_address, sender=sender,
                        text=signed(message.text, store.name if store else ""),
                        media_urls=tuple(a.url for a in message.attachments),
                        media_types=tuple(a.content_type for a in message.attachments),
                        status_callback=self.status_callback_url(message), tag=message.tag,
                        template=message.template,
                        reply_to_comment=message.comment.id if message.reply_to and message.comment else None,
                        private_reply=message.private)

    def store_address_of(self, message: Message) -> str:
        """Where the store answers from: on a platform channel, the page, account or number the customer last
        wrote to (a store may have several); on SMS, and without a customer's message, the message's own."""
        if message.channel == "sms":
            return message.store_address
        recent = self.threads.list_messages(message.brand_id, message.thread_id, None, RECENT_MESSAGES).items
        return next((m.store_address for m in recent if m.direction == "in" and m.store_address),
                    message.store_address)

    def status_callback_url(self, message: Message) -> str | None:
        """The provider reports delivery here; the query names the message, and the signature covers it."""
        path = self.channels.get(message.channel).status_path
        if path is None:
            return None
        # Sorted keys: the webhook rebuilds the same query string to check the provider's signature.
        query = urlencode(sorted({"b": message.brand_id, "t": message.thread_id, "m": message.id,
                                  "at": iso(message.created_at)}.items()))
        return f"{self.public_base_url}{path}?{query}"

    def record_status(self, *, brand_id: str, thread_id: str, message_id: str, created_at: str,
                      provider_status: str, error: str | None, at: datetime | None = None) -> bool:
        """A provider's delivery report. Unknown messages and backward moves change nothing; a read also
        keeps when the customer read it (`at`, else now), once."""
        status = PROVIDER_STATUS.get(provider_status.lower())
        message = self.threads.get_message(brand_id, thread_id, f"{created_at}#{message_id}")
        if status is None or message is None or message.direction != "out":
            return False
        moved = self.threads.advance_delivery(message, status, error=error if status == "failed" else None)
        if provider_status.lower() != "read" or message.status == "failed":
            return moved
        return self.threads.mark_read(message, at or self.clock.now()) or moved
