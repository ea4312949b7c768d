"""Keeping customers' files: copied from the platform after the message is on its thread, served to agents
who may read the thread."""
from __future__ import annotations

import logging
from dataclasses import replace

from ..domain import Agent, Attachment, Message, Thread
from ..domain.media import (
    KEPT,
    MAX_BYTES,
    PICTURE,
    PICTURE_MAX_BYTES,
    PICTURE_TYPES,
    TOO_LARGE,
    UNAVAILABLE,
    file_id,
    keepable,
    kept_keys,
    storage_key,
    to_keep,
)
from ..ports.media import File, MediaSource, MediaStore, MediaTooLarge, MediaUnavailable, MessageFiles
from .conversations.access import ThreadAccess

logger = logging.getLogger(__name__)


class KeepMedia:
    def __init__(self, source: MediaSource, store: MediaStore, files: MessageFiles, access: ThreadAccess) -> None:
        self.source = source
        self.store = store
        self.files = files
        self.access = access

    def keep(self, message: Message) -> None:
        """Copies the message's platform files and points it at the copies. Idempotent: a copy is written under
        a key of its own and kept files are left alone; a passing failure raises, for the stream to retry."""
        if not to_keep(message):
            return
        kept = [self._one(message, index, a) for index, a in enumerate(message.attachments)]
        if not self.files.keep_attachments(message, kept):
            # The customer was erased while we copied: nothing may keep their files, so the copies go too.
            for key in kept_keys(message.brand_id, message.thread_id, kept):
                self.store.delete(key)

    def _one(self, message: Message, index: int, attachment: Attachment) -> Attachment:
        if not keepable(message.channel, attachment):
            return attachment
        try:
            file = self.source.fetch(message.channel, message.store_address, attachment.url, MAX_BYTES)
        except MediaTooLarge:
            return replace(attachment, error=TOO_LARGE)
        except MediaUnavailable:
            return replace(attachment, error=UNAVAILABLE)
        if len(file.data) > MAX_BYTES:  # a source that did not hold to the limit
            return replace(attachment, error=TOO_LARGE)
        kept = file_id(message.id, index)
        content_type = file.content_type or attachment.content_type
        self.store.put(storage_key(message.brand_id, message.thread_id, kept), File(file.data, content_type))
        return Attachment(url=KEPT + kept, content_type=content_type, size=len(file.data))

    def open(self, agent: Agent, thread_id: str, file: str) -> File | str | None:
        """A kept file of a thread the agent may read (NotFound otherwise): its bytes or a short-lived link."""
        thread = self.access.visible_thread(agent, thread_id)
        return self.store.open(storage_key(thread.brand_id, thread.id, file))

    def keep_picture(self, thread: Thread, account: str, url: str) -> str | None:
        """Copies the customer's picture under their thread; its file id, or None when the platform does not give
        an image. Any failure leaves the customer without a picture: it never holds up their message or name."""
        try:
            file = self.source.fetch(thread.channel, account, url, PICTURE_MAX_BYTES)
            if len(file.data) > PICTURE_MAX_BYTES or file.content_type not in PICTURE_TYPES:
                return None
            self.store.put(storage_key(thread.brand_id, thread.id, PICTURE), file)
        except Exception as failed:  # noqa: BLE001 - a picture is a nicety: no failure of it may stop the stream
            logger.warning("customer picture not kept", extra={"channel": thread.channel, "error": str(failed)})
            return None
        return PICTURE

    def open_picture(self, agent: Agent, thread_id: str) -> File | str | None:
        """The customer's kept picture on a thread the agent may read (NotFound otherwise); None without one."""
        thread = self.access.visible_thread(agent, thread_id)
        if not thread.customer.picture:
            return None
        return self.store.open(storage_key(thread.brand_id, thread.id, thread.customer.picture))
