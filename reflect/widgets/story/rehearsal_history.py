"""A text chart of a variant's rehearsals: duration against target, pace, hints, ratings, and the pace and fillers heard."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.widgets import Static

from reflect.core.dates import other_year, short_date
from reflect.core.models import Rehearsal
from reflect.typed_app import reflect_app

BAR = 16
"""Width of the duration bar, in cells."""

SPARK = "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588"
"""Eighth-height blocks for the heard pace and filler charts."""


def heard(run: Rehearsal) -> tuple[float | None, int] | None:
    """(real pace, fillers) a listened run heard, or None when the run was not listened to."""
    if not isinstance(run.speech, dict):
        return None
    wpm = run.speech.get("wpm")
    fillers = run.speech.get("fillers") or []
    count = sum(f.get("count", 0) for f in fillers if isinstance(f, dict) and isinstance(f.get("count"), int))
    return (float(wpm) if isinstance(wpm, (int, float)) else None, count)


def spark(values: list[float], top: float) -> str:
    """One block per value, its height against `top`."""
    return "".join(SPARK[min(len(SPARK) - 1, int(v / top * (len(SPARK) - 1)))] if top > 0 else SPARK[0] for v in values)


def render_heard(runs: list[Rehearsal], limit: int = 30) -> Text:
    """The real pace and fillers of the listened runs over time, oldest first."""
    listened = [(r, h) for r in sorted(runs, key=lambda r: r.started_at) if (h := heard(r)) is not None][-limit:]
    out = Text()
    if not listened:
        return out
    paces = [h[0] or 0.0 for _, h in listened]
    fillers = [float(h[1]) for _, h in listened]
    out.append(f"Heard, {len(listened)} listened runs (oldest to newest):\n", style="dim")
    out.append("pace    ")
    out.append(spark(paces, max(paces + [200.0])), style="cyan")
    out.append(f" {listened[0][1][0] or 0:.0f} -> {paces[-1]:.0f} wpm (band 120-160)\n")
    out.append("fillers ")
    out.append(spark(fillers, max(fillers + [1.0])), style="yellow")
    out.append(f" {fillers[0]:.0f} -> {fillers[-1]:.0f}\n")
    return out


def render_history(runs: list[Rehearsal], limit: int = 8, today: date | None = None) -> Text:
    """The newest `limit` runs as rows with a bar; the target marked with |. Every row's date shows
    the year when a run is from another year than `today`'s (without `today`: when the runs are
    from more than one year)."""
    out = Text()
    if not runs:
        out.append("No runs yet. Press space to start the first.", style="dim")
        return out
    everything, runs = runs, sorted(runs, key=lambda r: r.started_at)[-limit:]
    today = today or runs[-1].started_at.date()
    year = other_year((r.started_at for r in runs), today)
    scale = max(max(r.duration_seconds for r in runs), max((r.target_seconds or 0) for r in runs), 1.0)
    out.append(("The latest run" if len(runs) == 1 else f"The {len(runs)} latest runs") + " (bar: duration, | target)\n", style="dim")
    for r in runs:
        filled = round(BAR * r.duration_seconds / scale)
        mark = round(BAR * (r.target_seconds or 0) / scale) if r.target_seconds else -1
        over = bool(r.target_seconds and r.duration_seconds > r.target_seconds)
        out.append(f"{short_date(r.started_at, today, year=year)} ")
        for i in range(BAR):
            if i == mark:
                out.append("|", style="bold")
            else:
                out.append("\u2588" if i < filled else "\u00b7", style=("red" if over else "green") if i < filled else "dim")
        rated = [x for x in (r.clarity, r.confidence, r.naturalness) if x]
        stars = f" \u2605{sum(rated) / len(rated):.1f}" if rated else ""
        pace = f" {r.wpm:.0f}wpm" if r.wpm else ""
        level = f" L{r.level}" if r.mode == "cards" else ""
        got = heard(r)
        ear = f" heard {got[0]:.0f}wpm f{got[1]}" if got and got[0] is not None else (" heard nothing" if got else "")
        out.append(f" {r.duration_seconds:.0f}s{pace}{level} h{r.hints} s{r.stumbles}{stars}{ear}\n")
    out.append_text(render_heard(everything))
    return out


class RehearsalHistory(Static):
    """Shows a variant's rehearsal history."""

    DEFAULT_CSS = """
    RehearsalHistory { height: auto; border: round $primary 50%; border-title-color: $text; padding: 0 1; }
    """

    def on_mount(self) -> None:
        """Title."""
        self.border_title = "History"

    reflect = reflect_app
    """The app, typed."""

    def show(self, runs: list[Rehearsal]) -> None:
        """Redraw."""
        self.update(render_history(runs, today=self.reflect.today()))
