"""Item declaration of the SMS opt-out register. Keys: keys.py."""
from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, UnicodeAttribute

from ..tables import Item


class OptOutItem(Item, discriminator="optout"):
    """A customer number's consent to one store number's messages; the number is held only as its hash."""

    brand_id = UnicodeAttribute()
    store_number = UnicodeAttribute()
    customer_hash = UnicodeAttribute()
    opted_out = BooleanAttribute()
    changed_at = UnicodeAttribute()  # ISO time of the change: an older change never overwrites a newer one
    reason = UnicodeAttribute()
