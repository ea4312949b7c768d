"""Opening hours from closing ranges (SPEC H2, G2, I6): open time, closed periods, DST."""
from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from chalicelib.services.domain.errors import InvalidInput
from chalicelib.services.domain.hours import DAYS, ClosedRange, OpeningHours, parse_ranges

PARIS = ZoneInfo("Europe/Paris")
MINUTE = timedelta(minutes=1)


def paris(*args: int) -> datetime:
    """A Paris wall-clock time (first occurrence when ambiguous), as UTC."""
    return datetime(*args, tzinfo=PARIS).astimezone(UTC)  # type: ignore[misc]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def hours(raw: list[dict], timezone: str = "Europe/Paris") -> OpeningHours:
    return OpeningHours.from_raw(raw, timezone)


def every_day(start: str, end: str, days: tuple[str, ...] = DAYS) -> list[dict]:
    return [{"day": d, "from": start, "to": end} for d in days]


NINE_TO_SEVEN = every_day("19:00", "09:00")  # open 9:00-19:00 every day
WORKING_WEEK = (every_day("19:00", "09:00", ("mon", "tue", "wed", "thu"))
                + [{"day": "fri", "from": "19:00", "to": "24:00"}, {"day": "sat", "from": "00:00", "to": "24:00"},
                   {"day": "sun", "from": "00:00", "to": "00:00"}, {"day": "mon", "from": "00:00", "to": "09:00"}])
ALWAYS_CLOSED = every_day("00:00", "24:00")

# 2026-11-23 is a Monday; Europe/Paris is UTC+1 then.
MON, TUE, FRI, SAT = 23, 24, 27, 28


# -- parsing ----------------------------------------------------------------------------------------------------------

def test_parse_ranges_reads_days_and_times() -> None:
    parsed = parse_ranges([{"day": "mon", "from": "19:00", "to": "09:00"},
                           {"day": "sun", "from": "00:00", "to": "24:00"}])
    assert parsed == [ClosedRange("mon", time(19, 0), time(9, 0)), ClosedRange("sun", time(0, 0), time(0, 0))]
    assert parsed[0].overnight and parsed[1].overnight  # 24:00 is midnight ending the day, like to == from
    assert parse_ranges([]) == []


@pytest.mark.parametrize("raw, field", [
    ([{"day": "mon", "from": "09:00", "to": "10:00"}, {"day": "monday", "from": "09:00", "to": "10:00"}],
     "closed.hours.1.day"),
    ([{"day": "Mon", "from": "09:00", "to": "10:00"}], "closed.hours.0.day"),
    ([{"from": "09:00", "to": "10:00"}], "closed.hours.0.day"),
    ([{"day": "tue", "from": "24:00", "to": "10:00"}], "closed.hours.0.from"),
    ([{"day": "tue", "from": "9:00", "to": "10:00"}], "closed.hours.0.from"),
    ([{"day": "tue", "from": "09:60", "to": "10:00"}], "closed.hours.0.from"),
    ([{"day": "tue", "from": 900, "to": "10:00"}], "closed.hours.0.from"),
    ([{"day": "tue", "from": "09:00"}], "closed.hours.0.to"),
    ([{"day": "tue", "from": "09:00", "to": "24:01"}], "closed.hours.0.to"),
    ([{"day": "tue", "from": "09:00", "to": " 10:00"}], "closed.hours.0.to"),
    (["mon 09:00-10:00"], "closed.hours.0"),
])
def test_parse_errors_name_the_field(raw: list, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_ranges(raw)
    assert list(caught.value.errors) == [field]


def test_parse_errors_use_the_given_field_prefix() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_ranges([{"day": "x", "from": "09:00", "to": "10:00"}], field="hours")
    assert list(caught.value.errors) == ["hours.0.day"]


def test_unknown_time_zone_names_the_timezone_field() -> None:
    with pytest.raises(InvalidInput) as caught:
        OpeningHours([], "Mars/Olympus")
    assert list(caught.value.errors) == ["timezone"]


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError):
        hours(NINE_TO_SEVEN).is_open(datetime(2026, 11, 23, 12, 0))


# -- the spec's examples ----------------------------------------------------------------------------------------------

def test_message_at_18_58_with_a_5_minute_delay_is_due_at_09_03_the_next_morning() -> None:
    assert hours(NINE_TO_SEVEN).add_open_time(paris(2026, 11, MON, 18, 58), 5 * MINUTE) == paris(2026, 11, TUE, 9, 3)


def test_delay_that_ends_exactly_at_closing_is_due_at_closing() -> None:
    assert hours(NINE_TO_SEVEN).add_open_time(paris(2026, 11, MON, 18, 55), 5 * MINUTE) == paris(2026, 11, MON, 19, 0)


def test_delay_started_while_closed_counts_from_the_opening() -> None:
    opening = hours(NINE_TO_SEVEN)
    assert opening.add_open_time(paris(2026, 11, MON, 22, 0), 5 * MINUTE) == paris(2026, 11, TUE, 9, 5)
    assert opening.add_open_time(paris(2026, 11, MON, 22, 0), timedelta(0)) == paris(2026, 11, MON, 22, 0)


def test_delay_longer_than_a_day_of_opening_spans_several_days() -> None:
    due = hours(NINE_TO_SEVEN).add_open_time(paris(2026, 11, MON, 18, 0), timedelta(hours=21))
    assert due == paris(2026, 11, 25, 19, 0)  # 1 h on Monday, 10 h on Tuesday, 10 h on Wednesday: its closing


def test_response_time_counts_only_open_time_20_30_to_9_05_is_300_seconds() -> None:
    opening = hours(NINE_TO_SEVEN)
    assert opening.open_seconds_between(paris(2026, 11, MON, 20, 30), paris(2026, 11, TUE, 9, 5)) == 300.0
    assert opening.open_seconds_between(paris(2026, 11, MON, 13, 0), paris(2026, 11, MON, 13, 45)) == 2700.0
    assert opening.open_seconds_between(paris(2026, 11, TUE, 9, 5), paris(2026, 11, MON, 20, 30)) == 0.0


# -- ranges, overnight and merged -------------------------------------------------------------------------------------

def test_overnight_range_closes_until_the_next_morning() -> None:
    opening = hours([{"day": "mon", "from": "19:00", "to": "09:00"}])
    assert opening.is_open(paris(2026, 11, MON, 18, 59))
    assert not opening.is_open(paris(2026, 11, MON, 19, 0))
    assert not opening.is_open(paris(2026, 11, TUE, 8, 59))
    assert opening.is_open(paris(2026, 11, TUE, 9, 0))
    assert opening.is_open(paris(2026, 11, TUE, 20, 0))  # only Monday night is closed
    night = (paris(2026, 11, MON, 19, 0), paris(2026, 11, TUE, 9, 0))
    assert opening.closed_period(paris(2026, 11, TUE, 3, 0)) == night
    assert opening.next_open(paris(2026, 11, MON, 23, 0)) == paris(2026, 11, TUE, 9, 0)


def test_is_open_and_next_open_when_open() -> None:
    opening = hours(NINE_TO_SEVEN)
    assert opening.closed_period(paris(2026, 11, MON, 12, 0)) is None
    assert opening.next_open(paris(2026, 11, MON, 12, 0)) == paris(2026, 11, MON, 12, 0)


def test_range_with_to_equal_to_from_closes_for_24_hours() -> None:
    opening = hours([{"day": "wed", "from": "12:00", "to": "12:00"}])
    assert opening.closed_period(paris(2026, 11, 26, 0, 0)) == (paris(2026, 11, 25, 12, 0), paris(2026, 11, 26, 12, 0))


def test_weekend_closed_is_one_period_from_friday_evening_to_monday_morning() -> None:
    opening = hours(WORKING_WEEK)
    weekend = (paris(2026, 11, FRI, 19, 0), paris(2026, 11, 30, 9, 0))
    for at in (paris(2026, 11, FRI, 19, 0), paris(2026, 11, SAT, 0, 0), paris(2026, 11, 29, 12, 0),
               paris(2026, 11, 30, 0, 0), paris(2026, 11, 30, 8, 59)):
        assert opening.closed_period(at) == weekend
        assert opening.next_open(at) == weekend[1]
    assert opening.is_open(paris(2026, 11, FRI, 18, 59)) and opening.is_open(paris(2026, 11, 30, 9, 0))
    assert opening.add_open_time(paris(2026, 11, FRI, 18, 58), 5 * MINUTE) == paris(2026, 11, 30, 9, 3)
    assert opening.open_seconds_between(paris(2026, 11, MON, 0, 0), paris(2026, 11, 30, 0, 0)) == 5 * 10 * 3600


def test_ranges_touching_at_midnight_merge_into_one_closed_period() -> None:
    opening = hours([{"day": "tue", "from": "00:00", "to": "09:00"}, {"day": "mon", "from": "19:00", "to": "24:00"}])
    period = (paris(2026, 11, MON, 19, 0), paris(2026, 11, TUE, 9, 0))
    assert opening.closed_period(paris(2026, 11, MON, 23, 59)) == period
    assert opening.closed_period(paris(2026, 11, TUE, 0, 0)) == period
    assert opening.closed_period(paris(2026, 11, TUE, 5, 0)) == period


def test_overlapping_ranges_merge() -> None:
    opening = hours([{"day": "mon", "from": "12:00", "to": "14:00"}, {"day": "mon", "from": "13:00", "to": "15:00"},
                     {"day": "sun", "from": "22:00", "to": "12:30"}])
    period = (paris(2026, 11, 22, 22, 0), paris(2026, 11, MON, 15, 0))
    assert opening.closed_period(paris(2026, 11, MON, 14, 30)) == period
    assert opening.closed_period(paris(2026, 11, 22, 23, 0)) == period
    assert opening.open_seconds_between(paris(2026, 11, 22, 0, 0), paris(2026, 11, TUE, 0, 0)) == (22 + 9) * 3600


def test_sunday_overnight_range_runs_into_monday_of_the_next_week() -> None:
    opening = hours([{"day": "sun", "from": "20:00", "to": "08:00"}])
    assert opening.closed_period(paris(2026, 11, 30, 7, 0)) == (paris(2026, 11, 29, 20, 0), paris(2026, 11, 30, 8, 0))


# -- always open, always closed ---------------------------------------------------------------------------------------

def test_no_ranges_means_always_open() -> None:
    opening = hours([])
    at = paris(2026, 11, SAT, 3, 0)
    assert opening.always_open and opening.is_open(at) and opening.closed_period(at) is None
    assert opening.next_open(at) == at
    assert opening.add_open_time(at, timedelta(hours=30)) == at + timedelta(hours=30)
    assert opening.open_seconds_between(at, at + timedelta(days=3)) == 3 * 86400


def test_ranges_covering_the_whole_week_mean_never_open() -> None:
    for raw in (ALWAYS_CLOSED, every_day("12:00", "12:00"), every_day("06:00", "07:00") + every_day("07:00", "06:00")):
        opening = hours(raw)
        at = paris(2026, 11, 25, 15, 0)
        assert opening.never_open and not opening.is_open(at)
        assert opening.next_open(at) is None
        assert opening.add_open_time(at, MINUTE) is None
        assert opening.open_seconds_between(at, at + timedelta(days=30)) == 0.0


def test_never_open_store_has_one_closed_period_per_local_week() -> None:
    opening = hours(ALWAYS_CLOSED)
    week = (paris(2026, 11, MON, 0, 0), paris(2026, 11, 30, 0, 0))
    assert opening.closed_period(paris(2026, 11, MON, 0, 0)) == week
    assert opening.closed_period(paris(2026, 11, 29, 23, 59)) == week
    assert opening.closed_period(paris(2026, 11, 30, 0, 0)) == (week[1], paris(2026, 12, 7, 0, 0))


# -- DST (Europe/Paris: 2026-03-29 02:00 -> 03:00, 2026-10-25 03:00 -> 02:00) -----------------------------------------

def test_opening_follows_the_wall_clock_across_spring_forward() -> None:
    opening = hours(NINE_TO_SEVEN)
    assert opening.next_open(utc(2026, 3, 27, 5, 0)) == utc(2026, 3, 27, 8, 0)  # 09:00 CET
    assert opening.next_open(utc(2026, 3, 30, 5, 0)) == utc(2026, 3, 30, 7, 0)  # 09:00 CEST
    night = opening.closed_period(utc(2026, 3, 29, 1, 30))
    assert night == (utc(2026, 3, 28, 18, 0), utc(2026, 3, 29, 7, 0))  # 13 real hours
    for day in (27, 28, 29, 30):
        assert opening.open_seconds_between(paris(2026, 3, day, 0, 0), paris(2026, 3, day + 1, 0, 0)) == 10 * 3600
    assert opening.add_open_time(paris(2026, 3, 28, 18, 58), 5 * MINUTE) == utc(2026, 3, 29, 7, 3)


def test_opening_follows_the_wall_clock_across_fall_back() -> None:
    opening = hours(NINE_TO_SEVEN)
    assert opening.next_open(utc(2026, 10, 24, 5, 0)) == utc(2026, 10, 24, 7, 0)  # 09:00 CEST
    assert opening.next_open(utc(2026, 10, 25, 5, 0)) == utc(2026, 10, 25, 8, 0)  # 09:00 CET
    night = opening.closed_period(utc(2026, 10, 25, 1, 30))
    assert night == (utc(2026, 10, 24, 17, 0), utc(2026, 10, 25, 8, 0))  # 15 real hours
    for day in (24, 25, 26):
        assert opening.open_seconds_between(paris(2026, 10, day, 0, 0), paris(2026, 10, day + 1, 0, 0)) == 10 * 3600


def test_closed_range_01_to_04_on_the_fall_back_night_lasts_four_real_hours() -> None:
    opening = hours([{"day": "sun", "from": "01:00", "to": "04:00"}])
    assert opening.closed_period(utc(2026, 10, 25, 0, 30)) == (utc(2026, 10, 24, 23, 0), utc(2026, 10, 25, 3, 0))
    assert not opening.is_open(utc(2026, 10, 25, 0, 30))  # 02:30 CEST, first time
    assert not opening.is_open(utc(2026, 10, 25, 1, 30))  # 02:30 CET, second time
    day_of_25_hours = (paris(2026, 10, 25, 0, 0), paris(2026, 10, 26, 0, 0))
    assert opening.open_seconds_between(*day_of_25_hours) == 21 * 3600
    assert opening.open_seconds_between(paris(2026, 11, 1, 0, 0), paris(2026, 11, 2, 0, 0)) == 21 * 3600


def test_range_ending_in_the_repeated_hour_uses_its_first_occurrence() -> None:
    opening = hours([{"day": "sun", "from": "02:10", "to": "02:40"}])
    assert opening.closed_period(utc(2026, 10, 25, 0, 20)) == (utc(2026, 10, 25, 0, 10), utc(2026, 10, 25, 0, 40))
    assert opening.is_open(utc(2026, 10, 25, 1, 20))  # 02:20 CET, second time


def test_range_starting_in_the_spring_gap_starts_when_the_clocks_jump() -> None:
    opening = hours([{"day": "sun", "from": "02:30", "to": "04:00"}])
    assert opening.is_open(utc(2026, 3, 29, 0, 59))  # 01:59 CET
    assert opening.closed_period(utc(2026, 3, 29, 1, 0)) == (utc(2026, 3, 29, 1, 0), utc(2026, 3, 29, 2, 0))


def test_range_wholly_inside_the_spring_gap_closes_nothing_that_night() -> None:
    opening = hours([{"day": "sun", "from": "02:10", "to": "02:40"}])
    assert opening.open_seconds_between(paris(2026, 3, 29, 0, 0), paris(2026, 3, 30, 0, 0)) == 23 * 3600
    assert opening.next_open(utc(2026, 3, 29, 1, 0)) == utc(2026, 3, 29, 1, 0)
    assert not opening.is_open(paris(2026, 4, 5, 2, 20))  # the week after, it closes as usual


def test_a_year_of_open_time_is_counted_by_days_not_minutes() -> None:
    opening = hours(WORKING_WEEK)
    # 2026 has 261 weekdays; 10 open hours each, whatever the DST changes.
    assert opening.open_seconds_between(paris(2026, 1, 1, 0, 0), paris(2027, 1, 1, 0, 0)) == 261 * 10 * 3600


# -- properties (seeded random schedules, zones with 1 h and 30 min DST shifts) ---------------------------------------

ZONES = ("Europe/Paris", "America/New_York", "Australia/Lord_Howe", "UTC", "Asia/Kolkata")


def random_schedule(rng: random.Random) -> OpeningHours:
    raw = []
    for _ in range(rng.choice([0, 1, 2, 4, 7, 12, 20])):
        start = rng.choice([rng.randrange(0, 1440, 30), rng.randrange(0, 1440)])
        end = rng.choice([rng.randrange(0, 1440, 30), rng.randrange(0, 1440), 1440])
        raw.append({"day": rng.choice(DAYS), "from": f"{start // 60:02d}:{start % 60:02d}",
                    "to": "24:00" if end == 1440 else f"{end // 60:02d}:{end % 60:02d}"})
    return hours(raw, rng.choice(ZONES))


def random_instant(rng: random.Random) -> datetime:
    # Mostly near the 2026 DST changes of the zones above, sometimes anywhere in the year.
    anchor = rng.choice([utc(2026, 3, 8), utc(2026, 3, 29), utc(2026, 4, 5), utc(2026, 10, 4), utc(2026, 10, 25),
                         utc(2026, 11, 1), utc(2026, 1, 1) + timedelta(days=rng.randrange(365))])
    return anchor + timedelta(minutes=rng.randrange(-3 * 1440, 3 * 1440), seconds=rng.choice([0, 0, 17]))


def test_property_add_open_time_then_open_seconds_gives_back_the_duration() -> None:
    rng = random.Random(20260329)
    for _ in range(400):
        opening, start = random_schedule(rng), random_instant(rng)
        duration = timedelta(minutes=rng.randrange(0, 7 * 1440), seconds=rng.choice([0, 30]))
        due = opening.add_open_time(start, duration)
        if opening.never_open:
            assert due is None
            continue
        assert due is not None and due >= start, opening
        assert opening.open_seconds_between(start, due) == duration.total_seconds(), (opening, start, duration)
        if duration:  # the earliest such instant: open just before it
            assert opening.is_open(due - timedelta(microseconds=1)), (opening, start, duration)


def test_property_is_open_agrees_with_closed_period_and_next_open() -> None:
    rng = random.Random(20261025)
    for _ in range(400):
        opening, at = random_schedule(rng), random_instant(rng)
        period = opening.closed_period(at)
        assert (period is None) == opening.is_open(at), (opening, at)
        if period is None:
            assert opening.next_open(at) == at
            continue
        start, end = period
        assert start <= at < end, (opening, at, period)
        assert opening.open_seconds_between(start, end) == 0.0
        assert opening.closed_period(start) == opening.closed_period(end - timedelta(microseconds=1)) == period
        if not opening.never_open:  # maximal: open on both sides
            assert opening.is_open(end) and opening.is_open(start - timedelta(microseconds=1)), (opening, at, period)
            assert opening.next_open(at) == end
