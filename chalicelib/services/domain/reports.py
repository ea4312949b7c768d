"""Statistics reports: indicators of a set of stores over a period, from per-day aggregates."""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

INDICATORS = (
    "conversations", "started_previously", "new_inbound_conversations", "existing_customers", "response_rate",
    "response_time_seconds", "new_outbound_conversations", "outbound_customer_response_rate",
    "outbound_customer_response_time_seconds", "contacts", "connected_customers", "new_inbound_customers",
    "new_outbound_customers", "reviews", "average_rating", "reviews_answered_rate",
)
# New inbound customers split by channel: the guide's names for where a new customer came from.
CHANNEL_GROUPS = {"ivr": "phone_ivr", "sms": "direct_sms", "widget": "widget", "sdk": "app_sdk", "review": "review"}
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
