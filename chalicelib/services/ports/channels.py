"""The channel port: every provider (SMS, Messenger, WhatsApp, widget...) behind one shape, found by name.

A channel verifies and reads its provider's webhooks and sends what stores write. Adding a channel is
writing one adapter and registering it; the use cases only ask the registry for the thread's channel.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from ..domain.channel_accounts import ChannelAccount
from ..domain.channels import Capabilities, DeliveryReport, InboundMessage
from ..domain.conversation import Template
from ..domain.errors import NotFound


@dataclass(frozen=True)
class WebhookRequest:
    """A provider's call as it reached us, without the web framework: enough to check any provider's signature."""

    url: str  # the public URL the provider called, query included
    headers: Mapping[str, str] = field(default_factory=dict)  # names in lower case
    params: Mapping[str, str] = field(default_factory=dict)  # form fields of the body
    query: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""  # the raw body, for providers that sign it byte for byte

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass(frozen=True)
class Outgoing:
    """One message a store sends a customer."""

    to: str  # the customer's address on the channel
    sender: str  # the store's address on the channel
    text: str
    media_urls: tuple[str, ...] = ()
    media_types: tuple[str | None, ...] = ()  # each attachment's content type, in the order of media_urls
    status_callback: str | None = None  # where the provider reports delivery, when it asks per message
    tag: str | None = None  # the platform's message tag, past the reply window (Messenger, Instagram)
    template: Template | None = None  # the approved template to send instead of free text (WhatsApp)
    reply_to_comment: str | None = None  # a reply to a comment: the platform's id of the comment it answers
    private_reply: bool = False  # that reply goes to the commenter as a direct message, not under the comment


@dataclass(frozen=True)
class ReadSignal:
    """The store read a customer's message: the platform may show the customer it was seen."""

    customer: str  # the customer's address on the channel
    sender: str  # the store's address the customer wrote to
    provider_id: str | None  # the provider's id of the customer's last message, when the platform needs it


@dataclass(frozen=True)
class PlatformProfile:
    """What a platform says of a customer: the name it shows, and the picture's URL when it gives one."""

    name: str | None
    picture_url: str | None = None


class Channel(Protocol):
    """One provider's adapter: inbound webhooks in, messages out, and the rules it imposes."""

    name: str  # the channel's name on threads and messages ("sms", "messenger"...)
    capabilities: Capabilities
    status_path: str | None  # our path where the provider reports delivery; None when it has none

    def verify(self, request: WebhookRequest) -> None:
        """Raises InvalidSignature unless the provider signed exactly this request."""

    def parse(self, request: WebhookRequest) -> InboundMessage:
        """A verified inbound webhook as a customer's message; InvalidInput when a field is missing."""

    def parse_status(self, request: WebhookRequest) -> DeliveryReport:
        """A verified delivery webhook as a report on a message we sent."""

    def send(self, message: Outgoing) -> str:
        """Sends and returns the provider's message id.

        Raises DeliveryFailed when the provider refuses for good, DeliveryDeferred when a retry may succeed.
        """

    def customer_profile(self, customer: str, sender: str) -> PlatformProfile | None:
        """The customer's name as the platform shows it to the store's account, where it tells; else None.

        Raises DeliveryFailed or DeliveryDeferred when the platform refuses or does not answer.
        """

    def mark_read(self, signal: ReadSignal) -> None:
        """Tells the platform the store read the customer's messages; nothing on a channel without receipts.

        Raises DeliveryFailed when the provider refuses for good, DeliveryDeferred when a retry may succeed.
        """


Event = InboundMessage | DeliveryReport


class AccountLookup(Protocol):
    """The stores' connected platform accounts, as webhooks and senders need them."""

    def find(self, kind: str, external_id: str) -> ChannelAccount | None:
        """The account of that kind and platform id; None when no store connected it."""

    def token_for(self, account: ChannelAccount) -> str:
        """The account's access token (a secret: never logged)."""

    def mark_needs_reconnect(self, account: ChannelAccount) -> None:
        """The platform refused the token: an admin must connect the account again."""


class BatchWebhook(Protocol):
    """A provider that posts many events of several channels in one signed request (Meta)."""

    def verify(self, request: WebhookRequest) -> None:
        """Raises InvalidSignature unless the provider signed exactly this body."""

    def parse_batch(self, request: WebhookRequest) -> list[Event]:
        """Every message and report of a verified request, in order; what it cannot read is left out."""

    def challenge(self, mode: str | None, token: str | None, challenge: str | None) -> str | None:
        """The provider's subscription check: the challenge to echo when the token is ours, else None."""

    def signed_request(self, url: str, payload: dict[str, object]) -> WebhookRequest:
        """The request the provider would send with this payload, signed (the local stage's twin sends it)."""


class Channels:
    """The channels the product answers on, by name, and the webhooks that carry several of them."""

    def __init__(self, channels: Iterable[Channel], webhooks: Mapping[str, BatchWebhook] | None = None) -> None:
        self._by_name = {channel.name: channel for channel in channels}
        self._webhooks = dict(webhooks or {})
        self.accounts: AccountLookup | None = None  # the stores' platform accounts, once wired

    def webhook(self, name: str) -> BatchWebhook:
        """The batched webhook of that name; NotFound when there is none."""
        found = self._webhooks.get(name)
        if found is None:
            raise NotFound(f"no webhook {name}")
        return found

    def get(self, name: str) -> Channel:
        """The channel of that name; NotFound when the product does not answer on it."""
        channel = self._by_name.get(name)
        if channel is None:
            raise NotFound(f"no channel {name}")
        return channel

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._by_name)
