"""Check-in history: filter by date range, tag and text; edit or delete (tombstone) any check-in."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Label, Static

from reflect.core.checkin.checkins import filter_checkins, parse_day
from reflect.core.dates import other_year, short_date
from reflect.core.prose import counted
from reflect.core.errors import BadInput
from reflect.core.models import CheckIn
from reflect.typed_app import reflect_app
from reflect.screens.dialog import ConfirmDialog
from reflect.widgets.footer import AppFooter


MAX_ROWS = 1000
"""Rows shown at once; a wider range says how many more there are."""

SHORT_DATES = 70
"""Below this table width dates leave out the weekday (the date and time are never cut)."""
FEELING_COLUMN = 96
"""From this table width the feeling has its own column and dates always show the year; below it
the feeling leads the note, and dates show the year when a row is from another year."""
YEAR = len(" 2026")
"""Cells the year adds to a date."""


def columns(width: int, year: bool = False) -> list[tuple[str, int]]:
    """(label, width) of each column for a table `width` cells wide; the note takes what is left.
    `year`: the dates show their year (some row is from another year).

    Tags get a fixed share and end in "…" when longer; the note ends in "…" at the table's edge.
    """
    extra = YEAR if year else 0
    if width < SHORT_DATES:
        fixed = [("When", 12 + extra), ("Mood", 4), ("En", 2), ("Tags", 9)]
    elif width < FEELING_COLUMN:
        fixed = [("When", 16 + extra), ("Mood", 4), ("Energy", 6), ("Tags", 12)]
    else:
        fixed = [("When", 20), ("Mood", 4), ("Energy", 6), ("Feeling", 12), ("Tags", 18)]
    padding = 2 * (len(fixed) + 1)  # a cell each side of every column
    scrollbar = 2
    note = max(10, width - padding - scrollbar - sum(w for _label, w in fixed))
    return [*fixed, ("Note", note)]


def row_cells(c: CheckIn, width: int, today: date, year: bool = False) -> list[Text]:
    """The cells of one check-in for a table `width` cells wide (user text never read as markup);
    `year`: the date shows its year (some row is from another year than `today`'s)."""
    note = c.note.splitlines()[0] if c.note.strip() else ""
    tags = " ".join(f"#{t}" for t in c.tags)
    mood, energy = str(c.mood), str(c.energy or "–")
    if width < FEELING_COLUMN:
        when = short_date(c.at, today, weekday=width >= SHORT_DATES, time=True, year=year)
        note = " · ".join(part for part in (c.emotion or "", note) if part)
        cells = [when, mood, energy, tags, note]
    else:
        cells = [f"{c.at:%a %Y-%m-%d %H:%M}", mood, energy, c.emotion or "", tags, note]
    return [Text(cell, no_wrap=True, overflow="ellipsis") for cell in cells]


class HistoryTable(DataTable):
    """The check-ins table: Home and End go to the first and last row (there is nothing sideways)."""

    def action_scroll_home(self) -> None:
        """The first (newest) check-in."""
        if self.row_count:
            self.move_cursor(row=0)

    def action_scroll_end(self) -> None:
        """The last (oldest) check-in shown."""
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)


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
        Binding("escape", "escape", "Back"),
        Binding("e", "edit", "Edit"),
        Binding("d,delete", "delete", "Delete"),
        Binding("ctrl+f", "focus_filter", "Filter"),
    ]
    DEFAULT_CSS = """
    CheckInHistoryScreen #filters { height: 1; margin: 1 1 0 1; }
    CheckInHistoryScreen #filters Label { width: auto; margin: 0 1 0 0; }
    CheckInHistoryScreen #filters Input { width: 1fr; margin-right: 1; }
    CheckInHistoryScreen #count { height: 1; margin: 0 1; color: $text-muted; }
    CheckInHistoryScreen DataTable { height: 1fr; margin: 0 1; overflow-x: hidden; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._rows: dict[str, CheckIn] = {}
        self._shown: list[CheckIn] = []
        self._layout_width = 0

    reflect = reflect_app
    """The app, typed."""

    def compose(self) -> ComposeResult:
        """Filters, a count line, the table."""
        yield Header(show_clock=False)
        with Horizontal(id="filters"):
            yield Label("From")
            yield Input(compact=True, id="since", placeholder="YYYY-MM-DD")
            yield Label("to")
            yield Input(compact=True, id="until", placeholder="latest")
            yield Label("#")
            yield Input(compact=True, id="tag", placeholder="tag")
            yield Input(compact=True, id="text", placeholder="note text")
        yield Static(id="count")
        yield HistoryTable(cursor_type="row", zebra_stripes=True)
        yield AppFooter()

    def on_mount(self) -> None:
        """Default range: the last 30 journal days, with no end date (a check-in may be dated up to a
        day ahead, and one made after midnight before the day start is on the next calendar day);
        reload when check-ins change."""
        self.title = "Check-in history"
        self.query_one("#since", Input).value = (self.reflect.today() - timedelta(days=29)).isoformat()
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
        self._shown = shown
        self._fill()
        found_text = counted(total, "check-in")
        if total > len(shown):
            found_text += f" (the newest {len(shown):,} shown: narrow the dates to see older ones)"
        count.update(Text(f"{found_text} · e edit · d delete · escape back"))

    def _table_width(self) -> int:
        return self.query_one(DataTable).size.width or max(self.size.width - 2, 0)

    def _fill(self) -> None:
        """Lay the columns out for the table's width and put the rows in (the cursor stays put)."""
        table = self.query_one(DataTable)
        width = self._table_width()
        keep = table.cursor_row
        table.clear(columns=True)
        today = self.reflect.today()
        year = other_year((c.at for c in self._shown), today)
        for label, cells in columns(width, year):
            table.add_column(label, width=cells)
        self._layout_width = width
        self._rows = {}
        for c in self._shown:
            table.add_row(*row_cells(c, width, today, year), key=c.id)
            self._rows[c.id] = c
        if self._shown:
            table.move_cursor(row=min(max(keep, 0), len(self._shown) - 1))

    def on_resize(self) -> None:
        """Lay the table out again for the new width."""
        self.call_after_refresh(self._relayout)

    def _relayout(self) -> None:
        if self.is_attached and self._table_width() != self._layout_width:
            self._fill()

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

    def footer_description(self, binding: Binding) -> str | None:
        """While a filter field has focus the footer says what Escape does there: it leaves the field."""
        if binding.action == "escape" and isinstance(self.focused, Input):
            return "Leave field"
        return None

    def action_escape(self) -> None:
        """In a filter field, leave it for the table (the filters stay); anywhere else go back."""
        if isinstance(self.focused, Input):
            self.query_one(DataTable).focus()
        else:
            self.action_close()

    def action_close(self) -> None:
        """Back to where the history was opened from."""
        self.dismiss()
