"""Renders the dict of `reflect.core.focus.insights.focus_insights` for the insights screen."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from reflect.core.prose import counted

SHADES = "░▒▓█"
"""Completion above 0 up to 1 as a shade (░ below 38%, █ from 88%)."""
NONE_FINISHED = "0"
"""A cell whose blocks all stopped short: it has blocks, so it is never drawn like an empty one (`·`)."""
FEW_BLOCKS = 5
"""A cell with fewer blocks is drawn dim: its share says little (two of two is a full shade)."""
HOURS = range(6, 23)
"""Hours shown in the heatmap (the rest rarely hold blocks)."""
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def heatmap_text(data: dict[str, Any], width: int = 56) -> Text:
    """Weekday rows by hour columns: shade = share of blocks finished, `0` = none of them, `·` = no
    blocks, dim = fewer than `FEW_BLOCKS`; as wide as `width` allows."""
    cell = max(1, min(5, (width - 5) // len(HOURS) - 1))  # shade characters per cell, plus one space
    step = cell + 1
    text = Text("     " + "".join(f"{h:<{step}d}" if h % 3 == 0 else " " * step for h in HOURS) + "\n",
                style="dim", no_wrap=True)
    rates, counts = data.get("heatmap") or [], data.get("heatmap_blocks") or []
    for d, name in enumerate(DAYS):
        text.append(f"{name}  ", style="dim")
        for h in HOURS:
            n = counts[d][h] if d < len(counts) else 0
            rate = rates[d][h] if d < len(rates) else None
            if not n or rate is None:
                text.append("·".center(cell) + " ", style="dim")
            elif rate == 0:
                text.append(NONE_FINISHED.center(cell) + " ", style="yellow dim" if n < FEW_BLOCKS else "yellow")
            else:
                shade = SHADES[max(0, min(3, int(rate * 4 + 0.5) - 1))]
                text.append(shade * cell + " ", style="green dim" if n < FEW_BLOCKS else "green")
        text.append("\n")
    text.append(f"shade: share of blocks finished (█ all, ░ few, {NONE_FINISHED} none); dim: under {FEW_BLOCKS} blocks\n"
                "· no blocks at that hour", style="dim")
    return text


def summary_text(data: dict[str, Any]) -> Text:
    """Best window, minutes, interruptions and energy advice, as plain lines."""
    lines: list[str] = []
    if data.get("window_words"):
        lines.append(data["window_words"])
    elif data.get("blocks"):
        lines.append("Not enough finished blocks yet to name your best focus window.")
    else:
        lines.append("No focus blocks yet. Press f to start one.")
    minutes = data.get("minutes") or {}
    if minutes:
        from reflect.core.focus.timer import hours_minutes

        lines.append(f"Focus today {hours_minutes(minutes.get('today', 0))} · this week {hours_minutes(minutes.get('this_week', 0))} · "
                     f"in all {minutes.get('total', 0) / 60:,.1f} h")
    if data.get("completion") is not None:
        lines.append(f"{counted(data['finished'], 'block')} finished or stopped; {data['completion']:.0%} done as planned.")
    inter = data.get("interruptions") or {}
    if inter.get("internal") or inter.get("external"):
        worst = inter.get("worst_hour")
        lines.append(f"Interruptions: {inter['internal']:,} internal, {inter['external']:,} external"
                     f" ({inter.get('per_block') or 0:.1f} a block){f', most around {worst:02d}:00' if worst is not None else ''}.")
    lines.extend((data.get("energy") or {}).get("advice") or [])
    return Text("\n".join(lines))


class FocusInsights(Vertical):
    """Focus insights: the best window in words, a weekday-by-hour heatmap, advice."""

    DEFAULT_CSS = """
    FocusInsights { height: auto; padding: 0 1; }
    FocusInsights > .summary { margin-bottom: 1; }
    """

    def __init__(self, data: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._data = data
        """The last result shown (None: still computing)."""

    def compose(self) -> ComposeResult:
        """Summary lines, then the heatmap ("Computing…" until the first result arrives)."""
        if self._data is None:
            yield Static(Text("Computing…", style="dim"), classes="summary")
            yield Static("", classes="heatmap")
            return
        yield Static(summary_text(self._data), classes="summary")
        yield Static(heatmap_text(self._data), classes="heatmap")

    def show(self, data: dict[str, Any]) -> None:
        """Paint a new result of `focus_insights`."""
        self._data = data
        self.query_one(".summary", Static).update(summary_text(data))
        self.query_one(".heatmap", Static).update(heatmap_text(data, self.size.width or 56))
