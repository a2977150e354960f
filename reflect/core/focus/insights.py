"""Focus insights: pure functions over a day map (`reflect.core.insights.days`) of focus blocks.

Best focus hours (completion and quality by hour and weekday, the best window in words),
energy-aware advice (completion by block length at each energy level, only with enough data),
interruptions by hour and kind, focus minutes per day and week. The pass over the raw blocks is
`insight_days.summarize`; what is here adds up its per-day sums for the days asked about.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time, timedelta
from typing import Any

from reflect.core.insights.days import ENERGY_BANDS, LENGTHS, day_ordinal, summarize
from reflect.core.insights.totals import Totals

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MIN_BLOCKS = 5
"""Fewest blocks behind a rate before it is shown as a finding."""


def _rate(done: int, n: int) -> float | None:
    return round(done / n, 3) if n else None


def _mean(total: float, n: int) -> float | None:
    return round(total / n, 2) if n else None


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
    return {
        "days": days,
        "blocks": total_blocks,
        "finished": finished_blocks,
        "completion": _rate(done_blocks, finished_blocks),
        "by_hour": {str(h): _cell_dict(c) for h, c in enumerate(by_hour) if c[0]},
        "by_weekday": {WEEKDAYS[d]: _cell_dict(c) for d, c in enumerate(by_weekday) if c[0]},
        "heatmap": [[_rate(int(c[1]), int(c[0])) for c in row] for row in heat],
        "heatmap_blocks": [[int(c[0]) for c in row] for row in heat],
        "best_window": _best_window(by_hour, by_weekday, day_start),
        "energy": _energy_advice(totals.energy),
        "interruptions": _interruptions(totals.inter, total_blocks),
        "minutes": _minutes(per_day, today),
    }


def _best_window(by_hour: Sequence[Sequence[float]], by_weekday: Sequence[Sequence[float]],
                 day_start: time = time(0)) -> dict[str, Any] | None:
    """The two-hour window with the best completion (then more blocks, then quality), with enough blocks."""
    best: tuple[float, float, float, int] | None = None
    for h in range(23):
        n = by_hour[h][0] + by_hour[h + 1][0]
        if n < MIN_BLOCKS:
            continue
        rate = (by_hour[h][1] + by_hour[h + 1][1]) / n
        qn = by_hour[h][3] + by_hour[h + 1][3]
        quality = (by_hour[h][2] + by_hour[h + 1][2]) / qn if qn else 0.0
        if best is None or (round(rate, 2), n, quality) > (round(best[0], 2), best[1], best[2]):
            best = (rate, n, quality, h)
    if best is None:
        return None
    rate, _n, quality, h = best
    days = [(c[1] / c[0], d) for d, c in enumerate(by_weekday) if c[0] >= MIN_BLOCKS]
    best_day = WEEKDAYS[max(days)[1]] if days else None
    words = f"Your best focus window is {hours_words(h, h + 2, day_start)}: {rate:.0%} of blocks finished"
    if quality:
        words += f", focus quality {quality:.1f} of 5"
    if best_day:
        words += f"; your best day is {best_day}"
    return {"start_hour": h, "end_hour": h + 2, "completion": round(rate, 3),
            "quality": round(quality, 2) if quality else None, "best_weekday": best_day, "words": words + "."}


def _energy_advice(cells: list[list[int]]) -> dict[str, Any]:
    """Completion by block length at each energy level, and advice where the data is there.

    `cells[band * 3 + length]` is [finished, done]. A block's energy is its own rating, else the
    latest check-in up to two hours before it that day (see `insight_days`).
    """
    table = {band: {length: cells[b * 3 + i] for i, (length, *_) in enumerate(LENGTHS)}
             for b, (band, *_) in enumerate(ENERGY_BANDS)}
    advice = []
    for band, _lo, _hi, words in ENERGY_BANDS:
        found = [(name, label, table[band][name]) for name, _a, _b, label in LENGTHS if table[band][name][0] >= MIN_BLOCKS]
        if len(found) < 2:
            continue
        found.sort(key=lambda c: c[2][1] / c[2][0])
        (_, worst_label, worst), (_, best_label, best) = found[0], found[-1]
        worst_rate, best_rate = worst[1] / worst[0], best[1] / best[0]
        if best_rate - worst_rate >= 0.15:
            advice.append(f"{words.capitalize()} your {worst_label} blocks finish {worst_rate:.0%} of the time; "
                          f"{best_label} ones {best_rate:.0%}.")
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
