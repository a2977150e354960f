"""The journal day helper: a moment before the day start belongs to the day before."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from reflect.core.errors import BadInput
from reflect.core.journal_day import journal_day, journal_hour_day, next_rollover, parse_day_start
from tests.conftest import TZ


def test_after_midnight_belongs_to_the_day_before_until_the_day_start() -> None:
    assert journal_day(datetime(2026, 3, 14, 0, 30, tzinfo=TZ)) == date(2026, 3, 13)
    assert journal_day(datetime(2026, 3, 14, 3, 59, tzinfo=TZ)) == date(2026, 3, 13)
    assert journal_day(datetime(2026, 3, 14, 4, 0, tzinfo=TZ)) == date(2026, 3, 14)
    assert journal_day(datetime(2026, 3, 14, 23, 59, tzinfo=TZ)) == date(2026, 3, 14)
    assert journal_day(datetime(2026, 3, 14, 0, 30, tzinfo=TZ), time(0)) == date(2026, 3, 14)
    assert journal_day(datetime(2026, 3, 14, 5, 59, tzinfo=TZ), time(6, 0)) == date(2026, 3, 13)
    assert journal_hour_day(date(2026, 3, 14), 1) == date(2026, 3, 13)
    assert journal_hour_day(date(2026, 3, 14), 4) == date(2026, 3, 14)


def test_next_rollover_is_the_next_day_start() -> None:
    assert next_rollover(datetime(2026, 3, 14, 0, 30, tzinfo=TZ)) == datetime(2026, 3, 14, 4, 0, tzinfo=TZ)
    assert next_rollover(datetime(2026, 3, 14, 4, 0, tzinfo=TZ)) == datetime(2026, 3, 15, 4, 0, tzinfo=TZ)
    assert next_rollover(datetime(2026, 3, 14, 22, 0, tzinfo=TZ), time(5, 30)) == datetime(2026, 3, 15, 5, 30, tzinfo=TZ)


def test_day_start_setting_is_checked() -> None:
    assert parse_day_start(" 05:30 ") == time(5, 30)
    for bad in ("12:00", "4", "25:00", "04:60", "x"):
        with pytest.raises(BadInput, match="day start must be HH:MM from 00:00 to 11:59"):
            parse_day_start(bad)


def test_after_midnight_the_suggested_session_is_still_last_nights() -> None:
    from reflect.core.reflection.sessions import suggested_session

    assert suggested_session(datetime(2026, 3, 14, 0, 30, tzinfo=TZ)) == "evening"  # Saturday 00:30: Friday night
    assert suggested_session(datetime(2026, 3, 16, 1, 0, tzinfo=TZ)) == "weekly"  # Monday 01:00: Sunday night
    assert suggested_session(datetime(2026, 3, 14, 4, 30, tzinfo=TZ)) == "morning"
    assert suggested_session(datetime(2026, 3, 14, 0, 30, tzinfo=TZ), time(0)) == "morning"
