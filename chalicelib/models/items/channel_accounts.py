"""Item declarations of the stores' platform accounts and of their lookup by external id. Keys: keys_channels.py."""
from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute

from ..tables import Item


class ChannelAccountItem(Item, discriminator="channel_account"):
    """One account connected to one store; the access token is never here (see adapters/channel_tokens.py)."""

    brand_id = UnicodeAttribute()
    account_id = UnicodeAttribute()
    store_id = UnicodeAttribute()
    channel_kind = UnicodeAttribute()  # "kind" is the table's discriminator
    external_id = UnicodeAttribute()
    name = UnicodeAttribute()
    status = UnicodeAttribute()
    receive_comments = BooleanAttribute(default=False)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    # The import of the platform's history: its status, counts, the reason of a failure, the page to read next.
    history_status = UnicodeAttribute(null=True)
    history_threads = NumberAttribute(null=True)
    history_messages = NumberAttribute(null=True)
    history_reason = UnicodeAttribute(null=True)
    history_cursor = UnicodeAttribute(null=True)
    history_at = UnicodeAttribute(null=True)


class ChannelLookupItem(Item, discriminator="channel_lookup"):
    """Which brand's account a platform's external id is: ids only."""

    brand_id = UnicodeAttribute()
    account_id = UnicodeAttribute()
    store_id = UnicodeAttribute()
