"""Statistics: a thread's facts, and a store's day as the update that adds to it and as the report reads it."""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any, cast

from pynamodb.expressions.operand import Path

from ...services.domain.reports import DayAggregate, assemble
from ...services.domain.stats import COUNTERS, DayDelta, Figures, ThreadFacts
from .. import keys
from ..items.stats import StoreDayItem, StoreTotalItem, ThreadFactsItem

_TIMES = ("customer_since", "started_at", "holder_since", "answered_at")
_DAYS = ("counted_day", "contact_day")
# A channel's figures in a day item are its attributes named "<channel>:<name>" (e.g. "sms:c_contacts",
# "sms:rt"): split, never copied. A name without a channel was written before the split: channel-less figures.
SPLIT = ":"
# The named counters of a channel's figures: attribute prefix -> the Figures mapping it fills.
_COUNTED = {"c_": "counters", "since_": "existing_since"}


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
    raw.setdefault("channel", "")  # facts kept before the split by channel: their conversation counts channel-less
    return ThreadFacts(**raw)


def _named(channel: str, name: str) -> str:
    return f"{channel}{SPLIT}{name}" if channel else name


def day_update(brand_id: str, delta: DayDelta) -> tuple[StoreDayItem, list[Any]]:
    """The day's item and the actions adding the delta to it (creating it on the day's first change)."""
    item = StoreDayItem(keys.stats_pk(brand_id, delta.store_id), keys.stats_day_sk(delta.day.isoformat()))
    actions: list[Any] = [StoreDayItem.store_id.set(delta.store_id), StoreDayItem.day.set(delta.day.isoformat())]
    for channel, part in delta.parts.items():
        actions += _part_update(channel, part)
    # A one-segment path: a name is never split on a dot.
    actions += [Path([f"handled_{agent_id}"]).add(n) for agent_id, n in delta.handled.items()]
    return item, actions


def _part_update(channel: str, part: Figures) -> list[Any]:
    """What one channel's figures add to the day: counters added, the active set grown, time lists appended."""
    actions: list[Any] = [Path([_named(channel, f"c_{counter}")]).add(n) for counter, n in part.counters.items() if n]
    actions += [Path([_named(channel, f"since_{since}")]).add(n) for since, n in part.existing_since.items()]
    if part.active:
        actions.append(Path([_named(channel, "active")]).add(set(part.active)))
    for listed, name in ((part.response_times, "rt"), (part.outbound_response_times, "ort")):
        if listed:
            path = Path([_named(channel, name)])
            actions.append(path.set((path | []).append([float(v) for v in listed])))
    return actions


def total_update(brand_id: str, store_id: str, new_threads: dict[str, int]) -> tuple[StoreTotalItem, list[Any]]:
    """The store's running total of threads, one counter per channel (`threads`: those counted before the split)."""
    return StoreTotalItem(keys.stats_pk(brand_id, store_id), keys.STATS_TOTAL_SK), [
        Path([_named(channel, "threads")]).add(n) for channel, n in new_threads.items() if n]


def is_total(raw: dict[str, Any]) -> bool:
    return bool(raw["sk"]["S"] == keys.STATS_TOTAL_SK)


def total_of(raw: dict[str, Any]) -> dict[str, int]:
    """The store's threads by channel ("": those counted before the split)."""
    totals: dict[str, int] = {}
    for name, value in raw.items():
        channel, _, rest = name.rpartition(SPLIT)
        if rest == "threads":
            totals[channel] = int(value["N"])
    return totals


def aggregate_of(store_id: str, raw: dict[str, Any]) -> DayAggregate:
    """A day as the report reads it. The raw item, because its named counters are not declared attributes."""
    item = StoreDayItem.from_raw_data(raw)
    parts: dict[str, Figures] = {}
    handled: dict[str, int] = {}
    earlier_channels: dict[str, int] = {}  # new inbound customers by channel, as kept before the split
    for name, value in raw.items():
        channel, _, rest = name.rpartition(SPLIT) if SPLIT in name else ("", "", name)
        if not channel and rest.startswith("handled_"):
            handled[rest[len("handled_"):]] = int(value["N"])
        elif not channel and rest.startswith("ch_"):
            earlier_channels[rest[len("ch_"):]] = int(value["N"])
        else:
            _read_figure(parts, channel, rest, value)
    return assemble(store_id, date.fromisoformat(item.day), parts, handled, earlier_channels)


def _read_figure(parts: dict[str, Figures], channel: str, name: str, value: dict[str, Any]) -> None:
    """One attribute of a channel's figures (or of the channel-less ones) into its place; others are not figures."""
    if name in ("rt", "ort", "active"):
        part = parts.setdefault(channel, Figures())
        if name == "active":
            part.active |= set(value.get("SS", ()))
        else:
            listed = part.response_times if name == "rt" else part.outbound_response_times
            listed += [float(v["N"]) for v in cast("list[dict[str, str]]", value.get("L", []))]
        return
    for prefix, field in _COUNTED.items():
        counter = name[len(prefix):]
        if name.startswith(prefix) and (prefix != "c_" or counter in COUNTERS):
            getattr(parts.setdefault(channel, Figures()), field)[counter] = int(value["N"])
            return
