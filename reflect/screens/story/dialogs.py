"""Small dialogs of the story area: save with a reason, new variant, export, rate a run, log a use.

Each is a `Dialog` (reflect/screens/dialog.py): the app's look, Escape that first leaves a text
field, the dialog's keys in the footer. `ctrl+s` (and Enter in a one-line field) submits; the
value is returned, None when cancelled. The reason for a version and a pitch use keep a draft of
what was typed until the caller saved it (`drop_draft()` on the dialog after saving). Deleting
asks with the app's `ConfirmDialog` (y / n).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from reflect.core.story import story as story_core
from reflect.screens.dialog import DIALOG_CSS, Dialog


R = TypeVar("R")


def _buttons(ok: str, cancel: str = "Cancel") -> ComposeResult:
    """The error line, then the dialog's button and the one that closes it."""
    yield Static("", classes="error")
    with Horizontal(classes="row buttons"):
        yield Button(ok, variant="primary", id="save")
        yield Button(cancel, id="cancel")


class FormDialog(Dialog[R]):
    """A `Dialog` that is submitted: by its button, `ctrl+s` from any field, or Enter in a one-line
    field. Subclasses name the keys in the footer (`submit_keys`) and return their value in `submit`."""

    def submit(self) -> None:
        """Dismiss with the dialog's value, or show what is wrong (each dialog says how)."""
        raise NotImplementedError

    def action_submit(self) -> None:
        """ctrl+s submits from any field."""
        self.submit()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a one-line field submits."""
        event.stop()
        self.submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Submit or cancel."""
        event.stop()
        if event.button.id == "save":
            self.submit()
        else:
            self.action_cancel()


def submit_keys(done: str, cancel: str = "Cancel") -> list[Binding]:
    """The footer's keys of a form: ctrl+s does it (from any field), Escape cancels."""
    return [Binding("ctrl+s", "submit", done, priority=True), Binding("escape", "escape", cancel)]


class SaveDialog(FormDialog[str | None]):
    """Saving makes a version; ask (optionally) why it changed. Returns the reason ('' allowed)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="SaveDialog")
    BINDINGS = submit_keys("Save")

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def draft_form(self) -> str:
        """One draft of the reason for the next version."""
        return "story:why"

    def form_values(self) -> dict[str, Any]:
        """The reason as typed."""
        return {"why": self.query_one("#why", Input).value}

    def restore_values(self, values: dict[str, Any]) -> None:
        """Put the reason back."""
        self.query_one("#why", Input).value = str(values.get("why") or "")

    def compose(self) -> ComposeResult:
        """One optional line."""
        with Vertical() as box:
            box.border_title = Text(f"Save {self.what} as a new version")
            yield Label("Why I changed it (optional)")
            yield Input(placeholder="e.g. shorter opening, clearer ask", max_length=200, id="why")
            yield from _buttons("Save")

    def submit(self) -> None:
        """The reason."""
        self.dismiss(self.query_one("#why", Input).value.strip())


@dataclass
class VariantChoice:
    """Length and audience of a new variant."""

    length: str
    audience: str


class NewVariantDialog(FormDialog[VariantChoice | None]):
    """Pick a length and an audience. Returns a VariantChoice."""

    DEFAULT_CSS = DIALOG_CSS.format(name="NewVariantDialog")
    BINDINGS = submit_keys("Create")

    def compose(self) -> ComposeResult:
        """Two selects."""
        lengths, audiences = story_core.lengths(), story_core.audiences()
        with Vertical() as box:
            box.border_title = "New variant (starts from the master story)"
            yield Label("Length")
            yield Select([(v["label"], k) for k, v in lengths.items()], value="60s", allow_blank=False, id="length")
            yield Label("Audience")
            yield Select([(v["label"], k) for k, v in audiences.items()], value="client", allow_blank=False, id="audience")
            yield from _buttons("Create")

    def submit(self) -> None:
        """The choice."""
        self.dismiss(VariantChoice(str(self.query_one("#length", Select).value), str(self.query_one("#audience", Select).value)))


@dataclass
class ExportChoice:
    """Format and destination of an export."""

    fmt: str
    path: Path


class ExportDialog(FormDialog[ExportChoice | None]):
    """Choose Markdown or plain text and a file path. Returns an ExportChoice."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ExportDialog")
    BINDINGS = submit_keys("Export")

    def __init__(self, default_stem: str) -> None:
        super().__init__()
        self.default_stem = default_stem

    def compose(self) -> ComposeResult:
        """Format and path."""
        with Vertical() as box:
            box.border_title = "Export"
            yield Label("Format")
            yield Select([("Markdown script (video or web page)", "md"), ("Plain text", "txt")], value="md",
                         allow_blank=False, id="format")
            yield Label("File")
            yield Input(value=str(Path.home() / f"{self.default_stem}.md"), id="path")
            yield Static(Text("Quotes appear only when their author said they may be quoted.", style="dim"))
            yield from _buttons("Export")

    def on_select_changed(self, event: Select.Changed) -> None:
        """Keep the file's extension in step with the format."""
        field = self.query_one("#path", Input)
        path = Path(field.value)
        if path.suffix in (".md", ".txt"):
            field.value = str(path.with_suffix(f".{event.value}"))

    def submit(self) -> None:
        """The choice (the path's ~ expanded)."""
        value = self.query_one("#path", Input).value.strip()
        if not value:
            self.show_error("File: give a path to write to.")
            return
        self.dismiss(ExportChoice(str(self.query_one("#format", Select).value), Path(value).expanduser()))


RATINGS = ("clarity", "confidence", "naturalness")
"""The self-ratings after a run."""


class RatingDialog(FormDialog[tuple[dict[str, Any], str] | None]):
    """After a run: clarity, confidence, naturalness 1-5 and a note. Returns (ratings, note).

    A digit 1-5 rates the focused scale and moves to the next one. Escape (outside the note) keeps
    the run without ratings.
    """

    BINDINGS = [
        *submit_keys("Save run", "No ratings"),
        *(Binding(str(n), f"rate({n})", "Rate", show=n == 1, key_display="1-5") for n in range(1, 6)),
    ]

    DEFAULT_CSS = DIALOG_CSS.format(name="RatingDialog") + """
    RatingDialog Horizontal.rating { height: 3; }
    RatingDialog Horizontal.rating Label { width: 14; margin-top: 1; }
    RatingDialog Horizontal.rating Select { width: 1fr; }
    RatingDialog TextArea { height: 4; }
    """

    def __init__(self, summary: str) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        """Three ratings and a note."""
        with Vertical() as box:
            box.border_title = "Rate the run"
            yield Static(Text(self.summary))
            for name in RATINGS:
                with Horizontal(classes="rating"):
                    yield Label(name.capitalize())
                    yield Select([(f"{n}", n) for n in range(1, 6)], prompt="1-5", id=name)
            yield TextArea(id="note", placeholder="A note to yourself (optional)")
            yield from _buttons("Save run", "No ratings")  # the footer says: 1-5 rates the focused scale

    def action_rate(self, n: int) -> None:
        """Rate the focused scale and move on."""
        focused = self.focused
        if isinstance(focused, Select) and focused.id in RATINGS:
            focused.value = n
            self.focus_next()

    def submit(self) -> None:
        """Ratings (None when left blank) and the note."""
        ratings: dict[str, Any] = {}
        for name in RATINGS:
            value = self.query_one(f"#{name}", Select).value
            ratings[name] = value if isinstance(value, int) else None
        self.dismiss((ratings, self.query_one("#note", TextArea).text.strip()))


@dataclass
class UseEntry:
    """A real use of a pitch."""

    where: str
    to_whom: str
    outcome: str
    variant_id: str | None


class PitchUseDialog(FormDialog[UseEntry | None]):
    """Log where the pitch was used, to whom and what came of it. Returns a UseEntry."""

    DEFAULT_CSS = DIALOG_CSS.format(name="PitchUseDialog") + """
    PitchUseDialog TextArea { height: 4; margin-top: 1; }
    PitchUseDialog Select { margin-top: 1; }
    """
    BINDINGS = submit_keys("Log")

    def __init__(self, variants: list[tuple[str, str]], current: str | None) -> None:
        super().__init__()
        self.variants = variants
        self.current = current

    def draft_form(self) -> str:
        """One draft of a new use."""
        return "pitch-use:new"

    def form_values(self) -> dict[str, Any]:
        """Where, to whom, the variant, the outcome as typed."""
        value = self.query_one("#variant", Select).value
        return {"where": self.query_one("#where", Input).value, "whom": self.query_one("#whom", Input).value,
                "variant": value if isinstance(value, str) else None, "outcome": self.query_one("#outcome", TextArea).text}

    def restore_values(self, values: dict[str, Any]) -> None:
        """Put a draft back (a variant no longer there is left out)."""
        self.query_one("#where", Input).value = str(values.get("where") or "")
        self.query_one("#whom", Input).value = str(values.get("whom") or "")
        if values.get("variant") in {v for _, v in self.variants}:
            self.query_one("#variant", Select).value = values["variant"]
        self.query_one("#outcome", TextArea).load_text(str(values.get("outcome") or ""))

    def compose(self) -> ComposeResult:
        """Where, to whom, which variant, outcome."""
        with Vertical() as box:
            box.border_title = "Log a real use of the pitch"
            yield Input(placeholder="Where (an event, a call, an email)", id="where", max_length=200)
            yield Input(placeholder="To whom (a role: a prospective client, a peer)", id="whom", max_length=200)
            ids = {v for _, v in self.variants}
            yield Select(self.variants, prompt="Which variant (optional)", id="variant",
                         value=self.current if self.current in ids else Select.NULL)
            yield TextArea(id="outcome", placeholder="What came of it")
            yield from _buttons("Log")

    def submit(self) -> None:
        """The entry; where is required."""
        where = self.query_one("#where", Input).value.strip()
        if not where:
            self.show_error("Where: say where you used the pitch.")
            return
        value = self.query_one("#variant", Select).value
        self.dismiss(UseEntry(where, self.query_one("#whom", Input).value.strip(),
                              self.query_one("#outcome", TextArea).text.strip(), value if isinstance(value, str) else None))
