"""Conflicting copies of a story text: see each side, keep either (the other stays as a version).

A text edited on two machines (or in two windows) at the same time keeps both copies: the one
edited here is current and the other waits in the record's `conflicts`. This screen lists them;
Enter keeps the highlighted copy. Nothing is dropped: the copy not kept is saved as a version.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from reflect.core.errors import ReflectError
from reflect.services import story_store
from reflect.services.story_store import Conflict


class ConflictsScreen(ModalScreen[tuple[Conflict, dict[str, Any] | None] | None]):
    """Every conflicting copy beside the current text; Enter keeps the highlighted one, Escape closes."""

    BINDINGS = [Binding("escape", "dismiss_none", "Close"), Binding("enter", "keep", "Keep this copy", priority=True)]

    DEFAULT_CSS = """
    ConflictsScreen { align: center middle; }
    ConflictsScreen > Vertical { width: 100%; height: 100%; border: round $warning; background: $surface; }
    ConflictsScreen OptionList { height: 8; border: none; }
    ConflictsScreen VerticalScroll { height: 1fr; border-top: solid $primary 50%; padding: 0 1; }
    """

    def __init__(self, conflicts: list[Conflict]) -> None:
        super().__init__()
        self.rows: list[tuple[Conflict, dict[str, Any] | None]] = []
        for conflict in conflicts:
            self.rows.append((conflict, None))
            self.rows.extend((conflict, copy) for copy in conflict.copies)

    def compose(self) -> ComposeResult:
        """The copies, the highlighted copy's text, the footer."""
        with Vertical():
            yield Static(Text("Texts edited in two places: keep either copy (the other is saved as a version)", style="bold"))
            options = []
            for i, (conflict, copy) in enumerate(self.rows):
                line = Text(f"{conflict.label}: ")
                line.append("this copy (current)" if copy is None else f"other copy, {str(copy.get('updated_at', ''))[:16]}",
                            style="bold" if copy is None else "yellow")
                options.append(Option(line, id=str(i)))
            yield OptionList(*options, id="copies")
            with VerticalScroll():
                yield Static(Text(""), id="copy-text")
        yield Footer()

    def _row(self) -> tuple[Conflict, dict[str, Any] | None] | None:
        index = self.query_one("#copies", OptionList).highlighted
        return self.rows[index] if index is not None and 0 <= index < len(self.rows) else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Show the highlighted copy's text, as plain text."""
        row = self._row()
        if row is not None:
            conflict, copy = row
            text = conflict.current if copy is None else story_store.shown_text(copy)
            self.query_one("#copy-text", Static).update(Text(text or "(empty)"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """A click or Enter keeps the copy."""
        self.action_keep()

    def action_keep(self) -> None:
        """Return the highlighted copy (None in the pair: keep the current text)."""
        row = self._row()
        if row is not None:
            self.dismiss(row)

    def action_dismiss_none(self) -> None:
        """Close; the conflict stays until a copy is kept."""
        self.dismiss(None)


class ConflictActions:
    """The story screen's conflict handling (mixed into StoryScreen)."""

    def tell_conflicts(self) -> None:
        """Say once when copies edited elsewhere conflict with the texts here."""
        n = len(self.loaded.conflicts) if self.loaded else 0
        if n and n != self._told_conflicts:
            self.notify(f"{n} text{'s were' if n != 1 else ' was'} also edited elsewhere: ctrl+b compares the copies"
                        " and keeps either.",
                        title="Conflicting copies", severity="warning", markup=False, timeout=10)
        self._told_conflicts = n

    def action_conflicts(self) -> None:
        """Compare conflicting copies of a text and keep either."""
        from reflect.screens.story.conflicts import ConflictsScreen

        if not self.loaded or not self.loaded.conflicts:
            self.notify("No conflicting copies.", markup=False, timeout=3)
            return
        self.app.push_screen(ConflictsScreen(self.loaded.conflicts), self._resolve)

    async def _resolve(self, choice: Any) -> None:
        if choice is None or self.loaded is None:
            return
        conflict, chosen = choice
        async with self._story_lock:
            try:
                await self.reflect.io(story_store.resolve, self.reflect.store, self.loaded, conflict, chosen)
                loaded = await self.reflect.io(story_store.load, self.reflect.store)
            except ReflectError as exc:
                self.notify(str(exc), title="Not saved", severity="error", markup=False, timeout=10)
                return
        if loaded is not None:
            self.loaded, self.story = loaded, loaded.story
            self.drafts = dict(loaded.story.drafts)  # the kept copy's draft (or none) is now the truth
            self._told_conflicts = len(loaded.conflicts)
        self.notify("Kept the chosen copy; the other is kept as a saved version.", markup=False, timeout=4)
        self.rebuild_items()
        self.show_item(self.item)

