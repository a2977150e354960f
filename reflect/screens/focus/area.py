"""Focus: start a block with an intention, watch it count down, pause, extend, log interruptions."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from reflect.core.focus import timer as F
from reflect.core.errors import BadInput
from reflect.screens.base import AreaScreen
from reflect.screens.focus.dialogs import InterruptionDialog, ReasonDialog
from reflect.screens.focus.session import FocusSession, Snapshot
from reflect.widgets.focus.timer import TimerDisplay
from reflect.core.prose import counted

PRESETS = (25, 50, 90)
"""Block lengths offered as buttons, in minutes."""


class FocusScreen(AreaScreen):
    """Focus: timed focus blocks with an intention, a debrief, breaks and a notification at the end."""

    WATCHES = frozenset({"focus_blocks", "settings", "reflections"})
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-normal"), (120, "-wide")]
    """-narrow below 80 columns: the setup form's labels and fields shrink to keep every word."""
    DEFAULT_CSS = """
    FocusScreen #setup { height: auto; padding: 1 2 0 2; }
    FocusScreen #setup .title { text-style: bold; margin-bottom: 1; }
    FocusScreen #setup Horizontal { height: auto; margin-bottom: 1; }
    FocusScreen #setup .label { width: 12; }
    FocusScreen #setup .unit { width: auto; padding: 0 1; }
    FocusScreen #setup Input { width: 8; }
    FocusScreen #setup Input#intention { width: 1fr; }
    FocusScreen #setup Button { min-width: 6; margin-right: 1; }
    FocusScreen.-narrow #setup .label { width: 11; }
    FocusScreen.-narrow #setup Input { width: 5; }
    FocusScreen.-narrow #setup Input#every { width: 4; }
    FocusScreen.-narrow #setup Input#intention { width: 1fr; }
    FocusScreen #running { height: auto; padding: 1 2; align-horizontal: center; }
    FocusScreen #controls { height: auto; align-horizontal: center; }
    FocusScreen #controls Button { margin: 0 1 0 0; min-width: 10; }
    FocusScreen .summary { color: $text-muted; padding: 0 2; }
    """
    AUTO_FOCUS = ""
    """No field takes focus on arrival, so the one-letter area keys keep working; tab reaches the form."""

    BINDINGS = [
        Binding("enter", "start", "Start", id="focus.start"),
        Binding("space", "toggle_pause", "Pause/resume", id="focus.pause"),
        Binding("plus,equals_sign", "extend", "+5 min", key_display="+", id="focus.extend"),
        Binding("d", "finish", "Done early", id="focus.finish"),
        Binding("a", "abandon", "Abandon", id="focus.abandon"),
        Binding("x", "interruption", "Interrupted", id="focus.interrupt"),
        Binding("ctrl+n", "cycle_notify", "Notify how", id="focus.notify"),
    ]

    @property
    def session(self) -> FocusSession:
        """The app's focus session."""
        return FocusSession.of(self.reflect)

    def body(self) -> ComposeResult:
        """The setup form and the running view (one shows at a time)."""
        with Vertical(id="setup"):
            yield Static("Start a focus block", classes="title")
            with Horizontal():
                yield Static("Intention", classes="label")
                yield Input(placeholder="tab, then type what this block will achieve", id="intention", max_length=500, compact=True)
            with Horizontal():
                yield Static("Minutes", classes="label")
                for n in PRESETS:
                    yield self._plain_button(str(n), f"preset:{n}")
                yield Input("25", id="minutes", compact=True, restrict=r"[0-9.]*", max_length=7)
            with Horizontal():
                yield Static("Break", classes="label")
                yield Input("5", id="break", compact=True, restrict=r"[0-9.]*", max_length=5)
                yield Static("min · long", classes="unit")
                yield Input("15", id="long", compact=True, restrict=r"[0-9.]*", max_length=5)
                yield Static("min after", classes="unit")
                yield Input("4", id="every", compact=True, restrict=r"[0-9]*", max_length=2)
                yield Static("blocks", classes="unit")
            with Horizontal():
                yield Static("Energy now", classes="label")
                yield Input(placeholder="1-9", id="energy", compact=True, restrict=r"[1-9]?", max_length=1)
                yield Static("(optional)", classes="unit")
            with Horizontal():
                yield Static("", classes="label")
                yield self._plain_button("Start (enter)", "start", variant="primary")
        with Vertical(id="running"):
            yield TimerDisplay()
            with Horizontal(id="controls"):
                yield self._plain_button("Pause (space)", "toggle_pause")
                yield self._plain_button("+5 (+)", "extend")
                yield self._plain_button("Done (d)", "finish")
                yield self._plain_button("Interrupted (x)", "interruption")
                yield self._plain_button("Abandon (a)", "abandon")
        yield Static("", classes="summary")

    @staticmethod
    def _plain_button(label: str, name: str, variant: str = "default") -> Button:
        button = Button(label, name=name, variant=variant, compact=True)  # type: ignore[arg-type]
        button.can_focus = False
        return button

    def on_mount(self) -> None:
        """Follow the session, then load."""
        self.session.changed.subscribe(self, self._on_snapshot)
        super().on_mount()

    async def load(self) -> None:
        """Settings, today's frog and the open block (through the session)."""
        session = self.session
        await session.refresh()
        s = session.settings
        if not self.query_one("#intention", Input).value and session.frog:
            self.query_one("#intention", Input).value = session.frog
        if not getattr(self, "_filled", False):
            self._filled = True
            for wid, value in (("minutes", s.focus_minutes), ("break", s.break_minutes), ("long", s.long_break_minutes), ("every", s.long_break_every)):
                self.query_one(f"#{wid}", Input).value = f"{value:g}"
        self._paint(session.last)

    def _on_snapshot(self, snap: Snapshot) -> None:
        self._paint(snap)

    def _paint(self, snap: Snapshot) -> None:
        running = snap.block is not None and snap.tick.state in ("running", "paused", "ended")
        if running:
            self.query_one(TimerDisplay).show(snap.block, snap.tick)
        today = self.reflect.today()
        blocks, day_start = self.session.today_blocks, self.reflect.day_start
        summary = (f"Today: {F.hours_minutes(F.minutes_between(blocks, today, today, day_start))} of focus"
                   f" · {counted(F.finished_between(blocks, today, today, day_start), 'block')} finished"
                   f" · notify: {self.session.settings.notify} (ctrl+n)")
        key = (running, snap.tick.state, snap.block.id if snap.block else None, summary)
        if key == getattr(self, "_painted", None):
            return  # only the countdown moved
        self._painted = key
        setup = self.query_one("#setup")
        setup.display = not running
        setup.disabled = running  # a hidden form must not take focus back after a dialog
        self.query_one("#running").display = running
        pause = next(b for b in self.query(Button) if b.name == "toggle_pause")
        pause.label = "Resume (space)" if snap.tick.state == "paused" else "Pause (space)"
        self.query_one(".summary", Static).update(summary)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show only the keys that apply now."""
        running = self.session.block is not None
        if action == "start":
            return not running
        if action == "interruption":
            return running and self.session.block.block_type == "focus"  # type: ignore[union-attr]
        if action in ("toggle_pause", "extend", "finish", "abandon"):
            return running
        if action == "cycle_notify":
            return not running
        return True

    # --- actions ---------------------------------------------------------------------------------

    def _value(self, wid: str) -> str:
        return self.query_one(f"#{wid}", Input).value.strip()

    def action_start(self) -> None:
        """Start a block from the form (after checking every value)."""
        if self.session.block is not None:
            return
        try:
            minutes = F.parse_minutes(self._value("minutes"), "minutes")
            brk = F.parse_minutes(self._value("break") or "5", "break")
            long = F.parse_minutes(self._value("long") or "15", "long break")
            every = int(self._value("every") or "4")
            if not 1 <= every <= 20:
                raise BadInput("long break after must be from 1 to 20 blocks")
        except (BadInput, ValueError) as exc:
            self.notify(str(exc), title="Not started", severity="error", markup=False)
            return
        energy = int(self._value("energy")) if self._value("energy") else None
        intention = self._value("intention")
        self.run_worker(self._start(minutes, brk, long, every, intention, energy), group="focus-action", exit_on_error=False)

    async def _start(self, minutes: float, brk: float, long: float, every: int, intention: str, energy: int | None) -> None:
        s = self.session.settings
        wanted = {"focus_minutes": minutes, "break_minutes": min(brk, 120), "long_break_minutes": min(long, 240), "long_break_every": every}
        if any(getattr(s, k) != v for k, v in wanted.items()):
            saved = await self.reflect.save(s.model_copy(update=wanted), base=s)
            if saved is not None:
                self.session.settings = saved
        await self.session.start(minutes * 60, intention, energy=energy)
        self.query_one("#energy", Input).value = ""

    def action_toggle_pause(self) -> None:
        """Pause or resume."""
        block = self.session.block
        if block is not None:
            change = "resume" if F.is_paused(block) else "pause"
            self.run_worker(self.session.apply(change), group="focus-action", exit_on_error=False)

    def action_extend(self) -> None:
        """Add five minutes."""
        self.run_worker(self.session.apply("extend"), group="focus-action", exit_on_error=False)

    def action_finish(self) -> None:
        """Finish the block now (then debrief and break)."""
        self.run_worker(self.session.apply("finish"), group="focus-action", exit_on_error=False)

    def action_abandon(self) -> None:
        """Abandon the block, with a reason."""
        if self.session.block is None:
            return

        def answered(reason: str | None) -> None:
            if reason is not None:
                self.run_worker(self.session.apply("abandon", reason), group="focus-action", exit_on_error=False)

        self.app.push_screen(ReasonDialog("Abandon this block? Why (optional):"), answered)

    def action_interruption(self) -> None:
        """Log an interruption; the clock keeps running."""
        if self.session.block is None:
            return

        def answered(result: tuple[str, str] | None) -> None:
            if result is not None:
                self.run_worker(self.session.apply("interrupt", *result), group="focus-action", exit_on_error=False)
                self.notify(f"{result[0].capitalize()} interruption logged.", timeout=3)

        self.app.push_screen(InterruptionDialog(), answered)

    def action_cycle_notify(self) -> None:
        """Cycle how the end of a block reaches you: auto, desktop, terminal, bell, off."""
        self.run_worker(self._cycle_notify(), group="focus-settings", exclusive=True, exit_on_error=False)

    async def _cycle_notify(self) -> None:
        from reflect.services.notify import MODES

        s = self.session.settings
        mode = MODES[(MODES.index(s.notify) + 1) % len(MODES)] if s.notify in MODES else "auto"
        saved = await self.reflect.save(s.model_copy(update={"notify": mode}), base=s)
        if saved is not None:
            self.session.settings = saved
            self._painted = None
            self._paint(self.session.last)
            self.notify(f"Notifications: {mode}", timeout=3)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        name = event.button.name or ""
        if name.startswith("preset:"):
            self.query_one("#minutes", Input).value = name.partition(":")[2]
        else:
            self.run_action(name)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_start()

    def on_unmount(self) -> None:
        """Stop following the session."""
        self.session.changed.unsubscribe(self)

