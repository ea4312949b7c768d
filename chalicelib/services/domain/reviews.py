"""Customers' reviews of a store, posted by the brand's integration: each review is a thread of its own.

A review carries a rating from 1 to 5; a low one is strong dissatisfaction and raises the thread's alert. The
agent answers by SMS from the store's number when the author's number is known, otherwise by a public reply kept
on the thread for the review's source.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .conversation import Message, Thread

REVIEW = "review"  # the channel of a review's thread, and the kind of the review's message
PUBLIC_REPLY = "review_reply"  # an agent's public answer, kept for the source (no source takes it yet)
SMS_REPLY = "review_sms"  # an agent's answer sent by SMS to the author's number
ALERT_AT_MOST = 2  # a rating this low is strong dissatisfaction
ALERT_REASON = "review rated {rating} out of 5"
PUBLIC_REPLY_MAX = 4000  # characters: what the review platforms take in an owner's answer
ReviewType = Literal["negative", "neutral", "positive"]
AnswerWay = Literal["sms", "public"]


@dataclass(frozen=True)
class Review:
    """What a review says beyond its text: where it comes from, its rating, its category and author."""

    source: str  # the platform or survey it was left on (google, trustpilot, survey...)
    external_id: str  # the source's id of the review: one review per source and id
    rating: int  # 1 to 5
    written_at: datetime  # when the customer wrote it, as the source says
    category: str | None = None  # what it is about, in the brand's words (reception, product, delivery...)
    author_name: str | None = None
    author_phone: str | None = None  # E.164, when the source knows it

    @property
    def type(self) -> ReviewType:
        """The review's type, from its rating: shown as an icon beside the category."""
        return review_type(self.rating)


def review_type(rating: int) -> ReviewType:
    """Negative (an alert) at 2 or less, neutral at 3, positive above."""
    if rating <= ALERT_AT_MOST:
        return "negative"
    return "neutral" if rating == 3 else "positive"


def review_key(source: str, external_id: str) -> str:
    """The identity of a review, unique in a brand: its source and the source's id."""
    return f"{source}:{external_id}"


def alert_reason(message: Message) -> str | None:
    """Why a review's message raises the alert: a rating of 2 or less; None for any other message."""
    review = message.review
    if message.kind != REVIEW or review is None or review.rating > ALERT_AT_MOST:
        return None
    return ALERT_REASON.format(rating=review.rating)


def customer_phone(message: Message) -> str | None:
    """The number a customer's first message gives their thread: a review's author's, when known."""
    if message.kind == REVIEW:
        return message.review.author_phone if message.review else None
    return message.customer_address


def answer_way(thread: Thread) -> AnswerWay | None:
    """How an agent's answer to a review goes: by SMS to a known number, else publicly; None off reviews."""
    if thread.channel != REVIEW:
        return None
    return "sms" if thread.customer.phone else "public"
