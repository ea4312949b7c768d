"""How times are written down: ISO 8601 in UTC, to the millisecond, sortable as text whatever the year."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from chalicelib.services.domain.timestamps import iso, parse_iso


def test_a_time_is_written_in_utc_to_the_millisecond_and_read_back() -> None:
    paris = timezone(timedelta(hours=1))
    written = iso(datetime(2026, 12, 8, 10, 30, 5, 123456, tzinfo=paris))
    assert written == "2026-12-08T09:30:05.123Z"
    assert parse_iso(written) == datetime(2026, 12, 8, 9, 30, 5, 123000, tzinfo=UTC)


def test_a_year_before_1000_keeps_four_digits_so_it_reads_back_and_sorts_first() -> None:
    early, late = datetime(369, 5, 26, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)
    assert iso(early) == "0369-05-26T00:00:00.000Z"
    assert parse_iso(iso(early)) == early
    assert sorted([iso(late), iso(early)]) == [iso(early), iso(late)]
