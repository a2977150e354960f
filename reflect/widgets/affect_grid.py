"""The affect grid: pleasantness (left to right) x energy (bottom to top), 9 x 9, four colour quadrants."""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from reflect.core.checkin.checkins import quadrant, quick_value
from reflect.core.errors import BadInput

CELL = 3
"""Characters per cell."""
LEFT = 7
"""Width of the energy labels on the left."""

COLOURS = {
    "yellow": ("#5f5700", "#d7c700"),
    "red": ("#5f1a1a", "#e05050"),
    "blue": ("#1a2f5f", "#5f87d7"),
    "green": ("#1a4a24", "#5faf5f"),
    None: ("#3a3a3a", "#9e9e9e"),
}
"""Quadrant: (cell background, chosen-cell background)."""


class AffectGrid(Widget, can_focus=True):
    """Pick mood and energy with the arrows, the mouse, or two digits 1-9 (mood, then energy)."""

    DEFAULT_CSS = """
    AffectGrid { width: 34; height: 11; }
    AffectGrid:focus { background: $boost; }
    """

    BINDINGS = [
        Binding("up", "move(0, 1)", "More energy", show=False),
        Binding("down", "move(0, -1)", "Less energy", show=False),
        Binding("right", "move(1, 0)", "More pleasant", show=False),
        Binding("left", "move(-1, 0)", "Less pleasant", show=False),
        Binding("enter", "submit", "Save", show=False),
    ]

    mood: reactive[int] = reactive(5)
    """Pleasantness 1-9 (columns, left to right)."""
    energy: reactive[int] = reactive(5)
    """Energy 1-9 (rows, bottom to top)."""
    picked: reactive[bool] = reactive(False)
    """True once the user chose a point (an untouched grid is not a check-in)."""

    @dataclass
    class Changed(Message):
        """The chosen point moved."""

        grid: AffectGrid
        mood: int
        energy: int

    @dataclass
    class Submitted(Message):
        """Enter on the grid: save the check-in."""

        grid: AffectGrid

    @dataclass
    class Refused(Message):
        """A key that is not allowed (the text says what is)."""

        grid: AffectGrid
        reason: str

    def __init__(self, mood: int | None = None, energy: int | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self._quick_next = "mood"
        self.energy_given = energy is not None
        """False while an edited check-in that had no energy has not had one chosen."""
        if mood is not None:
            self.set_reactive(AffectGrid.mood, mood)
            self.set_reactive(AffectGrid.energy, energy or 5)
            self.set_reactive(AffectGrid.picked, True)

    def choose(self, mood: int, energy: int) -> None:
        """Set the point (clamped to 1-9) and tell the parent."""
        self.mood = max(1, min(9, mood))
        if max(1, min(9, energy)) != self.energy:
            self.energy_given = True
        self.energy = max(1, min(9, energy))
        self.picked = True
        self.post_message(self.Changed(self, self.mood, self.energy))

    def action_move(self, dx: int, dy: int) -> None:
        """Move the point (the first arrow picks the centre's neighbour)."""
        self.choose(self.mood + dx, self.energy + dy)

    def action_submit(self) -> None:
        """Ask the dialog to save."""
        self.post_message(self.Submitted(self))

    def on_key(self, event: events.Key) -> None:
        """The quick path: a digit 1-9 sets mood, the next one energy, on the scale shown everywhere."""
        if event.character is None or not event.character.isdigit():
            return
        event.stop()
        try:
            value = quick_value(int(event.character))
        except BadInput as exc:
            self.post_message(self.Refused(self, f"{str(exc)[0].upper()}{str(exc)[1:]}."))
            return
        if self._quick_next == "mood":
            self._quick_next = "energy"
            self.choose(value, self.energy)
        else:
            self._quick_next = "mood"
            self.energy_given = True
            self.choose(self.mood, value)

    def on_click(self, event: events.Click) -> None:
        """Pick the cell under the mouse."""
        col = (event.x - LEFT) // CELL
        row = event.y
        if 0 <= col < 9 and 0 <= row < 9:
            self.focus()
            self.energy_given = True
            self.choose(col + 1, 9 - row)

    def render(self) -> Text:
        """Nine rows of nine cells, labels on the left and below."""
        out = Text(no_wrap=True)
        for row in range(9):
            energy = 9 - row
            label = {0: "high", 4: "energy", 8: "low"}.get(row, "")
            out.append(f"{label:>{LEFT - 1}} ", style="dim")
            for col in range(9):
                mood = col + 1
                bg, chosen = COLOURS[quadrant(mood, energy)]
                here = mood == self.mood and energy == self.energy
                if here and self.picked:
                    out.append(" ● ", style=Style(bgcolor=chosen, color="#ffffff", bold=True))
                elif here:
                    out.append(" · ", style=Style(bgcolor=bg, color="#d0d0d0"))
                else:
                    out.append("   ", style=Style(bgcolor=bg))
            out.append("\n")
        out.append(" " * LEFT + "unpleasant" + " " * 7 + "pleasant\n", style="dim")
        out.append(" " * LEFT + "mood →", style="dim")
        return out
