"""The Conflicts screen: records of any kind edited in two places, both copies side by side.

Each row is one other copy of a record (from a sync merge, or an edit that met a change made
elsewhere). The current copy and the other copy are shown as plain text, fields that differ marked
with `*`. `o` keeps the other copy (the current one goes into the record's history), `c` keeps the
current copy (the other stays in the history). Nothing is dropped either way.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from reflect.core.errors import ReflectError
from reflect.typed_app import reflect_app
from reflect.services import record_conflicts
from reflect.services.record_conflicts import RecordConflict


class RecordConflictsScreen(ModalScreen[None]):
    """Every record with another copy; `o` keeps the other copy, `c` the current one, Escape closes."""

    BINDINGS = [
        Binding("escape", "dismiss_screen", "Close"),
        Binding("o", "keep(True)", "Keep other copy"),
        Binding("c", "keep(False)", "Keep current copy"),
    ]

    DEFAULT_CSS = """
    RecordConflictsScreen { align: center middle; }
    RecordConflictsScreen > Vertical { width: 100%; height: 100%; border: round $warning; background: $surface; }
    RecordConflictsScreen OptionList { height: 8; border: none; }
    RecordConflictsScreen Horizontal { height: 1fr; }
    RecordConflictsScreen VerticalScroll { width: 1fr; border-top: solid $primary 50%; padding: 0 1; }
    """

    reflect = reflect_app
    """The app, typed."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[RecordConflict, int]] = []
        self.loaded = False
        """True once the list was read from the store (the first time and after each choice)."""

    def compose(self) -> ComposeResult:
        """The list of copies, the two copies side by side, the footer."""
        with Vertical():
            yield Static(Text("Records edited in two places: o keeps the other copy, c keeps this one "
                              "(the copy not kept stays in the record's history)", style="bold"), id="conflicts-title")
            yield OptionList(id="conflict-rows")
            with Horizontal():
                with VerticalScroll():
                    yield Static(Text("This copy (current)", style="bold"))
                    yield Static(Text(""), id="current-copy")
                with VerticalScroll():
                    yield Static(Text("Other copy", style="bold yellow"))
                    yield Static(Text(""), id="other-copy")
        yield Footer()

    def on_mount(self) -> None:
        """Read the conflicts off the loop."""
        self.reload()

    @work(group="conflicts", exclusive=True, exit_on_error=False)
    async def reload(self) -> None:
        """List every record that holds another copy."""
        await self.reflect.store_ready()
        try:
            found = await self.reflect.io(record_conflicts.find, self.reflect.store)
        except ReflectError as exc:
            self.notify(str(exc), title="Could not read", severity="error", markup=False, timeout=10)
            return
        self.rows = [(c, i) for c in found for i in range(len(c.copies))]
        rows = self.query_one("#conflict-rows", OptionList)
        rows.clear_options()
        for n, (conflict, i) in enumerate(self.rows):
            saved = str(conflict.copies[i].get("updated_at") or "")[:16].replace("T", " ")
            rows.add_option(Option(Text(f"{conflict.label}: other copy saved {saved}"), id=str(n)))
        if self.rows:
            rows.highlighted = 0
            rows.focus()
        else:
            self.query_one("#current-copy", Static).update(Text("No records with another copy."))
            self.query_one("#other-copy", Static).update(Text(""))
        self.loaded = True

    def _row(self) -> tuple[RecordConflict, int] | None:
        index = self.query_one("#conflict-rows", OptionList).highlighted
        return self.rows[index] if index is not None and 0 <= index < len(self.rows) else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Show both copies of the highlighted record, as plain text."""
        row = self._row()
        if row is not None:
            conflict, i = row
            other = conflict.copies[i]
            self.query_one("#current-copy", Static).update(Text(record_conflicts.shown(conflict.current, other)))
            self.query_one("#other-copy", Static).update(Text(record_conflicts.shown(other, conflict.current)))

    async def action_keep(self, other: bool) -> None:
        """Keep the other copy (`other`) or the current one, then list again."""
        row = self._row()
        if row is None or not self.loaded:
            return
        conflict, i = row
        self.loaded = False
        try:
            await self.reflect.io(record_conflicts.keep, self.reflect.store, conflict, i, other=other)
        except ReflectError as exc:
            self.notify(str(exc), title="Not changed", severity="error", markup=False, timeout=10)
        else:
            self.reflect.data_changed.publish(conflict.cls.COLLECTION)
            self.notify("Kept the other copy; the one it replaced is in the history." if other
                        else "Kept the current copy; the other stays in the history.", markup=False, timeout=4)
        self.reload()

    def action_dismiss_screen(self) -> None:
        """Close."""
        self.dismiss(None)
