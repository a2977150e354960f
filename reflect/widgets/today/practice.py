"""Today's pitch practice reminders: a variant is due again 1, 2, 4, then 7 days after practice; one
left for weeks names the day it was last rehearsed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from reflect.core.models import Rehearsal
from reflect.services import story_store
from reflect.core.dates import short_date
from reflect.core.story.rehearsal import due_from_days, practice_days
from reflect.core.story.story import variant_label
from reflect.widgets.today.panel import TodayPanel

if TYPE_CHECKING:
    from reflect.typed_app import ReflectApp

SHOWN = 3
"""The most reminders listed."""
LONG_LATE_DAYS = 14
"""Past this many days overdue, a reminder names the day of the last rehearsal instead."""


def reminder_lines(store, today) -> list[str]:
    """One line per variant due for practice (blocking)."""
    days = practice_days(store.list(Rehearsal))
    due = due_from_days(days, today)
    if not due:
        return []
    loaded = story_store.load(store)
    labels = {v.id: variant_label(v) for v in (loaded.story.variants if loaded else [])}
    lines = []
    for vid, day in due:
        if vid in labels:
            late = (today - day).days
            if late > LONG_LATE_DAYS:  # "due 2484 days ago" says nothing a person can use
                when = f"not rehearsed since {short_date(max(days[vid]), today)}"
            else:
                when = "due today" if late == 0 else f"due {late} day{'s' if late > 1 else ''} ago"
            lines.append(f"Rehearse {labels[vid]}: {when}")
    return lines


class TodayPractice(TodayPanel):
    """Pitch variants due for spaced practice (hidden when none is due)."""

    TITLE = "Practice your pitch"
    WATCHES = frozenset({"rehearsals", "stories"})

    def compose(self) -> ComposeResult:
        """One line per reminder."""
        yield Static("")

    async def load(self, app: ReflectApp) -> None:
        """Due reminders, read off the loop."""
        lines = await app.io(reminder_lines, app.store, app.clock.now().date())
        self.display = bool(lines)
        out = Text()
        for line in lines[:SHOWN]:
            out.append(line + "\n")
        if lines:
            out.append("s, pick the variant, ctrl+r", style="dim")
        self.query_one(Static).update(out)
