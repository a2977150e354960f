"""Tag effects: how a tag goes with day-level mood and energy, with the other tags and the weekday held fixed.

Tags travel together (coffee on exercise days, a client on Mondays), so the plain difference between
days with a tag and days without can credit a tag with what its companions did. Each outcome (the
day's mean mood, the day's mean energy) is fitted by least squares on one column per frequent tag
(at least `MIN_DAYS` days with it and without it) plus one per weekday; a tag's coefficient is its
effect "with your other tags taken into account". Its 95% interval uses the HC3
heteroskedasticity-robust standard error and Student's t with the model's residual degrees of
freedom. Across every tag and outcome tested, Benjamini–Hochberg keeps the false discovery rate at
`FDR`; an effect not past it is phrased "could be chance". The raw difference is kept beside the
adjusted one. Everything is closed form: the same journal always gives the same answer.

A tag whose days can be told apart from its companions' on fewer than `MIN_SEPARATE` days (it is
(almost) always with another tag, or only on one weekday) cannot be estimated on its own: it is listed
as waiting, with `reason`. Effects are described as "goes with", never "causes": a tag and a good day
can still share a cause nobody tagged.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from copy import deepcopy
from math import sqrt
from types import ModuleType
from typing import TYPE_CHECKING

from reflect.core.insights.student_t import benjamini_hochberg, quantile, two_sided_p

if TYPE_CHECKING:
    import numpy as np

MIN_DAYS = 7
"""Days needed on each side (with the tag, without it) before an effect is estimated."""

MIN_SEPARATE = 3.0
"""Least independent days (residual sum of squares of the tag's column on the others) to estimate it."""

MIN_DF = 3
"""Least residual degrees of freedom (days minus fitted columns) for a model."""

MAX_TAGS = 40
"""Most tags in one model (the most balanced first); more would leave too few days per column."""

FDR = 0.05
"""False discovery rate across all tags and outcomes tested (Benjamini–Hochberg)."""

ADJUSTED = "with your other tags taken into account"
"""The words that say an effect is the adjusted one."""

BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")
"""Where OpenBLAS (numpy's BLAS) reads how many threads to start, first match wins."""


def load_numpy() -> ModuleType:
    """numpy, imported here, not at the top (only computing insights needs it), its BLAS on one thread.

    The fits are a few thousand rows by at most MAX_TAGS + 7 columns: OpenBLAS's worker threads make
    them no faster (slower, measured) and spin between calls, which took a second core from the app
    and doubled the CPU time of a daily run on a busy machine. So when numpy is first imported here and
    the user has not set a thread count, it is imported with OPENBLAS_NUM_THREADS=1, and the
    environment is put back at once: OpenBLAS reads it when numpy loads it, and programs started
    later see the user's own. If numpy was imported elsewhere first, its BLAS is left as it is.
    """
    if "numpy" not in sys.modules and not any(name in os.environ for name in BLAS_THREADS):
        os.environ["OPENBLAS_NUM_THREADS"] = "1"
        try:
            import numpy
        finally:
            os.environ.pop("OPENBLAS_NUM_THREADS", None)
    import numpy

    return numpy


def _weekday_columns(weekdays: Sequence[int] | None, keep: np.ndarray) -> list[np.ndarray]:
    """One 0/1 column per weekday but the first present (the baseline), over the kept rows."""
    np = load_numpy()
    if weekdays is None or len(weekdays) != len(keep):  # no weekdays, or not one per row: leave them out
        return []
    wd = np.asarray(weekdays)[keep]
    present = sorted(set(wd.tolist()))
    return [(wd == d).astype(float) for d in present[1:]]


def _residual_ss(column: np.ndarray, basis: np.ndarray) -> float:
    """How much of `column` the columns of `basis` cannot explain (sum of squared residuals),
    from the small normal equations (a few columns, thousands of days)."""
    np = load_numpy()
    cross = basis.T @ column
    coef = np.linalg.pinv(basis.T @ basis) @ cross
    return float(column @ column - cross @ coef)


def _fit(y: np.ndarray, x: np.ndarray, first_tag: int) -> list[tuple[float, float, float, int]]:
    """OLS of y on x: (coefficient, HC3 standard error, two-sided p, df) for each column from `first_tag` on."""
    np = load_numpy()
    n, p = x.shape
    df = n - p
    xtx_inv = np.linalg.pinv(x.T @ x)
    beta = xtx_inv @ (x.T @ y)
    resid = y - x @ beta
    leverage = np.sum((x @ xtx_inv) * x, axis=1)
    weight = resid**2 / np.maximum(1.0 - leverage, 1e-6) ** 2
    cov = xtx_inv @ ((x.T * weight) @ x) @ xtx_inv
    out = []
    for j in range(first_tag, p):
        se = sqrt(max(float(cov[j, j]), 0.0))
        b = float(beta[j])
        if se < 1e-9:
            t_p = 0.0 if abs(b) > 1e-9 else 1.0
        else:
            t_p = two_sided_p(b / se, df)
        out.append((b, se, t_p, df))
    return out


def _outcome_effects(
    values: list[float | None], tag_days: dict[str, list[int]], weekdays: Sequence[int] | None, min_days: int
) -> tuple[list[dict], dict[str, tuple[int, int]], dict[str, str]]:
    """Effects for one outcome, before the false-discovery step; also day counts and why tags wait."""
    np = load_numpy()
    keep = np.array([v is not None for v in values], dtype=bool)
    position = np.cumsum(keep) - 1  # row index -> index among kept rows
    y = np.array([v for v in values if v is not None], dtype=float)
    n = len(y)
    counts: dict[str, tuple[int, int]] = {}
    columns: dict[str, np.ndarray] = {}
    for tag, idx in tag_days.items():
        if not isinstance(tag, str):
            continue
        col = np.zeros(n)
        rows = np.asarray(idx, dtype=np.int64)
        rows = rows[(rows >= 0) & (rows < len(values))]
        rows = rows[keep[rows]]
        col[position[rows]] = 1.0
        nw = int(col.sum())
        counts[tag] = (nw, n - nw)
        if nw >= min_days and n - nw >= min_days:
            columns[tag] = col
    why: dict[str, str] = {}
    basis = [np.ones(n), *_weekday_columns(weekdays, keep)]
    base = len(basis)
    chosen: list[str] = []
    x = np.column_stack(basis)
    for tag in sorted(columns, key=lambda t: (-min(counts[t]), t)):
        if len(chosen) >= MAX_TAGS or n - x.shape[1] - 1 < MIN_DF:
            why[tag] = "too many tags for the days so far"
        elif _residual_ss(columns[tag], x) < MIN_SEPARATE:
            why[tag] = "always with other tags or on the same weekdays: cannot be told apart yet"
        else:
            x = np.column_stack([x, columns[tag]])
            chosen.append(tag)
    if not chosen:
        return [], counts, why
    found = []
    for tag, (b, se, p, df) in zip(chosen, _fit(y, x, base), strict=True):
        col = columns[tag]
        nw = int(col.sum())
        raw = float(y[col == 1].mean() - y[col == 0].mean())
        half = quantile(0.975, df) * se
        found.append(
            {"tag": tag, "difference": b, "raw_difference": raw, "n_with": nw, "n_without": n - nw,
             "low": b - half, "high": b + half, "p": p, "adjusted_for": len(chosen) - 1, "df": df}
        )
    return found, counts, why


_last: tuple[tuple, tuple[list[dict], list[dict]]] | None = None
"""The last inputs and answer of `effects`: opening insights again with nothing changed fits nothing."""


def effects(
    rows: list[tuple[float | None, float | None]] | list[tuple],
    tag_days: dict[str, list[int]],
    min_days: int = MIN_DAYS,
    weekdays: Sequence[int] | None = None,
) -> tuple[list[dict], list[dict]]:
    """Adjusted effects of tags on daily mean mood and energy.

    `rows` holds one (mean mood, mean energy or None) per day, `tag_days` per tag the indexes of
    the rows with it, `weekdays` (Monday 0) the weekday of each row, or None to leave weekdays out.

    Returns (effects, waiting): effects biggest first, as dicts `{tag, outcome, difference (adjusted),
    raw_difference, n_with, n_without, low, high (95% interval of the adjusted one), p, q (after
    Benjamini–Hochberg), real (q <= FDR), adjusted_for, phrase}`; and the tags not estimated, as
    `{tag, n_with, n_without}` (mood day counts) plus `reason` when they had enough days.

    Inputs equal to the last call's give a copy of its answer (the fits are closed form: the same
    inputs always give the same answer); anything else is fitted afresh.
    """
    global _last
    key = (list(rows), {tag: list(idx) for tag, idx in tag_days.items()}, min_days,
           None if weekdays is None else list(weekdays))
    last = _last
    if last is not None and last[0] == key:
        return deepcopy(last[1])
    answer = _effects(rows, tag_days, min_days, weekdays)
    _last = (key, deepcopy(answer))
    return answer


def _effects(
    rows: list[tuple[float | None, float | None]] | list[tuple],
    tag_days: dict[str, list[int]],
    min_days: int,
    weekdays: Sequence[int] | None,
) -> tuple[list[dict], list[dict]]:
    found: list[dict] = []
    counts: dict[str, tuple[int, int]] = {}
    reasons: dict[str, str] = {}
    for outcome, index in (("mood", 0), ("energy", 1)):
        values = [row[index] for row in rows]
        part, outcome_counts, why = _outcome_effects(values, tag_days, weekdays, min_days)
        for e in part:
            e["outcome"] = outcome
        found.extend(part)
        if outcome == "mood":
            counts, reasons = outcome_counts, why
    for e, q in zip(found, benjamini_hochberg([e["p"] for e in found]), strict=True):
        e["q"] = q
        e["real"] = q <= FDR
        e["phrase"] = describe(e["tag"], e["outcome"], e["difference"], e["low"], e["high"], e["real"], e["raw_difference"])
        for key in ("difference", "raw_difference", "low", "high"):
            e[key] = round(e[key], 2)
        e["p"], e["q"] = round(e["p"], 4), round(q, 4)
    shown = {e["tag"] for e in found}
    waiting = []
    for tag, (nw, no) in counts.items():
        if tag not in shown:
            waiting.append({"tag": tag, "n_with": nw, "n_without": no, **({"reason": reasons[tag]} if tag in reasons else {})})
    found.sort(key=lambda e: (not e["real"], -abs(e["difference"]), e["tag"], e["outcome"]))
    waiting.sort(key=lambda w: (-w["n_with"], w["tag"]))
    return found, waiting


def describe(
    tag: str, outcome: str, diff: float, low: float, high: float, real: bool | None = None, raw: float | None = None
) -> str:
    """A plain sentence: '#tag goes with 0.8 higher mood with your other tags taken into account
    (95% interval +0.3 to +1.2; raw difference +1.1)'. `real` False (or, when None, an interval
    holding zero) adds "could be chance"."""
    shown = round(diff, 1)
    direction = "higher" if shown > 0 else "lower" if shown < 0 else "no different"
    size = f"{abs(shown):.1f} " if shown else ""
    if real is None:
        real = low > 0 or high < 0
    context = f" {ADJUSTED}" if raw is not None else ""
    extra = f"; raw difference {_signed(raw)}" if raw is not None else ""
    sure = "" if real else "; could be chance"
    ends = _signed(low), _signed(high)
    if ends[0] == ends[1] and low != high:  # "-1.6 to -1.6" would read as no uncertainty at all
        ends = f"{low:+.2f}", f"{high:+.2f}"
    return f"#{tag} goes with {size}{direction} {outcome}{context} (95% interval {ends[0]} to {ends[1]}{extra}{sure})"


def _signed(value: float) -> str:
    """One decimal with its sign; two where one would show a nonzero end as "-0.0" or "+0.0",
    since which side of zero an interval ends on is the point."""
    if round(value, 1):
        return f"{value:+.1f}"
    return f"{value:+.2f}" if round(value, 2) else "0.0"
