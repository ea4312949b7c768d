"""What keeping customers' files needs: the platform's file, our storage, and the message to point at the copy."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..domain.conversation import Attachment, Message, Thread


@dataclass(frozen=True)
class File:
    data: bytes
    content_type: str | None = None


class MediaTooLarge(Exception):
    """The platform's file is over the size we keep: refused for good."""


class MediaUnavailable(Exception):
    """The platform no longer serves the file (expired, removed, refused): refused for good."""


class MediaSource(Protocol):
    """The platforms' files, read with what each needs (a WhatsApp media id takes the account's token)."""

    def fetch(self, channel: str, account: str, url: str, limit: int) -> File:
        """The file, at most `limit` bytes. MediaTooLarge or MediaUnavailable for good; any other error is a
        passing failure, retried by the stream."""


class MediaStore(Protocol):
    """Our copies (S3 on AWS, the data folder on the local stage)."""

    def put(self, key: str, file: File) -> None:
        """Writes the file under its key (writing it again is harmless)."""

    def open(self, key: str) -> File | str | None:
        """The file itself, or a short-lived link to it when the storage serves it; None when absent."""

    def delete(self, key: str) -> None:
        """Removes the file under its key for good; a key already gone is no error (an erasure may be retried)."""


class MessageFiles(Protocol):
    """The message side: its attachments replaced by our copies, without touching anything else."""

    def keep_attachments(self, message: Message, attachments: list[Attachment]) -> bool:
        """Sets the message's attachments; False when the message is no longer stored (erased meanwhile)."""


class CustomerPictures(Protocol):
    """Keeps the picture a platform shows of a customer, whose link expires."""

    def keep_picture(self, thread: Thread, account: str, url: str) -> str | None:
        """Copies the picture at `url` (read as the store's `account`) under the thread; its file id, or None when
        it could not be had (the customer then shows without one)."""
