"""DynamoDB stream records -> domain objects, so that stream consumers never read raw images."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..services.domain import CustomerProfile, Message, Thread, Timer
from .customers import customer_in
from .items.threads import MessageItem, ThreadItem, TimerItem
from .tables import Item
from .translate.threads import message_of, thread_of
from .translate.timers import timer_of


@dataclass(frozen=True)
class StreamChange:
    """One stream record, translated: each field is None when the record holds no such thing."""
    event_name: str  # INSERT, MODIFY or REMOVE
    sequence_number: str
    event_id: str
    message: Message | None  # the message the new image holds
    timer_fired: Timer | None  # a timer the sweep claimed (its deletion)
    thread_before: Thread | None
    thread_after: Thread | None
    customer_before: CustomerProfile | None
    customer_after: CustomerProfile | None
    # The write applied the message to its thread: `applied` is set and was not before (with the thread's write).
    message_applied: bool = False


def decode(record: Mapping[str, Any]) -> StreamChange:
    """A record of a Lambda DynamoDB stream event (its JSON, as Lambda delivers it) as domain objects."""
    data = record.get("dynamodb") or {}
    event_name = str(record.get("eventName", ""))
    old, new = data.get("OldImage"), data.get("NewImage")
    return StreamChange(
        event_name=event_name, sequence_number=str(data.get("SequenceNumber", "")),
        event_id=str(record.get("eventID", "")),
        message=_message_in(new), timer_fired=_timer_fired(event_name, old),
        thread_before=_thread_in(old), thread_after=_thread_in(new),
        customer_before=customer_in(old), customer_after=customer_in(new),
        message_applied=_applied(new) and not _applied(old),
    )


def _applied(image: dict[str, Any] | None) -> bool:
    if not image or image.get("kind", {}).get("S") != "message":
        return False
    return image.get("applied", {}).get("BOOL") is True


def _message_in(new_image: dict[str, Any] | None) -> Message | None:
    if not new_image or new_image.get("kind", {}).get("S") != "message":
        return None
    item = Item.from_raw_data(new_image)
    return message_of(item) if isinstance(item, MessageItem) else None


def _timer_fired(event_name: str, old_image: dict[str, Any] | None) -> Timer | None:
    if event_name != "REMOVE" or not old_image or old_image.get("kind", {}).get("S") != "timer":
        return None
    item = Item.from_raw_data(old_image)
    return timer_of(item) if isinstance(item, TimerItem) else None


def _thread_in(image: dict[str, Any] | None) -> Thread | None:
    if not image or image.get("kind", {}).get("S") != "thread":
        return None
    item = Item.from_raw_data(image)
    return thread_of(item) if isinstance(item, ThreadItem) else None
