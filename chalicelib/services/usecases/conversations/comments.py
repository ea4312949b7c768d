"""Public replies to customers' comments on the store's posts (Messenger pages and Instagram accounts)."""
from __future__ import annotations

from datetime import datetime, timedelta

from ...domain import Message, Template, Thread
from ...domain.errors import Conflict, InvalidInput, NotFound
from ...ports.repositories import ThreadRepository

COMMENT_CHANNELS = ("messenger", "instagram")  # the channels whose posts customers comment on
PAGE_SIZE = 100
MAX_PAGES = 20  # a comment older than the thread's last 2,000 messages is not looked for
PRIVATE_REPLY_WINDOW = timedelta(days=7)  # Meta takes one private reply to a comment, within 7 days of it


def comment_to_answer(threads: ThreadRepository, thread: Thread, reply_to: str, tag: str | None,
                      template: Template | None, private: bool = False, now: datetime | None = None) -> Message:
    """The comment message of this thread that a reply answers: 400 naming `reply_to` on a channel without
    comments, with a tag or template (they belong to direct messages) or when the message is no comment; 404
    naming `reply_to` when the thread has no such message. A private reply (`private`) goes once per comment
    (409 naming `private` after that), within 7 days of the comment (400 naming `private` later)."""
    if thread.channel not in COMMENT_CHANNELS:
        raise InvalidInput.field("reply_to", f"{thread.channel} threads have no comments to answer")
    if tag is not None or template is not None:
        raise InvalidInput.field("reply_to", "a public reply takes no tag or template")
    found, later = _find(threads, thread, reply_to)
    if found is None:
        raise NotFound("no such message on this thread", {"reply_to": "no such message on this thread"})
    if found.kind != "comment" or found.comment is None or found.direction != "in":
        raise InvalidInput.field("reply_to", "not a customer's comment")
    if private and now is not None and now - found.created_at > PRIVATE_REPLY_WINDOW:
        raise InvalidInput.field("private", "a private reply goes within 7 days of the comment")
    if private and any(m.private and m.reply_to == reply_to and m.status != "failed" for m in later):
        raise Conflict("this comment already has its private reply", {"private": "one private reply per comment"})
    return found


def _find(threads: ThreadRepository, thread: Thread, message_id: str) -> tuple[Message | None, list[Message]]:
    """The thread's message of that id, and the messages after it; newest pages first (comments being answered
    are usually recent)."""
    cursor: str | None = None
    later: list[Message] = []
    for _ in range(MAX_PAGES):
        page = threads.list_messages(thread.brand_id, thread.id, cursor, PAGE_SIZE)
        for message in page.items:
            if message.id == message_id:
                return message, later
            later.append(message)
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    return None, later
