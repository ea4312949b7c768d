"""Statistics: a thread's facts, and a store's day as the update that adds to it and as the report reads it."""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any, cast

from pynamodb.expressions.operand import Path

from ...services.domain.reports import DayAggregate
from ...services.domain.stats import COUNTERS, DayDelta, ThreadFacts
from .. import keys
from ..items.stats import StoreDayItem, StoreTotalItem, ThreadFactsItem

_TIMES = ("customer_since", "started_at", "holder_since", "answered_at")
_DAYS = ("counted_day", "contact_day")
# The named counters of a day item: attribute prefix -> the DayAggregate mapping it fills.
_COUNTED = {"c_": "counters", "since_": "existing_since", "ch_": "channels", "handled_": "handled"}


def facts_item(brand_id: str, facts: ThreadFacts) -> ThreadFactsItem:
    raw = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in facts.__dict__.items()}
    return ThreadFactsItem(keys.thread_pk(brand_id, facts.thread_id), keys.FACTS_SK, brand_id=brand_id,
                           facts=json.dumps(raw), last_sequence=facts.last_sequence)


def facts_of(item: ThreadFactsItem) -> ThreadFacts:
    raw = json.loads(item.facts)
    for name in _TIMES:
        if raw.get(name):
            raw[name] = datetime.fromisoformat(raw[name])
    for name in _DAYS:
        if raw.get(name):
            raw[name] = date.fromisoformat(raw[name])
    return ThreadFacts(**raw)


def day_update(brand_id: str, delta: DayDelta) -> tuple[StoreDayItem, list[Any]]:
    """The day's item and the actions adding the delta to it (creating it on the day's first change)."""
    item = StoreDayItem(keys.stats_pk(brand_id, delta.store_id), keys.stats_day_sk(delta.day.isoformat()))
    actions: list[Any] = [StoreDayItem.store_id.set(delta.store_id), StoreDayItem.day.set(delta.day.isoformat())]
    # A one-segment path: a name is never split on a dot.
    actions += [Path([f"c_{counter}"]).add(n) for counter, n in delta.counters.items() if n]
    actions += [Path([f"since_{since}"]).add(n) for since, n in delta.existing_since.items()]
    actions += [Path([f"ch_{channel}"]).add(n) for channel, n in delta.channels.items()]
    actions += [Path([f"handled_{agent_id}"]).add(n) for agent_id, n in delta.handled.items()]
    if delta.active:
        actions.append(StoreDayItem.active.add(set(delta.active)))
    for listed, attribute in ((delta.response_times, StoreDayItem.rt), (delta.outbound_response_times,
                                                                         StoreDayItem.ort)):
        if listed:
            actions.append(attribute.set((attribute | []).append(list(listed))))
    return item, actions


def total_update(brand_id: str, store_id: str, new_threads: int) -> tuple[StoreTotalItem, list[Any]]:
    return StoreTotalItem(keys.stats_pk(brand_id, store_id), keys.STATS_TOTAL_SK), [
        StoreTotalItem.threads.add(new_threads)]


def is_total(raw: dict[str, Any]) -> bool:
    return bool(raw["sk"]["S"] == keys.STATS_TOTAL_SK)


def total_of(raw: dict[str, Any]) -> int:
    return int(StoreTotalItem.from_raw_data(raw).threads or 0)


def aggregate_of(store_id: str, raw: dict[str, Any]) -> DayAggregate:
    """A day as the report reads it. The raw item, because its named counters are not declared attributes."""
    item = StoreDayItem.from_raw_data(raw)
    day = DayAggregate(store_id=store_id, day=date.fromisoformat(item.day))
    for name, value in raw.items():
        for prefix, field in _COUNTED.items():
            counter = name[len(prefix):]
            if name.startswith(prefix) and (prefix != "c_" or counter in COUNTERS):
                getattr(day, field)[counter] = int(value["N"])
                break
    day.active = set(item.active or ())
    day.response_times = [float(v) for v in cast("list[float]", item.rt or [])]  # numbers, once deserialised
    day.outbound_response_times = [float(v) for v in cast("list[float]", item.ort or [])]
    return day
