"""Insights: pure functions over plain record dicts (as `Store.raw_docs` returns them).

Nothing here touches the store or the UI. `compute_insights` is the one entry point the CLI and the
Insights screen share; every figure is computed from the check-ins' own local time (the hour the
user lived), never converted to UTC. Sections with too little data say so instead of guessing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from reflect import content
from reflect.core.focus_insights import focus_insights
from reflect.core.tag_effects import MIN_DAYS, tag_effects

WINDOWS = (7, 30, 90, 365)
"""The chart windows, in days."""

MIN_PER_HOUR = 3
"""Check-ins an hour needs before it can be a peak energy hour."""

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")



def _scale(value: Any) -> int | None:
    return value if type(value) is int and 1 <= value <= 9 else None


_VALID = frozenset(range(1, 10))
_HOURS = {f"T{h:02d}": h for h in range(24)}


class Scan:
    """Everything the insights need from the check-ins, gathered in one pass without pydantic.

    `days`: per ISO day [mood sum, count, energy sum, energy count, set of tags]; `hour_sum` /
    `hour_n` (24) and `heat_sum` / `heat_n` (7 x 24, Monday first) hold energy in the recent window;
    `work_marks` are (day, hour) of work-tagged check-ins since `work_since`; `same_day` holds the
    check-ins from this month and day in earlier years. Malformed records are skipped, never fatal.
    """

    def __init__(self, docs: Iterable[dict[str, Any]], today: date, recent_from: str, work_since: str, work_tags: set[str]) -> None:
        self.days: dict[str, list[Any]] = {}
        self.hour_sum = [0] * 24
        self.hour_n = [0] * 24
        self.heat_sum = [0] * 168
        self.heat_n = [0] * 168
        self.work_marks: list[tuple[str, int]] = []
        self.same_day: list[dict[str, Any]] = []
        self.recent = 0
        days = self.days
        valid, hours = _VALID, _HOURS
        hour_sum, hour_n, heat_sum, heat_n = self.hour_sum, self.hour_n, self.heat_sum, self.heat_n
        last = today.isoformat()
        suffix, year = last[4:10], last[:4]
        marks = self.work_marks
        same_day = self.same_day
        for d in docs:
            at = d.get("at")
            mood = d.get("mood")
            if mood not in valid or type(mood) is not int or type(at) is not str:
                continue
            hour = hours.get(at[10:13])
            day = at[:10]
            if hour is None or day > last:
                continue
            slot = days.get(day)
            if slot is None:
                parsed = _day(day)
                slot = days[day] = [0, 0, 0, 0, set(), (parsed.weekday() if parsed else 0) * 24]
            slot[0] += mood
            slot[1] += 1
            tags = d.get("tags")
            if tags and type(tags) is list:
                try:
                    slot[4].update(tags)
                except TypeError:  # an odd stored value inside tags: ignore it
                    pass
                if day >= work_since and work_tags.intersection(t for t in tags if type(t) is str):
                    marks.append((day, hour))
            energy = d.get("energy")
            if energy in valid and type(energy) is int:
                slot[2] += energy
                slot[3] += 1
                if day >= recent_from:
                    hour_sum[hour] += energy
                    hour_n[hour] += 1
                    cell = slot[5] + hour
                    heat_sum[cell] += energy
                    heat_n[cell] += 1
            if at.startswith(suffix, 4) and at[:4] < year:
                same_day.append(d)
        self.recent = sum(s[1] for day, s in days.items() if day >= recent_from)

    def table(self, since: str = "") -> dict[str, tuple[float, float | None, set[str]]]:
        """Per-day (mean mood, mean energy or None, tags) for the days from `since` on."""
        return {
            day: (s[0] / s[1], s[2] / s[3] if s[3] else None, s[4])
            for day, s in self.days.items()
            if day >= since
        }


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def series(table: dict[str, tuple], today: date, window: int) -> dict[str, Any]:
    """Daily mean mood and energy over the last `window` days (today included), with overall means."""
    daily = []
    moods: list[float] = []
    energies: list[float] = []
    for offset in range(window - 1, -1, -1):
        key = (today - timedelta(days=offset)).isoformat()
        mood, energy, _ = table.get(key, (None, None, None))
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


def year_in_pixels(table: dict[str, tuple], year: int) -> list[dict[str, Any]]:
    """Every day of `year` with its mean mood (None when there was no check-in)."""
    out = []
    day = date(year, 1, 1)
    while day.year == year:
        key = day.isoformat()
        entry = table.get(key)
        out.append({"date": key, "mood": _r(entry[0]) if entry else None})
        day += timedelta(days=1)
    return out


def energy_heatmap(scan: Scan) -> list[list[dict[str, Any]]]:
    """A 7 x 24 grid (Monday first, hour 0-23) of mean energy and check-in counts."""
    return [
        [
            {"energy": _r(scan.heat_sum[w * 24 + h] / scan.heat_n[w * 24 + h]) if scan.heat_n[w * 24 + h] else None,
             "n": scan.heat_n[w * 24 + h]}
            for h in range(24)
        ]
        for w in range(7)
    ]


def energy_by_hour(scan: Scan) -> list[dict[str, Any]]:
    """Mean energy and count for each local hour 0-23."""
    return [
        {"hour": h, "energy": _r(scan.hour_sum[h] / scan.hour_n[h]) if scan.hour_n[h] else None, "n": scan.hour_n[h]}
        for h in range(24)
    ]


def peak_energy_hours(by_hour: list[dict[str, Any]], top: int = 3, min_n: int = MIN_PER_HOUR) -> list[int]:
    """The hours with the highest mean energy (at least `min_n` check-ins each), best first."""
    ranked = [h for h in by_hour if h["n"] >= min_n]
    ranked.sort(key=lambda h: (-h["energy"], -h["n"], h["hour"]))
    return [h["hour"] for h in ranked[:top]]


def streaks(days_with_checkins: Iterable[str], today: date) -> dict[str, int]:
    """Current and longest run of consecutive days with any check-in (back-filled days count).

    The current streak is still alive when today has no check-in yet but yesterday had one.
    """
    days = sorted({d for d in (_day(s) for s in days_with_checkins) if d is not None and d <= today})
    longest = run = 0
    previous: date | None = None
    for d in days:
        run = run + 1 if previous is not None and d - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = d
    present = set(days)
    start = today if today in present else today - timedelta(days=1)
    current = 0
    while start in present:
        current += 1
        start -= timedelta(days=1)
    return {"current": current, "longest": longest}


def on_this_day(checkins: list[dict], reflections: list[dict], today: date) -> list[dict[str, Any]]:
    """Check-ins and reflections from this month and day in earlier years, newest year first."""
    suffix = today.isoformat()[4:]
    found: dict[int, dict[str, Any]] = {}
    for d in checkins:
        at = d.get("at")
        mood = _scale(d.get("mood"))
        if not isinstance(at, str) or at[4:10] != suffix or mood is None:
            continue
        year = _year(at)
        if year is None or year >= today.year:
            continue
        slot = found.setdefault(year, _otd_slot(at[:10], today.year - year))
        slot["checkins"].append(
            {
                "time": at[11:16],
                "mood": mood,
                "energy": _scale(d.get("energy")),
                "emotion": d.get("emotion") if isinstance(d.get("emotion"), str) else None,
                "note": d.get("note")[:280] if isinstance(d.get("note"), str) else "",
            }
        )
    for r in reflections:
        day = r.get("day")
        if not isinstance(day, str) or day[4:10] != suffix:
            continue
        year = _year(day)
        if year is None or year >= today.year:
            continue
        slot = found.setdefault(year, _otd_slot(day[:10], today.year - year))
        slot["reflections"].append({"session": r.get("session"), "frog": r.get("frog")})
    for slot in found.values():
        slot["checkins"].sort(key=lambda c: c["time"])
    return [found[y] for y in sorted(found, reverse=True)]


def _otd_slot(day: str, years_ago: int) -> dict[str, Any]:
    return {"date": day, "years_ago": years_ago, "checkins": [], "reflections": []}


def _year(text: str) -> int | None:
    try:
        return int(text[:4])
    except ValueError:
        return None


def balance(work_marks: list[tuple[str, int]], focus_blocks: list[dict], today: date) -> dict[str, Any]:
    """Work logged late at night or on weekends in the last few days, from focus blocks and work tags.

    `work_marks` are (ISO day, hour) of check-ins carrying a work tag (see `data/insights.json`).
    """
    cfg = content.load("insights")
    window = int(cfg["window_days"])
    late_from, late_until = int(cfg["late_from_hour"]), int(cfg["late_until_hour"])
    first = (today - timedelta(days=window - 1)).isoformat()
    last = today.isoformat()
    late: set[str] = set()
    weekend: set[str] = set()

    def mark(day: str, hour: int) -> None:
        if not first <= day <= last:
            return
        if hour >= late_from or hour < late_until:
            late.add(day)
        d = _day(day)
        if d is not None and d.weekday() >= 5:
            weekend.add(day)

    for b in focus_blocks:
        start = b.get("started_at")
        if type(start) is not str or start < first:
            continue
        if b.get("block_type", "focus") != "focus" or b.get("outcome") == "discarded":
            continue
        for at in (start, b.get("ended_at")):
            if type(at) is str and at[10:13] in _HOURS:
                mark(at[:10], _HOURS[at[10:13]])
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


def recent_balance(checkins: list[dict], focus_blocks: list[dict], today: date) -> dict[str, Any]:
    """The balance section alone, from raw check-ins and focus blocks (for Today)."""
    cfg = content.load("insights")
    work_since = (today - timedelta(days=int(cfg["window_days"]) - 1)).isoformat()
    scan = Scan(checkins, today, today.isoformat(), work_since, set(cfg["work_tags"]))
    return balance(scan.work_marks, focus_blocks, today)


def reflection_summary(reflections: list[dict], first: str, last: str) -> dict[str, Any]:
    """Sessions finished and started in [first, last] by kind, and the frogs named."""
    done: dict[str, int] = {}
    open_: dict[str, int] = {}
    frogs = 0
    for r in reflections:
        day = r.get("day")
        if not isinstance(day, str) or not first <= day <= last:
            continue
        kind = str(r.get("session", "journal"))
        target = done if r.get("status") == "done" else open_
        target[kind] = target.get(kind, 0) + 1
        if r.get("frog"):
            frogs += 1
    return {"done": done, "in_progress": open_, "frogs": frogs}


def compute_insights(
    checkins: list[dict],
    focus_blocks: list[dict],
    reflections: list[dict],
    today: date,
    days: int | None = None,
) -> dict[str, Any]:
    """Every insight as one JSON-ready dict.

    `days` limits the tag effects, hour-of-day figures and reflection counts to the last N days
    (None: the whole journal). Charts always cover 7/30/90/365 days, streaks and "on this day" the
    whole journal. See the README for the schema.

    The cyclic garbage collector is paused meanwhile: the pass allocates many small objects while
    ten years of loaded records sit in memory, and full collections over those (which hold no
    cycles made here) would double the time. It is restored however this returns.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return _compute(checkins, focus_blocks, reflections, today, days)
    finally:
        if paused:
            gc.enable()


def _compute(
    checkins: list[dict], focus_blocks: list[dict], reflections: list[dict], today: date, days: int | None
) -> dict[str, Any]:
    cfg = content.load("insights")
    first = (today - timedelta(days=days - 1)).isoformat() if days else ""
    work_since = (today - timedelta(days=int(cfg["window_days"]) - 1)).isoformat()
    scan = Scan(checkins, today, first, work_since, set(cfg["work_tags"]))
    table = scan.table()
    recent_table = scan.table(first) if days else table
    by_hour = energy_by_hour(scan)
    effects, waiting = tag_effects(recent_table)
    out: dict[str, Any] = {
        "today": today.isoformat(),
        "days": days,
        "checkins": scan.recent,
        "days_with_checkins": len(recent_table),
        "first_day": min(table) if table else None,
        "series": {str(w): series(table, today, w) for w in WINDOWS},
        "year_in_pixels": {"year": today.year, "days": year_in_pixels(table, today.year)},
        "energy_by_hour": by_hour,
        "peak_energy_hours": peak_energy_hours(by_hour),
        "heatmap": energy_heatmap(scan),
        "tag_effects": effects,
        "tags_waiting": waiting,
        "min_days_each_side": MIN_DAYS,
        "streak": streaks(table.keys(), today),
        "on_this_day": on_this_day(scan.same_day, reflections, today),
        "balance": balance(scan.work_marks, focus_blocks, today),
        "reflections": reflection_summary(reflections, first or "0000", today.isoformat()),
        "focus": focus_insights(focus_blocks, checkins, today, days),
    }
    return out


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


RAW_DROP: dict[str, frozenset[str]] = {
    "envelope": frozenset({"id", "kind", "v", "created_at", "updated_at", "deleted_at", "source", "history"}),
    "reflection": frozenset({"answers", "prompts", "episodes", "title", "body", "position", "prompt_set", "tags"}),
    "focus_block": frozenset({"intention", "note", "abandon_reason", "seen_at", "away_choice"}),
}
"""Fields no insight reads: left out when the whole history is loaded, to keep memory small."""


def load_and_compute(store: Any, today: date, days: int | None = None) -> dict[str, Any]:
    """Read the three histories from a store (plain dicts, trimmed) and compute every insight.

    `store` is a `reflect.store.Store` (duck-typed: the domain does not import the store layer).
    Runs for seconds over ten years of data: call it off the event loop.
    """
    from reflect.core.models import CheckIn, FocusBlock, Reflection

    env = RAW_DROP["envelope"]
    checkins = store.raw_docs(CheckIn, drop=env)
    blocks = store.raw_docs(FocusBlock, drop=env | RAW_DROP["focus_block"])
    reflections = store.raw_docs(Reflection, drop=env | RAW_DROP["reflection"])
    return compute_insights(checkins, blocks, reflections, today, days)
