"""The base of each panel on Today: a titled box that loads its own data off the event loop."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

if TYPE_CHECKING:
    from reflect.typed_app import ReflectApp


class TodayPanel(Vertical):
    """A panel on Today. Subclasses set TITLE and WATCHES, compose their body and load data.

    `load(app)` is awaited by Today when it mounts, when it is shown again and when one of the
    WATCHES collections changes; it must do its I/O through `await app.io(...)`.
    """

    TITLE = ""
    """Shown as the panel's border title."""
    WATCHES: frozenset[str] = frozenset()
    """Collections whose changes reload this panel."""

    DEFAULT_CSS = """
    TodayPanel {
        height: auto;
        border: round $primary 50%;
        border-title-color: $text;
        padding: 0 1;
        margin-bottom: 0;
    }
    """

    def on_mount(self) -> None:
        """Set the border title."""
        self.border_title = self.TITLE

    def compose(self) -> ComposeResult:
        """The panel's body (override)."""
        yield Static("")

    async def load(self, app: ReflectApp) -> None:
        """Fetch and show the panel's data (override)."""
