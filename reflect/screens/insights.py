"""Insights."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from reflect.screens.base import AreaScreen


class InsightsScreen(AreaScreen):
    """Insights: Energy by hour, best focus hours, what goes with good days."""

    def body(self) -> ComposeResult:
        """An honest empty state until this area is built."""
        yield Static("Insights\n\nEnergy by hour, best focus hours, what goes with good days.\n\nThis area is not built yet in this version.", classes="empty")
