"""Stored UTC moments, local days and how times are shown (China time here)."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core import clock

UTC = dt.UTC


pytestmark = pytest.mark.usefixtures("china_time")


def test_the_local_day_turns_at_local_midnight() -> None:
    assert clock.local_day(dt.datetime(2026, 2, 28, 15, 59, 59, tzinfo=UTC)) == dt.date(2026, 2, 28)
    assert clock.local_day(dt.datetime(2026, 2, 28, 16, 0, tzinfo=UTC)) == dt.date(2026, 3, 1)


def test_a_local_day_begins_at_its_midnight_in_utc() -> None:
    assert clock.local_midnight_utc(dt.date(2026, 3, 1)) == dt.datetime(2026, 2, 28, 16, tzinfo=UTC)
    assert clock.local_midnight_utc(dt.date(2026, 3, 1)).tzinfo == UTC


def test_times_show_in_local_time_to_the_minute() -> None:
    assert clock.format_time(dt.datetime(2026, 2, 28, 16, 5, 59, tzinfo=UTC)) == "2026-03-01 00:05"
    assert clock.format_time(None) == ""
    assert clock.format_date(dt.date(2026, 3, 1)) == "2026-03-01"
    assert clock.format_date(None) == ""


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (3599, "less than an hour ago"),
        (3600, "1 hour ago"),
        (86399, "23 hours ago"),
        (86400, "1 day ago"),
        (3 * 86400 + 5, "3 days ago"),
    ],
)
def test_age_in_words_at_its_boundaries(seconds: int, words: str) -> None:
    now = dt.datetime(2026, 3, 1, 12, tzinfo=UTC)
    assert clock.age_in_words(now - dt.timedelta(seconds=seconds), now) == words


def test_never_backed_up_is_never() -> None:
    assert clock.age_in_words(None) == "never"
