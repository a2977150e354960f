"""Small dialogs of the focus area: debrief, abandon, interruption, and counting time away."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from reflect.screens.dialog import DIALOG_CSS as BASE_CSS
from reflect.screens.dialog import Dialog

DIALOG_CSS = BASE_CSS + """
{name} .title {{ text-style: bold; margin-bottom: 1; }}
{name} .hint {{ color: $text-muted; }}
{name} Horizontal {{ height: auto; }}
{name} Button {{ min-width: 5; margin-right: 1; }}
{name} .pick {{ width: 5; min-width: 5; margin: 0; }}
{name} .row-label {{ width: 16; }}
{name} Button.-chosen {{ background: $accent; color: $text; text-style: bold; }}
"""
"""The shared dialog look plus the focus dialogs' rows of key buttons."""


def _button(label: str, name: str, classes: str = "") -> Button:
    """A button that never takes focus (so keys stay with the dialog) but still clicks."""
    button = Button(label, name=name, classes=classes, compact=True)
    button.can_focus = False
    return button


def _type_into(screen: Dialog, event: events.Key) -> None:
    """A printable key that reached the dialog (its note not focused yet) goes into the note."""
    note = screen.query_one(Input)
    if event.is_printable and event.character and not note.has_focus:
        note.insert_text_at_cursor(event.character)
        note.focus()
        event.stop()
        event.prevent_default()


class _KeyDialog(Dialog):
    """A dialog run by keys: nothing is focused at first, printable keys go into its one Input once
    `typing` is set, and enter in the Input saves (`action_save`)."""

    AUTO_FOCUS = ""
    typing = False

    def on_mount(self) -> None:
        """Keys go to the dialog, not the text field, until the user asks for it."""
        self.set_focus(None)
        self._paint()

    def _paint(self) -> None:
        """Mark the chosen buttons."""

    def on_key(self, event: events.Key) -> None:
        """Typing goes into the text field once the user asked for it."""
        if self.typing:
            _type_into(self, event)

    def action_save(self) -> None:
        """Save (each dialog says what)."""

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()


@dataclass
class Debrief:
    """What the user said about a finished block."""

    outcome: str = "done"
    quality: int | None = None
    energy_after: int | None = None
    note: str = ""


class DebriefDialog(_KeyDialog):
    """Ten seconds after a block: outcome, focus quality 1-5, energy 1-9, a note. All by keys."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-normal")]
    """-narrow below 80 columns: the digit buttons narrow so the nine energy levels fit a row."""
    DEFAULT_CSS = DIALOG_CSS.format(name="DebriefDialog") + """
    DebriefDialog.-narrow .pick { width: 4; min-width: 4; }
    """
    BINDINGS = [
        Binding("d", "outcome('done')", "Done"),
        Binding("p", "outcome('partial')", "Partial"),
        Binding("x", "outcome('derailed')", "Derailed"),
        Binding("n", "note", "Note"),
        Binding("enter", "save", "Save", priority=False),
        Binding("escape", "escape", "Skip"),
        *(Binding(str(n), f"digit({n})", show=False) for n in range(1, 10)),
    ]

    def __init__(self, intention: str, minutes: float) -> None:
        super().__init__()
        self.intention = intention
        self.minutes = minutes
        self.result = Debrief()

    def compose(self) -> ComposeResult:
        """Outcome, quality and energy rows of buttons, and the note."""
        with Vertical():
            yield Static(Text(f"Block over: {self.intention or 'focus'} ({self.minutes:.0f} min)"), classes="title")
            with Horizontal():
                yield Static("Outcome", classes="row-label")
                for key, value in (("d", "done"), ("p", "partial"), ("x", "derailed")):
                    yield _button(f"{value} ({key})", f"outcome:{value}")
            with Horizontal():
                yield Static("Focus quality", classes="row-label")
                for n in range(1, 6):
                    yield _button(str(n), f"quality:{n}", "pick")
            with Horizontal():
                yield Static("Energy now", classes="row-label")
                for n in range(1, 10):
                    yield _button(str(n), f"energy:{n}", "pick")
            yield Input(placeholder="a note (n to type, enter to save)", max_length=2000)
            yield Static("d/p/x outcome · digits: quality, then energy · enter save · esc skip", classes="hint")

    def _paint(self) -> None:
        r = self.result
        for button in self.query(Button):
            kind, _, value = (button.name or "").partition(":")
            chosen = {"outcome": r.outcome, "quality": str(r.quality), "energy": str(r.energy_after)}.get(kind) == value
            button.set_class(chosen, "-chosen")

    def action_outcome(self, value: str) -> None:
        """Pick the outcome."""
        self.result.outcome = value
        self._paint()

    def action_digit(self, n: int) -> None:
        """The first digit rates focus quality (1-5), the next one energy (1-9)."""
        if self.result.quality is None and n <= 5:
            self.result.quality = n
        else:
            self.result.energy_after = n
        self._paint()

    def action_note(self) -> None:
        """Type a note."""
        self.typing = True
        self.query_one(Input).focus()

    def action_save(self) -> None:
        """Save the debrief."""
        self.result.note = self.query_one(Input).value
        self.dismiss(self.result)

    def action_cancel(self) -> None:
        """Escape (outside the note): keep the block as done, with no ratings."""
        self.dismiss(None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        kind, _, value = (event.button.name or "").partition(":")
        if kind == "outcome":
            self.result.outcome = value
        elif kind == "quality":
            self.result.quality = int(value)
        elif kind == "energy":
            self.result.energy_after = int(value)
        self._paint()


class ReasonDialog(Dialog[str | None]):
    """Ask for a one-line reason (abandoning a block); Escape leaves the box, a second one cancels."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ReasonDialog")

    def __init__(self, title: str, placeholder: str = "reason (optional)") -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        """The question, the reason, the buttons."""
        with Vertical():
            yield Static(Text(self.title_text), classes="title")
            yield Input(placeholder=self.placeholder, max_length=500)
            with Horizontal():
                yield _button("Abandon (enter)", "ok")
                yield _button("Keep going (esc)", "cancel")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.dismiss(self.query_one(Input).value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(self.query_one(Input).value if event.button.name == "ok" else None)


class InterruptionDialog(Dialog[tuple[str, str] | None]):
    """Log an interruption: the reason box is focused at once; up/down flips internal or external; enter.

    Escape leaves the box, a second one closes; an unsaved reason stays as a draft for the next x.
    """

    DEFAULT_CSS = DIALOG_CSS.format(name="InterruptionDialog")
    BINDINGS = [
        Binding("up,down", "flip", "Internal / external"),
        Binding("enter", "save", "Log it"),
        Binding("escape", "escape", "Cancel"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.source = "external"

    def compose(self) -> ComposeResult:
        """Source buttons and the reason."""
        with Vertical():
            yield Static("Interrupted? The clock keeps running.", classes="title")
            with Horizontal():
                yield _button("internal", "internal")
                yield _button("external", "external")
                yield Static("↑↓ flips", classes="hint")
            yield Input(placeholder="what was it? (optional, enter to log)", max_length=500)

    def on_mount(self) -> None:
        """Letters typed at once go into the reason, not to shortcuts."""
        self._paint()
        self.query_one(Input).focus()

    def draft_form(self) -> str:
        """One draft of an interruption."""
        return "interruption"

    def form_values(self) -> dict[str, Any]:
        """Source and reason."""
        return {"source": self.source, "reason": self.query_one(Input).value}

    def restore_values(self, values: dict[str, Any]) -> None:
        """Put a draft back."""
        if values.get("source") in ("internal", "external"):
            self.action_source(values["source"])
        self.query_one(Input).value = str(values.get("reason", ""))

    def _paint(self) -> None:
        for button in self.query(Button):
            button.set_class(button.name == self.source, "-chosen")

    def action_source(self, source: str) -> None:
        """Pick the source; typing still goes to the reason."""
        self.source = source
        self._paint()
        self.query_one(Input).focus()
        self.keep_draft()

    def action_flip(self) -> None:
        """Internal <-> external."""
        self.action_source("internal" if self.source == "external" else "external")

    @on(Input.Submitted)
    def action_save(self) -> None:
        """Log it (the draft is done with)."""
        self.drop_draft()
        self.dismiss((self.source, self.query_one(Input).value))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_source(event.button.name or "external")


class AwayDialog(Dialog[str | None]):
    """A block ended (or expired) while the user was away: how should the away time count?"""

    DEFAULT_CSS = DIALOG_CSS.format(name="AwayDialog")
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("f", "choose('focus')", "Focus"),
        Binding("b", "choose('break')", "Break"),
        Binding("d", "choose('discard')", "Discard"),
        Binding("escape", "choose(None)", "Later"),
    ]

    def __init__(self, intention: str, away_minutes: float, expired: bool) -> None:
        super().__init__()
        self.intention = intention
        self.away_minutes = away_minutes
        self.expired = expired

    def compose(self) -> ComposeResult:
        """The question and the three answers."""
        what = "was left for more than an hour" if self.expired else "ended while you were away"
        with Vertical():
            yield Static(Text(f"Your block “{self.intention or 'focus'}” {what}."), classes="title")
            yield Static(f"You were away about {self.away_minutes:.0f} min. How should that time count?")
            with Horizontal():
                yield _button("Focus (f)", "focus")
                yield _button("Break (b)", "break")
                yield _button("Discard (d)", "discard")
                yield _button("Later (esc)", "later")
            yield Static("focus: the block ran to its end · break: it stopped when you left · discard: not counted", classes="hint")

    def action_choose(self, choice: str | None) -> None:
        """Answer."""
        self.dismiss(choice)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.name == "later" else event.button.name)
