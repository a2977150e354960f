"""Small dialogs of the story area: save with a reason, new variant, export, rate a run, log a use."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from reflect.core.story import story as story_core

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 64; max-width: 100%; height: auto; max-height: 100%;
    border: round $accent; background: $surface; padding: 0 1;
}}
{name} Label {{ margin-top: 1; }}
{name} .buttons {{ height: auto; margin-top: 1; align-horizontal: right; }}
{name} .buttons Button {{ margin-left: 1; }}
"""


class _Dialog(ModalScreen):
    """Escape cancels (returns None)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "submit", "Done")]

    def action_submit(self) -> None:
        """ctrl+s submits from any field."""
        self.submit()

    def action_cancel(self) -> None:
        """Close without a result."""
        self.dismiss(None)

    def buttons(self, ok: str) -> ComposeResult:
        """OK and Cancel."""
        with Horizontal(classes="buttons"):
            yield Button("Cancel", id="cancel")
            yield Button(ok, id="ok", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Cancel or submit."""
        if event.button.id == "cancel":
            self.dismiss(None)
        else:
            self.submit()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in any field submits."""
        self.submit()

    def submit(self) -> None:
        """Return the dialog's value (override)."""


class SaveDialog(_Dialog):
    """Saving makes a version; ask (optionally) why it changed. Returns the reason ('' allowed)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="SaveDialog")

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        """One optional line."""
        with Vertical():
            yield Static(Text(f"Save {self.what} as a new version", style="bold"))
            yield Label("Why I changed it (optional)")
            yield Input(placeholder="e.g. shorter opening, clearer ask", max_length=200)
            yield from self.buttons("Save")

    def submit(self) -> None:
        """The reason."""
        self.dismiss(self.query_one(Input).value.strip())


@dataclass
class VariantChoice:
    """Length and audience of a new variant."""

    length: str
    audience: str


class NewVariantDialog(_Dialog):
    """Pick a length and an audience. Returns a VariantChoice."""

    DEFAULT_CSS = DIALOG_CSS.format(name="NewVariantDialog")

    def compose(self) -> ComposeResult:
        """Two selects."""
        lengths, audiences = story_core.lengths(), story_core.audiences()
        with Vertical():
            yield Static(Text("New variant (starts from the master story)", style="bold"))
            yield Label("Length")
            yield Select([(v["label"], k) for k, v in lengths.items()], value="60s", allow_blank=False, id="length")
            yield Label("Audience")
            yield Select([(v["label"], k) for k, v in audiences.items()], value="client", allow_blank=False, id="audience")
            yield from self.buttons("Create")

    def submit(self) -> None:
        """The choice."""
        self.dismiss(VariantChoice(str(self.query_one("#length", Select).value), str(self.query_one("#audience", Select).value)))


@dataclass
class ExportChoice:
    """Format and destination of an export."""

    fmt: str
    path: Path


class ExportDialog(_Dialog):
    """Choose Markdown or plain text and a file path. Returns an ExportChoice."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ExportDialog")

    def __init__(self, default_stem: str) -> None:
        super().__init__()
        self.default_stem = default_stem

    def compose(self) -> ComposeResult:
        """Format and path."""
        with Vertical():
            yield Static(Text("Export", style="bold"))
            yield Label("Format")
            yield Select([("Markdown script (video or web page)", "md"), ("Plain text", "txt")], value="md", allow_blank=False)
            yield Label("File")
            yield Input(value=str(Path.home() / f"{self.default_stem}.md"))
            yield Static(Text("Quotes appear only when their author said they may be quoted.", style="dim"))
            yield from self.buttons("Export")

    def on_select_changed(self, event: Select.Changed) -> None:
        """Keep the file's extension in step with the format."""
        field = self.query_one(Input)
        path = Path(field.value)
        if path.suffix in (".md", ".txt"):
            field.value = str(path.with_suffix(f".{event.value}"))

    def submit(self) -> None:
        """The choice (the path's ~ expanded)."""
        value = self.query_one(Input).value.strip()
        if not value:
            self.notify("File: give a path to write to", severity="error", markup=False)
            return
        self.dismiss(ExportChoice(str(self.query_one(Select).value), Path(value).expanduser()))


RATINGS = ("clarity", "confidence", "naturalness")
"""The self-ratings after a run."""


class RatingDialog(_Dialog):
    """After a run: clarity, confidence, naturalness 1-5 and a note. Returns (ratings, note).

    A digit 1-5 rates the focused scale and moves to the next one.
    """

    BINDINGS = [*(Binding(str(n), f"rate({n})", "Rate 1-5", show=n == 1, key_display="1-5") for n in range(1, 6))]

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
        with Vertical():
            yield Static(Text(self.summary))
            for name in RATINGS:
                with Horizontal(classes="rating"):
                    yield Label(name.capitalize())
                    yield Select([(f"{n}", n) for n in range(1, 6)], prompt="1-5", id=name)
            yield TextArea(id="note", placeholder="A note to yourself (optional)")
            yield Static(Text("Digits 1-5 rate the focused scale; ctrl+s saves; Esc keeps the run without ratings.", style="dim"))
            yield from self.buttons("Save run")

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
        self.dismiss((ratings, self.query_one(TextArea).text.strip()))


@dataclass
class UseEntry:
    """A real use of a pitch."""

    where: str
    to_whom: str
    outcome: str
    variant_id: str | None


class PitchUseDialog(_Dialog):
    """Log where the pitch was used, to whom and what came of it. Returns a UseEntry."""

    DEFAULT_CSS = DIALOG_CSS.format(name="PitchUseDialog") + "PitchUseDialog TextArea { height: 4; }"

    def __init__(self, variants: list[tuple[str, str]], current: str | None) -> None:
        super().__init__()
        self.variants = variants
        self.current = current

    def compose(self) -> ComposeResult:
        """Where, to whom, which variant, outcome."""
        with Vertical():
            yield Static(Text("Log a real use of the pitch", style="bold"))
            yield Input(placeholder="Where (an event, a call, an email)", id="where", max_length=200)
            yield Input(placeholder="To whom (a role: a prospective client, a peer)", id="whom", max_length=200)
            ids = {v for _, v in self.variants}
            yield Select(self.variants, prompt="Which variant (optional)", value=self.current if self.current in ids else Select.NULL)
            yield TextArea(id="outcome", placeholder="What came of it")
            yield from self.buttons("Log")

    def submit(self) -> None:
        """The entry; where is required."""
        where = self.query_one("#where", Input).value.strip()
        if not where:
            self.notify("Where: say where you used the pitch", severity="error", markup=False)
            return
        value = self.query_one(Select).value
        self.dismiss(UseEntry(where, self.query_one("#whom", Input).value.strip(), self.query_one(TextArea).text.strip(),
                              value if isinstance(value, str) else None))


class ConfirmDialog(_Dialog):
    """A yes/no question. Returns True when confirmed."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ConfirmDialog")

    def __init__(self, question: str, ok: str) -> None:
        super().__init__()
        self.question = question
        self.ok = ok

    def compose(self) -> ComposeResult:
        """The question and two buttons."""
        with Vertical():
            yield Static(Text(self.question))
            yield from self.buttons(self.ok)

    def submit(self) -> None:
        """Confirmed."""
        self.dismiss(True)
