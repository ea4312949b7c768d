"""How a review shows on its message and its thread (render.py adds these to what it writes)."""
from __future__ import annotations

from typing import Any

from ..services.domain import Message, Thread
from ..services.domain.reviews import answer_way
from ..services.ports.clock import iso


def review(m: Message) -> dict[str, Any] | None:
    """A review message's review: source, rating, type, category, author; None on any other message."""
    r = m.review
    if r is None:
        return None
    return {"source": r.source, "external_id": r.external_id, "rating": r.rating, "type": r.type,
            "category": r.category, "author_name": r.author_name, "author_phone": r.author_phone,
            "written_at": iso(r.written_at)}


def thread_review(t: Thread) -> dict[str, Any]:
    """On a review's thread: its rating, and how an answer goes (`sms` or `public`); nulls elsewhere."""
    return {"review_rating": t.review_rating, "answer_by": answer_way(t)}
