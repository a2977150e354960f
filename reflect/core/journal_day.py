"""The journal day: the day a moment belongs to when the user's day starts at, say, 04:00.

Work at 00:30 belongs to the day before (people who work past midnight have not started a new
day yet). Every place that asks "which day is this?" (Today, reflections, the frog, insights,
balance) goes through `journal_day`, with the "day starts at" setting.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from reflect.core.errors import BadInput

DEFAULT_DAY_START = time(4, 0)
"""When a new journal day starts unless the user says otherwise."""


def parse_day_start(text: str) -> time:
    """`HH:MM` (00:00 to 11:59) as a time; BadInput naming what is allowed otherwise."""
    try:
        hour, minute = (int(part) for part in text.strip().split(":"))
    except ValueError:
        raise BadInput(f"day start must be HH:MM from 00:00 to 11:59, not {text!r}") from None
    if not (0 <= hour < 12 and 0 <= minute < 60):
        raise BadInput(f"day start must be HH:MM from 00:00 to 11:59, not {text!r}")
    return time(hour, minute)


def journal_day(moment: datetime, day_start: time = DEFAULT_DAY_START) -> date:
    """The journal day of a moment, in its own local time: before `day_start` it is still the day before."""
    return (moment - timedelta(hours=day_start.hour, minutes=day_start.minute)).date()


def journal_hour_day(day: date, hour: int, day_start: time = DEFAULT_DAY_START) -> date:
    """The journal day of a whole hour on a calendar day (an hour before the day start is the day before's)."""
    return day - timedelta(days=1) if hour * 60 < day_start.hour * 60 + day_start.minute else day


def next_rollover(moment: datetime, day_start: time = DEFAULT_DAY_START) -> datetime:
    """The first moment after `moment` at which the journal day changes (same offset as `moment`)."""
    start = datetime.combine(journal_day(moment, day_start), day_start, tzinfo=moment.tzinfo)
    return start + timedelta(days=1)
