"""Adding per-day sums up: `Totals` for the days asked about, and `digest`, a kept month's form.

A day map (`reflect.core.insights.days`) has one entry per day. `Totals` adds day maps up for the
days from `first` to `last`, and `digest` condenses one month's map into what the insight cache
keeps: per-day figures only where insights list days, month totals for the rest. Adding a month's
digest gives the same `Totals` as adding its day map, which the tests check through JSON.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reflect.core.insights.days import DayMap, day_ordinal


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

    def add_digest(self, dg: dict[str, Any], month: str, whole: bool) -> None:
        """Add a kept month (see `digest`). `whole`: the month lies in [first, last] entirely;
        otherwise it must lie before `first` (only its days' check-in figures count then)."""
        prefix = month + "-"
        days = [prefix + _DAY_NAMES[d] for d in dg["days"]]
        c = dg["c"]
        have = self.days
        for i, day in enumerate(days):
            if day in have:  # a day found in two files
                self._put_day(day, *c[4 * i:4 * i + 4])
            else:
                have[day] = c[4 * i:4 * i + 4]
        tag_days = self.tag_days
        for tag, indexes in dg["tags"].items():
            found = tag_days.get(tag)
            if found is None:
                tag_days[tag] = {days[i] for i in indexes}
            else:
                found.update([days[i] for i in indexes])
        if whole:
            f = dg["f"]
            focus = self.focus_days
            for j in range(0, len(f), 3):
                day = prefix + _DAY_NAMES[f[j]]
                if day in focus:
                    self._put_focus(day, f[j + 1], f[j + 2])
                else:
                    focus[day] = [f[j + 1], f[j + 2]]
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

    def tag_rows(self, since: str = "", table: dict[str, tuple[float, float | None]] | None = None,
                 ) -> tuple[list[tuple[float, float | None]], dict[str, list[int]]]:
        """(rows, tag -> row indexes) for `tag_effects.effects`: one row per day from `since` on.
        `table`: `self.table(since)` when the caller has it already."""
        if table is None:
            table = self.table(since)
        index = {day: i for i, day in enumerate(table)}
        tag_index = {}
        for tag, days in self.tag_days.items():
            rows = sorted(index[d] for d in days if d in index)
            if rows:
                tag_index[tag] = rows
        return list(table.values()), tag_index


_DAY_NAMES = [f"{d:02d}" for d in range(100)]
"""Day of month -> its two digits ("07")."""


def weekday(day: str) -> int:
    """Monday 0 .. Sunday 6 of an ISO day (0 for text that is not a date)."""
    ordinal = day_ordinal(day)
    return 0 if ordinal is None else (ordinal + 6) % 7
