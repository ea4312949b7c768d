"""A review as its message item keeps it."""
from __future__ import annotations

from ...services.domain.reviews import Review
from ...services.ports.clock import iso, parse_iso


def review_json(review: Review | None) -> dict | None:
    """The review stored on its message."""
    if review is None:
        return None
    return {"source": review.source, "external_id": review.external_id, "rating": review.rating,
            "written_at": iso(review.written_at), "category": review.category,
            "author_name": review.author_name, "author_phone": review.author_phone}


def review_of(stored: dict | None) -> Review | None:
    if not stored:
        return None
    return Review(source=stored["source"], external_id=stored["external_id"], rating=int(stored["rating"]),
                  written_at=parse_iso(stored["written_at"]), category=stored.get("category"),
                  author_name=stored.get("author_name"), author_phone=stored.get("author_phone"))
