"""Today: the day at a glance, as a column of panels that each load their own data.

The first frame shows the date at once; the panels' modules (which bring in the domain and
pydantic) are imported in a thread right after it and mounted in order, then each loads its data.
"""

from __future__ import annotations

import asyncio
import importlib
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from reflect.core.journal_day import next_rollover
from reflect.screens.base import AreaScreen

if TYPE_CHECKING:
    from reflect.widgets.today.panel import TodayPanel

PANELS: list[tuple[str, str]] = [
    ("reflect.widgets.today.checkins", "TodayCheckIns"),
    ("reflect.widgets.today.focus", "TodayFocus"),
    ("reflect.widgets.today.reflection", "TodayReflection"),
    ("reflect.widgets.today.feedback", "TodayFeedback"),
    ("reflect.widgets.today.practice", "TodayPractice"),
]
"""The panels on Today, top to bottom, as (module, class)."""

ROLLOVER_CHECK_MAX = 60.0
"""Longest wait, in seconds, between looks at the clock for the day's rollover (a machine may sleep)."""


def panel_classes() -> list[type[TodayPanel]]:
    """Import every panel class (run in a thread: the imports are the slow part of start-up)."""
    return [getattr(importlib.import_module(module), name) for module, name in PANELS]


class TodayScreen(AreaScreen):
    """The date, then every panel."""

    def __init__(self) -> None:
        super().__init__()
        self._panels_ready = asyncio.Event()
        """Set once the panels are mounted (loads wait for it)."""
        self._shown_day = None
        """The journal day on screen (a new one after the day start reloads every panel)."""

    def body(self) -> ComposeResult:
        """The date line; the panels are mounted after the first frame."""
        with VerticalScroll(id="today"):
            yield Static(self._date_line(), id="today-date", classes="title")

    def _date_line(self) -> str:
        return self.reflect.today().strftime("%A %d %B %Y")

    def _panels(self) -> list[TodayPanel]:
        from reflect.widgets.today.panel import TodayPanel

        return list(self.query(TodayPanel))

    def on_mount(self) -> None:
        """Once the first frame is on screen, mount the panels in their own worker (a reload never
        cancels it); load as usual (the load waits for the panels).

        The panels' imports run in a thread but hold the interpreter lock most of the time: started
        before the first frame, they would hold back the frame they are meant to follow.
        """
        self.call_after_refresh(self._start_panels)
        super().on_mount()
        self._shown_day = self.reflect.today()
        self._schedule_rollover()

    def _start_panels(self) -> None:
        self.run_worker(self._mount_panels(), name="today panels", group="today-panels", exit_on_error=False)

    def _schedule_rollover(self) -> None:
        """Look at the clock again when the journal day is due to change (at most a minute from now).

        The wait derives from the clock's time to the next day start, never from counting ticks,
        so a fake clock in the tests and a machine that slept both land on the right day.
        """
        now = self.reflect.clock.now()
        wait = (next_rollover(now, self.reflect.day_start) - now).total_seconds()
        self.set_timer(min(max(wait, 0.2), ROLLOVER_CHECK_MAX), self._check_rollover, name="today rollover")

    def _check_rollover(self) -> None:
        """A new journal day began: show it without a key press."""
        today = self.reflect.today()
        if today != self._shown_day:
            self._shown_day = today
            self.reload()
        self._schedule_rollover()

    async def _mount_panels(self) -> None:
        classes = await self.reflect.io(panel_classes)
        await self.query_one("#today", VerticalScroll).mount_all([cls() for cls in classes])
        self._panels_ready.set()

    def _on_data_changed(self, collection: str) -> None:
        panels = [p for p in self._panels() if not p.WATCHES or collection in p.WATCHES]
        if panels:
            self.run_worker(self._load_panels(panels), group="panels", exit_on_error=False)

    async def load(self) -> None:
        """The date, then every panel's data, concurrently."""
        self._shown_day = self.reflect.today()
        self.query_one("#today-date", Static).update(self._date_line())
        await self._panels_ready.wait()
        await self._load_panels(self._panels())

    async def _load_panels(self, panels: list[TodayPanel]) -> None:
        await self.reflect.store_ready()
        await asyncio.gather(*(p.load(self.reflect) for p in panels))
