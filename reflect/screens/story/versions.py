"""Versions of the story (or of one variant): compare any two as a word-level diff, restore one."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from reflect.widgets.story.diff_view import diff_text


@dataclass
class VersionItem:
    """One version as the dialog shows it."""

    n: int
    saved_at: str
    why: str
    text: str


class VersionsScreen(ModalScreen[int | None]):
    """Highlight a version: its diff against the one before (or the one marked with `a`).

    Enter restores the highlighted version (returns its number); Escape closes.
    """

    BINDINGS = [
        Binding("escape", "dismiss_none", "Close"),
        Binding("a", "mark", "Compare from here"),
        Binding("enter", "restore", "Restore", priority=True),
    ]

    DEFAULT_CSS = """
    VersionsScreen { align: center middle; }
    VersionsScreen > Vertical { width: 100%; height: 100%; border: round $accent; background: $surface; }
    VersionsScreen OptionList { height: 8; border: none; }
    VersionsScreen VerticalScroll { height: 1fr; border-top: solid $primary 50%; padding: 0 1; }
    """

    def __init__(self, title: str, versions: list[VersionItem]) -> None:
        super().__init__()
        self.title_text = title
        self.versions = versions
        self.base: int | None = None
        """The version marked with `a` to compare from (None: the one before)."""

    def compose(self) -> ComposeResult:
        """The list, the diff, the footer."""
        with Vertical():
            yield Static(Text(f"Versions of {self.title_text}", style="bold"))
            options = []
            for v in reversed(self.versions):
                line = Text(f"v{v.n}  {v.saved_at}  ")
                line.append(v.why or "(no reason given)", style="italic" if v.why else "dim")
                options.append(Option(line, id=str(v.n)))
            yield OptionList(*options)
            with VerticalScroll():
                yield Static(Text("No versions saved yet." if not self.versions else ""), id="diff")
        yield Footer()

    def _by_n(self, n: int) -> VersionItem | None:
        return next((v for v in self.versions if v.n == n), None)

    def _highlighted(self) -> VersionItem | None:
        option = self.query_one(OptionList).highlighted_option
        return self._by_n(int(option.id)) if option and option.id else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Show the diff for the highlighted version."""
        self.show_diff()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """A click or Enter on a version restores it."""
        self.action_restore()

    def show_diff(self) -> None:
        """Diff the base (marked, or previous) against the highlighted version."""
        new = self._highlighted()
        if new is None:
            return
        older = [v for v in self.versions if v.n < new.n]
        base = self._by_n(self.base) if self.base is not None else (older[-1] if older else None)
        head = Text(f"v{base.n if base else 0} \u2192 v{new.n}   ", style="bold")
        head.append("struck red: removed, green: added\n\n", style="dim")
        head.append_text(diff_text(base.text if base else "", new.text))
        self.query_one("#diff", Static).update(head)

    def action_mark(self) -> None:
        """Compare every other version with the highlighted one."""
        v = self._highlighted()
        if v:
            self.base = v.n
            self.notify(f"Comparing from v{v.n}", markup=False)

    def action_restore(self) -> None:
        """Return the highlighted version's number."""
        v = self._highlighted()
        if v:
            self.dismiss(v.n)

    def action_dismiss_none(self) -> None:
        """Close without restoring."""
        self.dismiss(None)
