"""Today's reflection panel: the frog for today, the day's sessions, and the work-life balance warning."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from reflect.core.insights.mood import recent_balance
from reflect.core.models import CheckIn, FocusBlock, Reflection
from reflect.core.reflection.sessions import frog_for
from reflect.widgets.today.panel import TodayPanel

if TYPE_CHECKING:
    from reflect.typed_app import ReflectApp


def render_day(reflections: list[Reflection], today, warning: str | None) -> Text:
    """Frog, session status and the balance warning, as plain text."""
    out = Text(no_wrap=False)
    frog = frog_for(reflections, today)
    out.append("Frog  ", style="bold")
    if frog:
        out.append(frog)
    else:
        out.append("none named yet (the morning or last evening's session asks)", style="dim")
    todays = [r for r in reflections if r.day == today]
    out.append("\nReflection  ", style="bold")
    if not todays:
        out.append("not yet today · r to reflect", style="dim")
    else:
        parts = []
        for r in sorted(todays, key=lambda r: r.created_at):
            state = "done" if r.status == "done" else f"in progress ({len(r.answers)} answered, r resumes)"
            parts.append(f"{r.session} {state}")
        out.append(" · ".join(parts))
    if warning:
        out.append("\n⚠ " + warning, style="bold yellow")
    return out


class TodayReflection(TodayPanel):
    """Today's frog, reflection status, and a warning when work spills into nights or weekends."""

    TITLE = "Reflection"
    WATCHES = frozenset({"reflections", "focus_blocks", "checkins"})

    def compose(self) -> ComposeResult:
        """One text block."""
        yield Static(Text("…", style="dim"))

    async def load(self, app: ReflectApp) -> None:
        """Yesterday's and today's sessions, and the last two weeks' work times, off the loop."""
        today = app.today()
        reflections = await app.io(app.store.list, Reflection, today - timedelta(days=1), today)
        since = today - timedelta(days=14)
        checkins = await app.io(app.store.raw_docs, CheckIn, since, today + timedelta(days=1))
        blocks = await app.io(app.store.raw_docs, FocusBlock, since, today + timedelta(days=1))
        warning = (await app.io(recent_balance, checkins, blocks, today, app.day_start))["warning"]
        self.query_one(Static).update(render_day(reflections, today, warning))
