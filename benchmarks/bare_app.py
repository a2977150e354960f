"""The bare Textual app the TUI benchmarks compare against: a header, one line of text, a footer.

    python benchmarks/bare_app.py
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class Bare(App):
    """The smallest comparable app: a header, a line of text, a footer with one key."""

    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        """Header, text, footer."""
        yield Header()
        yield Static("Hello")
        yield Footer()


if __name__ == "__main__":
    Bare().run()
