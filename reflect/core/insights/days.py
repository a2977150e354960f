"""Per-day partial sums: the one pass over raw records that every insight is built from.

`summarize(checkins, blocks, reflections)` turns plain record dicts (as `Store.raw_docs` returns
them) into a *day map*: ISO day -> what the insights need of that day, and nothing else. A month's
map can be kept and reused while its files do not change: that is how ten years of history stay
fast (see `reflect.services.insight_cache`). Everything here is JSON-native (string keys, lists,
numbers), so a map read back from a file is the same as a fresh one. `insight_totals.Totals` adds
day maps up for the days asked about.

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

Days are journal days (`reflect.core.journal_day`): with the day starting at 04:00, a check-in or a
block started at 00:30 counts for the day before. Hours stay the local clock hour.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from operator import itemgetter
from datetime import date, datetime, time, timedelta
from typing import Any

DayMap = dict[str, dict[str, list[Any]]]

VALID_SCALE = frozenset(range(1, 10))
"""Mood and energy values that count."""
HOUR_OF = {f"T{h:02d}": h for h in range(24)}
"""The hour of an ISO time from its characters 10-13 ("T09" -> 9): the local hour, never parsed."""
FINISHED = frozenset({"done", "partial", "derailed", "abandoned"})
"""Outcomes that say how a block went (discarded and open blocks are left out)."""
ENERGY_BANDS = (("low", 1, 3, "at energy 3 or less"), ("mid", 4, 6, "at energy 4 to 6"), ("high", 7, 9, "at energy 7 or more"))
LENGTHS = (("short", 0, 30, "up-to-30-minute"), ("medium", 30, 60, "31-to-60-minute"), ("long", 60, 10**6, "longer"))
_BAND_INDEX = {e: i for i, (_name, lo, hi, _) in enumerate(ENERGY_BANDS) for e in range(lo, hi + 1)}
CHECKIN_WINDOW = 2 * 3600
"""A check-in up to this long before a block gives its energy when the block has none of its own."""

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_DAY_SECONDS: dict[str, int] = {}


def summarize(checkins: Iterable[dict[str, Any]], blocks: Iterable[dict[str, Any]], reflections: Iterable[dict[str, Any]],
              day_start: time = time(0)) -> DayMap:
    """The day map of these records (any mix of days; each list may be empty), by journal day:
    a record from before `day_start` (local time) counts for the day before."""
    days: DayMap = {}
    checkins = checkins if isinstance(checkins, list) else list(checkins)
    cutoff = f"{day_start.hour:02d}:{day_start.minute:02d}"
    _add_checkins(days, checkins, cutoff)
    _add_blocks(days, blocks, checkins, cutoff)
    _add_reflections(days, reflections)
    return days


# --- check-ins --------------------------------------------------------------------------------


_DAY_BEFORE: dict[str, str] = {}


def day_before(day: str) -> str:
    """The ISO day before an ISO day (cached: the same few thousand days come back every pass)."""
    before = _DAY_BEFORE.get(day)
    if before is None:
        before = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
        if len(_DAY_BEFORE) < 100_000:
            _DAY_BEFORE[day] = before
    return before


_CHECKIN_FIELDS = itemgetter("at", "mood", "energy", "tags")


def _add_checkins(days: DayMap, checkins: list[dict[str, Any]], cutoff: str = "00:00") -> None:
    acc: dict[str, list[Any]] = {}
    valid, hours = VALID_SCALE, HOUR_OF
    try:  # the stored form has every field: one C-level pass picks them
        rows = list(map(_CHECKIN_FIELDS, checkins))
    except KeyError:
        rows = [(d.get("at"), d.get("mood"), d.get("energy"), d.get("tags")) for d in checkins]
    for at, mood, energy, tags in rows:
        if mood.__class__ is not int or mood not in valid or at.__class__ is not str:
            continue
        hour = hours.get(at[10:13])
        if hour is None:
            continue
        day = at[:10]
        if at[11:16] < cutoff:
            try:
                day = day_before(day)
            except ValueError:
                continue
        slot = acc.get(day)
        if slot is None:
            slot = acc[day] = [0, 0, 0, 0, set(), {}]
        slot[0] += mood
        slot[1] += 1
        if tags and tags.__class__ is list:
            try:
                slot[4].update(tags)
            except TypeError:  # an odd stored value inside tags: ignore the record's tags
                pass
        if energy.__class__ is int and energy in valid:
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


def _paused(pauses: list[Any], ended: str) -> float:
    """Seconds inside pause intervals (an open one runs to the block's end)."""
    total = 0.0
    for p in pauses:
        if isinstance(p, dict):
            ps, pe = _ts(p.get("start")), _ts(p.get("end") or ended)
            if ps is not None and pe is not None and pe > ps:
                total += pe - ps
    return total


_BLOCK_FIELDS = itemgetter("started_at", "block_type", "outcome", "ended_at", "interruptions", "pauses",
                           "focus_quality", "energy_before", "planned_seconds")
_CLOCK: dict[str, tuple[int, int] | None] = {}


def _clock(hhmm: str) -> tuple[int, int] | None:
    """(hour, seconds from midnight to the minute) of "HH:MM" (characters 11-15 of an ISO time), read
    as `int` reads each part, or None when one is not a number. Cached: a day has 1,440 minutes."""
    try:
        hour = int(hhmm[:2])
        value: tuple[int, int] | None = (hour, hour * 3600 + int(hhmm[3:5]) * 60)
    except ValueError:
        value = None
    if len(_CLOCK) < 100_000:
        _CLOCK[hhmm] = value
    return value


def _block_rows(blocks: Iterable[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """The fields `_add_blocks` reads, one tuple per block (the stored form has every field)."""
    blocks = blocks if isinstance(blocks, list) else list(blocks)
    try:
        return list(map(_BLOCK_FIELDS, blocks))
    except KeyError:
        return [(b.get("started_at"), b.get("block_type", "focus"), b.get("outcome"), b.get("ended_at"),
                 b.get("interruptions"), b.get("pauses"), b.get("focus_quality"), b.get("energy_before"),
                 b.get("planned_seconds")) for b in blocks]


def _add_blocks(days: DayMap, blocks: Iterable[dict[str, Any]], checkins: list[dict[str, Any]], cutoff: str = "00:00") -> None:
    acc: dict[str, list[Any]] = {}  # day -> [blocks, minutes, {hour: cell}, {hour: inter}, {key: energy}]
    parsed: dict[str, bool] = {}
    by_day: dict[str, list[tuple[str, int]]] | None = None
    clock = _CLOCK
    for started, kind, outcome, ended, inters, pauses, quality, energy, planned in _block_rows(blocks):
        if not isinstance(started, str) or len(started) < 19 or kind != "focus" or outcome == "discarded":
            continue
        cal = started[:10]  # the calendar day: the clock arithmetic and the check-ins' energy go by it
        ok = parsed.get(cal)
        if ok is None:
            ok = parsed[cal] = _is_day(cal)
        if not ok:
            continue
        hhmm = started[11:16]
        at = clock[hhmm] if hhmm in clock else _clock(hhmm)
        if at is None:
            continue
        hour = at[0]
        try:
            secs = at[1] + int(started[17:19])
        except ValueError:
            continue
        day = day_before(cal) if hhmm < cutoff else cal
        slot = acc.get(day)
        if slot is None:
            slot = acc[day] = [0, 0.0, {}, {}, {}]
        slot[0] += 1
        if inters:
            _count_interruptions(inters, slot[3])
        if not isinstance(ended, str):
            continue
        if ended[:10] == cal and ended[-6:] == started[-6:] and len(ended) >= 19:
            end_hhmm = ended[11:16]
            end = clock[end_hhmm] if end_hhmm in clock else _clock(end_hhmm)
            try:
                total: float = end[1] + int(ended[17:19]) - secs if end is not None else 0
            except ValueError:
                total = 0
        else:
            s0, s1 = _ts(started), _ts(ended)
            total = (s1 - s0) if s0 is not None and s1 is not None else 0
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
        if quality.__class__ is int:
            cell[3] += quality
            cell[4] += 1
        if energy.__class__ is not int:
            if by_day is None:
                by_day = _checkins_by_day(checkins)
            energy = _energy_near(by_day.get(cal), hhmm, secs)
        band = _BAND_INDEX.get(energy)
        if band is None:
            continue
        minutes = (planned or 0) / 60
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


def _checkins_by_day(checkins: list[dict[str, Any]]) -> dict[str, list[tuple[str, int]]]:
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


def _count_interruptions(inters: list[Any], hours: dict[int, list[int]]) -> None:
    for inter in inters:
        at = inter.get("at") if isinstance(inter, dict) else None
        if isinstance(at, str) and len(at) >= 13 and at[11:13].isdigit():
            hour = int(at[11:13]) % 24
            row = hours.get(hour)
            if row is None:
                row = hours[hour] = [hour, 0, 0]
            row[2 if inter.get("source") == "external" else 1] += 1


# --- reflections ------------------------------------------------------------------------------


def _add_reflections(days: DayMap, reflections: Iterable[dict[str, Any]]) -> None:
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
