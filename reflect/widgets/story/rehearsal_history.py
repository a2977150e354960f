"""A text chart of a variant's rehearsals: duration against target, pace, hints and ratings."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from reflect.core.models import Rehearsal

BAR = 16
"""Width of the duration bar, in cells."""


def render_history(runs: list[Rehearsal], limit: int = 8) -> Text:
    """The newest `limit` runs as rows with a bar; the target marked with |."""
    out = Text()
    if not runs:
        out.append("No runs yet. Press space to start the first.", style="dim")
        return out
    runs = sorted(runs, key=lambda r: r.started_at)[-limit:]
    scale = max(max(r.duration_seconds for r in runs), max((r.target_seconds or 0) for r in runs), 1.0)
    out.append(f"{len(runs)} latest runs (bar: duration, | target)\n", style="dim")
    for r in runs:
        filled = round(BAR * r.duration_seconds / scale)
        mark = round(BAR * (r.target_seconds or 0) / scale) if r.target_seconds else -1
        over = bool(r.target_seconds and r.duration_seconds > r.target_seconds)
        out.append(f"{r.started_at:%d %b} ")
        for i in range(BAR):
            if i == mark:
                out.append("|", style="bold")
            else:
                out.append("\u2588" if i < filled else "\u00b7", style=("red" if over else "green") if i < filled else "dim")
        rated = [x for x in (r.clarity, r.confidence, r.naturalness) if x]
        stars = f" \u2605{sum(rated) / len(rated):.1f}" if rated else ""
        pace = f" {r.wpm:.0f}wpm" if r.wpm else ""
        level = f" L{r.level}" if r.mode == "cards" else ""
        out.append(f" {r.duration_seconds:.0f}s{pace}{level} h{r.hints} s{r.stumbles}{stars}\n")
    return out


class RehearsalHistory(Static):
    """Shows a variant's rehearsal history."""

    DEFAULT_CSS = """
    RehearsalHistory { height: auto; border: round $primary 50%; border-title-color: $text; padding: 0 1; }
    """

    def on_mount(self) -> None:
        """Title."""
        self.border_title = "History"

    def show(self, runs: list[Rehearsal]) -> None:
        """Redraw."""
        self.update(render_history(runs))
