"""Keeping customers' files: copied from the platform after the message is on its thread, served to agents
who may read the thread."""
from __future__ import annotations

from dataclasses import replace

from ..domain import Agent, Attachment, Message
from ..domain.media import (
    KEPT,
    MAX_BYTES,
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
