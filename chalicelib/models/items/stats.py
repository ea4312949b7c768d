"""Item declarations of the statistics: each thread's facts beside it, and a store's days and total of threads.

These items carry no `kind`: they were first written without one, and a query of a discriminated model
filters on its kinds, which would hide them. So they are a model of their own on the same table (the
same Meta), never read through `Item`. Keys come from keys.py.
"""
from __future__ import annotations

from pynamodb.attributes import ListAttribute, NumberAttribute, UnicodeAttribute, UnicodeSetAttribute
from pynamodb.models import Model

from ..tables import Item


class StatsItem(Model):
    Meta = Item.Meta  # type: ignore[assignment]  # the same table and endpoint, configured together

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)


class ThreadFactsItem(StatsItem):
    """What the statistics know of a thread so far, and the stream sequence they were folded up to."""

    brand_id = UnicodeAttribute()
    facts = UnicodeAttribute()  # JSON of services.domain.stats.ThreadFacts
    last_sequence = NumberAttribute(default=0)


class StoreDayItem(StatsItem):
    """A store's day. Besides these, counters named after what they count (`c_<counter>`, `ch_<channel>`,
    `since_<day>`, `handled_<agent>`) are top-level numbers: DynamoDB ADDs only to top-level attributes, and
    one update must add to any of them, so their names are known only when written (see translate/stats.py).
    """

    store_id = UnicodeAttribute()
    day = UnicodeAttribute()
    active = UnicodeSetAttribute(null=True)
    rt = ListAttribute(of=NumberAttribute, null=True)  # response times, seconds
    ort = ListAttribute(of=NumberAttribute, null=True)  # outbound response times, seconds


class StoreTotalItem(StatsItem):
    """The store's running total of threads."""

    threads = NumberAttribute(default=0)
