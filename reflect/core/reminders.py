"""Reminders to check in and to reflect: their times, and whether one is still needed now.

Pure logic: `due` looks at the check-ins and reflections of the reminder's window and answers
with the text to show, or None when the user already did it. The schedulers that call
`reflect remind run` (a systemd user timer or a crontab entry) live in `reflect.services.remind`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, time, timedelta

from reflect.core.errors import BadInput
from reflect.core.journal_day import journal_day
from reflect.core.models import CheckIn, Reflection

GRACE = timedelta(minutes=90)
"""A reminder time counts as due for this long (a machine that was asleep at 10:00 reminds at 10:40)."""
MAX_TIMES = 8
"""At most this many times a day for each kind."""
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def parse_times(text: str, field: str = "reminder times") -> list[str]:
    """`"10:00, 15:30"` as sorted unique `["10:00", "15:30"]` ("" or "off": none); BadInput otherwise."""
    items = [t for t in re.split(r"[\s,]+", text.strip()) if t]
    if items in ([], ["off"]):
        return []
    out = set()
    for item in items:
        m = _TIME.match(item)
        if not m:
            raise BadInput(f"{field} must be times HH:MM separated by commas or spaces (or off), not {item!r}")
        out.add(f"{int(m.group(1)):02d}:{m.group(2)}")
    if len(out) > MAX_TIMES:
        raise BadInput(f"{field}: at most {MAX_TIMES} times a day, not {len(out)}")
    return sorted(out)


def _window(now: datetime, times: list[str], day_start: time) -> tuple[datetime, datetime] | None:
    """(window start, reminder moment) of the latest reminder time due now, or None."""
    moments = [datetime.combine(now.date(), time(int(t[:2]), int(t[3:])), tzinfo=now.tzinfo) for t in times]
    due = [m for m in moments if m <= now < m + GRACE]
    if not due:
        return None
    at = due[-1]
    start = datetime.combine(journal_day(now, day_start), day_start, tzinfo=now.tzinfo)
    earlier = [m for m in moments if start <= m < at]
    return (earlier[-1] if earlier else start), at


def due_checkin(now: datetime, times: list[str], day_start: time, checkins: Iterable[CheckIn]) -> str | None:
    """The check-in reminder's text when one is due now and no check-in was made since the last one."""
    window = _window(now, times, day_start)
    if window is None:
        return None
    if any(window[0] <= c.at <= now for c in checkins if c.deleted_at is None):
        return None
    return "How are your mood and energy? Open reflect and press m (two digits and Enter)."


def due_reflection(now: datetime, times: list[str], day_start: time, reflections: Iterable[Reflection]) -> str | None:
    """The reflection reminder's text when one is due now and that session was not started today."""
    window = _window(now, times, day_start)
    if window is None:
        return None
    session = "morning" if (day_start.hour, day_start.minute) <= (window[1].hour, window[1].minute) < (12, 0) else "evening"
    today = journal_day(now, day_start)
    if any(r.day == today and (r.session == session or r.updated_at >= window[0]) for r in reflections if r.deleted_at is None):
        return None
    return f"Time for your {session} reflection: open reflect and press r."
