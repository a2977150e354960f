"""Tag effects: mean mood and energy on days with a tag minus days without, with a bootstrap interval.

An effect is reported only with at least `MIN_DAYS` days on each side, and is described as "goes
with", never "causes": a tag and a good day can share a cause (a weekday, the season, a client).

The bootstrap resamples each side (days with, days without) with replacement. To stay fast over
ten years of journal without numpy, values are quantised to 1/32 of a point (one byte each) and
drawn in bulk with `bytes.translate` from pools of seeded random bytes: an exact uniform draw by
rejection when a side has at most DRAWS_CAP days; a side with more days is drawn from its 256
quantiles, DRAWS_CAP at a time, with the spread rescaled to the full side (the m-out-of-n
bootstrap). Each tag and outcome starts at its own offset in the pools, so the same journal always
gives the same interval.
"""

from __future__ import annotations

import random
import threading
import zlib
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from itertools import accumulate
from math import sqrt
from zlib import adler32

MIN_DAYS = 7
"""Days needed on each side (with the tag, without it) before an effect is shown."""

RESAMPLES = 800
"""Bootstrap resamples per effect."""

DRAWS_CAP = 160
"""Most values drawn per resample of one side; a longer side is rescaled (m-out-of-n bootstrap)."""

LEVELS = 255
"""Quantisation levels of a value 1..9 (byte 255 marks a rejected draw)."""

_STEP = (LEVELS - 1) / 8
_REJECT = 255


def _level(value: float) -> int:
    return round((value - 1) * _STEP)


def _draw_table(hist: list[int], n: int) -> tuple[bytes, int, int]:
    """(translate table, accepted byte count L, draws per resample m) for a side's level histogram."""
    if n <= DRAWS_CAP:
        k = 256 // n
        entries: list[int] = []
        for level, count in enumerate(hist):
            if count:
                entries.extend([level] * (count * k))
        accepted = len(entries)
        entries.extend([_REJECT] * (256 - accepted))
        return bytes(entries), accepted, n
    upto = list(accumulate(hist))  # upto[level]: values at or below level
    # the level holding the middle value of each of 256 equal slices
    entries = [bisect_right(upto, (2 * j + 1) * n // 512) for j in range(256)]
    return bytes(entries), 256, DRAWS_CAP


_POOL_BLOCK = 1 << 16
_pools: tuple[bytearray, bytearray] = (bytearray(), bytearray())
_pool_lock = threading.Lock()


def _uniform_bytes(side: int, start: int, n: int) -> bytes:
    """`n` uniform random bytes from position `start` of one side's fixed pool.

    The pools (one for the days with a tag, one for those without) are made once per process from
    fixed seeds, 64 KiB at a time, and shared by every effect: drawing fresh bytes for each of
    dozens of effects cost more than all the rest of the insights. Each effect starts at its own
    seeded offset, so effects still get different draws, and the same journal the same interval.
    """
    pool = _pools[side]
    if len(pool) < start + n:
        with _pool_lock:
            while len(pool) < start + n:
                block = len(pool) // _POOL_BLOCK
                pool += random.Random(f"reflect-bootstrap-{side}-{block}").randbytes(_POOL_BLOCK)
    return bytes(pool[start : start + n])


_SLICES: dict[tuple[int, int], list[slice]] = {}


def _resample_sums(side: int, offset: int, hist: list[int], n: int, count: int) -> tuple[list[int], float, float]:
    """(Adler-32 of each resample's bytes, shift, scale): a deviation is `((s & 0xFFFF) - shift) * scale`."""
    table, accepted, m = _draw_table(hist, n)
    base = sum(table[:accepted]) / accepted if accepted < 256 else sum(table) / 256
    need = count * m
    if accepted == 256:
        drawn = _uniform_bytes(side, offset, need).translate(table)
    else:  # rejection: bytes that map to 255 are dropped
        drawn = b""
        while len(drawn) < need:
            want = int((need - len(drawn)) * 256 / accepted) + 64
            drawn += _uniform_bytes(side, offset, want).translate(table).replace(b"\xff", b"")
            offset += want
    scale = sqrt(m / n) / (m * _STEP)
    shift = base * m + 1  # Adler-32's low half is 1 + the byte sum (m <= 256 bytes of <= 254 never wrap)
    slices = _SLICES.get((m, count))
    if slices is None:
        slices = _SLICES[(m, count)] = [slice(i, i + m) for i in range(0, need, m)]
    return list(map(adler32, map(memoryview(drawn).__getitem__, slices))), shift, scale


def _percentile(sorted_values: list[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..1) of an ascending list."""
    pos = (len(sorted_values) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def _histogram(values: Iterable[float]) -> list[int]:
    hist = [0] * LEVELS
    for v in values:
        hist[_level(v)] += 1
    return hist


def _interval(diff: float, hw: list[int], nw: int, ho: list[int], no: int, seed: str) -> tuple[float, float]:
    offset = zlib.crc32(seed.encode("utf-8")) % _POOL_BLOCK
    a, shift_a, ka = _resample_sums(0, offset, hw, nw, RESAMPLES)
    b, shift_b, kb = _resample_sums(1, offset, ho, no, RESAMPLES)
    c = diff - shift_a * ka + shift_b * kb  # diff + deviation(a) - deviation(b), the constants folded
    diffs = sorted([c + (x & 0xFFFF) * ka - (y & 0xFFFF) * kb for x, y in zip(a, b, strict=True)])
    return _percentile(diffs, 0.025), _percentile(diffs, 0.975)


def bootstrap_interval(with_values: list[float], without_values: list[float], seed: str) -> tuple[float, float]:
    """A 95% percentile bootstrap interval of mean(with) - mean(without), seeded by `seed`."""
    diff = sum(with_values) / len(with_values) - sum(without_values) / len(without_values)
    return _interval(
        diff, _histogram(with_values), len(with_values), _histogram(without_values), len(without_values), seed
    )


def effects(
    rows: list[tuple[float | None, float | None]] | list[tuple], tag_days: dict[str, list[int]], min_days: int = MIN_DAYS
) -> tuple[list[dict], list[dict]]:
    """Effects of tags on daily mean mood and energy, from rows (mean mood, mean energy or None;
    one per day) and, per tag, the indexes of the rows with it (ascending).

    Returns (effects, waiting): effects with at least `min_days` days on both sides, biggest first,
    as dicts `{tag, outcome, difference, n_with, n_without, low, high, phrase}`; and the tags still
    waiting for data as `{tag, n_with, n_without}` (mood day counts).
    """
    found: list[dict] = []
    counts: dict[str, tuple[int, int]] = {}
    for outcome, index in (("mood", 0), ("energy", 1)):
        values = [row[index] for row in rows]
        levels = [round((v - 1) * _STEP) if v is not None else -1 for v in values]
        total_hist = [0] * LEVELS
        for level in levels:
            if level >= 0:
                total_hist[level] += 1
        total_n = sum(total_hist)
        total_sum = sum(v for v in values if v is not None)
        for tag, idx in tag_days.items():
            if not isinstance(tag, str):
                continue
            vals = [values[i] for i in idx if values[i] is not None]
            nw, no = len(vals), total_n - len(vals)
            if outcome == "mood":
                counts[tag] = (nw, no)
            if nw < min_days or no < min_days:
                continue
            hw = [0] * LEVELS
            for level, k in Counter(map(levels.__getitem__, idx)).items():
                if level >= 0:
                    hw[level] = k
            ho = [t - w for t, w in zip(total_hist, hw, strict=True)]
            with_sum = sum(vals)
            diff = with_sum / nw - (total_sum - with_sum) / no
            low, high = _interval(diff, hw, nw, ho, no, f"{tag}:{outcome}")
            found.append(
                {
                    "tag": tag,
                    "outcome": outcome,
                    "difference": round(diff, 2),
                    "n_with": nw,
                    "n_without": no,
                    "low": round(low, 2),
                    "high": round(high, 2),
                    "phrase": describe(tag, outcome, diff, low, high),
                }
            )
    shown = {e["tag"] for e in found}
    waiting = [{"tag": t, "n_with": c[0], "n_without": c[1]} for t, c in counts.items() if t not in shown]
    found.sort(key=lambda e: (-abs(e["difference"]), e["tag"], e["outcome"]))
    waiting.sort(key=lambda w: (-w["n_with"], w["tag"]))
    return found, waiting


def describe(tag: str, outcome: str, diff: float, low: float, high: float) -> str:
    """A plain sentence: '#tag goes with 0.8 higher mood (95% interval +0.3 to +1.2)'."""
    shown = round(diff, 1)
    direction = "higher" if shown > 0 else "lower" if shown < 0 else "no different"
    size = f"{abs(shown):.1f} " if shown else ""
    sure = "" if low > 0 or high < 0 else "; could be chance"
    return f"#{tag} goes with {size}{direction} {outcome} (95% interval {_signed(low)} to {_signed(high)}{sure})"


def _signed(value: float) -> str:
    """One decimal with its sign; two where one would show a nonzero end as "-0.0" or "+0.0",
    since which side of zero an interval ends on is the point."""
    if round(value, 1):
        return f"{value:+.1f}"
    return f"{value:+.2f}" if round(value, 2) else "0.0"
