"""The evidence panel beside the story builder: strengths with quotes, wins, finished focus.

Every line is built as rich Text (quotes are other people's words: never markup). Choosing a line
posts `EvidencePanel.Chosen` with a proof entry linked to its source record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reflect.core.dates import other_year, short_date
from reflect.services.evidence import Evidence
from reflect.typed_app import reflect_app

MAX_QUOTES = 3
"""Quotes shown under each strength."""


def _clip(text: str, n: int = 90) -> str:
    return text if len(text) <= n else text[: n - 1] + "\u2026"


class EvidencePanel(Vertical):
    """A list of evidence; Enter (or a click) inserts the highlighted quote or win as proof."""

    DEFAULT_CSS = """
    EvidencePanel { height: 1fr; border: round $primary 50%; border-title-color: $text; }
    EvidencePanel > OptionList { height: 1fr; border: none; padding: 0; }
    EvidencePanel > Static { color: $text-muted; padding: 0 1; }
    """

    @dataclass
    class Chosen(Message):
        """The user chose a piece of evidence to insert as proof."""

        entry: dict[str, Any]
        """kind, source_kind, source_id, text, strength, author, relation, quotable."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.entries: dict[str, dict[str, Any]] = {}
        """Proof entries by option id."""

    reflect = reflect_app
    """The app, typed."""

    def compose(self) -> ComposeResult:
        """The list (and a hint while it is empty)."""
        yield Static(Text("No evidence yet: ask for feedback (p), note wins in reflections (r), finish focus blocks (f)."))
        yield OptionList()

    def on_mount(self) -> None:
        """Title."""
        self.border_title = "Evidence (Enter inserts)"

    def show(self, evidence: Evidence) -> None:
        """Replace the list with this evidence."""
        options: list[Option] = []
        self.entries = {}

        def add(prompt: Text, entry: dict[str, Any] | None = None) -> None:
            oid = f"e{len(options)}"
            if entry:
                self.entries[oid] = entry
            options.append(Option(prompt, id=oid, disabled=entry is None))

        for s in evidence.strengths[:8]:
            head = Text(s.name, style="bold")
            people = f"{s.people} {'person' if s.people == 1 else 'people'}"
            passages = f"{s.passages} passage{'' if s.passages == 1 else 's'}"
            head.append(f"  {people}, {passages}", style="dim")
            add(head)
            for q in s.quotes[:MAX_QUOTES]:
                line = Text("  \u201c" + _clip(q.text) + "\u201d ", style="" if q.quotable else "dim")
                line.append(q.author + (" (without name)" if q.anonymous else "") if q.quotable else "(private)", style="italic")
                add(line, {"kind": "quote", "source_kind": "feedback_response", "source_id": q.response_id,
                           "text": q.text, "strength": s.name, "author": "" if q.anonymous else q.author,
                           "relation": q.relation,
                           "quotable": q.quotable})
        today = self.reflect.today()
        year = other_year((w.day for w in [*evidence.wins[:10], *evidence.focus_done[:10]]), today)
        if evidence.wins:
            add(Text("Wins from reflections", style="bold"))
            for w in evidence.wins[:10]:
                add(Text(f"  {short_date(w.day, today, year=year)} " + _clip(w.text)),
                    {"kind": "win", "source_kind": w.source_kind, "source_id": w.source_id, "text": w.text})
        if evidence.focus_done:
            add(Text("Focus blocks done", style="bold"))
            for w in evidence.focus_done[:10]:
                add(Text(f"  {short_date(w.day, today, year=year)} " + _clip(w.text)),
                    {"kind": "focus", "source_kind": w.source_kind, "source_id": w.source_id, "text": w.text})
        self.query_one(Static).display = not options
        ol = self.query_one(OptionList)
        ol.set_options(options)
        ol.display = bool(options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Post the chosen entry."""
        event.stop()
        entry = self.entries.get(event.option.id or "")
        if entry:
            self.post_message(self.Chosen(dict(entry)))
