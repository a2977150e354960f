"""Search everything written, from the command palette: type, and matches appear newest first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reflect.core.errors import BadInput, ReflectError
from reflect.typed_app import reflect_app

if TYPE_CHECKING:
    from reflect.core.search import Hit

TYPING_PAUSE = 0.3
"""Seconds after the last key before the search runs."""


class SearchScreen(ModalScreen[None]):
    """A search box over check-in notes, reflections, feedback replies and the story."""

    BINDINGS = [Binding("escape", "dismiss", "Close"), Binding("down", "to_results", "Results", show=False)]
    DEFAULT_CSS = """
    SearchScreen { align: center middle; }
    SearchScreen #dialog {
        width: 100; max-width: 100%; height: 90%; border: round $accent; padding: 0 1; background: $surface;
    }
    SearchScreen #results { height: 1fr; border: none; }
    SearchScreen #count { height: 1; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._timer: Timer | None = None
        self.hits: list[Hit] = []
        """The matches shown."""

    reflect = reflect_app
    """The app, typed."""

    def compose(self) -> ComposeResult:
        """The box, a count line, the results."""
        with Vertical(id="dialog") as dialog:
            dialog.border_title = "Search everything written"
            dialog.border_subtitle = "words in any case · ↓ to the results · Esc closes"
            yield Input(placeholder="words to find in notes, reflections, feedback, story", id="query", compact=True)
            yield Static(id="count")
            yield OptionList(id="results")

    @on(Input.Changed, "#query")
    def _typed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(TYPING_PAUSE, self._search)

    @on(Input.Submitted, "#query")
    def _search(self) -> None:
        self._timer = None
        self.run_worker(self._run(self.query_one("#query", Input).value), group="search", exclusive=True, exit_on_error=False)

    async def _run(self, query: str) -> None:
        from reflect.services.search import search_journal

        count = self.query_one("#count", Static)
        if not query.strip():
            self._show([], Text(""))
            return
        await self.reflect.store_ready()
        try:
            hits = await self.reflect.io(search_journal, self.reflect.store, query, 200)
        except (BadInput, ReflectError) as exc:
            count.update(Text(str(exc), style="bold red"))
            return
        found = f"{len(hits)}{'+' if len(hits) == 200 else ''} match{'es' if len(hits) != 1 else ''}"
        self._show(hits, Text(found))

    def _show(self, hits: list[Hit], line: Text) -> None:
        self.hits = hits
        self.query_one("#count", Static).update(line)
        results = self.query_one("#results", OptionList)
        results.clear_options()
        for h in hits:
            label = Text(f"{h.when:16}  ", style="dim")
            label.append(f"{h.label:10}  ", style="bold")
            label.append(h.snippet)  # others' text: plain, never markup
            results.add_option(Option(label, id=h.record_id or None))

    def action_to_results(self) -> None:
        """Move from the box to the results."""
        self.query_one("#results", OptionList).focus()
