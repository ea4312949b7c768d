"""What a channel allows and what it brings in, in the product's words: no provider's format here."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .conversation import Attachment


@dataclass(frozen=True)
class Capabilities:
    """The rules a channel imposes on what a store writes, read by the conversation rules."""

    max_length: int  # characters in one message body; longer input is refused, never cut
    reply_window: timedelta | None = None  # free-form replies only this long after the customer's last message
    tags: frozenset[str] = frozenset()  # tags that allow a message past the reply window
    templates: bool = False  # approved templates allow a message past the reply window
    read_receipts: bool = False  # the channel tells when the customer read a message
    max_attachments: int = 0  # attachments one message may carry (0: none)
    attachment_types: frozenset[str] | None = None  # content types it carries; None: any

    def accepts(self, attachments: list[Attachment]) -> bool:
        """Whether one message may carry these attachments."""
        if len(attachments) > self.max_attachments:
            return False
        allowed = self.attachment_types
        return allowed is None or all(a.content_type in allowed for a in attachments)


@dataclass(frozen=True)
class InboundMessage:
    """A customer's message as a channel received it."""

    channel: str
    provider_id: str  # the provider's own id, to store a repeated delivery once
    from_address: str  # the customer's phone number or platform id
    to_address: str  # the store's number or page the customer wrote to
    text: str
    attachments: list[Attachment] = field(default_factory=list)
    opt_out_type: str | None = None  # the provider's own reading of an opt-out keyword (STOP, START, HELP)
    kind: str | None = None  # "comment" for a public comment on a post; None for a direct message
    customer_name: str | None = None  # the name the platform gives with the message, when it gives one


@dataclass(frozen=True)
class DeliveryReport:
    """A provider's news about a message we sent, in the provider's own status words."""

    provider_id: str
    status: str
    error: str | None
    # Batched providers name the store's account and the customer, since no query of ours comes back with
    # the report; a read report may cover every message sent up to a time instead of one id.
    channel: str | None = None
    account: str | None = None
    customer: str | None = None
    up_to: datetime | None = None
