"""Reviews of a store arrive from the brand's integration: each is stored as a customer's message, then put on a
thread of its own, at once so the integration gets the thread back (the stream applying it again changes nothing)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ...domain import Agent, Message, Store, Thread
from ...domain.errors import Conflict, Forbidden, NotFound
from ...domain.phone import region_of, to_e164
from ...domain.reviews import REVIEW, Review, review_key
from ...ports.clock import Clock
from ...ports.repositories import Directory, IdGenerator, ThreadRepository
from .common import thread_id_for
from .receive import Receive


@dataclass(frozen=True)
class ReviewIn:
    """A review as the integration posts it."""

    source: str
    external_id: str
    rating: int
    created_at: datetime
    text: str = ""
    category: str | None = None
    author_name: str | None = None
    author_phone: str | None = None


class ReviewIntake:
    def __init__(self, threads: ThreadRepository, directory: Directory, ids: IdGenerator, clock: Clock,
                 receive: Receive) -> None:
        self.threads = threads
        self.directory = directory
        self.ids = ids
        self.clock = clock
        self.receive = receive

    def post(self, agent: Agent, store_id: str, posted: ReviewIn) -> tuple[Thread, bool]:
        """The review's thread, and whether it is new: a review already posted (same source and id) answers its
        thread as it is, nothing stored again. 404 for a store the caller does not see, 403 unless the caller
        administers the store (a brand admin, or an admin of that store: who sets up an integration)."""
        store = self.directory.get_store(agent.brand_id, store_id)
        if store is None or not agent.can_see(store_id):
            raise NotFound("no such store")
        if not agent.is_store_admin(store_id):
            raise Forbidden("only a brand admin or an admin of the store posts its reviews")
        thread_id = thread_id_for(agent.brand_id, REVIEW, review_key(posted.source, posted.external_id))
        existing = self._existing(agent, thread_id)
        if existing is not None:
            return existing, False
        message = self._message(agent, store, thread_id, posted)
        if not self.threads.record_inbound(message, f"{REVIEW}:{review_key(posted.source, posted.external_id)}"):
            # Posted at the same moment by another request: its thread, once that request has made it.
            existing = self._existing(agent, thread_id)
            if existing is None:
                raise Conflict("this review is being recorded; post it again to get its thread",
                               {"external_id": "being recorded"})
            return existing, False
        self.receive.apply_inbound(message)
        thread = self.threads.get(agent.brand_id, thread_id)
        if thread is None:  # written a moment ago: only a store that lost it could get here
            raise Conflict("the review's thread could not be read back", {"external_id": "try again"})
        return thread, True

    def _existing(self, agent: Agent, thread_id: str) -> Thread | None:
        """The thread of a review posted before; 409 when it belongs to a store the caller cannot see (the same
        review posted for two stores)."""
        thread = self.threads.get(agent.brand_id, thread_id)
        if thread is not None and not agent.can_see(thread.store_id):
            raise Conflict("this review was posted for another store",
                           {"external_id": "already posted for another store"})
        return thread

    def _message(self, agent: Agent, store: Store, thread_id: str, posted: ReviewIn) -> Message:
        """The review as a customer's message on its own thread: the author's number (when given) names the
        customer, so a known customer's profile shows beside the review."""
        phone = to_e164(posted.author_phone, "author.phone", region_of(store.timezone, store.phone_number)) \
            if posted.author_phone else None
        review = Review(source=posted.source, external_id=posted.external_id, rating=posted.rating,
                        written_at=posted.created_at, category=posted.category, author_name=posted.author_name,
                        author_phone=phone)
        return Message(
            brand_id=agent.brand_id, thread_id=thread_id, id=self.ids.new_id("m"), direction="in",
            author="customer", text=posted.text, created_at=self.clock.now(), channel=REVIEW, store_id=store.id,
            customer_address=phone or review_key(posted.source, posted.external_id),
            store_address=store.phone_number or "", status="received", kind=REVIEW, review=review,
            customer_name=(posted.author_name or "").strip()[:200] or None,
        )
