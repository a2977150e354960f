"""Focus insights: pure functions over plain FocusBlock and check-in dicts (from `Store.raw_docs`).

Best focus hours (completion and quality by hour and weekday, the best window in words),
energy-aware advice (completion by block length at each energy level, only with enough data),
interruptions by hour and kind, focus minutes per day and week. Built for ten years of blocks:
timestamps are read by slicing their ISO text where that is enough, and parsed only when needed.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime, timedelta
from typing import Any

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
FINISHED = frozenset({"done", "partial", "derailed", "abandoned"})
"""Outcomes that say how a block went (discarded and open blocks are left out)."""
MIN_BLOCKS = 5
"""Fewest blocks behind a rate before it is shown as a finding."""
ENERGY_BANDS = (("low", 1, 3, "at energy 3 or less"), ("mid", 4, 6, "at energy 4 to 6"), ("high", 7, 9, "at energy 7 or more"))
LENGTHS = (("short", 0, 30, "up-to-30-minute"), ("medium", 30, 60, "31-to-60-minute"), ("long", 60, 10**6, "longer"))
_BAND_OF = {e: name for name, lo, hi, _ in ENERGY_BANDS for e in range(lo, hi + 1)}
CHECKIN_WINDOW = 2 * 3600
"""A check-in up to this long before a block gives its energy when the block has none of its own."""


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_DAY_SECONDS: dict[str, int] = {}


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


def _rate(done: int, n: int) -> float | None:
    return round(done / n, 3) if n else None


def _mean(total: float, n: int) -> float | None:
    return round(total / n, 2) if n else None


def _cell() -> list[float]:
    return [0, 0, 0.0, 0]  # blocks, done, quality sum, quality count


def _cell_dict(c: list[float]) -> dict[str, Any]:
    return {"blocks": int(c[0]), "completion": _rate(int(c[1]), int(c[0])), "quality": _mean(c[2], int(c[3]))}


def _hours_words(start: int, end: int) -> str:
    def word(h: int) -> str:
        return "morning" if h < 12 else "afternoon" if h < 17 else "evening"

    return f"{start:02d}:00-{end:02d}:00 ({word(start)})"


def focus_insights(blocks: list[dict], checkins: list[dict], today: date, days: int | None) -> dict:
    """Everything the insights screen and `reflect insights` show about focus (JSON-ready)."""
    first = today - timedelta(days=days - 1) if days else None
    first_s, today_s = (first.isoformat() if first else "0000"), today.isoformat()
    weekday_of: dict[str, int] = {}
    cells_n = [0] * 168  # by weekday * 24 + hour: finished blocks, done, quality sum, quality count
    cells_done = [0] * 168
    cells_q = [0] * 168
    cells_qn = [0] * 168
    per_day: dict[str, float] = {}
    interrupt_hours = [[0, 0] for _ in range(24)]
    rated: list[tuple[str, str, int, float, bool, int | None]] = []  # (day, HH:MM, second, minutes, done, own energy)
    total_blocks = 0
    for b in blocks:
        started = b.get("started_at")
        if not isinstance(started, str) or len(started) < 19 or b.get("block_type", "focus") != "focus":
            continue
        day = started[:10]
        if day > today_s or day < first_s:
            continue
        outcome = b.get("outcome")
        if outcome == "discarded":
            continue
        wd = weekday_of.get(day)
        try:
            if wd is None:
                wd = weekday_of[day] = date.fromisoformat(day).weekday()
            hour = int(started[11:13])
            secs = hour * 3600 + int(started[14:16]) * 60 + int(started[17:19])
        except ValueError:
            continue
        total_blocks += 1
        inters = b.get("interruptions")
        if inters:
            _count_interruptions(inters, interrupt_hours)
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
            per_day[day] = per_day.get(day, 0.0) + total / 60
        if outcome not in FINISHED:
            continue
        done = outcome == "done"
        k = wd * 24 + hour
        cells_n[k] += 1
        cells_done[k] += done
        quality = b.get("focus_quality")
        if quality.__class__ is int:
            cells_q[k] += quality
            cells_qn[k] += 1
        eb = b.get("energy_before")
        rated.append((day, started[11:16], secs, (b.get("planned_seconds") or 0) / 60, done, eb if eb.__class__ is int else None))
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
        "best_window": _best_window(by_hour, by_weekday),
        "energy": _energy_advice(rated, checkins),
        "interruptions": _interruptions(interrupt_hours, total_blocks),
        "minutes": _minutes(per_day, today),
    }


def _secs_of_day(text: str) -> int:
    """Local seconds since midnight of an ISO time (0 when it has no time part)."""
    try:
        return int(text[11:13]) * 3600 + int(text[14:16]) * 60 + int(text[17:19])
    except ValueError:
        return 0


def _paused(pauses: list, ended: str) -> float:
    """Seconds inside pause intervals (an open one runs to the block's end)."""
    total = 0.0
    for p in pauses:
        if isinstance(p, dict):
            ps, pe = _ts(p.get("start")), _ts(p.get("end") or ended)
            if ps is not None and pe is not None and pe > ps:
                total += pe - ps
    return total


def _count_interruptions(inters: list, hours: list[list[int]]) -> None:
    for inter in inters:
        at = inter.get("at") if isinstance(inter, dict) else None
        if isinstance(at, str) and len(at) >= 13 and at[11:13].isdigit():
            hours[int(at[11:13]) % 24][1 if inter.get("source") == "external" else 0] += 1


def _best_window(by_hour: list[list[float]], by_weekday: list[list[float]]) -> dict[str, Any] | None:
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
    words = f"Your best focus window is {_hours_words(h, h + 2)}: {rate:.0%} of blocks finished"
    if quality:
        words += f", focus quality {quality:.1f} of 5"
    if best_day:
        words += f"; your best day is {best_day}"
    return {"start_hour": h, "end_hour": h + 2, "completion": round(rate, 3),
            "quality": round(quality, 2) if quality else None, "best_weekday": best_day, "words": words + "."}


def _energy_advice(rated: list[tuple[str, str, int, float, bool, int | None]], checkins: list[dict]) -> dict[str, Any]:
    """Completion by block length at each energy level, and advice where the data is there.

    A block's energy is its own rating, else the latest check-in up to two hours before it that day.
    """
    by_day: dict[str, list[tuple[str, int]]] | None = None
    table: dict[str, dict[str, list[int]]] = {band: {length: [0, 0] for length, *_ in LENGTHS} for band, *_ in ENERGY_BANDS}
    for day, hhmm, secs, minutes, done, energy in rated:
        if energy is None:
            if by_day is None:
                by_day = _checkins_by_day(checkins)
            same_day = by_day.get(day)
            if same_day:
                i = bisect_right(same_day, (hhmm, 10)) - 1
                if i >= 0 and secs - (int(same_day[i][0][:2]) * 3600 + int(same_day[i][0][3:5]) * 60) <= CHECKIN_WINDOW:
                    energy = same_day[i][1]
        if energy is None or not 1 <= energy <= 9:
            continue
        length = "short" if minutes <= 30 else "medium" if minutes <= 60 else "long"
        cell = table[_BAND_OF[energy]][length]
        cell[0] += 1
        cell[1] += done
    advice = []
    for band, _lo, _hi, words in ENERGY_BANDS:
        cells = [(name, label, table[band][name]) for name, _a, _b, label in LENGTHS if table[band][name][0] >= MIN_BLOCKS]
        if len(cells) < 2:
            continue
        cells.sort(key=lambda c: c[2][1] / c[2][0])
        (_, worst_label, worst), (_, best_label, best) = cells[0], cells[-1]
        worst_rate, best_rate = worst[1] / worst[0], best[1] / best[0]
        if best_rate - worst_rate >= 0.15:
            advice.append(f"{words.capitalize()} your {worst_label} blocks finish {worst_rate:.0%} of the time; "
                          f"{best_label} ones {best_rate:.0%}.")
    return {
        "by_band": {band: {length: {"blocks": c[0], "completion": _rate(c[1], c[0])} for length, c in row.items()}
                    for band, row in table.items()},
        "advice": advice,
    }


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
    weeks: dict[str, float] = {}
    for day, minutes in per_day.items():
        d = date.fromisoformat(day)
        key = (d - timedelta(days=d.weekday())).isoformat()
        weeks[key] = weeks.get(key, 0.0) + minutes
    this_week = (today - timedelta(days=today.weekday())).isoformat()
    return {
        "per_day": {d: round(m, 1) for d, m in sorted(per_day.items())},
        "per_week": {w: round(m, 1) for w, m in sorted(weeks.items())},
        "today": round(per_day.get(today.isoformat(), 0.0), 1),
        "this_week": round(weeks.get(this_week, 0.0), 1),
        "total": round(sum(per_day.values()), 1),
    }
