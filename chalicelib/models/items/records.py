"""Item declarations of the brand's records: canned responses, search postings, customers. Keys: keys.py."""
from __future__ import annotations

from pynamodb.attributes import (
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
)

from ..tables import Item


class CannedItem(Item, discriminator="canned"):
    """A canned response, in its library's partition, sorted by its normalised title."""

    brand_id = UnicodeAttribute()
    canned_id = UnicodeAttribute()
    title = UnicodeAttribute()
    text = UnicodeAttribute()
    scope = UnicodeAttribute()
    owner_agent_id = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    version = NumberAttribute(default=1)


class CannedIdItem(Item, discriminator="canned_id"):
    """Where a canned response's entry is now (its sort key moves with its title); guards every change."""

    brand_id = UnicodeAttribute()
    canned_id = UnicodeAttribute()
    entry_sk = UnicodeAttribute()
    version = NumberAttribute(default=1)


class WordItem(Item, discriminator="word"):
    """A word of a message, for search: the message's other words filter a query of several words."""

    brand_id = UnicodeAttribute()
    thread_id = UnicodeAttribute()
    message_id = UnicodeAttribute()
    store_id = UnicodeAttribute()
    created_at = UnicodeAttribute()
    words = UnicodeSetAttribute()
    excerpt = UnicodeAttribute(default="")


class NameItem(Item, discriminator="name_word"):
    """A word of a customer's name, for search."""

    brand_id = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    phone = UnicodeAttribute(null=True)
    words = UnicodeSetAttribute()


class CustomerItem(Item, discriminator="customer"):
    """What a brand's head office says of a customer."""

    brand_id = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    phone = UnicodeAttribute(null=True)
    name = UnicodeAttribute(null=True)
    customer_attributes: MapAttribute = MapAttribute(default=dict, attr_name="attributes")  # name -> text, as given
    updated_at = UnicodeAttribute(null=True)


class CustomerThreadItem(Item, discriminator="customer_thread"):
    """One thread of a customer, beside the customer record; kept from the stream."""

    brand_id = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    thread_id = UnicodeAttribute()
    store_id = UnicodeAttribute(null=True)
    channel = UnicodeAttribute(null=True)
    store_number = UnicodeAttribute(null=True)
