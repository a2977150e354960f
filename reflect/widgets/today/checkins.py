"""Today's check-ins panel: a small chart of mood and energy by hour, and the latest few."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from reflect.widgets.charts import bars
from reflect.widgets.today.panel import TodayPanel

if TYPE_CHECKING:
    from reflect.core.checkin.plain import CheckInView
    from reflect.core.models import CheckIn
    from reflect.typed_app import ReflectApp

FIRST_HOUR = 6
"""The chart covers 06:00 to midnight (earlier check-ins join the first column)."""
HISTORY_LINK = Style(underline=True) + Style.from_meta({"@click": "app.checkin_history"})
"""Our own link to the history (never applied to user text)."""
SHOWN = 3
"""How many of today's check-ins are listed under the chart."""


def hourly(checkins: Sequence[CheckIn | CheckInView], attr: str) -> list[float | None]:
    """Mean of `attr` for each hour from FIRST_HOUR to 23."""
    sums = [0.0] * (24 - FIRST_HOUR)
    counts = [0] * (24 - FIRST_HOUR)
    for c in checkins:
        value = getattr(c, attr)
        if value is None:
            continue
        slot = max(c.at.hour, FIRST_HOUR) - FIRST_HOUR
        sums[slot] += value
        counts[slot] += 1
    return [s / n if n else None for s, n in zip(sums, counts, strict=True)]


def render_today(checkins: Sequence[CheckIn | CheckInView]) -> Text:
    """The chart and the last few check-ins as plain text (notes and tags never read as markup)."""
    if not checkins:
        out = Text("No check-ins yet today.\nPress m, two digits (mood, energy), Enter · ", style="dim")
        out.append("h history", style=HISTORY_LINK)
        return out
    out = Text(no_wrap=True, overflow="ellipsis")
    out.append("mood    ", style="dim")
    out.append_text(bars(hourly(checkins, "mood"), 2, "#4393c3"))
    out.append("\nenergy  ", style="dim")
    out.append_text(bars(hourly(checkins, "energy"), 2, "#e2b93b"))
    out.append("\n        " + "".join(f"{h:<6d}" for h in range(FIRST_HOUR, 24, 3)), style="dim")
    for c in checkins[-SHOWN:]:
        out.append(f"\n{c.at:%H:%M}", style="bold")
        out.append(f"  mood {c.mood} · energy {c.energy if c.energy is not None else '–'}")
        if c.emotion:
            out.append(f"  {c.emotion}", style="italic")
        if c.tags:
            out.append("  " + " ".join(f"#{t}" for t in c.tags), style="cyan")
        if c.note:
            lines = c.note.strip().splitlines()
            first = lines[0] if lines else ""
            out.append("  " + (first + " …" if len(lines) > 1 else first), style="dim")  # the panel's width cuts it
    more = len(checkins) - SHOWN
    out.append(f"\n{'+' + str(more) + ' more · ' if more > 0 else ''}m check in · ", style="dim")
    out.append("h history", style=HISTORY_LINK)
    return out


class TodayCheckIns(TodayPanel):
    """The check-ins recorded today, as a chart and a short list."""

    TITLE = "Check-ins"
    WATCHES = frozenset({"checkins"})
    DEFAULT_CSS = """
    TodayCheckIns > .today-checkins { text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def compose(self) -> ComposeResult:
        """One text block (a dot until today's check-ins are read: the panel is in the first frame)."""
        yield Static(Text("…", style="dim"), classes="today-checkins")

    async def load(self, app: ReflectApp) -> None:
        """Today's check-ins, read off the event loop (without pydantic when the files are plain:
        this panel is the first data on screen)."""
        from reflect.services.first_reads import checkins_of_day

        checkins = await app.io(checkins_of_day, app.store, app.today(), app.day_start)
        self.border_title = f"Check-ins · {len(checkins)} today" if checkins else "Check-ins"
        self.query_one(Static).update(render_today(checkins))
