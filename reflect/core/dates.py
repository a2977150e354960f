"""Short dates as the screens show them: "03 May", with the year only where it is needed.

A date in the current year reads without it; one from another year reads "03 May 2025". A list
decides once for all its rows (`other_year`), so that when any row is from another year every row
shows its year and the columns stay aligned.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime


def other_year(days: Iterable[date], today: date) -> bool:
    """True when any of `days` (dates or datetimes) is not in `today`'s year."""
    return any(day.year != today.year for day in days)


def short_date(day: date, today: date, *, weekday: bool = False, time: bool = False, year: bool | None = None) -> str:
    """`day` as "03 May", "Sun 03 May" with `weekday`, "03 May 21:21" with `time` (a datetime), and
    the year after the month ("03 May 2025 21:21") when `day` is not in `today`'s year, or as `year`
    says when a whole list decided (`other_year`)."""
    if year is None:
        year = day.year != today.year
    text = day.strftime("%d %b")
    if weekday:
        text = f"{day:%a} {text}"
    if year:
        text = f"{text} {day.year}"
    if time:
        if not isinstance(day, datetime):
            raise TypeError("short_date: a time needs a datetime")
        text = f"{text} {day:%H:%M}"
    return text
