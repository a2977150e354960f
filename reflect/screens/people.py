"""People & feedback."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from reflect.screens.base import AreaScreen


class PeopleScreen(AreaScreen):
    """People & feedback: Ask clients, colleagues and friends for stories about your strengths, and see the themes."""

    def body(self) -> ComposeResult:
        """An honest empty state until this area is built."""
        yield Static("People & feedback\n\nAsk clients, colleagues and friends for stories about your strengths, and see the themes.\n\nThis area is not built yet in this version.", classes="empty")
