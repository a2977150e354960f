"""Focus insights: pure functions over a day map (`reflect.core.insights.days`) of focus blocks.

Best focus hours (completion and quality by hour and weekday, the best window in words),
energy-aware advice (completion by block length at each energy level, only with enough data),
interruptions by hour and kind, focus minutes per day and week. The pass over the raw blocks is
`insight_days.summarize`; what is here adds up its per-day sums for the days asked about.

One rule decides every finding (the best window, the best day, the advice on block length): a
group of blocks takes part only with `MIN_BLOCKS` finished blocks and `MIN_SHARE` of the blocks it
is compared with, and it is named only when its share finished is above the others' by more than
chance. "More than chance" is the lower end of Newcombe's interval for a difference of two shares
(built from their Wilson score intervals) staying above zero, at `CONFIDENCE` for the whole family
of groups compared (Bonferroni: split evenly between them). Among the groups that stand out the
one with the highest Wilson lower bound wins, so a small group's lucky streak never outranks a
large one's steady rate.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, time, timedelta
from statistics import NormalDist
from typing import Any, TypeVar

from reflect.core.insights.days import ENERGY_BANDS, LENGTHS, day_ordinal, summarize
from reflect.core.insights.totals import Totals

K = TypeVar("K")

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MIN_BLOCKS = 30
"""Fewest finished blocks behind a share before it takes part in a finding, the usual floor for a
share: even at 30 the 95% Wilson interval of a 75% share runs from 56% to 86% (the comparison
below takes that width into account; the floor keeps a handful of blocks out altogether)."""
MIN_SHARE = 0.05
"""Least part of the blocks compared that a group must hold to be named: of all finished blocks
for a window or a weekday, of the energy level's blocks for a block length. A window holding 1% of
your blocks is not your window, however well it went."""
MIN_HOUR_SHARE = 0.2
"""Least part of a two-hour window's blocks in each of its hours, so that its share speaks for
both; below it the window is described by the hour that holds its blocks (a window whose second
hour is empty is one hour, not two)."""
CONFIDENCE = 0.95
"""Confidence of each family of comparisons (the windows, the weekdays, the block lengths), split
between the comparisons made (Bonferroni), so that with no real difference anywhere a finding is
claimed in at most 5% of journals."""
ADVICE_GAP = 0.15
"""Smallest difference between two block lengths' shares finished worth advice (15 points)."""


def _rate(done: int, n: int) -> float | None:
    return round(done / n, 3) if n else None


def _mean(total: float, n: int) -> float | None:
    return round(total / n, 2) if n else None


def _z(comparisons: int) -> float:
    """The normal quantile for `CONFIDENCE` split between `comparisons` two-sided comparisons."""
    return NormalDist().inv_cdf(1 - (1 - CONFIDENCE) / (2 * max(1, comparisons)))


def wilson(done: int, n: int, z: float) -> tuple[float, float]:
    """The Wilson score interval of the share `done / n` (n > 0) at the normal quantile `z`."""
    p = done / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def beats(a: tuple[int, int], b: tuple[int, int], z: float) -> bool:
    """Whether the share finished of `a` (finished, done) is above `b`'s by more than chance: the
    lower end of Newcombe's hybrid score interval for the difference is above zero."""
    if not a[0] or not b[0]:
        return False
    pa, pb = a[1] / a[0], b[1] / b[0]
    low_a, _ = wilson(a[1], a[0], z)
    _, high_b = wilson(b[1], b[0], z)
    return pa - pb - math.hypot(pa - low_a, high_b - pb) > 0


def _standing_out(groups: dict[K, tuple[int, int]], n_all: int, done_all: int,
                  z: float) -> tuple[K, tuple[float, float]] | None:
    """Of `groups` (key: (finished, done)), each compared with the rest of the `n_all` finished
    blocks (`done_all` done), the key standing out with the highest Wilson lower bound (then more
    blocks, then the first key), and its interval."""
    best: tuple[float, int] | None = None
    best_key: K | None = None
    for key, (n, done) in groups.items():
        if not beats((n, done), (n_all - n, done_all - done), z):
            continue
        low = wilson(done, n, z)[0]
        if best is None or (low, n) > best:
            best, best_key = (low, n), key
    if best_key is None:
        return None
    return best_key, wilson(groups[best_key][1], groups[best_key][0], z)


def _cell_dict(c: Sequence[float]) -> dict[str, Any]:
    return {"blocks": int(c[0]), "completion": _rate(int(c[1]), int(c[0])), "quality": _mean(c[2], int(c[3]))}


def hours_words(start: int, end: int, day_start: time = time(0)) -> str:
    """"HH:00-HH:00 (part of the day)"; hours after midnight and before the day starts are the
    night before ("late night"), never "morning"."""
    late = start * 60 < day_start.hour * 60 + day_start.minute
    word = ("late night" if late else "night" if start < 5 or start >= 22 else "morning" if start < 12
            else "afternoon" if start < 17 else "evening")
    return f"{start:02d}:00-{end:02d}:00 ({word})"


def focus_insights(blocks: list[dict[str, Any]], checkins: list[dict[str, Any]], today: date, days: int | None,
                   day_start: time = time(0)) -> dict[str, Any]:
    """Everything the insights screen and `reflect insights` show about focus (JSON-ready), by
    journal day (a block started before `day_start` counts for the day before)."""
    totals = Totals((today - timedelta(days=days - 1)).isoformat() if days else "", today.isoformat())
    totals.add_days(summarize(checkins, blocks, (), day_start))
    return focus_from_totals(totals, today, days, day_start)


def focus_from_totals(totals: Totals, today: date, days: int | None, day_start: time = time(0)) -> dict[str, Any]:
    """The focus insights from the journal's `Totals` (see `reflect.core.insights.days`); `day_start`
    names the hours before it as the night before."""
    cells_n, cells_done, cells_q, cells_qn = totals.cells
    per_day = {day: f[1] for day, f in sorted(totals.focus_days.items()) if f[1] > 0}
    total_blocks = sum(f[0] for f in totals.focus_days.values())
    heat = [[[cells_n[k], cells_done[k], cells_q[k], cells_qn[k]] for k in range(d * 24, d * 24 + 24)] for d in range(7)]
    by_hour = [[sum(heat[d][h][i] for d in range(7)) for i in range(4)] for h in range(24)]
    by_weekday = [[sum(heat[d][h][i] for h in range(24)) for i in range(4)] for d in range(7)]
    finished_blocks, done_blocks = sum(cells_n), sum(cells_done)
    window, compared = _best_window(by_hour, finished_blocks, done_blocks)
    weekday = _best_weekday(by_weekday, finished_blocks, done_blocks)
    words = _window_words(window, compared, weekday, finished_blocks, done_blocks, day_start)
    if window is not None:
        window["best_weekday"] = weekday["weekday"] if weekday else None
        window["words"] = words
    return {
        "days": days,
        "blocks": total_blocks,
        "finished": finished_blocks,
        "completion": _rate(done_blocks, finished_blocks),
        "by_hour": {str(h): _cell_dict(c) for h, c in enumerate(by_hour) if c[0]},
        "by_weekday": {WEEKDAYS[d]: _cell_dict(c) for d, c in enumerate(by_weekday) if c[0]},
        "heatmap": [[_rate(int(c[1]), int(c[0])) for c in row] for row in heat],
        "heatmap_blocks": [[int(c[0]) for c in row] for row in heat],
        "best_window": window,
        "best_weekday": weekday,
        "window_words": words,
        "rule": {"min_blocks": MIN_BLOCKS, "min_share": MIN_SHARE, "min_hour_share": MIN_HOUR_SHARE,
                 "confidence": CONFIDENCE},
        "energy": _energy_advice(totals.energy),
        "interruptions": _interruptions(totals.inter, total_blocks),
        "minutes": _minutes(per_day, today),
    }


def _found(key_name: str, key: int, group: tuple[int, int], interval: tuple[float, float], n_all: int,
           done_all: int) -> dict[str, Any]:
    n, done = group
    return {key_name: key, "blocks": n, "completion": round(done / n, 3),
            "low": round(interval[0], 3), "high": round(interval[1], 3),
            "others": {"blocks": n_all - n, "completion": _rate(done_all - done, n_all - n)}}


def _windows(by_hour: Sequence[Sequence[float]]) -> dict[tuple[int, int], tuple[int, int]]:
    """Every window of two neighbouring hours, (start, end) -> (finished, done), each described by
    the hours that hold its blocks: when one of the two holds under `MIN_HOUR_SHARE` of them, the
    window is the other hour alone (with that hour's blocks only)."""
    windows: dict[tuple[int, int], tuple[int, int]] = {}
    for h in range(23):
        first, second = int(by_hour[h][0]), int(by_hour[h + 1][0])
        if not first + second:
            continue
        if min(first, second) >= MIN_HOUR_SHARE * (first + second):
            windows[(h, h + 2)] = (first + second, int(by_hour[h][1] + by_hour[h + 1][1]))
        else:
            one = h if first > second else h + 1
            windows[(one, one + 1)] = (int(by_hour[one][0]), int(by_hour[one][1]))
    return windows


def _best_window(by_hour: Sequence[Sequence[float]], n_all: int,
                 done_all: int) -> tuple[dict[str, Any] | None, int]:
    """The window (see `_windows`) that finishes more of its blocks than the other hours by more
    than chance, by the rule in the module's docstring, or None; and how many windows had blocks
    enough to be compared."""
    windows = {key: group for key, group in _windows(by_hour).items()
               if group[0] >= MIN_BLOCKS and group[0] >= MIN_SHARE * n_all}
    found = _standing_out(windows, n_all, done_all, _z(len(windows)))
    if found is None:
        return None, len(windows)
    (start, end), interval = found
    out = _found("start_hour", start, windows[(start, end)], interval, n_all, done_all)
    rated = int(sum(by_hour[h][3] for h in range(start, end)))
    quality = sum(by_hour[h][2] for h in range(start, end)) / rated if rated >= MIN_BLOCKS else None
    out.update({"end_hour": end, "quality": round(quality, 2) if quality is not None else None, "rated": rated})
    return out, len(windows)


def _best_weekday(by_weekday: Sequence[Sequence[float]], n_all: int, done_all: int) -> dict[str, Any] | None:
    """The weekday that finishes more of its blocks than the other days by more than chance, or None."""
    days = {d: (int(c[0]), int(c[1])) for d, c in enumerate(by_weekday)
            if c[0] >= MIN_BLOCKS and c[0] >= MIN_SHARE * n_all}
    found = _standing_out(days, n_all, done_all, _z(len(days)))
    if found is None:
        return None
    d, interval = found
    return {"weekday": WEEKDAYS[d], **_found("day", d, days[d], interval, n_all, done_all)}


def _against(group: dict[str, Any]) -> str:
    """"82% of 6,462 blocks finished, against 78% of your other 15,846" (to a tenth of a percent
    when whole percents would look the same)."""
    mine, others = group["completion"], group["others"]["completion"]
    form = ".0%" if f"{mine:.0%}" != f"{others:.0%}" else ".1%"
    return (f"{mine:{form}} of {group['blocks']:,} blocks finished, against {others:{form}} of your other "
            f"{group['others']['blocks']:,}")


def _window_words(window: dict[str, Any] | None, compared: int, weekday: dict[str, Any] | None, n_all: int,
                  done_all: int, day_start: time) -> str | None:
    """The sentence about the best window (and the best day), or why no window is named; None
    without finished blocks."""
    if not n_all:
        return None
    if window is not None:
        hours = hours_words(window["start_hour"], window["end_hour"], day_start)
        words = f"Your best focus window is {hours}: {_against(window)}"
        if window["quality"] is not None:
            words += f"; focus quality {window['quality']:.1f} of 5 on average"
        words += "."
    elif not compared:
        words = (f"Not enough blocks in any two-hour window yet to name your best focus window (a window needs "
                 f"{MIN_BLOCKS} blocks and {MIN_SHARE:.0%} of all yours; you have {n_all:,}).")
    else:
        words = (f"No two-hour window stands out yet: {done_all / n_all:.0%} of your {n_all:,} blocks finished, and "
                 f"no window with blocks enough finishes more of its own than your other hours by more than chance.")
    if weekday is not None:
        words += f" Your best day is {weekday['weekday']}: {_against(weekday)}."
    return words


def _energy_advice(cells: list[list[int]]) -> dict[str, Any]:
    """Completion by block length at each energy level, and advice where the data is there.

    `cells[band * 3 + length]` is [finished, done]. A block's energy is its own rating, else the
    latest check-in up to two hours before it that day (see `insight_days`). At each energy level
    the lengths with blocks enough (the module's rule, the share of that level's blocks) are
    compared two by two, every pair of every level in one family; advice names the length with the
    highest Wilson lower bound against the one with the lowest upper bound when the gap is at least
    `ADVICE_GAP` and more than chance.
    """
    table = {band: {length: cells[b * 3 + i] for i, (length, *_) in enumerate(LENGTHS)}
             for b, (band, *_) in enumerate(ENERGY_BANDS)}
    compared = []
    for band, _lo, _hi, words in ENERGY_BANDS:
        in_band = sum(c[0] for c in table[band].values())
        found = [(label, (int(c[0]), int(c[1]))) for name, _a, _b, label in LENGTHS
                 if (c := table[band][name])[0] >= MIN_BLOCKS and c[0] >= MIN_SHARE * in_band]
        compared.append((words, found))
    z = _z(sum(len(found) * (len(found) - 1) // 2 for _, found in compared))
    advice = []
    for words, found in compared:
        if len(found) < 2:
            continue
        best_label, best = max(found, key=lambda f: (wilson(f[1][1], f[1][0], z)[0], f[1][0]))
        worst_label, worst = min(found, key=lambda f: (wilson(f[1][1], f[1][0], z)[1], -f[1][0]))
        best_rate, worst_rate = best[1] / best[0], worst[1] / worst[0]
        if best_label != worst_label and best_rate - worst_rate >= ADVICE_GAP and beats(best, worst, z):
            advice.append(f"{words.capitalize()} your {worst_label} blocks finish {worst_rate:.0%} of the time "
                          f"(of {worst[0]:,}); {best_label} ones {best_rate:.0%} (of {best[0]:,}).")
    return {
        "by_band": {band: {length: {"blocks": c[0], "completion": _rate(c[1], c[0])} for length, c in row.items()}
                    for band, row in table.items()},
        "advice": advice,
    }


def _interruptions(hours: list[list[int]], blocks: int) -> dict[str, Any]:
    internal = sum(h[0] for h in hours)
    external = sum(h[1] for h in hours)
    worst = max(range(24), key=lambda h: sum(hours[h])) if internal + external else None
    return {
        "internal": internal,
        "external": external,
        "per_block": round((internal + external) / blocks, 2) if blocks else None,
        "by_hour": {str(h): {"internal": c[0], "external": c[1]} for h, c in enumerate(hours) if c[0] or c[1]},
        "worst_hour": worst,
    }


def _minutes(per_day: dict[str, float], today: date) -> dict[str, Any]:
    days = sorted(per_day.items())  # once: the weeks and the total add up in day order
    weeks: dict[str, float] = {}
    mondays: dict[int, str] = {}
    for day, minutes in days:
        ordinal = day_ordinal(day)
        monday = ordinal - (ordinal + 6) % 7  # type: ignore[operator]
        key = mondays.get(monday)
        if key is None:
            key = mondays[monday] = date.fromordinal(monday).isoformat()
        weeks[key] = weeks.get(key, 0.0) + minutes
    this_week = (today - timedelta(days=today.weekday())).isoformat()
    return {
        "per_day": {d: round(m, 1) for d, m in days},
        "per_week": {w: round(m, 1) for w, m in weeks.items()},  # made in day order: already in week order
        "today": round(per_day.get(today.isoformat(), 0.0), 1),
        "this_week": round(weeks.get(this_week, 0.0), 1),
        "total": round(sum(m for _, m in days), 1),
    }
