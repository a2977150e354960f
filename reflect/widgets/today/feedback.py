"""Today's feedback reminders: follow up on unanswered requests, thank people who replied."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from reflect.core.feedback import reminders as fb_reminders
from reflect.services import feedback_store as fs
from reflect.widgets.today.panel import TodayPanel

if TYPE_CHECKING:
    from reflect.typed_app import ReflectApp

SHOWN = 3
"""Reminders listed on Today; the rest are counted."""


class TodayFeedback(TodayPanel):
    """Follow-ups and thank-yous owed; hidden when there are none."""

    TITLE = "Feedback"
    WATCHES = frozenset({"people", "feedback_requests", "feedback_responses"})

    def compose(self) -> ComposeResult:
        """One line per reminder."""
        yield Static("")

    async def load(self, app: ReflectApp) -> None:
        """Work out the reminders off the event loop, then show them."""
        data = await app.io(fs.load, app.store)
        found = fb_reminders.reminders(data.requests, data.responses, data.people, app.clock.now())
        self.display = bool(found)
        out = Text()
        for r in found[:SHOWN]:
            out.append("↻ " if r.kind == "follow_up" else "♥ ", style="cyan" if r.kind == "follow_up" else "magenta")
            out.append(r.text + "\n")
        if len(found) > SHOWN:
            out.append(f"and {len(found) - SHOWN} more: press p", style="dim")
        else:
            out.append("p opens People: o notes a follow-up, x notes a thank-you", style="dim")
        self.query_one(Static).update(out)
