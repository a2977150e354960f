"""Today: the day at a glance, as a column of panels that each load their own data."""

from __future__ import annotations

import asyncio

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from reflect.screens.base import AreaScreen
from reflect.widgets.today_checkins import TodayCheckIns
from reflect.widgets.today_feedback import TodayFeedback
from reflect.widgets.today_focus import TodayFocus
from reflect.widgets.today_panel import TodayPanel
from reflect.widgets.today_practice import TodayPractice
from reflect.widgets.today_reflection import TodayReflection

PANELS: list[type[TodayPanel]] = [
    TodayCheckIns,
    TodayFocus,
    TodayReflection,
    TodayFeedback,
    TodayPractice,
]
"""The panels on Today, top to bottom."""


class TodayScreen(AreaScreen):
    """The date, then every panel."""

    def body(self) -> ComposeResult:
        """The date line and the panels."""
        with VerticalScroll(id="today"):
            yield Static(self._date_line(), id="today-date", classes="title")
            for panel in PANELS:
                yield panel()

    def _date_line(self) -> str:
        return self.reflect.clock.now().date().strftime("%A %d %B %Y")

    def _on_data_changed(self, collection: str) -> None:
        panels = [p for p in self.query(TodayPanel) if not p.WATCHES or collection in p.WATCHES]
        if panels:
            self.run_worker(self._load_panels(panels), group="panels", exit_on_error=False)

    async def load(self) -> None:
        """The date, then every panel's data, concurrently."""
        self.query_one("#today-date", Static).update(self._date_line())
        await self._load_panels(list(self.query(TodayPanel)))

    async def _load_panels(self, panels: list[TodayPanel]) -> None:
        await self.reflect.store_ready()
        await asyncio.gather(*(p.load(self.reflect) for p in panels))
