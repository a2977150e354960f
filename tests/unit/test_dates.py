"""Short dates: the year only when it is needed, decided once for a whole list."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from reflect.core.dates import other_year, short_date

TODAY = date(2026, 3, 14)
"""A Saturday."""


def test_this_years_dates_leave_the_year_out_and_other_years_show_it() -> None:
    assert short_date(date(2026, 5, 3), TODAY) == "03 May"
    assert short_date(date(2025, 5, 3), TODAY) == "03 May 2025"
    assert short_date(datetime(2025, 5, 3, 21, 21), TODAY, weekday=True, time=True) == "Sat 03 May 2025 21:21"
    assert short_date(datetime(2026, 3, 14, 9, 0), TODAY, weekday=True, time=True) == "Sat 14 Mar 09:00"


def test_a_list_decides_once_so_its_rows_line_up() -> None:
    rows = [date(2026, 3, 1), date(2025, 12, 30)]
    year = other_year(rows, TODAY)
    assert year and [short_date(d, TODAY, year=year) for d in rows] == ["01 Mar 2026", "30 Dec 2025"]
    assert not other_year([date(2026, 1, 1)], TODAY) and not other_year([], TODAY)


def test_a_time_needs_a_datetime() -> None:
    with pytest.raises(TypeError):
        short_date(date(2026, 3, 14), TODAY, time=True)
