"""A provider's webhook, from signature to stored message, whatever the channel."""
from __future__ import annotations

from typing import Protocol

from ..domain.errors import NotFound
from ..ports.channels import Channels, WebhookRequest
from .batched import BatchedEvents
from .conversations.receive import Receive
from .delivery import Delivery


class StoreNumbers(Protocol):
    def find_store_ref_by_number(self, phone_number: str) -> tuple[str, str] | None: ...


class Inbound:
    def __init__(self, channels: Channels, numbers: StoreNumbers, receive: Receive,
                 delivery: Delivery) -> None:
        self.channels = channels
        self.numbers = numbers
        self.receive_message = receive
        self.delivery = delivery
        self.batched = BatchedEvents(channels, receive, delivery, receive.threads)

    def receive_batch(self, webhook_name: str, request: WebhookRequest) -> int:
        """Verifies a batched provider's request, then stores each message once and records each report.
        Returns how many messages were new; nothing is stored when the signature is wrong."""
        webhook = self.channels.webhook(webhook_name)
        webhook.verify(request)
        return self.batched.handle(webhook.parse_batch(request))

    def receive(self, channel_name: str, request: WebhookRequest) -> bool:
        """Verifies, parses and stores one inbound message; False for a repeated delivery. Nothing else waits on it."""
        channel = self.channels.get(channel_name)
        channel.verify(request)
        inbound = channel.parse(request)
        ref = self.numbers.find_store_ref_by_number(inbound.to_address)
        if ref is None:
            raise NotFound(f"no store has the number {inbound.to_address}")
        brand_id, store_id = ref
        return self.receive_message.receive(
            brand_id=brand_id, store_id=store_id, store_address=inbound.to_address, channel=inbound.channel,
            customer_address=inbound.from_address, text=inbound.text, attachments=inbound.attachments,
            provider_key=f"{inbound.channel}:{inbound.provider_id}", opt_out_type=inbound.opt_out_type,
        )

    def receive_status(self, channel_name: str, request: WebhookRequest) -> bool:
        """A provider's delivery report for a message we sent; the callback's query names the message."""
        channel = self.channels.get(channel_name)
        channel.verify(request)
        report = channel.parse_status(request)
        query = request.query
        return self.delivery.record_status(
            brand_id=query.get("b", ""), thread_id=query.get("t", ""), message_id=query.get("m", ""),
            created_at=query.get("at", ""), provider_status=report.status, error=report.error, at=report.at,
        )
