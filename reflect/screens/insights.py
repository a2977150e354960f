"""Insights: patterns in mood and energy, computed off the event loop; the screen paints first."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from reflect.core.insights.mood import WINDOWS
from reflect.screens.base import AreaScreen
from reflect.widgets import insight_views as views
from reflect.widgets.focus.insights import FocusInsights

ANALYSIS_WINDOWS: tuple[int | None, ...] = (None, 365, 90, 30)
"""What `w` cycles through for tag effects and hours (None: the whole journal)."""


def load_insights(store, today, days: int | None, day_start) -> dict[str, Any]:
    """Read raw records and compute every insight by journal day (runs in a thread)."""
    from reflect.services.insight_cache import load_and_compute

    return load_and_compute(store, today, days, day_start)


class InsightsScreen(AreaScreen):
    """Mood and energy over time, peak hours, the heatmap, the year in pixels, tags, on this day."""

    WATCHES = frozenset({"checkins", "focus_blocks", "reflections"})
    BINDINGS = [
        Binding("1", "chart(7)", "7d", show=False),
        Binding("2", "chart(30)", "30d", show=False),
        Binding("3", "chart(90)", "90d", show=False),
        Binding("4", "chart(365)", "365d", show=False),
        Binding("w", "cycle_window", "Window"),
    ]
    DEFAULT_CSS = """
    InsightsScreen #insights { padding: 0 1; }
    InsightsScreen .section {
        height: auto; border: round $primary 50%; border-title-color: $text; padding: 0 1;
    }
    """

    SECTIONS = ("overview", "series", "hours", "heatmap", "pixels", "tags", "otd")
    TITLES = {
        "overview": "", "series": "Mood and energy", "hours": "Energy by hour", "heatmap": "Energy: weekday × hour",
        "pixels": "Year in pixels", "tags": "What goes with better days", "otd": "On this day",
    }

    def __init__(self) -> None:
        super().__init__()
        self.window = 30
        """The chart's window in days (7, 30, 90, 365)."""
        self.days: int | None = None
        """The analysis window for tags and hours (None: everything)."""
        self.insights: dict[str, Any] | None = None

    def body(self) -> ComposeResult:
        """Sections that say they are computing, filled when the worker returns."""
        with VerticalScroll(id="insights"):
            for name in self.SECTIONS:
                section = Static(Text("Computing…", style="dim"), id=f"ins-{name}", classes="section")
                section.border_title = self.TITLES[name]
                yield section
                if name == "heatmap":
                    focus = FocusInsights(id="ins-focus", classes="section")
                    focus.border_title = "Focus: best hours, completion, interruptions"
                    yield focus

    async def load(self) -> None:
        """Compute in a thread, then paint."""
        app = self.reflect
        self.insights = await app.io(load_insights, app.store, app.today(), self.days, app.day_start)
        self.paint()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed load says so where "Computing…" was (the app's one error path tells the user why)."""
        if event.state == WorkerState.ERROR and event.worker.group == "load":
            for name in self.SECTIONS:
                self.query_one(f"#ins-{name}", Static).update(Text("Could not compute insights (see the message).", style="dim"))

    def paint(self) -> None:
        """Render every section from the computed insights."""
        ins = self.insights
        if ins is None:
            return
        inner = self.query_one("#ins-pixels", Static).content_size.width or self.size.width - 10  # a panel's columns
        width = max(40, inner + 2)
        parts = {
            "overview": views.render_overview(ins),
            "series": views.render_series(ins, self.window, width),
            "hours": views.render_hours(ins, inner),
            "heatmap": views.render_heatmap(ins, inner),
            "pixels": views.render_pixels(ins, inner),
            "tags": views.render_tags(ins),
            "otd": views.render_on_this_day(ins),
        }
        for name, text in parts.items():
            self.query_one(f"#ins-{name}", Static).update(text)
        self.query_one(FocusInsights).show(ins.get("focus") or {})
        self.query_one("#ins-series", Static).border_title = (
            f"Mood and energy · last {self.window} days (1-4: {'/'.join(map(str, WINDOWS))})"
        )
        scope = f"last {self.days} days" if self.days else "whole journal"
        self.query_one("#ins-tags", Static).border_title = f"What goes with better days · {scope} (w)"
        self.query_one("#ins-hours", Static).border_title = f"Energy by hour · {scope}"

    def _on_data_changed(self, collection: str) -> None:
        """Recompute only while shown; a hidden Insights screen reloads when it is shown again."""
        if collection in self.WATCHES and self.is_current:
            self.reload()

    def on_resize(self) -> None:
        """Redraw the chart for the new width."""
        self.paint()

    def action_chart(self, window: int) -> None:
        """Show the chart over another window."""
        self.window = window
        self.paint()

    def action_cycle_window(self) -> None:
        """Tags and hours over the whole journal, the last year, 90 or 30 days."""
        i = ANALYSIS_WINDOWS.index(self.days)
        self.days = ANALYSIS_WINDOWS[(i + 1) % len(ANALYSIS_WINDOWS)]
        for name in ("tags", "hours"):
            self.query_one(f"#ins-{name}", Static).update(Text("Computing…", style="dim"))
        self.reload()
