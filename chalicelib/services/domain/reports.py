"""Statistics reports: indicators of a set of stores over a period, from per-day aggregates."""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .errors import InvalidInput
from .stats import Figures

INDICATORS = (
    "conversations", "started_previously", "new_inbound_conversations", "existing_customers", "response_rate",
    "response_time_seconds", "new_outbound_conversations", "outbound_customer_response_rate",
    "outbound_customer_response_time_seconds", "contacts", "connected_customers", "new_inbound_customers",
    "new_outbound_customers", "reviews", "average_rating", "reviews_answered_rate",
)
# New inbound customers split by channel: the guide's names for where a new customer came from.
CHANNEL_GROUPS = {"ivr": "phone_ivr", "sms": "direct_sms", "widget": "widget", "sdk": "app_sdk", "review": "review",
                  "messenger": "messenger", "instagram": "instagram", "whatsapp": "whatsapp"}
# The channels a report can be restricted to: a thread's channel, or "ivr" for a thread begun by a phone call.
STATS_CHANNELS = ("sms", "whatsapp", "messenger", "instagram", "review", "widget", "sdk", "ivr")
LOWER_IS_BETTER = {"response_time_seconds", "outbound_customer_response_time_seconds"}


@dataclass
class DayAggregate:
    store_id: str
    day: date
    counters: dict[str, int] = field(default_factory=dict)
    response_times: list[float] = field(default_factory=list)
    outbound_response_times: list[float] = field(default_factory=list)
    active: set[str] = field(default_factory=set)
    existing_since: dict[str, int] = field(default_factory=dict)
    channels: dict[str, int] = field(default_factory=dict)
    handled: dict[str, int] = field(default_factory=dict)
    # The figures above by channel; "" holds what was kept before the split (counted in the totals only).
    parts: dict[str, Figures] = field(default_factory=dict)


def assemble(store_id: str, day: date, parts: dict[str, Figures], handled: dict[str, int],
             earlier_channels: dict[str, int], channels: frozenset[str] | None = None) -> DayAggregate:
    """A store's day from its channels' figures: their sums (only the given channels' when `channels` is set).

    `earlier_channels`: new inbound customers by channel as kept before the split, part of the all-channel day.
    """
    chosen = {c: p for c, p in parts.items() if channels is None or c in channels}
    aggregate = DayAggregate(store_id=store_id, day=day, handled=dict(handled) if channels is None else {},
                             parts=chosen)
    if channels is None:
        aggregate.channels = dict(earlier_channels)
    for channel, part in chosen.items():
        for name, n in part.counters.items():
            aggregate.counters[name] = aggregate.counters.get(name, 0) + n
        for since, n in part.existing_since.items():
            aggregate.existing_since[since] = aggregate.existing_since.get(since, 0) + n
        aggregate.response_times += part.response_times
        aggregate.outbound_response_times += part.outbound_response_times
        aggregate.active |= part.active
        if channel and part.counters.get("new_inbound_customers"):
            aggregate.channels[channel] = aggregate.channels.get(channel, 0) + part.counters["new_inbound_customers"]
    return aggregate


def only(days: list[DayAggregate], channels: frozenset[str] | None) -> list[DayAggregate]:
    """The days as the conversations of these channels alone made them; all of them without a choice."""
    if channels is None:
        return days
    return [assemble(d.store_id, d.day, d.parts, {}, {}, channels) for d in days]


def parse_channels(raw: str | None) -> frozenset[str] | None:
    """The channels of a `channels=sms,messenger` choice; None (every channel) when absent or empty."""
    if not raw:
        return None
    unknown = [c for c in raw.split(",") if c not in STATS_CHANNELS]
    if unknown:
        raise InvalidInput.field("channels", f"'{unknown[0]}' is not one of {', '.join(STATS_CHANNELS)}, "
                                             "separated by commas")
    return frozenset(raw.split(","))


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length just before (I: each indicator with its variation)."""
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def tukey(values: list[float]) -> tuple[list[float], int]:
    """Values inside Tukey's fences (with at least 4 values), and how many were left out: outliers skew no mean."""
    if len(values) < 4:
        return list(values), 0
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    low, high = q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)
    kept = [v for v in values if low <= v <= high]
    return kept, len(values) - len(kept)


def duration(values: list[float]) -> dict[str, Any]:
    kept, excluded = tukey(values)
    if not kept:
        return {"value": None, "median": None, "excluded": excluded, "count": 0}
    return {"value": round(statistics.fmean(kept), 1), "median": round(statistics.median(kept), 1),
            "excluded": excluded, "count": len(kept)}


def indicators(days: list[DayAggregate], period: Period, connected_total: int) -> dict[str, Any]:
    """Every indicator of one period. `connected_total`: threads of the stores at the period's end."""
    inside = [d for d in days if d.day in period]

    def total(counter: str) -> int:
        return sum(d.counters.get(counter, 0) for d in inside)

    started_before = {a for d in inside for a in d.active if date.fromisoformat(a.rsplit("|", 1)[1]) < period.start}
    contacts, answered = total("contacts"), total("contacts_answered")
    outbound, replied = total("new_outbound"), total("outbound_answered")
    channels: dict[str, int] = {}
    for d in inside:
        for channel, n in d.channels.items():
            group = CHANNEL_GROUPS.get(channel, "other")
            channels[group] = channels.get(group, 0) + n
    response = duration([v for d in inside for v in d.response_times])
    outbound_time = duration([v for d in inside for v in d.outbound_response_times])
    return {
        "conversations": total("conversations"),
        "started_previously": len(started_before),
        "new_inbound_conversations": total("new_inbound"),
        "existing_customers": sum(n for d in inside for since, n in d.existing_since.items()
                                  if date.fromisoformat(since) < period.start),
        "response_rate": round(answered / contacts, 4) if contacts else None,
        "response_time_seconds": response["value"],
        "response_time_median_seconds": response["median"],
        "response_time_excluded": response["excluded"],
        "new_outbound_conversations": outbound,
        "outbound_customer_response_rate": round(replied / outbound, 4) if outbound else None,
        "outbound_customer_response_time_seconds": outbound_time["value"],
        "outbound_customer_response_time_median_seconds": outbound_time["median"],
        "contacts": contacts,
        "connected_customers": connected_total,
        "new_inbound_customers": total("new_inbound_customers"),
        "new_inbound_customers_by_channel": channels,
        "new_outbound_customers": total("new_outbound_customers"),
        **review_figures(total("reviews"), total("review_rating_sum"), total("reviews_answered")),
    }


def review_figures(reviews: int, rating_sum: int, answered: int) -> dict[str, Any]:
    """Reviews received, their average rating (1 to 5) and the share an agent answered; None without reviews."""
    return {"reviews": reviews, "average_rating": round(rating_sum / reviews, 2) if reviews else None,
            "reviews_answered_rate": round(answered / reviews, 4) if reviews else None}


def variation(value: float | None, previous: float | None) -> tuple[float | None, str | None]:
    """The change against the previous period as a fraction and as the guide writes it (+x %, -x %, =)."""
    if value is None or previous is None:
        return None, None
    if value == previous:
        return 0.0, "="
    if previous == 0:
        return None, None
    change = (value - previous) / previous
    return round(change, 4), f"{'+' if change > 0 else '-'}{abs(change) * 100:.0f} %"


def compare(current: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    """One object per indicator: {value, previous, variation, variation_label}, plus the extra figures."""
    report: dict[str, Any] = {}
    for name in INDICATORS:
        change, label = variation(current[name], previous[name])
        report[name] = {"value": current[name], "previous": previous[name], "variation": change,
                        "variation_label": label}
    report["response_time_seconds"].update(median=current["response_time_median_seconds"],
                                           excluded=current["response_time_excluded"],
                                           note="mean without extreme values (Tukey's fences), median beside it")
    report["outbound_customer_response_time_seconds"]["median"] = \
        current["outbound_customer_response_time_median_seconds"]
    report["new_inbound_customers"]["by_channel"] = current["new_inbound_customers_by_channel"]
    return report


def rank(values: dict[str, float | None], metric: str) -> dict[str, int | None]:
    """Competition ranking (1, 2, 2, 4) of stores by an indicator; stores without a value are not ranked."""
    known: dict[str, float] = {s: v for s, v in values.items() if v is not None}
    ordered = sorted(known.values(), reverse=metric not in LOWER_IS_BETTER)
    return {s: ordered.index(known[s]) + 1 if s in known else None for s in values}


def daily(days: list[DayAggregate], period: Period) -> list[dict[str, Any]]:
    """Per day of the period (all stores together), for charts: contacts, conversations, response time."""
    series = []
    for offset in range(period.days):
        day = period.start + timedelta(days=offset)
        today = [d for d in days if d.day == day]
        times = [v for d in today for v in d.response_times]
        series.append({"date": day.isoformat(),
                       "contacts": sum(d.counters.get("contacts", 0) for d in today),
                       "conversations": sum(d.counters.get("conversations", 0) for d in today),
                       "response_time_seconds": duration(times)["value"]})
    return series
