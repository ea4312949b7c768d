"""Public replies to customers' comments on the store's posts (Messenger pages and Instagram accounts)."""
from __future__ import annotations

from ...domain import Message, Template, Thread
from ...domain.errors import InvalidInput, NotFound
from ...ports.repositories import ThreadRepository

COMMENT_CHANNELS = ("messenger", "instagram")  # the channels whose posts customers comment on
PAGE_SIZE = 100
MAX_PAGES = 20  # a comment older than the thread's last 2,000 messages is not looked for


def comment_to_answer(threads: ThreadRepository, thread: Thread, reply_to: str, tag: str | None,
                      template: Template | None) -> Message:
    """The comment message of this thread that a public reply answers: 400 naming `reply_to` on a channel
    without comments, with a tag or template (they belong to private messages) or when the message is no
    comment; 404 naming `reply_to` when the thread has no such message."""
    if thread.channel not in COMMENT_CHANNELS:
        raise InvalidInput.field("reply_to", f"{thread.channel} threads have no comments to answer")
    if tag is not None or template is not None:
        raise InvalidInput.field("reply_to", "a public reply takes no tag or template")
    found = _find(threads, thread, reply_to)
    if found is None:
        raise NotFound("no such message on this thread", {"reply_to": "no such message on this thread"})
    if found.kind != "comment" or found.comment is None or found.direction != "in":
        raise InvalidInput.field("reply_to", "not a customer's comment")
    return found


def _find(threads: ThreadRepository, thread: Thread, message_id: str) -> Message | None:
    """The thread's message of that id, newest pages first (comments being answered are usually recent)."""
    cursor: str | None = None
    for _ in range(MAX_PAGES):
        page = threads.list_messages(thread.brand_id, thread.id, cursor, PAGE_SIZE)
        found = next((m for m in page.items if m.id == message_id), None)
        if found is not None or not page.next_cursor:
            return found
        cursor = page.next_cursor
    return None
