"""Check in (dialog): mood and energy on the affect grid, a word for the feeling, tags, a note, the time.

The quick path is three keys: a digit 1-9 for mood, one for energy, Enter. The same dialog edits
an existing check-in (from the history). Escape in the tags, note or time field goes back to the
grid; Escape there closes, and what was chosen and typed stays as a draft for the next open.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, OptionList, Static, TextArea

from reflect.core.checkin.checkins import (
    check_not_future,
    check_scale,
    described,
    format_tags,
    known_tags,
    new_checkin,
    parse_tags,
    parse_time,
    word_fits,
    words_near,
)
from reflect.core.errors import BadInput, one_line
from reflect.services.edits import EditTracker
from reflect.core.models import NOTE_MAX, CheckIn
from reflect.screens.dialog import Dialog
from reflect.widgets.affect_grid import AffectGrid
from reflect.widgets.keys import keys_taken
from reflect.typed_app import reflect_app


TIME_FORMAT = "%Y-%m-%d %H:%M"
"""How the time field shows a moment."""


class TagSuggester(Suggester):
    """Completes the last tag being typed from the user's earlier tags."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self.tags: list[str] = []

    async def get_suggestion(self, value: str) -> str | None:
        """The value with its last word completed, or None."""
        from reflect.core.checkin.checkins import complete_tag

        return complete_tag(value, self.tags)


def _same(a: CheckIn, b: CheckIn) -> bool:
    """True when two versions of a check-in differ in nothing but `updated_at`."""
    return a.model_dump(exclude={"updated_at"}) == b.model_dump(exclude={"updated_at"})


class CheckInScreen(Dialog["CheckIn | None"]):
    """Check in: mood and energy 1-9 on the affect grid, with a word, tags, a note and the time."""

    BINDINGS = [
        Binding("escape", "escape", "Close (draft kept)"),
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("delete", "clear_word", "No word", show=False),
    ]
    DEFAULT_CSS = """
    CheckInScreen { align: center middle; }
    CheckInScreen > #dialog {
        width: 78; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; padding: 0 1; background: $surface;
    }
    CheckInScreen #top { height: auto; }
    CheckInScreen #side { width: 1fr; height: 11; padding-left: 1; }
    CheckInScreen #readout { height: 2; }
    CheckInScreen #words { height: 1fr; border: none; padding: 0; }
    CheckInScreen .row { height: 1; margin-top: 1; }
    CheckInScreen .row Label { width: 7; }
    CheckInScreen .row Input { width: 1fr; }
    CheckInScreen #note { height: 3; margin-top: 1; }
    CheckInScreen #status { height: auto; color: $error; }
    CheckInScreen #buttons { height: 1; align-horizontal: right; }
    CheckInScreen #buttons Button { margin-left: 2; }
    CheckInScreen.-short .row { margin-top: 0; }
    CheckInScreen.-short #note { height: 1; margin-top: 0; }
    """

    def __init__(self, checkin: CheckIn | None = None) -> None:
        super().__init__()
        self.checkin = checkin
        """The check-in being edited (None: a new one)."""
        self.emotion: str | None = checkin.emotion if checkin else None
        self.tracker = EditTracker(checkin.to_doc()) if checkin else None
        """An edit is saved as a compare-and-swap against the check-in as it was read."""
        self._suggester = TagSuggester()
        self._opened_time = ""

    reflect = reflect_app
    """The app, typed."""

    def draft_form(self) -> str:
        """One draft for a new check-in, one per edited check-in."""
        return f"checkin:{self.checkin.id}" if self.checkin else "checkin:new"

    def form_values(self) -> dict[str, Any]:
        """Grid point, word, tags, note, and the time only when the user changed it."""
        grid = self.query_one(AffectGrid)
        time = self.query_one("#time", Input).value
        return {
            "mood": grid.mood if grid.picked else None, "energy": grid.energy, "energy_given": grid.energy_given,
            "emotion": self.emotion, "tags": self.query_one("#tags", Input).value,
            "note": self.query_one("#note", TextArea).text, "time": "" if time == self._opened_time else time,
        }

    def restore_values(self, values: dict[str, Any]) -> None:
        """Put a draft back: the point, the word, the fields."""
        grid = self.query_one(AffectGrid)
        self.emotion = values.get("emotion") or None
        if isinstance(values.get("mood"), int) and isinstance(values.get("energy"), int):
            grid.choose(values["mood"], values["energy"])
            grid.energy_given = bool(values.get("energy_given", True))
        self.query_one("#tags", Input).value = str(values.get("tags") or "")
        note = self.query_one("#note", TextArea)
        if note.text != str(values.get("note") or ""):  # a note being typed keeps its cursor
            note.load_text(str(values.get("note") or ""))
        if values.get("time"):
            self.query_one("#time", Input).value = str(values["time"])

    def leave_field(self) -> None:
        """Escape in a field goes back to the grid."""
        self.query_one(AffectGrid).focus()

    def compose(self) -> ComposeResult:
        """Grid and words on top; tags, note, time, buttons below."""
        c = self.checkin
        with Vertical(id="dialog") as dialog:
            dialog.border_title = "Edit check-in" if c else "Check in"
            dialog.border_subtitle = "mood 1-9, energy 1-9 (9 high), Enter"
            with Horizontal(id="top"):
                yield AffectGrid(c.mood if c else None, c.energy if c else 5)
                with Vertical(id="side"):
                    yield Static(id="readout")
                    yield OptionList(id="words")
            with Horizontal(classes="row"):
                yield Label("Tags")
                yield Input(
                    format_tags(c.tags) if c else "", placeholder="work client walk  (→ completes)",
                    suggester=self._suggester, compact=True, id="tags",
                )
            yield TextArea(c.note if c else "", id="note", compact=True, placeholder="A note (optional)")
            with Horizontal(classes="row"):
                yield Label("Time")
                yield Input(compact=True, id="time", placeholder="HH:MM or YYYY-MM-DD HH:MM")
            yield Static(id="status")
            with Horizontal(id="buttons"):
                yield Button("Save", variant="primary", compact=True, id="save")
                yield Button("Cancel", compact=True, id="cancel")

    def on_mount(self) -> None:
        """Fill the time and the words; load earlier tags off the loop."""
        at = self.checkin.at if self.checkin else self.reflect.clock.now()
        self.query_one("#time", Input).value = self._opened_time = at.strftime(TIME_FORMAT)
        grid = self.query_one(AffectGrid)
        self._show(grid.mood, grid.energy, grid.picked)
        grid.focus()
        self.run_worker(self._load_tags(), group="tags", exit_on_error=False)

    async def _load_tags(self) -> None:
        today = self.reflect.clock.now().date()
        docs = await self.reflect.io(self.reflect.store.raw_docs, CheckIn, today - timedelta(days=365), today)
        self._suggester.tags = known_tags(docs)

    def _show(self, mood: int, energy: int, picked: bool, refill: bool = True) -> None:
        readout = Text()
        if picked:
            readout.append(f"mood {mood} · energy {energy}", style="bold")
            readout.append(f"\n{described(mood, energy)}", style="dim")
            if self.emotion:
                readout.append(f" · {self.emotion}", style="italic")
        else:
            readout.append("Mood, energy: 1-9, 9 high\narrows, mouse or 2 digits", style="dim")
        self.query_one("#readout", Static).update(readout)
        if not refill:
            return
        words = self.query_one("#words", OptionList)
        words.clear_options()
        if picked:
            words.add_options([Text(w) for w in words_near(mood, energy, 8)])
            words.highlighted = 0

    @on(AffectGrid.Changed)
    def _grid_changed(self, event: AffectGrid.Changed) -> None:
        self.query_one("#status", Static).update("")
        if self.emotion and not word_fits(self.emotion, event.mood, event.energy):
            self.emotion = None  # the word named a feeling of another quadrant
        self._show(event.mood, event.energy, True)
        self.keep_draft()

    @on(AffectGrid.Refused)
    def _grid_refused(self, event: AffectGrid.Refused) -> None:
        self.query_one("#status", Static).update(Text(event.reason))

    @on(OptionList.OptionHighlighted, "#words")
    def _word_moved(self, event: OptionList.OptionHighlighted) -> None:
        """Moving the highlight (keys or mouse) while in the list chooses that word."""
        if event.option_list.has_focus:
            self._choose(str(event.option.prompt))

    @on(OptionList.OptionSelected, "#words")
    def _word_chosen(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click chooses the word too."""
        self._choose(str(event.option.prompt))

    def action_clear_word(self) -> None:
        """Choose no word."""
        self._choose(None)

    def _choose(self, word: str | None) -> None:
        if word == self.emotion:
            return
        self.emotion = word
        grid = self.query_one(AffectGrid)
        self._show(grid.mood, grid.energy, grid.picked, refill=False)
        self.keep_draft()

    @on(AffectGrid.Submitted)
    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    async def _submit(self) -> None:
        await self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def build(self) -> CheckIn:
        """The check-in from the form (BadInput with a one-line reason when something is wrong)."""
        grid = self.query_one(AffectGrid)
        if not grid.picked:
            raise BadInput("pick mood and energy first: arrows or the mouse on the grid, or two digits 1-9 (mood, then energy)")
        mood = check_scale("mood", grid.mood)
        energy: int | None = check_scale("energy", grid.energy)
        if self.checkin is not None and self.checkin.energy is None and not grid.energy_given:
            energy = None  # editing a mood-only check-in does not invent an energy
        typed_tags = self.query_one("#tags", Input).value
        keep = self.checkin is not None and typed_tags == format_tags(self.checkin.tags)
        tags = list(self.checkin.tags) if keep and self.checkin else parse_tags(typed_tags)
        note = self.query_one("#note", TextArea).text
        if len(note) > NOTE_MAX:
            raise BadInput(f"note: at most {NOTE_MAX:,} characters; this one has {len(note):,}")
        now = self.reflect.clock.now()
        base = self.checkin.at if self.checkin else now
        typed_time = self.query_one("#time", Input).value
        at = base if typed_time == base.strftime(TIME_FORMAT) else parse_time(typed_time, base, getattr(self.reflect.clock, "zone", None))
        check_not_future(at, now, "time")
        try:
            if self.checkin is None:
                return new_checkin(self.reflect.clock, mood=mood, energy=energy, emotion=self.emotion,
                                   tags=tags, note=note, at=at)
            doc = self.checkin.model_dump()
            doc.update(mood=mood, energy=energy, emotion=self.emotion, tags=tags, note=note, at=at)
            return CheckIn.model_validate(doc)
        except ValidationError as exc:
            raise BadInput(one_line(exc)) from None

    async def action_save(self) -> None:
        """Take every key typed before the save key, validate, then store off the loop."""
        await keys_taken(self.app)
        if not self.is_active:
            return  # a second save already closed the dialog
        try:
            record = self.build()
        except BadInput as exc:
            self.query_one("#status", Static).update(Text(str(exc)))
            return
        if self.checkin is not None and _same(record, self.checkin):
            self.app.notify("No changes.", markup=False, timeout=2)
            self.drop_draft()
            self.dismiss(self.checkin)  # nothing on disk changes, not even updated_at
            return
        self.run_worker(self._store(record), group="save", exclusive=True, exit_on_error=False)

    async def _store(self, record: CheckIn) -> None:
        if self.tracker is not None:
            stored = await self.reflect.save_edit(self.tracker, record)
        else:
            stored = await self.reflect.save(record)
        if stored is None:
            return
        self.drop_draft()
        words = f"mood {stored.mood}, energy {stored.energy}"
        self.app.notify(f"Checked in: {words}." if self.checkin is None else f"Check-in updated: {words}.",
                        markup=False, timeout=3)
        self.dismiss(stored)

