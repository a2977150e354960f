"""Today: the day at a glance."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from reflect.core.models import CheckIn
from reflect.screens.base import AreaScreen
from reflect.widgets.checkin_list import CheckInList


class TodayScreen(AreaScreen):
    """Today's check-ins and what to do next."""

    WATCHES = frozenset({"checkins"})

    def body(self) -> ComposeResult:
        """The day's panels."""
        with VerticalScroll(id="today"):
            yield Static("", id="today-date", classes="title")
            yield CheckInList(id="today-checkins")

    async def load(self) -> None:
        """Today's check-ins, read off the event loop."""
        today = self.reflect.clock.now().date()
        self.query_one("#today-date", Static).update(today.strftime("%A %d %B %Y"))
        checkins = await self.reflect.io(self.reflect.store.list, CheckIn, today, today)
        self.query_one(CheckInList).checkins = checkins
