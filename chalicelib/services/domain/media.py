"""Files customers send: which we keep a copy of, where the copy lives, and the size we accept.

Platform links expire (Messenger's CDN links, WhatsApp's media ids), so an inbound file is copied to our own
storage once its message is on its thread, and the message then points at the copy.
"""
from __future__ import annotations

from .conversation import Attachment, Message

KEPT = "kept:"  # an attachment's url once copied: the file's id under its thread
WHATSAPP_MEDIA = "meta-media:"  # a WhatsApp Cloud media id, read with the account's token
MAX_BYTES = 25 * 1024 * 1024  # larger files are refused and marked, not copied
TOO_LARGE = "too_large"
UNAVAILABLE = "unavailable"  # the platform no longer serves it (expired, removed)
KEPT_CHANNELS = frozenset({"messenger", "instagram", "whatsapp"})
PICTURE = "picture"  # the customer's picture, kept under their thread beside their files
PICTURE_MAX_BYTES = 2 * 1024 * 1024  # a profile picture is small: anything larger is not one
PICTURE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})  # what browsers show as pictures


def kept_file(attachment: Attachment) -> str | None:
    """The id of our copy, or None while the attachment still points at the platform."""
    return attachment.url.removeprefix(KEPT) if attachment.url.startswith(KEPT) else None


def file_id(message_id: str, index: int) -> str:
    return f"{message_id}-{index}"


def storage_key(brand_id: str, thread_id: str, file: str) -> str:
    """Where a kept file lives: under its brand and thread, so a link names nothing beyond its thread."""
    return f"{brand_id}/{thread_id}/{file}"


def kept_keys(brand_id: str, thread_id: str, attachments: list[Attachment]) -> list[str]:
    """Where the copies these attachments point at live (those still at the platform have none)."""
    return [storage_key(brand_id, thread_id, f) for f in (kept_file(a) for a in attachments) if f is not None]


def keepable(channel: str, attachment: Attachment) -> bool:
    """Whether this attachment is a platform reference still to copy (Meta's channels; WhatsApp through Twilio
    keeps Twilio's links, which need the account's credentials)."""
    if channel not in KEPT_CHANNELS or attachment.error or kept_file(attachment):
        return False
    if channel == "whatsapp":
        return attachment.url.startswith(WHATSAPP_MEDIA)
    return attachment.url.startswith("https://")


def to_keep(message: Message) -> bool:
    """A customer's message on its thread with a file still at the platform."""
    return (message.direction == "in" and message.applied
            and any(keepable(message.channel, a) for a in message.attachments))
