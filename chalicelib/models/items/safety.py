"""Item declarations of account safety: the audit trail and e-mail change links. Keys: keys.py."""
from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute

from ..tables import Item


class AuditItem(Item, discriminator="audit"):
    """One entry of a brand's audit trail; `details` is JSON text (any shape, an empty map kept as such)."""

    brand_id = UnicodeAttribute()
    entry_id = UnicodeAttribute()
    at = UnicodeAttribute()
    action = UnicodeAttribute()
    target_kind = UnicodeAttribute()
    target_id = UnicodeAttribute()
    actor_id = UnicodeAttribute(null=True)
    actor_email = UnicodeAttribute(null=True)
    details = UnicodeAttribute(default="{}")


class EmailChangeItem(Item, discriminator="email_change"):
    """An e-mail change link: only the token's hash is in the key; the table's TTL removes it after it expired."""

    brand_id = UnicodeAttribute()
    agent_id = UnicodeAttribute()
    new_email = UnicodeAttribute()
    created_at = UnicodeAttribute()
    valid_until = UnicodeAttribute()
    used_at = UnicodeAttribute(null=True)
