"""The closing ranges a store declares, as the API spells them: ``{day, from, to}`` in wall-clock time.

A range whose ``to`` is at or before its ``from`` runs into the next day (``mon 19:00 -> 09:00`` closes until
Tuesday 09:00; ``to == from`` closes for a whole day, and ``"24:00"`` as ``to`` means midnight at the end of the
day). What they mean in real time is worked out by :class:`hours.OpeningHours`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from .errors import InvalidInput

DAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Day names as the API spells them, in ``date.weekday()`` order."""

_HHMM = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")


@dataclass(frozen=True)
class ClosedRange:
    """One closing range in wall-clock time: from ``start`` on ``day`` to ``end`` the same day, or the next day
    when ``end <= start`` (``end == start``: 24 hours). ``"24:00"`` is stored as ``time(0, 0)``, which means the
    same: midnight ending the day."""

    day: str
    start: time
    end: time

    @property
    def overnight(self) -> bool:
        """Whether the range ends on the day after ``day``."""
        return self.end <= self.start

    def minutes(self) -> tuple[int, int]:
        """The range as (first minute, minute after the last) counted from Monday 00:00, in wall-clock time; the
        end may pass the end of the week (a Sunday overnight range)."""
        first = DAYS.index(self.day) * 1440 + self.start.hour * 60 + self.start.minute
        length = (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)
        if length <= 0:
            length += 1440
        return first, first + length


def _parse_time(value: object, name: str, allow_24: bool) -> time:
    if isinstance(value, str):
        if allow_24 and value == "24:00":
            return time(0, 0)
        match = _HHMM.fullmatch(value)
        if match:
            return time(int(match.group(1)), int(match.group(2)))
    upper = "24:00" if allow_24 else "23:59"
    raise InvalidInput.field(name, f"must be a time HH:MM from 00:00 to {upper}")


def parse_ranges(raw: list[dict], field: str = "closed.hours") -> list[ClosedRange]:
    """Parse the API's closing ranges ``[{day: "mon".."sun", from: "HH:MM", to: "HH:MM"}]``.

    ``from`` is 00:00-23:59; ``to`` is 00:00-23:59 or 24:00 (end of day). Raises ``InvalidInput`` naming the first
    field at fault, such as ``closed.hours.2.from``. An empty list is valid: the store is always open.
    """
    if not isinstance(raw, list):
        raise InvalidInput.field(field, "must be a list of {day, from, to}")
    ranges: list[ClosedRange] = []
    for index, item in enumerate(raw):
        name = f"{field}.{index}"
        if not isinstance(item, dict):
            raise InvalidInput.field(name, "must be an object {day, from, to}")
        day = item.get("day")
        if day not in DAYS:
            raise InvalidInput.field(f"{name}.day", "must be one of " + ", ".join(DAYS))
        start = _parse_time(item.get("from"), f"{name}.from", allow_24=False)
        end = _parse_time(item.get("to"), f"{name}.to", allow_24=True)
        ranges.append(ClosedRange(day=str(day), start=start, end=end))
    return ranges
