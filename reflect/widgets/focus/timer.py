"""The running block's display: intention, a large countdown, progress, and what is going on."""

from __future__ import annotations

import math

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.widgets import Digits, ProgressBar, Static

from reflect.core.focus import timer as F
from reflect.core.models import FocusBlock


class TimerDisplay(Vertical):
    """Shows one block at one tick. State comes down through `show()`; it sends nothing up."""

    DEFAULT_CSS = """
    TimerDisplay { height: auto; width: 100%; }
    TimerDisplay Center { height: auto; }
    TimerDisplay > .kind { color: $text-muted; width: 100%; text-align: center; }
    TimerDisplay > .intention { text-style: bold; width: 100%; text-align: center; margin-bottom: 1; }
    TimerDisplay Digits { width: auto; margin: 0 0 1 0; }
    TimerDisplay ProgressBar { width: auto; margin-bottom: 1; }
    TimerDisplay > .status { width: 100%; text-align: center; color: $text-muted; }
    TimerDisplay.-paused Digits { color: $warning; }
    """

    def compose(self) -> ComposeResult:
        """Kind, intention, countdown, progress, status."""
        yield Static("", classes="kind")
        yield Static("", classes="intention")
        with Center():
            yield Digits("00:00")
        with Center():
            yield ProgressBar(total=1.0, show_eta=False)
        yield Static("", classes="status")

    def show(self, block: FocusBlock | None, tick: F.Tick) -> None:
        """Paint the block as of `tick`."""
        if block is None:
            return
        key = (block.id, block.updated_at, tick.state, math.ceil(tick.remaining), round(tick.progress, 3))
        if key == getattr(self, "_shown", None):
            return
        self._shown = key
        is_break = block.block_type == "break"
        kind = "BREAK" if is_break else "FOCUS"
        if tick.state == "paused":
            kind += " · paused"
        self.query_one(".kind", Static).update(kind)
        self.query_one(".intention", Static).update(Text(block.intention or ("Rest" if is_break else "Focus")))
        self.query_one(Digits).update(F.describe_seconds(math.ceil(tick.remaining)))
        self.query_one(ProgressBar).update(total=1.0, progress=tick.progress)
        self.set_class(tick.state == "paused", "-paused")
        parts = [f"{block.planned_seconds / 60:g} min"]
        if tick.planned_end is not None and tick.state in ("running", "paused"):
            parts.append(f"ends {tick.planned_end.strftime('%H:%M')}")
        if block.interruptions:
            n = len(block.interruptions)
            parts.append(f"{n} interruption{'s' if n != 1 else ''}")
        if block.energy_before:
            parts.append(f"energy {block.energy_before}")
        self.query_one(".status", Static).update(" · ".join(parts))
