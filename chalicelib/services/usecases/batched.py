"""Batched webhooks (Meta): every event of one signed request stored or recorded, each on its own account."""
from __future__ import annotations

import logging

from ..domain.channel_accounts import ChannelAccount
from ..domain.channels import DeliveryReport, InboundMessage
from ..domain.conversation import CommentRef, Message
from ..ports.channels import Channels, Event
from ..ports.clock import iso
from ..ports.repositories import ThreadRepository
from .conversations.common import thread_id_for
from .conversations.receive import Receive
from .delivery import Delivery

logger = logging.getLogger(__name__)
RECENT = 50  # a report looks for its message among the thread's latest messages: reports follow sends closely


class BatchedEvents:
    """Files each event under the store whose account it names; an account no store connected is skipped
    (logged), so that the provider stops retrying a notification nobody here can use."""

    def __init__(self, channels: Channels, receive: Receive, delivery: Delivery, threads: ThreadRepository) -> None:
        self.channels = channels
        self.receive = receive
        self.delivery = delivery
        self.threads = threads

    def handle(self, events: list[Event]) -> int:
        """Stores the messages and records the reports; returns how many messages were new."""
        stored = 0
        for event in events:
            account = self._account(event)
            if account is None:
                continue
            if isinstance(event, InboundMessage):
                stored += self._message(account, event)
            else:
                self._report(account, event)
        return stored

    def _account(self, event: Event) -> ChannelAccount | None:
        channel = event.channel or ""
        address = event.to_address if isinstance(event, InboundMessage) else event.account or ""
        accounts = self.channels.accounts
        account = accounts.find(channel, address) if accounts else None
        if account is None:
            logger.warning("event for an account no store connected", extra={"channel": channel})
        return account

    def _message(self, account: ChannelAccount, event: InboundMessage) -> bool:
        if event.kind == "comment" and not account.receive_comments:
            return False  # the store switched comments off: they stay on the platform
        return self.receive.receive(
            brand_id=account.brand_id, store_id=account.store_id, store_address=event.to_address,
            channel=event.channel, customer_address=event.from_address, text=event.text,
            attachments=event.attachments, provider_key=f"{event.channel}:{event.provider_id}",
            customer_name=event.customer_name, comment=_comment_of(event))

    def _report(self, account: ChannelAccount, report: DeliveryReport) -> None:
        """A delivery or read: on the message of that provider id, or on every message sent up to the time."""
        if not report.channel or not report.customer:
            return
        thread_id = thread_id_for(account.brand_id, report.channel, report.customer)
        recent = self.threads.list_messages(account.brand_id, thread_id, None, RECENT).items
        for message in _reported(recent, report):
            self.delivery.record_status(brand_id=message.brand_id, thread_id=message.thread_id,
                                        message_id=message.id, created_at=iso(message.created_at),
                                        provider_status=report.status, error=report.error, at=report.at)


def _comment_of(event: InboundMessage) -> CommentRef | None:
    """A comment's own id (what a public reply answers) and its post; None for a direct message."""
    if event.kind != "comment":
        return None
    return CommentRef(id=event.provider_id, post_id=event.post_id, permalink=event.permalink)


def _reported(messages: list[Message], report: DeliveryReport) -> list[Message]:
    """The messages of ours a report is about."""
    ours = [m for m in messages if m.direction == "out" and m.provider_id]
    if report.provider_id:
        return [m for m in ours if m.provider_id == report.provider_id]
    up_to = report.up_to
    return [m for m in ours if up_to is not None and m.created_at <= up_to]
