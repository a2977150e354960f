"""Rate yourself on the strengths vocabulary, and add strengths of your own."""

from __future__ import annotations


from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Input, Static

from reflect.core.feedback import strengths as st
from reflect.core.models import Strength
from reflect.core.text import clean_line
from reflect.screens.dialog import Dialog
from reflect.typed_app import reflect_app


class RateStrengths(Dialog[None]):
    """Every strength with your own rating (0-5); digits rate the highlighted one, n adds your own."""

    DEFAULT_CSS = """
    RateStrengths > Vertical { border: round $primary; background: $surface; }
    RateStrengths #hint { height: auto; padding: 0 1; color: $text-muted; }
    RateStrengths DataTable { height: 1fr; }
    RateStrengths Input { display: none; }
    RateStrengths Input.open { display: block; }
    """
    BINDINGS = [
        *(Binding(str(n), f"rate({n})", f"Rate {n}", show=False) for n in range(5)),
        Binding("5", "rate(5)", "Rate", key_display="0-5"),
        Binding("backspace", "rate(-1)", "Unrate", show=False),
        Binding("n", "new", "Add your own"),
        Binding("escape", "escape", "Close"),
    ]

    def __init__(self, own: list[Strength]) -> None:
        super().__init__()
        self.own = {s.name.lower(): s for s in own if not s.deleted}

    reflect = reflect_app
    """The app, typed."""

    def compose(self) -> ComposeResult:
        """Hint, table, the box for a new strength, footer."""
        with Vertical() as box:
            box.border_title = "Rate yourself: how much is this you? (0 not me … 5 very me)"
            yield Static("Digits 0-5 rate the highlighted strength; backspace clears it; n adds your own.", id="hint")
            yield Input(placeholder="your own strength, then Enter (synonyms after a colon: name: word, word*)", id="new")
            yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        """Fill the table."""
        table = self.query_one(DataTable)
        table.add_columns("Strength", "You", "Words that point to it")
        self._fill()
        table.focus()

    def _fill(self, keep: str | None = None) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for d in st.vocabulary(self.own.values()):
            rating = "–" if d.self_rating is None else str(d.self_rating)
            table.add_row(Text(d.name, style="bold" if d.custom else ""), Text(rating), Text(", ".join(d.synonyms)[:40]), key=d.name)
        if keep is not None:
            table.move_cursor(row=table.get_row_index(keep))

    async def action_rate(self, value: int) -> None:
        """Rate the highlighted strength (-1 clears the rating)."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return
        name = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        old = self.own.get(name.lower())
        rec = (old or Strength(name=name, custom=False)).model_copy(update={"self_rating": None if value < 0 else value})
        saved = await self.reflect.save(rec, base=old)
        if saved is not None:
            self.own[name.lower()] = saved
            self._fill(keep=name)

    def action_new(self) -> None:
        """Open the box for a strength of your own."""
        box = self.query_one("#new", Input)
        box.add_class("open")
        box.focus()

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        """Add the typed strength (with synonyms after a colon)."""
        name, _, rest = event.value.partition(":")
        name = clean_line(name)[:80]
        event.input.value = ""
        event.input.remove_class("open")
        if not name:
            return
        synonyms = [clean_line(w)[:60] for w in rest.split(",") if clean_line(w)]
        old = self.own.get(name.lower())
        rec = old or Strength(name=name, custom=True)
        rec = rec.model_copy(update={"synonyms": list(dict.fromkeys([*rec.synonyms, *synonyms]))})
        saved = await self.reflect.save(rec, base=old)
        if saved is not None:
            self.own[name.lower()] = saved
        self._fill(keep=next((d.name for d in st.vocabulary(self.own.values()) if d.key == name.lower()), None))
        self.query_one(DataTable).focus()

    def leave_field(self) -> None:
        """Escape in the new-strength box folds it away (n brings it back with what was typed)."""
        self.query_one("#new", Input).remove_class("open")
        self.query_one(DataTable).focus()
