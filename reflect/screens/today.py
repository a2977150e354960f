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


def panel_classes() -> list[type[TodayPanel]]:
    """Import every panel class (run in a thread: the imports are the slow part of start-up)."""
    return [getattr(importlib.import_module(module), name) for module, name in PANELS]


class TodayScreen(AreaScreen):
    """The date, then every panel."""

    def __init__(self) -> None:
        super().__init__()
        self._panels_ready = asyncio.Event()
        """Set once the panels are mounted (loads wait for it)."""

    def body(self) -> ComposeResult:
        """The date line; the panels are mounted after the first frame."""
        with VerticalScroll(id="today"):
            yield Static(self._date_line(), id="today-date", classes="title")

    def _date_line(self) -> str:
        return self.reflect.clock.now().date().strftime("%A %d %B %Y")

    def _panels(self) -> list[TodayPanel]:
        from reflect.widgets.today.panel import TodayPanel

        return list(self.query(TodayPanel))

    def on_mount(self) -> None:
        """Mount the panels in their own worker (a reload never cancels it), then load as usual."""
        self.run_worker(self._mount_panels(), name="today panels", group="today-panels", exit_on_error=False)
        super().on_mount()

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
        self.query_one("#today-date", Static).update(self._date_line())
        await self._panels_ready.wait()
        await self._load_panels(self._panels())

    async def _load_panels(self, panels: list[TodayPanel]) -> None:
        await self.reflect.store_ready()
        await asyncio.gather(*(p.load(self.reflect) for p in panels))
