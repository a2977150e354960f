"""Today's check-ins panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult

from reflect.widgets.checkin_list import CheckInList
from reflect.widgets.today_panel import TodayPanel

if TYPE_CHECKING:
    from reflect.app import ReflectApp


class TodayCheckIns(TodayPanel):
    """The check-ins recorded today."""

    TITLE = "Check-ins"
    WATCHES = frozenset({"checkins"})

    def compose(self) -> ComposeResult:
        """The list."""
        yield CheckInList()

    async def load(self, app: ReflectApp) -> None:
        """Today's check-ins, read off the event loop."""
        from reflect.core.models import CheckIn  # imported off the first frame's path

        today = app.clock.now().date()
        checkins = await app.io(app.store.list, CheckIn, today, today)
        self.query_one(CheckInList).checkins = checkins
