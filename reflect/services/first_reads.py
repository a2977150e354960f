"""The reads the app makes between its first frame and today's check-ins on screen, without pydantic.

Importing pydantic and building models costs more than the rest of that path together, so the
start-up settings (the day start and the theme) and Today's check-ins are read from the stored
documents when every file involved is plainly one the store wrote (`store.month_docs.plain_records`)
and every record passes the model's own checks (`core.checkin.plain`). Otherwise they are read through
the models, exactly as elsewhere. The app reads the whole settings record through its model once
Today is on screen, and applies it if it says otherwise (a record the model would refuse).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from reflect.core.checkin.plain import CheckInView, stamp, view_of
from reflect.core.checkin.quick import VERSION as CHECKIN_VERSION
from reflect.core.journal_day import journal_day
from reflect.store.month_docs import plain_records

if TYPE_CHECKING:
    from reflect.store import Store

SETTINGS_VERSION = 1
"""`Settings.VERSION`."""
DAY_START = "04:00"
"""`Settings().day_start`."""
THEME = "textual-dark"
"""`Settings().theme`."""
_DAY_START = re.compile(r"(0\d|1[01]):[0-5]\d")
"""The pattern `Settings.day_start` is checked against."""


class StartSettings(NamedTuple):
    """What the app needs of the settings before its first area shows data."""

    day_start: str
    theme: str


def start_settings(store: Store) -> StartSettings:
    """The stored day start and theme (the latest edited settings record's, else the defaults)."""
    docs = plain_records(store, "settings", SETTINGS_VERSION)
    picked = None if docs is None else _latest_plain_settings(docs)
    if picked is not None:
        return picked
    settings = store.settings()
    return StartSettings(settings.day_start, settings.theme)


def _latest_plain_settings(docs: list[dict[str, Any]]) -> StartSettings | None:
    if not docs:
        return StartSettings(DAY_START, THEME)
    dated: list[tuple[datetime, dict[str, Any]]] = []
    for doc in docs:
        updated = stamp(doc.get("updated_at"))
        if updated is None or doc.get("kind") != "settings":
            return None
        dated.append((updated, doc))
    dated.sort(key=lambda pair: pair[0])
    if len(dated) > 1 and dated[-1][0] == dated[-2][0]:
        return None  # two edits at one moment: the model path's order decides
    latest = dated[-1][1]
    day_start, theme = latest.get("day_start", DAY_START), latest.get("theme", THEME)
    if day_start.__class__ is not str or not _DAY_START.fullmatch(day_start) or theme.__class__ is not str:
        return None
    return StartSettings(day_start, theme)


def checkins_of_day(store: Store, day: date, day_start: time) -> list[Any]:
    """The check-ins of journal day `day`, oldest first: `CheckInView`s read without pydantic when
    the files are plain, else the `CheckIn` models (`Store.list` over the same days)."""
    views = _plain_checkins(store, day, day_start)
    if views is not None:
        return views
    from reflect.core.models import CheckIn

    around = store.list(CheckIn, day, day + timedelta(days=1))
    return [c for c in around if journal_day(c.at, day_start) == day]


def _plain_checkins(store: Store, day: date, day_start: time) -> list[CheckInView] | None:
    until = day + timedelta(days=1)
    docs = plain_records(store, "checkin", CHECKIN_VERSION, day, until)
    if docs is None:
        return None
    views = []
    for doc in docs:
        view = view_of(doc)
        if view is None:
            return None
        if day <= view.at.date() <= until and journal_day(view.at, day_start) == day:
            views.append(view)
    views.sort(key=lambda v: (v.at.timestamp(), v.created_at.timestamp()))
    return views
