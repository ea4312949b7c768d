"""DynamoDB stream records -> domain objects, so that stream handlers never read raw images."""
from __future__ import annotations

from typing import Any

from ..services.domain import Message, Thread, Timer
from .items.threads import MessageItem, ThreadItem, TimerItem
from .tables import Item
from .translate.threads import message_of, thread_of
from .translate.timers import timer_of


def message_in(new_image: dict[str, Any] | None) -> Message | None:
    """The message a record's new image holds, or None for any other kind of item."""
    if not new_image or new_image.get("kind", {}).get("S") != "message":
        return None
    item = Item.from_raw_data(new_image)
    return message_of(item) if isinstance(item, MessageItem) else None


def timer_fired(event_name: str, old_image: dict[str, Any] | None) -> Timer | None:
    """A timer the sweep claimed (its deletion), or None for any other record."""
    if event_name != "REMOVE" or not old_image or old_image.get("kind", {}).get("S") != "timer":
        return None
    item = Item.from_raw_data(old_image)
    return timer_of(item) if isinstance(item, TimerItem) else None


def thread_in(image: dict[str, Any] | None) -> Thread | None:
    """The thread an image holds, or None for any other kind of item."""
    if not image or image.get("kind", {}).get("S") != "thread":
        return None
    item = Item.from_raw_data(image)
    return thread_of(item) if isinstance(item, ThreadItem) else None
