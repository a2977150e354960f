"""The script during a rehearsal: read-through, teleprompter or cue cards (plain rich Text)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from reflect.core.story.rehearsal import LEVEL_NAMES, Run, cue_text

TELEPROMPTER_BEFORE = 2
"""Lines shown above the current teleprompter line."""


def render_run(run: Run) -> Text:
    """The script as the run's mode shows it; the current section or line highlighted."""
    out = Text()
    current = run.current_section()
    if run.mode == "teleprompter":
        now = run.current_line()
        for i, line in enumerate(run.lines[max(0, now - TELEPROMPTER_BEFORE):], max(0, now - TELEPROMPTER_BEFORE)):
            style = "reverse bold" if i == now else ("dim" if i < now else "")
            out.append(line, style=style)
            out.append("\n")
        return out
    if run.mode == "cards":
        cards = cue_text(run.text, run.level)
        full = cue_text(run.text, 0)
        for i, (label, body) in enumerate(cards):
            here = i == current and run.state == "running"
            out.append(f"{i + 1}. {label}\n", style="bold" if here else "dim bold")
            shown = full[i][1] if (here and run.revealed) else body
            if shown:
                out.append(shown + "\n", style="" if here else "dim")
            out.append("\n")
        return out
    for i, section in enumerate(run.sections):
        here = i == current and run.state == "running"
        out.append(section + "\n\n", style="bold" if here else ("dim" if i < current and run.state == "running" else ""))
    return out


def status_line(run: Run) -> Text:
    """Mode, level, time, laps, hints, stumbles."""
    out = Text()
    mode = {"read": "Read-through", "teleprompter": "Teleprompter", "cards": "Cue cards"}[run.mode]
    out.append(mode, style="bold")
    if run.mode == "cards":
        out.append(f" L{run.level} {LEVEL_NAMES[run.level]}")
    if run.mode == "teleprompter":
        out.append(" auto" if run.auto_advance else " by key")
    seconds = run.elapsed()
    target = f" / {run.target_seconds:.0f}s" if run.target_seconds else ""
    out.append(f"  {int(seconds // 60)}:{seconds % 60:04.1f}{target}", style="bold reverse" if run.state == "running" else "bold")
    out.append(f"  {run.words} w @{run.wpm:g}")
    if run.laps:
        out.append("  splits " + " ".join(f"{s:.1f}s" for s in run.splits()))
    out.append(f"  hints {run.hints}  stumbles {run.stumbles}")
    return out


class ScriptView(Static):
    """Shows a Run; the screen calls `show` whenever the run changes or time passes."""

    DEFAULT_CSS = """
    ScriptView { height: auto; padding: 0 1; }
    """

    def show(self, run: Run) -> None:
        """Redraw from the run's state."""
        self.update(render_run(run))
