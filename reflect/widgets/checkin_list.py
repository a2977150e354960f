"""A compact list of check-ins: time, mood, energy, emotion, tags, note (all as plain text)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

if TYPE_CHECKING:
    from reflect.core.models import CheckIn


class CheckInList(Static):
    """Shows check-ins as lines; notes are never read as markup."""

    DEFAULT_CSS = """
    CheckInList { height: auto; padding: 0 1; }
    """

    checkins: reactive[list[CheckIn]] = reactive(list, always_update=True)
    """The check-ins to show, oldest first."""

    empty_text = "No check-ins yet today. Press m to check in: two digits (mood, energy) and Enter."
    """What to say when there are none."""

    def watch_checkins(self, checkins: list[CheckIn]) -> None:
        """Redraw."""
        if not checkins:
            self.update(Text(self.empty_text, style="dim"))
            return
        out = Text()
        for c in checkins:
            out.append(c.at.strftime("%H:%M"), style="bold")
            out.append(f"  mood {c.mood}")
            out.append(f"  energy {c.energy if c.energy is not None else '–'}")
            if c.emotion:
                out.append(f"  {c.emotion}", style="italic")
            if c.tags:
                out.append("  " + " ".join(f"#{t}" for t in c.tags), style="cyan")
            if c.note:
                first = c.note.splitlines()[0]
                out.append("  " + (first[:60] + "…" if len(first) > 60 else first), style="dim")
            out.append("\n")
        out.rstrip()
        self.update(out)
