"""Per-day partial sums: the one pass over raw records that every insight is built from.

`summarize(checkins, blocks, reflections)` turns plain record dicts (as `Store.raw_docs` returns
them) into a *day map*: ISO day -> what the insights need of that day, and nothing else. Day maps
add up (`merge`), so a month's map can be kept and reused while its files do not change: that is
how ten years of history stay fast (see `reflect.store.insight_cache`). Everything here is
JSON-native (string keys, lists, numbers), so a map read back from a file is the same as a fresh one.
`Totals` adds day maps (and `digest`s, a kept month's condensed form) up for the days asked about.

A day's entry has up to three parts, each present only when the day has such records:

- `"c"` check-ins: `[mood sum, count, energy sum, energy count, tags, hours]` where `tags` is the
  sorted list of string tags used that day and `hours` is `[[hour, energy sum, count], ...]`
  for the check-ins with an energy, by the hour of their local time;
- `"f"` focus blocks started that day: `[blocks, focus minutes, cells, interruptions, energy]`
  with `cells` `[[hour, finished, done, quality sum, quality count], ...]`, `interruptions`
  `[[hour, internal, external], ...]` by the hour each happened, and `energy`
  `[[band * 3 + length, finished, done], ...]` (see `ENERGY_BANDS` and `LENGTHS`);
- `"r"` reflections of that day: `[{session: done}, {session: in progress}, frogs named]`.

Malformed records are skipped, never fatal; the rules for what counts are the ones the insights
document (a check-in needs an integer mood 1-9 and a local time; a block needs a start, the focus
type, and an outcome other than discarded).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

DayMap = dict[str, dict[str, list[Any]]]

_VALID = frozenset(range(1, 10))
_HOURS = {f"T{h:02d}": h for h in range(24)}
FINISHED = frozenset({"done", "partial", "derailed", "abandoned"})
"""Outcomes that say how a block went (discarded and open blocks are left out)."""
ENERGY_BANDS = (("low", 1, 3, "at energy 3 or less"), ("mid", 4, 6, "at energy 4 to 6"), ("high", 7, 9, "at energy 7 or more"))
LENGTHS = (("short", 0, 30, "up-to-30-minute"), ("medium", 30, 60, "31-to-60-minute"), ("long", 60, 10**6, "longer"))
_BAND_INDEX = {e: i for i, (_name, lo, hi, _) in enumerate(ENERGY_BANDS) for e in range(lo, hi + 1)}
CHECKIN_WINDOW = 2 * 3600
"""A check-in up to this long before a block gives its energy when the block has none of its own."""

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_DAY_SECONDS: dict[str, int] = {}


def summarize(checkins: Iterable[dict], blocks: Iterable[dict], reflections: Iterable[dict]) -> DayMap:
    """The day map of these records (any mix of days; each list may be empty)."""
    days: DayMap = {}
    checkins = checkins if isinstance(checkins, list) else list(checkins)
    _add_checkins(days, checkins)
    _add_blocks(days, blocks, checkins)
    _add_reflections(days, reflections)
    return days


# --- check-ins --------------------------------------------------------------------------------


def _add_checkins(days: DayMap, checkins: list[dict]) -> None:
    acc: dict[str, list[Any]] = {}
    valid, hours = _VALID, _HOURS
    for d in checkins:
        at = d.get("at")
        mood = d.get("mood")
        if mood not in valid or type(mood) is not int or type(at) is not str:
            continue
        hour = hours.get(at[10:13])
        if hour is None:
            continue
        day = at[:10]
        slot = acc.get(day)
        if slot is None:
            slot = acc[day] = [0, 0, 0, 0, set(), {}]
        slot[0] += mood
        slot[1] += 1
        tags = d.get("tags")
        if tags and type(tags) is list:
            try:
                slot[4].update(tags)
            except TypeError:  # an odd stored value inside tags: ignore the record's tags
                pass
        energy = d.get("energy")
        if energy in valid and type(energy) is int:
            slot[2] += energy
            slot[3] += 1
            cell = slot[5].get(hour)
            if cell is None:
                slot[5][hour] = [hour, energy, 1]
            else:
                cell[1] += energy
                cell[2] += 1
    for day, s in acc.items():
        entry = days.setdefault(day, {})
        entry["c"] = [s[0], s[1], s[2], s[3], sorted(t for t in s[4] if type(t) is str),
                      sorted(s[5].values())]


# --- focus blocks -----------------------------------------------------------------------------


def _ts(text: Any) -> float | None:
    """Epoch seconds of an ISO 8601 time with an offset, read by slicing (whole seconds are enough).

    `YYYY-MM-DDTHH:MM:SS[.ffffff]+HH:MM` is read directly; anything else goes through datetime.
    """
    try:
        if len(text) >= 25 and text[-6] in "+-" and text[-3] == ":" and text[10] == "T":
            base = _DAY_SECONDS.get(text[:10])
            if base is None:
                base = _DAY_SECONDS[text[:10]] = (date.fromisoformat(text[:10]).toordinal() - _EPOCH_ORDINAL) * 86400
            offset = int(text[-5:-3]) * 3600 + int(text[-2:]) * 60
            return base + int(text[11:13]) * 3600 + int(text[14:16]) * 60 + int(text[17:19]) - (offset if text[-6] == "+" else -offset)
        return datetime.fromisoformat(text).timestamp()
    except (TypeError, ValueError):
        return None


def _paused(pauses: list, ended: str) -> float:
    """Seconds inside pause intervals (an open one runs to the block's end)."""
    total = 0.0
    for p in pauses:
        if isinstance(p, dict):
            ps, pe = _ts(p.get("start")), _ts(p.get("end") or ended)
            if ps is not None and pe is not None and pe > ps:
                total += pe - ps
    return total


def _add_blocks(days: DayMap, blocks: Iterable[dict], checkins: list[dict]) -> None:
    acc: dict[str, list[Any]] = {}  # day -> [blocks, minutes, {hour: cell}, {hour: inter}, {key: energy}]
    parsed: dict[str, bool] = {}
    by_day: dict[str, list[tuple[str, int]]] | None = None
    for b in blocks:
        started = b.get("started_at")
        if not isinstance(started, str) or len(started) < 19 or b.get("block_type", "focus") != "focus":
            continue
        outcome = b.get("outcome")
        if outcome == "discarded":
            continue
        day = started[:10]
        ok = parsed.get(day)
        if ok is None:
            ok = parsed[day] = _is_day(day)
        try:
            if not ok:
                raise ValueError(day)
            hour = int(started[11:13])
            secs = hour * 3600 + int(started[14:16]) * 60 + int(started[17:19])
        except ValueError:
            continue
        slot = acc.get(day)
        if slot is None:
            slot = acc[day] = [0, 0.0, {}, {}, {}]
        slot[0] += 1
        inters = b.get("interruptions")
        if inters:
            _count_interruptions(inters, slot[3])
        ended = b.get("ended_at")
        if not isinstance(ended, str):
            continue
        if ended[:10] == day and ended[-6:] == started[-6:] and len(ended) >= 19:
            try:
                total = int(ended[11:13]) * 3600 + int(ended[14:16]) * 60 + int(ended[17:19]) - secs
            except ValueError:
                total = 0
        else:
            s0, s1 = _ts(started), _ts(ended)
            total = (s1 - s0) if s0 is not None and s1 is not None else 0
        pauses = b.get("pauses")
        if pauses:
            total -= _paused(pauses, ended)
        if total > 0:
            slot[1] += total / 60
        if outcome not in FINISHED:
            continue
        done = outcome == "done"
        cell = slot[2].get(hour)
        if cell is None:
            cell = slot[2][hour] = [hour, 0, 0, 0, 0]
        cell[1] += 1
        cell[2] += done
        quality = b.get("focus_quality")
        if quality.__class__ is int:
            cell[3] += quality
            cell[4] += 1
        energy = b.get("energy_before")
        if energy.__class__ is not int:
            if by_day is None:
                by_day = _checkins_by_day(checkins)
            energy = _energy_near(by_day.get(day), started[11:16], secs)
        band = _BAND_INDEX.get(energy)
        if band is None:
            continue
        minutes = (b.get("planned_seconds") or 0) / 60
        key = band * 3 + (0 if minutes <= 30 else 1 if minutes <= 60 else 2)
        row = slot[4].get(key)
        if row is None:
            row = slot[4][key] = [key, 0, 0]
        row[1] += 1
        row[2] += done
    for day, s in acc.items():
        days.setdefault(day, {})["f"] = [s[0], s[1], sorted(s[2].values()), sorted(s[3].values()), sorted(s[4].values())]


_ORDINALS: dict[str, int | None] = {}


def day_ordinal(text: str) -> int | None:
    """The proleptic ordinal of an ISO day ("2026-03-14"), None for text that is not one. Cached:
    ten years are 3,653 days, and every pass over them asks again."""
    try:
        return _ORDINALS[text]
    except KeyError:
        pass
    try:
        value: int | None = date.fromisoformat(text).toordinal()
    except (TypeError, ValueError):
        value = None
    if len(_ORDINALS) < 100_000:
        _ORDINALS[text] = value
    return value


def _is_day(text: str) -> bool:
    return day_ordinal(text) is not None


def _energy_near(same_day: list[tuple[str, int]] | None, hhmm: str, secs: int) -> Any:
    """The energy of the latest check-in that day up to CHECKIN_WINDOW before the block, or None."""
    if not same_day:
        return None
    i = bisect_right(same_day, (hhmm, 10)) - 1
    if i >= 0 and secs - (int(same_day[i][0][:2]) * 3600 + int(same_day[i][0][3:5]) * 60) <= CHECKIN_WINDOW:
        return same_day[i][1]
    return None


def _checkins_by_day(checkins: list[dict]) -> dict[str, list[tuple[str, int]]]:
    """("HH:MM", energy) of each day's check-ins, sorted (local times compare as text)."""
    out: dict[str, list[tuple[str, int]]] = {}
    for c in checkins:
        e, at = c.get("energy"), c.get("at")
        if e.__class__ is int and at.__class__ is str and len(at) >= 16:
            day = at[:10]
            rows = out.get(day)
            if rows is None:
                out[day] = [(at[11:16], e)]
            else:
                rows.append((at[11:16], e))
    for rows in out.values():
        rows.sort()
    return out


def _count_interruptions(inters: list, hours: dict[int, list[int]]) -> None:
    for inter in inters:
        at = inter.get("at") if isinstance(inter, dict) else None
        if isinstance(at, str) and len(at) >= 13 and at[11:13].isdigit():
            hour = int(at[11:13]) % 24
            row = hours.get(hour)
            if row is None:
                row = hours[hour] = [hour, 0, 0]
            row[2 if inter.get("source") == "external" else 1] += 1


# --- reflections ------------------------------------------------------------------------------


def _add_reflections(days: DayMap, reflections: Iterable[dict]) -> None:
    for r in reflections:
        day = r.get("day")
        if not isinstance(day, str):
            continue
        entry = days.setdefault(day, {})
        part = entry.get("r")
        if part is None:
            part = entry["r"] = [{}, {}, 0]
        kind = str(r.get("session", "journal"))
        target = part[0] if r.get("status") == "done" else part[1]
        target[kind] = target.get(kind, 0) + 1
        if r.get("frog"):
            part[2] += 1


# --- month digests and totals -----------------------------------------------------------------


def digest(day_map: DayMap, month: str) -> dict[str, Any]:
    """A month's day map, condensed for keeping (flat lists of numbers read back fast).

    `days`: the days of the month with check-ins (1-31); `c`: mood sum, count, energy sum, energy
    count for each of them, four numbers a day; `tags`: tag -> indexes into `days`; `f`: day of
    month, blocks, focus minutes for each day with focus blocks; `t`: the month's totals (see
    `Totals.month_totals`). Days in `day_map` outside `month` (records in an odd
    file) keep their full entries under `other`.
    """
    totals = Totals("", "9999-12-31")
    other: DayMap = {}
    inside: DayMap = {}
    for day, entry in day_map.items():
        (inside if day[:7] == month and day_ordinal(day) is not None else other)[day] = entry
    totals.add_days(inside)
    days = sorted(totals.days)
    index = {day: i for i, day in enumerate(days)}
    c: list[int] = []
    for day in days:
        c.extend(totals.days[day])
    f: list[Any] = []
    for day, (blocks, minutes) in sorted(totals.focus_days.items()):
        f.extend((int(day[8:]), blocks, minutes))
    return {
        "days": [int(day[8:]) for day in days],
        "c": c,
        "tags": {tag: sorted(index[d] for d in ds) for tag, ds in sorted(totals.tag_days.items())},
        "f": f,
        "t": totals.month_totals(),
        "other": other,
    }


def _flat(rows: Iterable[list[Any]]) -> list[Any]:
    return [x for row in rows for x in row]


class Totals:
    """The sums every insight is computed from, for days up to `last` (ISO; today).

    For all days: `days` ([mood sum, count, energy sum, energy count] per day with check-ins) and
    `tag_days` (tag -> the days it was used). From `first` on (ISO day; "" for the whole journal)
    only: `recent` check-ins, energy by weekday x hour (`heat_sum`, `heat_n`, Monday first), focus
    `focus_days` ([blocks, minutes] per day), `cells` (finished, done, quality sum, quality count,
    each 168 long by weekday * 24 + hour), `inter` ([internal, external] by hour), `energy`
    ([finished, done] by band * 3 + length) and `refl` ([{session: done}, {session: in progress},
    frogs]). Add day maps with `add_days` and kept months with `add_digest`, each day once.
    """

    def __init__(self, first: str, last: str) -> None:
        self.first = first
        self.last = last
        self.days: dict[str, list[int]] = {}
        self.tag_days: dict[str, set[str]] = {}
        self.recent = 0
        self.heat_sum = [0] * 168
        self.heat_n = [0] * 168
        self.focus_days: dict[str, list[Any]] = {}
        self.cells = [[0] * 168 for _ in range(4)]
        self.inter = [[0, 0] for _ in range(24)]
        self.energy = [[0, 0] for _ in range(9)]
        self.refl: list[Any] = [{}, {}, 0]

    def add_days(self, day_map: DayMap) -> None:
        """Add a day map's days."""
        first, last = self.first, self.last
        heat_sum, heat_n = self.heat_sum, self.heat_n
        cells_n, cells_done, cells_q, cells_qn = self.cells
        for day in sorted(day_map):
            if day > last:
                continue
            entry = day_map[day]
            recent = day >= first
            c = entry.get("c")
            if c is not None:
                self._put_day(day, c[0], c[1], c[2], c[3])
                for tag in c[4]:
                    self._tag(tag).add(day)
                if recent:
                    self.recent += c[1]
                    if c[5]:
                        base = weekday(day) * 24
                        for hour, energy, n in c[5]:
                            heat_sum[base + hour] += energy
                            heat_n[base + hour] += n
            if not recent or day < "0000":
                continue
            f = entry.get("f")
            if f is not None:
                self._put_focus(day, f[0], f[1])
                if f[2]:
                    base = weekday(day) * 24
                    for hour, n, done, q, qn in f[2]:
                        k = base + hour
                        cells_n[k] += n
                        cells_done[k] += done
                        cells_q[k] += q
                        cells_qn[k] += qn
                for hour, internal, external in f[3]:
                    self.inter[hour][0] += internal
                    self.inter[hour][1] += external
                for key, n, done in f[4]:
                    self.energy[key][0] += n
                    self.energy[key][1] += done
            r = entry.get("r")
            if r is not None:
                self._add_reflections(r)

    def month_totals(self) -> dict[str, Any]:
        """The sums that are not per day, as flat rows of numbers: `recent` check-ins, `heat`
        (weekday * 24 + hour, energy sum, count), `cells` (weekday * 24 + hour, finished, done,
        quality sum, quality count), `inter` (hour, internal, external), `energy` (band * 3 +
        length, finished, done) and `r` (reflection counts)."""
        return {
            "recent": self.recent,
            "heat": _flat([k, self.heat_sum[k], self.heat_n[k]] for k in range(168) if self.heat_n[k]),
            "cells": _flat([k, *(row[k] for row in self.cells)] for k in range(168) if self.cells[0][k]),
            "inter": _flat([h, *pair] for h, pair in enumerate(self.inter) if pair[0] or pair[1]),
            "energy": _flat([k, *pair] for k, pair in enumerate(self.energy) if pair[0]),
            "r": self.refl,
        }

    def add_month_totals(self, t: dict[str, Any]) -> None:
        """Add sums made by `month_totals` (of days that all lie in [first, last])."""
        self.recent += t["recent"]
        heat = t["heat"]
        heat_sum, heat_n = self.heat_sum, self.heat_n
        for j in range(0, len(heat), 3):
            heat_sum[heat[j]] += heat[j + 1]
            heat_n[heat[j]] += heat[j + 2]
        cells = t["cells"]
        n, done, q, qn = self.cells
        for j in range(0, len(cells), 5):
            k = cells[j]
            n[k] += cells[j + 1]
            done[k] += cells[j + 2]
            q[k] += cells[j + 3]
            qn[k] += cells[j + 4]
        inter = t["inter"]
        for j in range(0, len(inter), 3):
            self.inter[inter[j]][0] += inter[j + 1]
            self.inter[inter[j]][1] += inter[j + 2]
        energy = t["energy"]
        for j in range(0, len(energy), 3):
            self.energy[energy[j]][0] += energy[j + 1]
            self.energy[energy[j]][1] += energy[j + 2]
        self._add_reflections(t["r"])

    def add_digest(self, dg: dict[str, Any], month: str, whole: bool, with_totals: bool = True) -> None:
        """Add a kept month (see `digest`). `whole`: the month lies in [first, last] entirely;
        otherwise it must lie before `first` (only its days' check-in figures count then).
        `with_totals=False` leaves the month's totals out (the caller adds them up another way)."""
        prefix = month + "-"
        days = [f"{prefix}{d:02d}" for d in dg["days"]]
        c = dg["c"]
        put = self._put_day
        for i, day in enumerate(days):
            j = 4 * i
            put(day, c[j], c[j + 1], c[j + 2], c[j + 3])
        for tag, indexes in dg["tags"].items():
            self._tag(tag).update([days[i] for i in indexes])
        if whole:
            f = dg["f"]
            for j in range(0, len(f), 3):
                self._put_focus(f"{prefix}{f[j]:02d}", f[j + 1], f[j + 2])
            if with_totals:
                self.add_month_totals(dg["t"])
        if dg["other"]:
            self.add_days(dg["other"])

    def _put_day(self, day: str, ms: int, n: int, es: int, en: int) -> None:
        have = self.days.get(day)
        if have is None:
            self.days[day] = [ms, n, es, en]
        else:  # a day found in two files
            have[0] += ms
            have[1] += n
            have[2] += es
            have[3] += en

    def _put_focus(self, day: str, blocks: int, minutes: float) -> None:
        have = self.focus_days.get(day)
        if have is None:
            self.focus_days[day] = [blocks, minutes]
        else:
            have[0] += blocks
            have[1] += minutes

    def _tag(self, tag: str) -> set[str]:
        days = self.tag_days.get(tag)
        if days is None:
            days = self.tag_days[tag] = set()
        return days

    def _add_reflections(self, r: list[Any]) -> None:
        done, open_ = self.refl[0], self.refl[1]
        for kind, n in r[0].items():
            done[kind] = done.get(kind, 0) + n
        for kind, n in r[1].items():
            open_[kind] = open_.get(kind, 0) + n
        self.refl[2] += r[2]

    def table(self, since: str = "") -> dict[str, tuple[float, float | None]]:
        """Per-day (mean mood, mean energy or None) for the days from `since` on, in day order."""
        return {
            day: (s[0] / s[1], s[2] / s[3] if s[3] else None)
            for day, s in sorted(self.days.items())
            if day >= since
        }

    def tag_rows(self, since: str = "") -> tuple[list[tuple[float, float | None]], dict[str, list[int]]]:
        """(rows, tag -> row indexes) for `tag_effects.effects`: one row per day from `since` on."""
        table = self.table(since)
        index = {day: i for i, day in enumerate(table)}
        tag_index = {}
        for tag, days in self.tag_days.items():
            rows = sorted(index[d] for d in days if d in index)
            if rows:
                tag_index[tag] = rows
        return list(table.values()), tag_index


def weekday(day: str) -> int:
    """Monday 0 .. Sunday 6 of an ISO day (0 for text that is not a date)."""
    ordinal = day_ordinal(day)
    return 0 if ordinal is None else (ordinal + 6) % 7
