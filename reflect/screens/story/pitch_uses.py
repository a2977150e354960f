"""Real uses of the pitch (where, to whom, what came of it), beside that day's mood and energy."""

from __future__ import annotations

from datetime import date
from statistics import mean

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reflect.core.models import CheckIn, PitchUse
from reflect.screens.story.dialogs import PitchUseDialog, UseEntry
from reflect.store import Store
from reflect.typed_app import reflect_app
from reflect.widgets.footer import AppFooter

SHOWN = 50
"""The newest uses listed."""


def uses_with_mood(store: Store) -> list[tuple[PitchUse, float | None, float | None]]:
    """The newest uses, each with the day's mean mood and energy (None without check-ins). Blocking."""
    uses = sorted(store.list(PitchUse), key=lambda u: u.at, reverse=True)[:SHOWN]
    days: dict[date, tuple[float | None, float | None]] = {}
    for day in {u.at.date() for u in uses}:
        checkins = store.list(CheckIn, day, day)
        moods = [c.mood for c in checkins]
        energies = [c.energy for c in checkins if c.energy is not None]
        days[day] = (round(mean(moods), 1) if moods else None, round(mean(energies), 1) if energies else None)
    return [(u, *days[u.at.date()]) for u in uses]


def render_uses(rows: list[tuple[PitchUse, float | None, float | None]], labels: dict[str, str]) -> Text:
    """Each use as plain Text: when, mood/energy that day, where, to whom, variant, outcome."""
    out = Text()
    if not rows:
        out.append("No uses logged yet. Press n after you used your pitch for real.", style="dim")
        return out
    for use, mood, energy in rows:
        out.append(f"{use.at:%a %d %b %Y %H:%M}", style="bold")
        out.append(f"  mood {mood if mood is not None else '-'} energy {energy if energy is not None else '-'}\n", style="cyan")
        out.append(f"  {use.where}")
        if use.to_whom:
            out.append(f" \u2192 {use.to_whom}")
        if use.variant_id and use.variant_id in labels:
            out.append(f"  ({labels[use.variant_id]})", style="dim")
        out.append("\n")
        if use.outcome:
            out.append(f"  {use.outcome}\n", style="italic")
    return out


class PitchUsesScreen(ModalScreen[None]):
    """The log of real uses; `n` logs a new one."""

    BINDINGS = [Binding("n", "new", "Log a use"), Binding("escape", "dismiss", "Close")]

    DEFAULT_CSS = """
    PitchUsesScreen > Vertical { width: 100%; height: 100%; border: round $accent; background: $surface; padding: 0 1; }
    """

    def __init__(self, story_id: str | None, labels: dict[str, str], current: str | None) -> None:
        super().__init__()
        self.story_id = story_id
        self.labels = labels
        self.current = current

    reflect = reflect_app
    """The app, typed."""

    def compose(self) -> ComposeResult:
        """The list and the footer."""
        with Vertical():
            yield Static(Text("Pitch uses, with that day's mood and energy", style="bold"))
            with VerticalScroll():
                yield Static("", id="uses")
        yield AppFooter()

    async def on_mount(self) -> None:
        """Load the uses."""
        await self.refresh_uses()

    async def refresh_uses(self) -> None:
        """Re-read and redraw."""
        rows = await self.reflect.io(uses_with_mood, self.reflect.store)
        self.query_one("#uses", Static).update(render_uses(rows, self.labels))

    def action_new(self) -> None:
        """Ask for a new use."""
        dialog = PitchUseDialog([(v, k) for k, v in self.labels.items()], self.current)

        async def logged(entry: UseEntry | None) -> None:
            if entry is None:
                return
            use = PitchUse(at=self.reflect.clock.now(), story_id=self.story_id, variant_id=entry.variant_id,
                           where=entry.where, to_whom=entry.to_whom, outcome=entry.outcome)
            if await self.reflect.save(use) is not None:
                dialog.drop_draft()
                self.notify("Logged", markup=False, timeout=2)
            await self.refresh_uses()

        self.app.push_screen(dialog, logged)
