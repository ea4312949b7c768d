"""Opening hours of a store, computed from its closing hours.

A store lists the ranges during which it is CLOSED, as ``{day, from, to}`` in wall-clock time of its IANA time
zone; it is open the rest of the week. A range whose ``to`` is at or before its ``from`` runs into the next day
(``mon 19:00 -> 09:00`` closes until Tuesday 09:00; ``to == from`` closes for a whole day, and ``"24:00"`` as
``to`` means midnight at the end of the day). Ranges may overlap or touch: they merge.

Every datetime taken or returned is timezone-aware; every datetime returned is in UTC. A range applies to the wall
clock of the local date it names, and wall-clock times become instants by one rule, :meth:`OpeningHours.instant`:

* an ambiguous time (the repeated hour when clocks go back) is its FIRST occurrence, so a range from 01:00 to
  04:00 on the Europe/Paris fall-back night lasts four real hours, and a range 02:10 -> 02:40 that night only
  covers the first 02:10-02:40;
* a nonexistent time (the hour skipped when clocks go forward) is the instant the clocks jump, i.e. the first
  instant whose wall clock reads that time or later: 02:30 on the Europe/Paris spring-forward night is 03:00 CEST.
  The mapping never goes backwards, so a range never turns inside out, and a range wholly inside the skipped hour
  closes nothing that night.

Work is done one local day at a time (each day yields at most a handful of UTC intervals), never minute by minute.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .closing_ranges import DAYS, ClosedRange, parse_ranges
from .errors import InvalidInput

__all__ = ["DAYS", "SCAN_HORIZON", "ClosedRange", "OpeningHours", "parse_ranges"]

SCAN_HORIZON = timedelta(days=400)
"""How far :meth:`OpeningHours.closed_period` and :meth:`OpeningHours.next_open` look for open time."""

_CHUNK = timedelta(days=7)
_WEEK_MINUTES = 7 * 24 * 60

Interval = tuple[datetime, datetime]


def _aware_utc(value: datetime, name: str = "datetime") -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
    return value.astimezone(UTC)


def _merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, non-empty, merged intervals; touching intervals merge."""
    merged: list[Interval] = []
    for start, end in sorted(i for i in intervals if i[1] > i[0]):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


class OpeningHours:
    """A store's opening hours: the week minus its closing ranges, in its time zone."""

    def __init__(self, ranges: Iterable[ClosedRange], timezone: str) -> None:
        try:
            self.tz = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            message = f"'{timezone}' is not an IANA time zone such as Europe/Paris"
            raise InvalidInput.field("timezone", message) from None
        self.timezone = timezone
        self.ranges: tuple[ClosedRange, ...] = tuple(ranges)
        self._by_weekday: list[list[ClosedRange]] = [[r for r in self.ranges if r.day == d] for d in DAYS]
        self._weekly_open_minutes = self._nominal_open_minutes()
        self._day_cache: dict[date, list[Interval]] = {}

    @classmethod
    def from_raw(cls, raw: list[dict], timezone: str, field: str = "closed.hours") -> OpeningHours:
        """Build from the API's ``closed.hours`` list (see :func:`parse_ranges`) and an IANA time zone name."""
        return cls(parse_ranges(raw, field), timezone)

    def __repr__(self) -> str:
        return f"OpeningHours({list(self.ranges)!r}, {self.timezone!r})"

    # -- what the week looks like on paper ------------------------------------------------------------------------

    def _nominal_open_minutes(self) -> int:
        covered: list[tuple[int, int]] = []
        for r in self.ranges:
            first, last = r.minutes()
            if last > _WEEK_MINUTES:
                covered += [(first, _WEEK_MINUTES), (0, last - _WEEK_MINUTES)]
            else:
                covered.append((first, last))
        closed, reach = 0, 0
        for first, last in sorted(covered):
            if last > reach:
                closed += last - max(first, reach)
                reach = last
        return _WEEK_MINUTES - closed

    @property
    def always_open(self) -> bool:
        """No closing range at all."""
        return not self.ranges

    @property
    def never_open(self) -> bool:
        """The closing ranges cover the whole week: there is no open time, whatever the DST changes."""
        return self._weekly_open_minutes == 0

    # -- wall clock <-> instants -----------------------------------------------------------------------------------

    def instant(self, local: datetime) -> datetime:
        """The UTC instant of a naive wall-clock time in the store's zone: the first occurrence of an ambiguous
        time, the moment the clocks jump for a nonexistent one (see the module docstring)."""
        utc = local.replace(tzinfo=self.tz, fold=0).astimezone(UTC)
        if utc.astimezone(self.tz).replace(tzinfo=None) == local:
            return utc
        # In a gap: fold=0 and fold=1 use the offsets before and after the jump, so they bracket the jump instant.
        other = local.replace(tzinfo=self.tz, fold=1).astimezone(UTC)
        before, after = min(utc, other), max(utc, other)
        offset_after = after.astimezone(self.tz).utcoffset()
        second = timedelta(seconds=1)
        while after - before > second:  # transitions fall on whole seconds: ~13 steps for an hour's gap
            middle = before + ((after - before) // second // 2) * second
            if middle.astimezone(self.tz).utcoffset() == offset_after:
                after = middle
            else:
                before = middle
        return after

    def local_date(self, at: datetime) -> date:
        """The store's local date at an instant."""
        return at.astimezone(self.tz).date()

    def _midnight(self, day: date) -> datetime:
        return self.instant(datetime.combine(day, time(0, 0)))

    def _day_intervals(self, day: date) -> list[Interval]:
        """UTC intervals of the ranges that START on local date ``day`` (they end by the next day)."""
        cached = self._day_cache.get(day)
        if cached is not None:
            return cached
        intervals = []
        for r in self._by_weekday[day.weekday()]:
            end_day = day + timedelta(days=1) if r.overnight else day
            start = self.instant(datetime.combine(day, r.start))
            end = self.instant(datetime.combine(end_day, r.end))
            if end > start:
                intervals.append((start, end))
        if len(self._day_cache) > 4096:
            self._day_cache.clear()
        self._day_cache[day] = intervals
        return intervals

    def _closed_in(self, lo: datetime, hi: datetime) -> list[Interval]:
        """Merged closed intervals clipped to [lo, hi]. A range starting on local date D lies in [D, D+2) in wall
        time, so the dates from local(lo) - 2 to local(hi) + 1 hold every range that meets [lo, hi] (one day of
        margin on each side for zones whose clocks jump across midnight)."""
        first = self.local_date(lo) - timedelta(days=2)
        last = self.local_date(hi) + timedelta(days=1)
        clipped = []
        day = first
        while day <= last:
            for start, end in self._day_intervals(day):
                clipped.append((max(start, lo), min(end, hi)))
            day += timedelta(days=1)
        return _merge(clipped)

    def _open_in(self, lo: datetime, hi: datetime) -> list[Interval]:
        """Open intervals in [lo, hi], in order, each of positive length."""
        gaps, cursor = [], lo
        for start, end in self._closed_in(lo, hi):
            if start > cursor:
                gaps.append((cursor, start))
            cursor = max(cursor, end)
        if hi > cursor:
            gaps.append((cursor, hi))
        return gaps

    def _open_forward(self, start: datetime, limit: datetime) -> Iterator[Interval]:
        """Open intervals from ``start`` up to ``limit``, in order, a week at a time (an open interval that spans
        two weeks comes in two touching pieces)."""
        lo = start
        while lo < limit:
            hi = min(lo + _CHUNK, limit)
            yield from self._open_in(lo, hi)
            lo = hi

    def _open_backward(self, end: datetime, limit: datetime) -> Iterator[Interval]:
        """Open intervals from ``end`` back to ``limit``, latest first, a week at a time."""
        hi = end
        while hi > limit:
            lo = max(hi - _CHUNK, limit)
            yield from reversed(self._open_in(lo, hi))
            hi = lo

    # -- public questions ------------------------------------------------------------------------------------------

    def is_open(self, at: datetime) -> bool:
        """Whether the store is open at ``at`` (closing ranges are half-open: closed at ``from``, open at ``to``)."""
        at = _aware_utc(at, "at")
        if self.never_open:
            return False
        day = self.local_date(at)
        for offset in range(-2, 2):
            for start, end in self._day_intervals(day + timedelta(days=offset)):
                if start <= at < end:
                    return False
        return True

    def closed_period(self, at: datetime) -> tuple[datetime, datetime] | None:
        """The maximal closed interval ``(start, end)``, UTC, with ``start <= at < end``; None when open at ``at``.

        Ranges that overlap or touch, across days too, make one period: ``fri 19:00 -> 00:00``, ``sat``/``sun``
        all day and ``mon 00:00 -> 09:00`` give one period from Friday 19:00 to Monday 09:00, whose start is the same
        whatever ``at`` inside it, so it identifies the period.

        A store that is never open has no real periods: each local week (Monday 00:00 to the next Monday 00:00, as
        UTC instants) is one period, so a customer gets the closed message at most once a week. The same bound is
        used on a side where no open time is found within ``SCAN_HORIZON`` (cannot happen when the week has open
        time).
        """
        at = _aware_utc(at, "at")
        if self.is_open(at):
            return None
        start: datetime | None = None
        end: datetime | None = None
        if not self.never_open:
            before = next(self._open_backward(at, at - SCAN_HORIZON), None)
            after = next(self._open_forward(at, at + SCAN_HORIZON), None)
            start = before[1] if before else None
            end = after[0] if after else None
        if start is None or end is None:
            monday = self.local_date(at) - timedelta(days=self.local_date(at).weekday())
            start = start if start is not None else self._midnight(monday)
            end = end if end is not None else self._midnight(monday + timedelta(days=7))
        return start, end

    def next_open(self, at: datetime) -> datetime | None:
        """The first instant at or after ``at`` when the store is open (``at`` itself when open), UTC; None when the
        store is never open (or not within ``SCAN_HORIZON``)."""
        at = _aware_utc(at, "at")
        if self.never_open:
            return None
        for start, _ in self._open_forward(at, at + SCAN_HORIZON):
            return start
        return None

    def add_open_time(self, start: datetime, duration: timedelta) -> datetime | None:
        """The earliest instant ``r >= start`` such that ``duration`` of OPEN time lies in [start, r], UTC.

        Closed time does not count: open 9:00-19:00, 18:58 plus 5 minutes is 09:03 the next open morning; 18:55
        plus 5 minutes is 19:00 exactly. Starting while closed counts from the next opening. A zero duration gives
        ``start``. None when the store is never open (even for a zero duration). The scan is bounded by what the
        duration needs at the week's nominal open time, plus ``SCAN_HORIZON``, so it is O(days until the answer).
        """
        start = _aware_utc(start, "start")
        if duration < timedelta(0):
            raise ValueError("duration must not be negative")
        if self.never_open:
            return None
        if duration == timedelta(0):
            return start
        weeks_needed = duration / timedelta(minutes=self._weekly_open_minutes)
        limit = start + SCAN_HORIZON + _CHUNK * (int(weeks_needed) + 1)
        remaining = duration
        for lo, hi in self._open_forward(start, limit):
            if hi - lo >= remaining:
                return lo + remaining
            remaining -= hi - lo
        return None

    def open_seconds_between(self, a: datetime, b: datetime) -> float:
        """Seconds of open time in [a, b]; 0.0 when ``b <= a``. O(days between a and b).

        Open 9:00-19:00, a customer writes at 20:30 and gets an answer at 9:05 the next day: 300 seconds.
        """
        a, b = _aware_utc(a, "a"), _aware_utc(b, "b")
        if b <= a:
            return 0.0
        if self.never_open:
            return 0.0
        total = timedelta(0)
        for lo, hi in self._open_forward(a, b):
            total += hi - lo
        return total.total_seconds()
