"""Small block-character charts as rich Text: bars, a mood colour scale, a heatmap cell."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

BLOCKS = "▁▂▃▄▅▆▇█"
"""Eight heights."""

MOOD_COLOURS = ["#b2182b", "#d6604d", "#f4a582", "#fddbc7", "#e0e0e0", "#d1e5f0", "#92c5de", "#4393c3", "#2166ac"]
"""Colour for a rounded value 1-9 (diverging: low red, middle grey, high blue)."""

HEAT_COLOURS = ["#1b1b3a", "#2c2f6b", "#3b4f9a", "#3f7bb6", "#46a5b8", "#6cc4a4", "#a7d98a", "#e2e86b", "#fde725"]
"""Colour for a rounded energy 1-9 (dark to bright)."""


def block(value: float | None, lo: float = 1, hi: float = 9) -> str:
    """One block character for a value (a space for None)."""
    if value is None:
        return " "
    share = (min(max(value, lo), hi) - lo) / (hi - lo)
    return BLOCKS[min(len(BLOCKS) - 1, int(share * len(BLOCKS)))]


def bars(values: list[float | None], width: int = 1, style: str = "") -> Text:
    """A row of blocks, `width` characters each ('·' marks no data)."""
    out = Text(no_wrap=True)
    for v in values:
        out.append((block(v) if v is not None else "·") * width, style=style if v is not None else "dim")
    return out


def resample(values: list[float | None], width: int) -> list[float | None]:
    """Average `values` into at most `width` buckets (None stays None when a bucket is empty)."""
    if len(values) <= width:
        return values
    out: list[float | None] = []
    for i in range(width):
        chunk = [v for v in values[i * len(values) // width : (i + 1) * len(values) // width] if v is not None]
        out.append(sum(chunk) / len(chunk) if chunk else None)
    return out


SHADES = "░░▒▒▓▓███"
"""Shade character for a rounded value 1-9, so a heatmap reads without colour too."""


def mood_cell(value: float | None, width: int = 1) -> Text:
    """A cell for a mood value: its rounded digit 1-9, coloured (readable without colour); a dim dot for none."""
    if value is None:
        return Text("·".ljust(width), style="#444444")
    level = max(1, min(9, round(value)))
    return Text(str(level).ljust(width), style=Style(color=MOOD_COLOURS[level - 1], bold=True))


def heat_cell(value: float | None, width: int = 2) -> Text:
    """A cell for an energy value: a shade character (░ low to █ high) in the value's colour; blank for none."""
    if value is None:
        return Text(" " * width)
    level = max(1, min(9, round(value)))
    return Text(SHADES[level - 1] * width, style=Style(color=HEAT_COLOURS[level - 1]))


def cell_width(room: int, cells: int, most: int = 6) -> int:
    """How many characters each of `cells` cells gets in `room` columns (at least 1, at most `most`)."""
    return max(1, min(most, room // max(1, cells)))


def hour_ruler(cell: int, lead: str = "     ") -> str:
    """Hour labels under (or over) 24 cells of `cell` characters: every 3 hours, or 6 when cells are 1 wide."""
    step = 3 if cell >= 2 else 6
    return lead + "".join(f"{h:<{step * cell}d}" for h in range(0, 24, step))
