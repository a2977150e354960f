"""The live text checks beside the editor: words, speaking time, budget, warnings."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from reflect.core.story.pitch import PACE_BAND, PitchReport


def render_report(report: PitchReport | None, what: str = "") -> Text:
    """The checks as plain rich Text (the script's words are never read as markup)."""
    out = Text()
    if report is None or not report.words:
        out.append("Write something to see word count, speaking time and checks.", style="dim")
        return out
    out.append(f"{report.words} words", style="bold")
    out.append(f"  {report.estimated_seconds:g} s @{report.wpm:g}\n")
    out.append("  ".join(f"{report.seconds_at[str(p)]:g} s @{p}" for p in PACE_BAND) + "\n", style="dim")
    if report.budget is not None:
        style = "bold red" if report.over_budget else "green"
        limit = f"{report.budget} words" + (", 120 chars" if report.one_liner else "")
        out.append(f"{what} budget {limit}: " if what else f"Budget {limit}: ")
        out.append("over\n" if report.over_budget else "ok\n", style=style)
    warnings = report.warnings()
    if not warnings:
        out.append("No problems found.", style="green")
    for line in warnings:
        out.append("\u2022 ", style="yellow")
        out.append(line + "\n")
    return out


class ChecksPanel(Static):
    """Shows a PitchReport; updated by the screen (debounced while typing)."""

    DEFAULT_CSS = """
    ChecksPanel { height: auto; max-height: 50%; border: round $primary 50%; border-title-color: $text; padding: 0 1; overflow-y: auto; }
    """

    def on_mount(self) -> None:
        """Title and the empty state."""
        self.border_title = "Checks"
        self.update(render_report(None))

    def show(self, report: PitchReport | None, what: str = "") -> None:
        """Redraw with a new report."""
        self.update(render_report(report, what))
