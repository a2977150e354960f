"""Help: the keys, and where the data lives."""

from __future__ import annotations


from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual import on
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from reflect.typed_app import reflect_app
from reflect.widgets.footer import OwnFooter

KEYS = [
    ("t", "Today: the day at a glance"),
    ("m", "Check in: mood and energy (two digits and Enter is enough)"),
    ("r", "Reflect: a short guided session"),
    ("f", "Focus: a timed block with an intention"),
    ("p", "People & feedback: ask for stories about your strengths"),
    ("s", "Story & pitch: write, cut and rehearse"),
    ("i", "Insights: patterns in your mood, energy and focus"),
    ("h", "Check-in history: filter, edit, delete"),
    ("?", "This help"),
    ("ctrl+p", "Command palette: every action by name, also Search, Settings (day start, reminders), Import, Export, Sync"),
    ("q", "Quit (ctrl+q from anywhere, even a text field)"),
    ("escape", "Close a dialog, or leave a text field so the letter keys work again"),
    ("", "(in Reflect: escape leaves the answer box, then t f p s i save it and switch area)"),
]


class HelpScreen(OwnFooter, ModalScreen[None]):
    """The global keys and the data folder."""

    reflect = reflect_app
    """The app, typed."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("question_mark", "dismiss", "Close", show=False),
        Binding("q", "dismiss", "Close", show=False),
        *(Binding(key, f"go('{key}')", show=False) for key in "tfpsimrh"),
    ]

    async def action_go(self, key: str) -> None:
        """An area or dialog key read in Help: close Help and do what the key does everywhere else."""
        self.dismiss()
        await self.app.run_action(next(b.action for b in self.app._bindings.key_to_bindings[key]))  # noqa: SLF001

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 76; max-width: 100%; height: auto; max-height: 90%;
        border: round $accent; padding: 1 2; background: $surface;
    }
    HelpScreen Horizontal { height: auto; margin-top: 1; }
    HelpScreen Horizontal Button { margin-right: 1; }
    """

    def compose(self) -> ComposeResult:
        """The key table and the data folder."""
        app = self.reflect
        text = Text()
        text.append("Keys\n\n", style="bold")
        for key, what in KEYS:
            text.append(f"{key:>8}  ", style="bold $accent" if False else "bold")
            text.append(f"{what}\n")
        text.append("\nYour journal stays on this machine, in:\n", style="bold")
        text.append(str(app.data_root))
        text.append("\n\nPress escape to close.", style="dim")
        with VerticalScroll():
            yield Static(text)
            with Horizontal():
                yield Button("Import…", id="help-import")
                yield Button("Export…", id="help-export")

    @on(Button.Pressed, "#help-import")
    @on(Button.Pressed, "#help-export")
    def _transfer(self, event: Button.Pressed) -> None:
        """Close help and open the import or export dialog."""
        action = "import" if event.button.id == "help-import" else "export"
        self.dismiss(None)
        self.app.call_later(self.app.run_action, action)
