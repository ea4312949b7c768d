"""DynamoDB stream records -> domain objects, so that stream handlers never read raw images."""
from __future__ import annotations

from typing import Any

from ..services.domain import Message
from . import convert
from .tables import Item, MessageItem


def message_in(new_image: dict[str, Any] | None) -> Message | None:
    """The message a record's new image holds, or None for any other kind of item."""
    if not new_image or new_image.get("kind", {}).get("S") != "message":
        return None
    item = Item.from_raw_data(new_image)
    return convert.message_of(item) if isinstance(item, MessageItem) else None
