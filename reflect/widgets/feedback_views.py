"""Read-only views of the People & feedback area: the themes text and the tables' rows.

Everything other people wrote is turned into `rich.text.Text`, never parsed as markup.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from reflect.core.feedback import strengths as st
from reflect.services.feedback_store import FeedbackData


def short(text: str, width: int) -> str:
    """One line of at most `width` characters, with an ellipsis when cut."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def when(moment: datetime | None) -> str:
    """A compact date, or a dash."""
    return moment.strftime("%d %b %Y") if moment else "–"


def person_status(data: FeedbackData, person_id: str) -> str:
    """The person's status on their newest request ("" when never asked)."""
    for req in reversed(data.requests):
        if person_id in req.status:
            return req.status[person_id]
    return ""


QUOTE_WIDTH = 160
"""The longest quote shown in the themes view: it is cut to the width of the view below that."""


def render_themes(data: FeedbackData, quotes_each: int = 2, width: int = 80) -> Text:
    """The themes view: strengths by how many different people named them, quotes, blind spots.

    Each quote is cut so that it and its "(from)" stay on one line `width` columns wide."""
    ranked = data.themes()
    out = Text()
    waiting = st.pending(data.responses)
    if waiting:
        out.append("Suggested, not yet accepted (open the reply on Replies to confirm): ", style="yellow")
        out.append(", ".join(f"{name} ({n})" for name, n in waiting[:8]) + "\n\n", style="dim")
    if not ranked:
        out.append("No themes yet.\n", style="bold")
        out.append("Ask people (n on People), paste or import their replies (Replies tab), and the "
                   "strengths you confirm in them are ranked here by how many different people named them.", style="dim")
        return out
    out.append("Strengths others named, by how many different people\n", style="bold")
    for n, t in enumerate(ranked, start=1):
        out.append(f"{n:>2}. ")
        out.append(t.strength, style="bold cyan")
        out.append(f"  {t.people} {'person' if t.people == 1 else 'people'}")
        if t.self_rating is not None:
            out.append(f"  · you: {t.self_rating}/5", style="dim")
        out.append("\n")
        for q in t.quotes[:quotes_each]:
            who = short(q["from"], 18)
            room = max(12, min(QUOTE_WIDTH, width - len(who) - 9))  # indent, quotes, spaces, parentheses
            out.append(f"    \u201c{short(q['text'], room)}\u201d ", style="italic")
            out.append(Text(f"({who})", style="dim"))
            out.append("\n")
        if len(t.quotes) > quotes_each:
            out.append(f"    and {len(t.quotes) - quotes_each} more\n", style="dim")
    others_see, you_see = st.blind_spots(ranked, data.strengths)
    if others_see or you_see:
        out.append("\n")
    if others_see:
        out.append("Others see, you don't: ", style="bold green")
        out.append(", ".join(others_see) + "\n")
    if you_see:
        out.append("You see, others don't: ", style="bold yellow")
        out.append(", ".join(you_see) + "\n")
    if not data.strengths:
        out.append("\nRate yourself (w) to see what others see that you don't.", style="dim")
    out.rstrip()
    return out


class ThemesView(Static):
    """The themes, as plain text (quotes are never markup)."""

    DEFAULT_CSS = """
    ThemesView { height: auto; padding: 0 1; }
    """

    data: reactive[FeedbackData | None] = reactive(None, always_update=True)
    """The area's data; the view redraws when it is set."""

    def watch_data(self, data: FeedbackData | None) -> None:
        """Redraw."""
        width = self.content_size.width or self.app.size.width - 4
        self.update(render_themes(data, width=width) if data is not None else Text("Loading…", style="dim"))

    def on_resize(self) -> None:
        """Cut the quotes again for the new width."""
        if self.data is not None:
            self.watch_data(self.data)
