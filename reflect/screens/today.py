"""Today: the day at a glance, as a column of panels that each load their own data.

The first frame shows the date and the check-ins panel (a small module), empty. Right after it the
app opens the store and the check-ins panel loads today's check-ins; once they are on screen the
other panels' modules (which bring in more of the domain) are imported in a thread, mounted below
it and loaded. Imports in a thread still hold the interpreter lock most of the time, so doing them
earlier would hold back the check-ins, the panel a person opens the app to see.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static
from textual.worker import WorkerFailed

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
FIRST = 1
"""How many panels, from the top, are in the first frame and loaded before the others are imported."""

ROLLOVER_CHECK_MAX = 60.0
"""Longest wait, in seconds, between looks at the clock for the day's rollover (a machine may sleep)."""


def panel_classes(panels: Sequence[tuple[str, str]] = PANELS) -> list[type[TodayPanel]]:
    """Import panel classes (run in a thread: the imports are the slow part of start-up)."""
    return [getattr(importlib.import_module(module), name) for module, name in panels]


class TodayScreen(AreaScreen):
    """The date, then every panel."""

    def __init__(self) -> None:
        super().__init__()
        self._panels_ready = asyncio.Event()
        """Set once every panel is mounted and has loaded once."""
        self._first_shown = asyncio.Event()
        """Set once the first frame's panels have loaded (or failed to): the first load waits for it."""
        self._shown_day = None
        """The journal day on screen (a new one after the day start reloads every panel)."""

    def body(self) -> ComposeResult:
        """The date line and the first panels (empty); the others are mounted after the first frame."""
        with VerticalScroll(id="today"):
            yield Static(self._date_line(), id="today-date", classes="title")
            yield from (cls() for cls in panel_classes(PANELS[:FIRST]))

    def _date_line(self) -> str:
        return self.reflect.today().strftime("%A %d %B %Y")

    def _panels(self) -> list[TodayPanel]:
        from reflect.widgets.today.panel import TodayPanel

        return list(self.query(TodayPanel))

    def on_mount(self) -> None:
        """Once the first frame is on screen, load the first panels, then mount and load the
        others, in a worker of their own (a reload never cancels it).

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
        """Load the panels of the first frame; once they are painted, import, mount and load the rest."""
        await self._load_once(self._panels())
        self._first_shown.set()
        await self.reflect.painted()
        rest = [cls() for cls in await self.reflect.io(panel_classes, PANELS[FIRST:])]
        await self.query_one("#today", VerticalScroll).mount_all(rest)
        await self._load_once(rest)
        self._panels_ready.set()

    async def _load_once(self, panels: list[TodayPanel]) -> None:
        """Load `panels` in a worker and wait; a failure is told by the app's worker manager and
        does not keep the panels below from being mounted."""
        loading = self.run_worker(self._load_panels(panels), group="panels", exit_on_error=False)
        with contextlib.suppress(WorkerFailed):
            await loading.wait()

    def _on_data_changed(self, collection: str) -> None:
        if collection == "settings":  # the day start decides what "today" holds in every panel
            self.reload()
            return
        panels = [p for p in self._panels() if not p.WATCHES or collection in p.WATCHES]
        if panels:
            self.run_worker(self._load_panels(panels), group="panels", exit_on_error=False)

    async def load(self) -> None:
        """The date, then every mounted panel's data, concurrently (at start-up the panels load as
        they are mounted: the first load only waits for the first frame's panels)."""
        self._shown_day = self.reflect.today()
        self.query_one("#today-date", Static).update(self._date_line())
        if not self._first_shown.is_set():
            await self._first_shown.wait()
            return
        await self._load_panels(self._panels())

    async def _load_panels(self, panels: list[TodayPanel]) -> None:
        await self.reflect.store_ready()
        await asyncio.gather(*(p.load(self.reflect) for p in panels))
