"""The footer every area shows: compact, so all global keys fit in 80 columns."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

PALETTE_MIN_WIDTH = 92
"""From this width on, the footer also shows the command palette key (^p)."""


class AppFooter(Footer):
    """A compact footer that drops the `^p palette` hint when the terminal is too narrow for it.

    At 80 columns the nine global keys take the whole line; ctrl+p still works and is listed in
    the help screen. It also rebuilds itself only when the keys it shows change: the stock footer
    rebuilds on every change of focus, which cost a third of the app's first frame.
    """

    DEFAULT_CSS = """
    AppFooter { dock: bottom; }
    """

    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)
        self._shown: Any = None

    def _signature(self) -> Any:
        shown = tuple(
            (binding.key, binding.description, enabled)
            for (_node, binding, enabled, _tip) in self.screen.active_bindings.values()
            if binding.show
        )
        return shown, self.show_command_palette

    def compose(self) -> ComposeResult:
        """The keys (remembering which, so an unchanged set is not rebuilt)."""
        self._shown = self._signature() if self._bindings_ready else None
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        """Rebuild only when the shown keys changed."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and self._signature() != self._shown:
            self.call_after_refresh(self.recompose)

    def on_resize(self, event: events.Resize) -> None:
        """Show the palette key only when it fits."""
        wide = event.size.width >= PALETTE_MIN_WIDTH
        if wide != self.show_command_palette:
            self.show_command_palette = wide
            self.call_after_refresh(self.recompose)
