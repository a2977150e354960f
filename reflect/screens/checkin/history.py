"""Check-in history: filter by date range, tag and text; edit or delete (tombstone) any check-in."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Label, Static

from reflect.core.checkin.checkins import filter_checkins, parse_day
from reflect.core.errors import BadInput
from reflect.core.models import CheckIn
from reflect.typed_app import reflect_app
from reflect.screens.dialog import ConfirmDialog
from reflect.widgets.footer import AppFooter


MAX_ROWS = 1000
"""Rows shown at once; a wider range says how many more there are."""


def summary(c: CheckIn) -> Text:
    """One plain line for a check-in (user text never read as markup)."""
    out = Text(f"{c.at:%Y-%m-%d %H:%M}  mood {c.mood}  energy {c.energy or '–'}")
    if c.emotion:
        out.append(f"  {c.emotion}")
    if c.tags:
        out.append("  " + " ".join(f"#{t}" for t in c.tags))
    if c.note:
        out.append("  " + c.note.splitlines()[0][:80])
    return out


class CheckInHistoryScreen(Screen):
    """Every check-in in a date range, newest first, filtered by tag and text."""

    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("e", "edit", "Edit"),
        Binding("d,delete", "delete", "Delete"),
        Binding("ctrl+f", "focus_filter", "Filter"),
    ]
    DEFAULT_CSS = """
    CheckInHistoryScreen #filters { height: 1; margin: 1 1 0 1; }
    CheckInHistoryScreen #filters Label { width: auto; margin: 0 1 0 0; }
    CheckInHistoryScreen #filters Input { width: 1fr; margin-right: 1; }
    CheckInHistoryScreen #count { height: 1; margin: 0 1; color: $text-muted; }
    CheckInHistoryScreen DataTable { height: 1fr; margin: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._rows: dict[str, CheckIn] = {}

    reflect = reflect_app
    """The app, typed."""

    def compose(self) -> ComposeResult:
        """Filters, a count line, the table."""
        yield Header(show_clock=False)
        with Horizontal(id="filters"):
            yield Label("From")
            yield Input(compact=True, id="since", placeholder="YYYY-MM-DD")
            yield Label("to")
            yield Input(compact=True, id="until", placeholder="YYYY-MM-DD")
            yield Label("#")
            yield Input(compact=True, id="tag", placeholder="tag")
            yield Input(compact=True, id="text", placeholder="text in note")
        yield Static(id="count")
        table: DataTable = DataTable(cursor_type="row", zebra_stripes=True)
        table.add_columns("When", "Mood", "Energy", "Feeling", "Tags", "Note")
        yield table
        yield AppFooter()

    def on_mount(self) -> None:
        """Default range: the last 30 days; reload when check-ins change."""
        self.title = "Check-in history"
        today = self.reflect.clock.now().date()
        self.query_one("#since", Input).value = (today - timedelta(days=29)).isoformat()
        self.query_one("#until", Input).value = (today + timedelta(days=1)).isoformat()  # a check-in may be dated up to a day ahead
        self.reflect.data_changed.subscribe(self, self._changed)
        self.query_one(DataTable).focus()
        self.reload()

    def _changed(self, collection: str) -> None:
        if collection == "checkins":
            self.reload()

    @on(Input.Changed)
    def _filter_changed(self) -> None:
        self.reload()

    @on(Input.Submitted)
    def _filter_done(self) -> None:
        self.query_one(DataTable).focus()

    @work(exclusive=True, group="load", exit_on_error=False)
    async def reload(self) -> None:
        """Read the range off the loop, filter, fill the table."""
        count = self.query_one("#count", Static)
        try:
            since = parse_day(self.query_one("#since", Input).value, "from")
            until = parse_day(self.query_one("#until", Input).value, "to")
        except BadInput as exc:
            count.update(Text(str(exc)))
            return
        found = await self.reflect.io(self.reflect.store.list, CheckIn, since, until)
        shown = filter_checkins(
            found, tag=self.query_one("#tag", Input).value, text=self.query_one("#text", Input).value
        )
        shown.reverse()
        total = len(shown)
        shown = shown[:MAX_ROWS]
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        self._rows = {}
        for c in shown:
            note = c.note.splitlines()[0][:60] if c.note else ""
            table.add_row(
                Text(f"{c.at:%a %Y-%m-%d %H:%M}"),
                Text(str(c.mood)),
                Text(str(c.energy or "–")),
                Text(c.emotion or ""),
                Text(" ".join(f"#{t}" for t in c.tags)),
                Text(note),
                key=c.id,
            )
            self._rows[c.id] = c
        if shown:
            table.move_cursor(row=min(keep, len(shown) - 1))
        found_text = f"{total} check-in{'s' if total != 1 else ''}"
        if total > len(shown):
            found_text += f" (the newest {len(shown)} shown: narrow the dates to see older ones)"
        count.update(Text(f"{found_text} · e edit · d delete · escape back"))

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_edit()

    def _current(self) -> CheckIn | None:
        table = self.query_one(DataTable)
        if not self._rows or table.cursor_row < 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._rows.get(str(key))

    def action_edit(self) -> None:
        """Open the highlighted check-in in the check-in dialog."""
        from reflect.screens.checkin.dialog import CheckInScreen

        c = self._current()
        if c is not None:
            self.app.push_screen(CheckInScreen(c))

    def action_delete(self) -> None:
        """Ask, then tombstone the highlighted check-in."""
        c = self._current()
        if c is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_worker(self._delete(c), exit_on_error=False)

        self.app.push_screen(ConfirmDialog(Text("Delete this check-in?\n\n").append_text(summary(c)), "Delete (y)", "Keep (n)"), answered)

    async def _delete(self, c: CheckIn) -> None:
        if await self.reflect.save(c, delete=True) is not None:
            self.app.notify("Check-in deleted.", markup=False, timeout=3)

    def action_focus_filter(self) -> None:
        """Jump to the text filter."""
        self.query_one("#text", Input).focus()

    def action_close(self) -> None:
        """Back to where the history was opened from."""
        self.dismiss()
