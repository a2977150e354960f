"""Today's focus panel: focus minutes today and this week, and the running block."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from reflect.core.focus import timer as F
from reflect.core.focus.timer import Snapshot
from reflect.typed_app import reflect_app
from reflect.widgets.today.panel import TodayPanel

if TYPE_CHECKING:
    from reflect.typed_app import ReflectApp


def _hm(minutes: float) -> str:
    from reflect.core.focus.timer import hours_minutes

    return hours_minutes(minutes)


class TodayFocus(TodayPanel):
    """Focus minutes today and this week; the running block with its time left."""

    TITLE = "Focus"
    reflect = reflect_app
    """The app, typed."""
    WATCHES = frozenset({"focus_blocks"})

    def compose(self) -> ComposeResult:
        """Totals line and running-block line."""
        yield Static("", classes="totals")
        yield Static("", classes="running")

    async def load(self, app: ReflectApp) -> None:
        """Load through the app's focus session (which also asks about a block found unseen)."""
        session = app.focus_session
        if not getattr(self, "_subscribed", False):
            self._subscribed = True
            session.changed.subscribe(self, self._show)
        await session.refresh()
        today = app.today()
        day = F.minutes_between(session.today_blocks, today, today, app.day_start)
        week = F.minutes_between(session.week_blocks, F.week_start(today), today, app.day_start)
        self.query_one(".totals", Static).update(f"{_hm(day)} today · {_hm(week)} this week")
        self._show(session.last)

    def _show(self, snap: Snapshot) -> None:
        line = self.query_one(".running", Static)
        block, tick = snap.block, snap.tick
        if block is None or tick.state == "idle":
            line.update("No block running · f to start one")
            return
        what = "Break" if block.block_type == "break" else "Running"
        if tick.state in ("away", "expired"):
            line.update(Text(f"Ended while away: {block.intention or 'focus'} (choose how to count it)"))
        else:
            paused = " (paused)" if tick.state == "paused" else ""
            line.update(Text(f"{what}{paused}: {block.intention or 'focus'} · {F.describe_seconds(tick.remaining)} left"))

    def on_unmount(self) -> None:
        """Stop following the session."""
        self.reflect.focus_session.changed.unsubscribe(self)  # type: ignore[arg-type]
