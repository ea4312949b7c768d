"""Greetings and closed-hours notices: at most one automatic reply to one customer message, never an answer."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from . import Message, Store, Thread
from .hours import OpeningHours
from .ivr import IVR, ivr_text


def opening_hours(store: Store) -> OpeningHours:
    """The store's opening hours: the week minus its closing ranges, in its time zone."""
    return OpeningHours.from_raw(store.auto_messages.closed_hours, store.timezone)


def automatic_reply(thread: Thread, message: Message, store: Store) -> tuple[Thread, Message | None]:
    """The automatic message a customer's message calls for, if any, and the thread that remembers it.

    Closed hours win over the greeting: one customer message never gets two automatic replies.
    The closed message goes once per closed period; the greeting once per its resend period. A phone call
    (origin "ivr") gets the store's IVR greeting instead of the channel's.
    """
    at = message.created_at
    settings = store.auto_messages
    if settings.closed_text and settings.closed_hours:
        period = opening_hours(store).closed_period(at)
        if period is not None:
            if thread.closed_notice_for == period[0]:
                return thread, None
            return replace(thread, closed_notice_for=period[0]), _auto(message, store, "x", settings.closed_text)
    if message.origin == IVR:
        # The caller was just told a text is on its way: a call always gets one, whatever the resend period.
        return replace(thread, greeted_at=at), _auto(message, store, "g", ivr_text(store))
    greeting = settings.greetings.get(message.channel)
    if greeting and greeting.text:
        window = timedelta(hours=greeting.resend_after_hours)
        if thread.greeted_at is not None and window and at - thread.greeted_at < window:
            return thread, None
        return replace(thread, greeted_at=at), _auto(message, store, "g", greeting.text)
    return thread, None


def _auto(message: Message, store: Store, suffix: str, text: str) -> Message:
    """An outgoing automatic message; its id follows from the customer's, so a retry cannot send it twice."""
    return Message(
        brand_id=message.brand_id, thread_id=message.thread_id, id=f"{message.id}{suffix}", direction="out",
        author="auto", text=text, created_at=message.created_at, channel=message.channel, store_id=store.id,
        customer_address=message.customer_address, store_address=store.phone_number or message.store_address,
        status="queued",
        conversation_id=message.conversation_id, contact_id=message.contact_id,
    )
