"""The footer every area shows: compact, so all global keys fit in 80 columns."""

from __future__ import annotations

from textual import events
from textual.widgets import Footer

PALETTE_MIN_WIDTH = 92
"""From this width on, the footer also shows the command palette key (^p)."""


class AppFooter(Footer):
    """A compact footer that drops the `^p palette` hint when the terminal is too narrow for it.

    At 80 columns the nine global keys take the whole line; ctrl+p still works and is listed in
    the help screen.
    """

    DEFAULT_CSS = """
    AppFooter { dock: bottom; }
    """

    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)

    def on_resize(self, event: events.Resize) -> None:
        """Show the palette key only when it fits."""
        wide = event.size.width >= PALETTE_MIN_WIDTH
        if wide != self.show_command_palette:
            self.show_command_palette = wide
            self.call_after_refresh(self.recompose)
