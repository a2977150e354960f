"""Check in (dialog)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static


class CheckInScreen(ModalScreen[None]):
    """Check in: Mood and energy, 1 to 9 each, with tags and a note. Until this dialog is built, use: reflect log --mood N --energy N."""

    BINDINGS = [Binding("escape", "dismiss", "Close")]
    DEFAULT_CSS = """
    CheckInScreen { align: center middle; }
    CheckInScreen > Static { width: 70; max-width: 100%; height: auto; border: round $accent; padding: 1 2; background: $surface; }
    """

    def compose(self) -> ComposeResult:
        """An honest empty state until this dialog is built."""
        yield Static("Check in\n\nMood and energy, 1 to 9 each, with tags and a note. Until this dialog is built, use: reflect log --mood N --energy N.\n\nThis dialog is not built yet in this version. Press escape to close.")
