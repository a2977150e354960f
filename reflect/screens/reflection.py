"""Reflect (dialog)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static


class ReflectionScreen(ModalScreen[None]):
    """Reflect: Short guided sessions in the morning and evening, and a weekly review."""

    BINDINGS = [Binding("escape", "dismiss", "Close")]
    DEFAULT_CSS = """
    ReflectionScreen { align: center middle; }
    ReflectionScreen > Static { width: 70; max-width: 100%; height: auto; border: round $accent; padding: 1 2; background: $surface; }
    """

    def compose(self) -> ComposeResult:
        """An honest empty state until this dialog is built."""
        yield Static("Reflect\n\nShort guided sessions in the morning and evening, and a weekly review.\n\nThis dialog is not built yet in this version. Press escape to close.")
