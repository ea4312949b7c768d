"""What a channel allows and what it brings in, in the product's words: no provider's format here."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .conversation import Attachment, Template
from .errors import DomainError, InvalidInput


@dataclass(frozen=True)
class Capabilities:
    """The rules a channel imposes on what a store writes, read by the conversation rules."""

    max_length: int  # characters in one message body; longer input is refused, never cut
    reply_window: timedelta | None = None  # free-form replies only this long after the customer's last message
    tags: frozenset[str] = frozenset()  # tags that allow a message past the reply window
    templates: bool = False  # approved templates allow a message past the reply window
    read_receipts: bool = False  # the channel tells when the customer read a message
    profiles: bool = False  # the platform gives a customer's name on request
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
    post_id: str | None = None  # a comment: the post (or Instagram media) it is on
    permalink: str | None = None  # a comment: the post's address, when the platform gives it


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
    at: datetime | None = None  # when it happened, as the provider says (a read: when the customer read it)


# Meta's message tags that allow a Messenger or Instagram message past the reply window.
META_TAGS = frozenset({"ACCOUNT_UPDATE", "POST_PURCHASE_UPDATE", "CONFIRMED_EVENT_UPDATE"})

# What each platform allows, for the adapters of these channels to carry as their capabilities. Messenger and
# Instagram: Meta's 24 hours plus the human-agent tag make 7 days of free replies, then only a tagged message;
# WhatsApp: 24 hours after the customer's last message, then only an approved template.
CHANNEL_RULES: dict[str, Capabilities] = {
    "whatsapp": Capabilities(max_length=4096, reply_window=timedelta(hours=24), templates=True,
                             read_receipts=True, max_attachments=1),
    "messenger": Capabilities(max_length=2000, reply_window=timedelta(days=7), tags=META_TAGS,
                              read_receipts=True, profiles=True, max_attachments=1),
    "instagram": Capabilities(max_length=1000, reply_window=timedelta(days=7), tags=META_TAGS,
                              read_receipts=True, profiles=True, max_attachments=1),
}


class WindowClosed(DomainError):
    """A free-form message past the channel's reply window: only a tag or a template may go now, or, to a customer
    who commented, a public or private reply to the comment."""

    def __init__(self, detail: str, errors: dict[str, str], allowed_tags: list[str], template_required: bool,
                 comment_replies: bool = False) -> None:
        super().__init__(detail, errors)
        # What the client may offer instead, read from the problem's body.
        self.extensions = {"allowed_tags": allowed_tags, "template_required": template_required,
                           "comment_replies": comment_replies}


@dataclass(frozen=True)
class Inbound:
    """When the customer last wrote on a thread: a direct message opens the window to write freely (Meta opens
    it on nothing else); a comment only allows replies to it."""

    last_direct_at: datetime | None
    last_comment_at: datetime | None = None

    @property
    def commented(self) -> bool:
        return self.last_comment_at is not None


def window_end(capabilities: Capabilities, last_direct_at: datetime | None) -> datetime | None:
    """When free-form replies stop: the window after the customer's last direct message; None when the channel
    has no window, or when the customer never wrote directly (the window is closed then)."""
    if capabilities.reply_window is None or last_direct_at is None:
        return None
    return last_direct_at + capabilities.reply_window


def window_open(capabilities: Capabilities, last_direct_at: datetime | None, now: datetime) -> bool:
    """Whether a free-form message may go now."""
    if capabilities.reply_window is None:
        return True
    end = window_end(capabilities, last_direct_at)
    return end is not None and now < end


def usable_tags(capabilities: Capabilities, inbound: Inbound) -> list[str]:
    """The tags that may carry a message past the window: none to a customer who only commented (a tag goes to
    someone who once wrote to the store directly)."""
    if inbound.commented and inbound.last_direct_at is None:
        return []
    return sorted(capabilities.tags)


def check_window(channel: str, capabilities: Capabilities, inbound: Inbound, now: datetime,
                 tag: str | None, template: Template | None) -> None:
    """Refuses a tag or template the channel does not take, and a free-form message past its window."""
    if tag is not None and tag not in capabilities.tags:
        allowed = ", ".join(sorted(capabilities.tags))
        raise InvalidInput.field("tag", f"one of {allowed}" if allowed else f"{channel} takes no tag")
    if template is not None and not capabilities.templates:
        raise InvalidInput.field("template", f"{channel} takes no template")
    if template is not None or window_open(capabilities, inbound.last_direct_at, now):
        return
    if tag is not None and tag in usable_tags(capabilities, inbound):
        return
    raise _closed(channel, capabilities, inbound)


def _closed(channel: str, capabilities: Capabilities, inbound: Inbound) -> WindowClosed:
    window = _words(capabilities.reply_window or timedelta(0))
    tags = usable_tags(capabilities, inbound)
    if inbound.last_direct_at is not None:
        since = "since the customer's last direct message"
    elif inbound.commented:
        since = "the customer has only commented, and a comment opens no window"
    else:
        since = "and the customer has not written yet"
    head = f"the {window} window to write freely on {channel} is over ({since})"
    ways: list[str] = []
    errors: dict[str, str] = {}
    if tags:
        ways.append(f"send with a tag, one of {', '.join(tags)}")
        errors["tag"] = f"required past the {window} window: one of {', '.join(tags)}"
    if capabilities.templates:
        ways.append("send an approved template")
        errors["template"] = f"required past the {window} window: an approved template (name, language)"
    if inbound.commented:
        ways.append("reply to a comment publicly (reply_to), or privately (reply_to with private: true, once per "
                    "comment within 7 days of it)")
        errors["reply_to"] = "a comment to answer, publicly or privately"
    detail = f"{head}: {'; or '.join(ways)}" if ways else head
    return WindowClosed(detail, errors, tags, capabilities.templates, inbound.commented)


def _words(window: timedelta) -> str:
    """'24-hour' or '7-day', as people say a window's length."""
    hours = int(window.total_seconds() // 3600)
    return f"{hours // 24}-day" if hours % 24 == 0 and hours > 24 else f"{hours}-hour"
