"""Focus."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from reflect.screens.base import AreaScreen


class FocusScreen(AreaScreen):
    """Focus: Timed focus blocks with an intention and a notification at the end."""

    def body(self) -> ComposeResult:
        """An honest empty state until this area is built."""
        yield Static("Focus\n\nTimed focus blocks with an intention and a notification at the end.\n\nThis area is not built yet in this version.", classes="empty")
