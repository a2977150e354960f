"""Insights: pure functions over plain record dicts (as `Store.raw_docs` returns them).

Nothing here touches the store or the UI. `compute_insights` is the one entry point the CLI and the
Insights screen share; every figure is computed from the check-ins' own local time (the hour the
user lived), never converted to UTC. Sections with too little data say so instead of guessing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time, timedelta
from typing import Any

from reflect import content
from reflect.core.focus.insights import focus_from_totals
from reflect.core.insights.days import HOUR_OF, VALID_SCALE, day_ordinal, summarize
from reflect.core.insights.totals import Totals, weekday
from reflect.core.insights import tag_effects
from reflect.core.insights.tag_effects import MIN_DAYS
from reflect.core.journal_day import DEFAULT_DAY_START, journal_hour_day

WINDOWS = (7, 30, 90, 365)
"""The chart windows, in days."""

MIN_PER_HOUR = 3
"""Check-ins an hour needs before it can be a peak energy hour."""

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")



def _scale(value: Any) -> int | None:
    return value if type(value) is int and 1 <= value <= 9 else None




def usable_checkins(checkins: Iterable[dict[str, Any]], since: str, today: date) -> list[dict[str, Any]]:
    """Check-ins with an integer mood 1-9 and a local time, on a day in [since, today]."""
    last = today.isoformat()
    out = []
    for d in checkins:
        at, mood = d.get("at"), d.get("mood")
        if type(at) is str and type(mood) is int and mood in VALID_SCALE and at[10:13] in HOUR_OF and since <= at[:10] <= last:
            out.append(d)
    return out


def work_marks(checkins: Iterable[dict[str, Any]], since: str, today: date, work_tags: set[str]) -> list[tuple[str, int]]:
    """(day, hour) of the check-ins from `since` to today that carry a work tag."""
    marks = []
    for d in usable_checkins(checkins, since, today):
        tags = d.get("tags")
        if tags and type(tags) is list and work_tags.intersection(t for t in tags if type(t) is str):
            marks.append((d["at"][:10], HOUR_OF[d["at"][10:13]]))
    return marks


def otd_day(at: str, day_start: time = DEFAULT_DAY_START) -> str:
    """The journal day (YYYY-MM-DD) of a stored check-in time: before the day start, the day before."""
    if at[11:16] < f"{day_start.hour:02d}:{day_start.minute:02d}":
        try:
            return (date.fromisoformat(at[:10]) - timedelta(days=1)).isoformat()
        except ValueError:
            return at[:10]
    return at[:10]


def same_day_checkins(checkins: Iterable[dict[str, Any]], today: date,
                      day_start: time = DEFAULT_DAY_START) -> list[dict[str, Any]]:
    """Usable check-ins whose journal day is this month and day in earlier years (for "on this day")."""
    suffix, year = today.isoformat()[4:10], today.isoformat()[:4]
    # a check-in counts for this day when written on it, or in the small hours of the next one
    # (before the day start), whose date depends on the year: 28 February is followed by 29 February
    # in a leap year. Any other calendar day cannot match, whatever its time.
    written = {suffix}
    for y in (2023, 2024):  # a year without 29 February and one with it
        try:
            written.add((date(y, today.month, today.day) + timedelta(days=1)).isoformat()[4:10])
        except ValueError:  # 29 February in 2023
            pass
    near = (d for d in checkins if type(d.get("at")) is str and d["at"][4:10] in written
            and (day := otd_day(d["at"], day_start))[4:10] == suffix and day[:4] < year)
    return usable_checkins(near, "", today)


def series(table: dict[str, tuple[Any, ...]], today: date, window: int) -> dict[str, Any]:
    """Daily mean mood and energy over the last `window` days (today included), with overall means."""
    daily = []
    moods: list[float] = []
    energies: list[float] = []
    for offset in range(window - 1, -1, -1):
        key = (today - timedelta(days=offset)).isoformat()
        mood, energy = table.get(key, (None, None))
        daily.append({"date": key, "mood": _r(mood), "energy": _r(energy)})
        if mood is not None:
            moods.append(mood)
        if energy is not None:
            energies.append(energy)
    return {
        "days": window,
        "days_with_data": len(moods),
        "mood_mean": _r(sum(moods) / len(moods)) if moods else None,
        "energy_mean": _r(sum(energies) / len(energies)) if energies else None,
        "daily": daily,
    }


def year_in_pixels(table: dict[str, tuple[Any, ...]], year: int) -> list[dict[str, Any]]:
    """Every day of `year` with its mean mood (None when there was no check-in)."""
    out = []
    day = date(year, 1, 1)
    while day.year == year:
        key = day.isoformat()
        entry = table.get(key)
        out.append({"date": key, "mood": _r(entry[0]) if entry else None})
        day += timedelta(days=1)
    return out


def energy_heatmap(scan: Totals) -> list[list[dict[str, Any]]]:
    """A 7 x 24 grid (Monday first, hour 0-23) of mean energy and check-in counts."""
    return [
        [
            {"energy": _r(scan.heat_sum[w * 24 + h] / scan.heat_n[w * 24 + h]) if scan.heat_n[w * 24 + h] else None,
             "n": scan.heat_n[w * 24 + h]}
            for h in range(24)
        ]
        for w in range(7)
    ]


def energy_by_hour(scan: Totals) -> list[dict[str, Any]]:
    """Mean energy and count for each local hour 0-23."""
    out = []
    for h in range(24):
        total = sum(scan.heat_sum[h::24])
        n = sum(scan.heat_n[h::24])
        out.append({"hour": h, "energy": _r(total / n) if n else None, "n": n})
    return out


def peak_energy_hours(by_hour: list[dict[str, Any]], top: int = 3, min_n: int = MIN_PER_HOUR) -> list[int]:
    """The hours with the highest mean energy (at least `min_n` check-ins each), best first."""
    ranked = [h for h in by_hour if h["n"] >= min_n]
    ranked.sort(key=lambda h: (-h["energy"], -h["n"], h["hour"]))
    return [h["hour"] for h in ranked[:top]]


def streaks(days_with_checkins: Iterable[str], today: date) -> dict[str, int]:
    """Current and longest run of consecutive days with any check-in (back-filled days count).

    The current streak is still alive when today has no check-in yet but yesterday had one.
    """
    last = today.toordinal()
    days = sorted({d for d in map(day_ordinal, days_with_checkins) if d is not None and d <= last})
    longest = run = 0
    previous = -2
    for d in days:
        run = run + 1 if d - previous == 1 else 1
        if run > longest:
            longest = run
        previous = d
    present = set(days)
    start = last if last in present else last - 1
    current = 0
    while start in present:
        current += 1
        start -= 1
    return {"current": current, "longest": longest}


def on_this_day(checkins: list[dict[str, Any]], reflections: list[dict[str, Any]], today: date,
                day_start: time = DEFAULT_DAY_START) -> list[dict[str, Any]]:
    """Check-ins and reflections of this journal day (month and day) in earlier years, newest year
    first. A check-in after midnight and before the day start belongs to the day before, as
    everywhere else: late-night notes show on the evening they were part of."""
    suffix = today.isoformat()[4:]
    found: dict[int, dict[str, Any]] = {}
    for d in checkins:
        at = d.get("at")
        mood = _scale(d.get("mood"))
        if not isinstance(at, str) or mood is None:
            continue
        day = otd_day(at, day_start)
        if day[4:10] != suffix:
            continue
        year = _year(day)
        if year is None or year >= today.year:
            continue
        slot = found.setdefault(year, _otd_slot(day, today.year - year))
        slot["checkins"].append(
            {
                "time": at[11:16],
                "mood": mood,
                "energy": _scale(d.get("energy")),
                "emotion": d.get("emotion") if isinstance(d.get("emotion"), str) else None,
                "note": d["note"][:280] if isinstance(d.get("note"), str) else "",
            }
        )
    for r in reflections:
        rday = r.get("day")
        if not isinstance(rday, str) or rday[4:10] != suffix:
            continue
        year = _year(rday)
        if year is None or year >= today.year:
            continue
        slot = found.setdefault(year, _otd_slot(rday[:10], today.year - year))
        slot["reflections"].append({"session": r.get("session"), "frog": r.get("frog")})
    start = f"{day_start.hour:02d}:{day_start.minute:02d}"
    for slot in found.values():
        slot["checkins"].sort(key=lambda c: (c["time"] < start, c["time"]))  # after midnight comes last
    return [found[y] for y in sorted(found, reverse=True)]


def _otd_slot(day: str, years_ago: int) -> dict[str, Any]:
    return {"date": day, "years_ago": years_ago, "checkins": [], "reflections": []}


def _year(text: str) -> int | None:
    try:
        return int(text[:4])
    except ValueError:
        return None


def balance(work_marks: list[tuple[str, int]], focus_blocks: list[dict[str, Any]], today: date,
            day_start: time = DEFAULT_DAY_START) -> dict[str, Any]:
    """Work logged late at night or on weekends in the last few days, from focus blocks and work tags.

    `work_marks` are (ISO day, hour) of check-ins carrying a work tag (see `data/insights.json`).
    Work after midnight and before `day_start` is late-night work of the journal day before: Friday
    night's 01:00 is not a weekend day, Sunday night's is.
    """
    cfg = content.load("insights")
    window = int(cfg["window_days"])
    late_from, late_until = int(cfg["late_from_hour"]), int(cfg["late_until_hour"])
    first = (today - timedelta(days=window - 1)).isoformat()
    last = today.isoformat()
    late: set[str] = set()
    weekend: set[str] = set()

    def mark(day: str, hour: int) -> None:
        if hour * 60 < day_start.hour * 60 + day_start.minute:
            try:
                day = journal_hour_day(date.fromisoformat(day), hour, day_start).isoformat()
            except ValueError:
                return
        if not first <= day <= last:
            return
        if hour >= late_from or hour < late_until:
            late.add(day)
        if weekday(day) >= 5:  # 0 (never the weekend) for text that is not a date
            weekend.add(day)

    for b in focus_blocks:
        start = b.get("started_at")
        if type(start) is not str or start < first:
            continue
        if b.get("block_type", "focus") != "focus" or b.get("outcome") == "discarded":
            continue
        for at in (start, b.get("ended_at")):
            if type(at) is str and at[10:13] in HOUR_OF:
                mark(at[:10], HOUR_OF[at[10:13]])
    for day, hour in work_marks:
        mark(day, hour)
    parts = []
    if len(late) >= int(cfg["late_days_warning"]):
        parts.append(f"late at night ({late_from:02d}:00-{late_until:02d}:00) on {len(late)} of the last {window} days")
    if len(weekend) >= int(cfg["weekend_days_warning"]):
        parts.append(f"on {len(weekend)} weekend day{'s' if len(weekend) != 1 else ''}")
    warning = ("Work logged " + " and ".join(parts) + ".") if parts else None
    return {
        "window_days": window,
        "late_days": sorted(late),
        "weekend_days": sorted(weekend),
        "warning": warning,
    }


def recent_balance(checkins: list[dict[str, Any]], focus_blocks: list[dict[str, Any]], today: date,
                   day_start: time = DEFAULT_DAY_START) -> dict[str, Any]:
    """The balance section alone, from raw check-ins and focus blocks (for Today)."""
    cfg = content.load("insights")
    work_since = (today - timedelta(days=int(cfg["window_days"]) - 1)).isoformat()
    marks = work_marks(checkins, work_since, today + timedelta(days=1), set(cfg["work_tags"]))
    return balance(marks, focus_blocks, today, day_start)


def compute_insights(
    checkins: list[dict[str, Any]],
    focus_blocks: list[dict[str, Any]],
    reflections: list[dict[str, Any]],
    today: date,
    days: int | None = None,
    day_start: time = DEFAULT_DAY_START,
) -> dict[str, Any]:
    """Every insight as one JSON-ready dict, from the raw records of the whole journal.

    `today` is the journal day (see `reflect.core.journal_day`); every per-day figure counts a
    record from before `day_start` for the day before.

    `days` limits the tag effects, hour-of-day figures, focus figures and reflection counts to the
    last N days (None: the whole journal). Charts always cover 7/30/90/365 days, streaks and "on this
    day" the whole journal. See the README for the schema. `reflect.services.insight_cache` gives the
    same answer from kept per-month sums, reading only what changed.
    """
    totals = Totals(first_day(today, days), today.isoformat())
    totals.add_days(summarize(checkins, focus_blocks, reflections, day_start))
    return insights_from_totals(totals, today, days, checkins, focus_blocks, checkins, reflections, day_start)


def first_day(today: date, days: int | None) -> str:
    """The first ISO day of the last `days` days ("" for the whole journal)."""
    return (today - timedelta(days=days - 1)).isoformat() if days else ""


def insights_from_totals(
    totals: Totals,
    today: date,
    days: int | None,
    recent_checkins: list[dict[str, Any]],
    recent_blocks: list[dict[str, Any]],
    otd_checkins: list[dict[str, Any]],
    otd_reflections: list[dict[str, Any]],
    day_start: time = DEFAULT_DAY_START,
) -> dict[str, Any]:
    """Every insight from the whole journal's `Totals` (made with `first_day(today, days)` and
    today), plus the few raw records some need: `recent_checkins` / `recent_blocks` must hold at
    least the balance window's (the last `window_days` of `data/insights.json`), `otd_checkins` /
    `otd_reflections` at least those from this month and day in earlier years. Extra ones are ignored.
    """
    cfg = content.load("insights")
    work_since = (today - timedelta(days=int(cfg["window_days"]) - 1)).isoformat()
    table = totals.table()
    since = totals.first if days else ""
    rows, tag_index = totals.tag_rows(since, None if since else table)
    weekdays = [weekday(day) for day in table if day >= since]  # the rows' order (the table is in day order)
    by_hour = energy_by_hour(totals)
    found, waiting = tag_effects.effects(rows, tag_index, weekdays=weekdays)
    # up to the calendar day after: its small hours belong to today (`balance` places them)
    marks = work_marks(recent_checkins, work_since, today + timedelta(days=1), set(cfg["work_tags"]))
    refl = totals.refl
    return {
        "today": today.isoformat(),
        "days": days,
        "checkins": totals.recent,
        "days_with_checkins": len(rows),
        "first_day": min(table) if table else None,
        "series": {str(w): series(table, today, w) for w in WINDOWS},
        "year_in_pixels": {"year": today.year, "days": year_in_pixels(table, today.year)},
        "energy_by_hour": by_hour,
        "peak_energy_hours": peak_energy_hours(by_hour),
        "heatmap": energy_heatmap(totals),
        "tag_effects": found,
        "tags_waiting": waiting,
        "min_days_each_side": MIN_DAYS,
        "streak": streaks(table.keys(), today),
        "on_this_day": on_this_day(same_day_checkins(otd_checkins, today, day_start), otd_reflections, today, day_start),
        "balance": balance(marks, recent_blocks, today, day_start),
        "reflections": {"done": dict(refl[0]), "in_progress": dict(refl[1]), "frogs": refl[2]},
        "focus": focus_from_totals(totals, today, days, day_start),
    }


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


RAW_DROP: dict[str, frozenset[str]] = {
    "envelope": frozenset({"kind", "v", "created_at", "updated_at", "deleted_at", "source", "history"}),
    "reflection": frozenset({"answers", "prompts", "episodes", "title", "body", "position", "prompt_set", "tags"}),
    "focus_block": frozenset({"intention", "note", "abandon_reason", "seen_at", "away_choice"}),
}
"""Fields no insight reads: left out when history is loaded, to keep memory small."""
