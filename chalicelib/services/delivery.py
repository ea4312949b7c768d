"""The outbox: agents' messages stored `queued` are delivered from the stream (B2), statuses move forward only."""
from __future__ import annotations

from urllib.parse import urlencode

from .clock import iso
from .domain import Message
from .errors import DeliveryDeferred, DeliveryFailed
from .ports import Directory, SmsProvider, ThreadRepository

# Twilio's statuses (and our own) mapped onto ours.
PROVIDER_STATUS = {
    "accepted": "sending", "queued": "sending", "sending": "sending", "scheduled": "sending",
    "sent": "sent", "delivered": "delivered", "read": "delivered",
    "undelivered": "failed", "failed": "failed", "canceled": "failed",
}


def signed(text: str, store_name: str) -> str:
    """The store's name signs outgoing SMS (A2)."""
    return f"{text}\n-- {store_name}" if store_name else text


class Delivery:
    def __init__(self, threads: ThreadRepository, directory: Directory, provider: SmsProvider,
                 public_base_url: str) -> None:
        self.threads = threads
        self.directory = directory
        self.provider = provider
        self.public_base_url = public_base_url.rstrip("/")

    def deliver(self, message: Message) -> None:
        """Sends one queued message once. Raises DeliveryDeferred to have the stream retry it."""
        if message.direction != "out" or message.status != "queued":
            return
        if not self.threads.advance_delivery(message, "sending"):
            return  # another run claimed it
        sending = Message(**{**message.__dict__, "status": "sending"})
        store = self.directory.get_store(message.brand_id, message.store_id)
        try:
            provider_id = self.provider.send_sms(
                to=message.customer_address,
                from_=message.store_address,
                body=signed(message.text, store.name if store else ""),
                status_callback=self.status_callback_url(message),
            )
        except DeliveryFailed as refused:
            self.threads.advance_delivery(sending, "failed", error=str(refused))
            return
        except DeliveryDeferred:
            self.threads.release_delivery(sending)
            raise
        self.threads.advance_delivery(sending, "sent", provider_id=provider_id)

    def status_callback_url(self, message: Message) -> str:
        """The provider reports delivery here; the query names the message, and the signature covers it."""
        # Sorted keys: the webhook rebuilds the same query string to check the provider's signature.
        query = urlencode(sorted({"b": message.brand_id, "t": message.thread_id, "m": message.id,
                                  "at": iso(message.created_at)}.items()))
        return f"{self.public_base_url}/webhooks/twilio/status?{query}"

    def record_status(self, *, brand_id: str, thread_id: str, message_id: str, created_at: str,
                      provider_status: str, error: str | None) -> bool:
        """A provider's delivery report. Unknown messages and backward moves change nothing."""
        status = PROVIDER_STATUS.get(provider_status.lower())
        message = self.threads.get_message(brand_id, thread_id, f"{created_at}#{message_id}")
        if status is None or message is None or message.direction != "out":
            return False
        return self.threads.advance_delivery(message, status, error=error if status == "failed" else None)
