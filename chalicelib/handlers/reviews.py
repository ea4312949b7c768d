"""Reviews of a store, posted by the brand's integration with a brand admin's or the store's admin's token."""
from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint

from ..runtime import services
from ..services.domain.errors import InvalidInput
from ..services.ports.clock import parse_iso
from . import render
from .http import body, current_agent, json_response, route

if TYPE_CHECKING:  # loaded on first use: importing the app (a cold start) stays lean
    from ..services.usecases.conversations.reviews import ReviewIn
    from .schemas_reviews import ReviewPost

bp = Blueprint(__name__)


@route(bp, "/v1/stores/{store_id}/reviews", "POST",
       "Post a customer's review of the store: one thread per review, by source and id (brand admins and the "
       "store's admins)", body="ReviewPost", returns="Thread",
       responses={201: "the review's new thread", 200: "the thread of this review, posted before: nothing stored",
                  409: "this review (source and id) was posted for another store, or is being recorded"})
def post_review(store_id: str):  # type: ignore[no-untyped-def]
    agent, data = current_agent(bp), body(bp, "ReviewPost")
    thread, new = services().conversations.reviews.post(agent, store_id, _review(data))
    return json_response(render.thread(thread), status=201 if new else 200)


def _review(data: ReviewPost) -> ReviewIn:
    from ..services.usecases.conversations.reviews import ReviewIn

    try:
        written = parse_iso(data.created_at)
    except ValueError as error:
        raise InvalidInput.field("created_at", str(error)) from None
    author = data.author
    return ReviewIn(source=data.source, external_id=data.external_id, rating=data.rating, created_at=written,
                    text=data.text, category=data.category, author_name=author.name if author else None,
                    author_phone=author.phone if author else None)
