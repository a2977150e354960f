"""Story & pitch."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from reflect.screens.base import AreaScreen


class StoryScreen(AreaScreen):
    """Story & pitch: Write a value story from evidence, cut it into pitches, rehearse them."""

    def body(self) -> ComposeResult:
        """An honest empty state until this area is built."""
        yield Static("Story & pitch\n\nWrite a value story from evidence, cut it into pitches, rehearse them.\n\nThis area is not built yet in this version.", classes="empty")
