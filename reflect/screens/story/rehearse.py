"""Rehearse a variant: timed read-through with laps, teleprompter, fading cue cards; rate and store each run."""

from __future__ import annotations


from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from reflect.core.story import rehearsal as rh
from reflect.core.clock import Clock
from reflect.core.dates import short_date
from reflect.core.models import Rehearsal, Story, Variant
from reflect.core.story.pitch import LENGTH_SECONDS
from reflect.core.story.story import latest_version, variant_label
from reflect.screens.dialog import ConfirmDialog
from reflect.screens.story.dialogs import RatingDialog
from reflect.screens.story.listen import delete_last_recording, with_speech
from reflect.widgets.story.listen_panel import ListenPanel
from reflect.widgets.story.rehearsal_history import RehearsalHistory
from reflect.widgets.story.script_view import ScriptView, status_line
from reflect.typed_app import reflect_app
from reflect.widgets.footer import AppFooter

MODES: tuple[rh.Mode, ...] = ("read", "teleprompter", "cards")
"""The order `c` cycles through."""

REFRESH_SECONDS = 0.2
"""How often the time on screen is redrawn while running (time itself comes from the clock)."""


class RehearseScreen(Screen):
    """A rehearsal of one variant (or the master story). Every stopped run is stored."""

    BINDINGS = [
        Binding("space", "start_stop", "Start/stop"),
        Binding("l", "lap", "Lap"),
        Binding("x", "stumble", "Stumble"),
        Binding("v", "reveal", "Reveal"),
        Binding("n", "next_line", "Next line"),
        Binding("a", "auto", "Auto/keys"),
        Binding("c", "cycle_mode", "Mode"),
        *(Binding(str(n), f"level({n})", "Level 0-4", show=n == 0, key_display="0-4") for n in range(5)),
        Binding("less_than_sign", "pace(-5)", "Pace -5", key_display="<"),
        Binding("greater_than_sign", "pace(5)", "Pace +5", key_display=">"),
        Binding("d", "delete_run", "Delete run"),
        Binding("e", "listen", "Listen"),
        Binding("k", "keep", "Keep audio", show=False),
        Binding("K", "delete_recording", "Delete audio", show=False),
        Binding("P", "pause_length", "Pause length", show=False),
        Binding("escape", "back", "Back"),
    ]

    DEFAULT_CSS = """
    RehearseScreen #status { dock: top; height: auto; max-height: 4; padding: 0 1; background: $boost; }
    RehearseScreen VerticalScroll { height: 1fr; }
    RehearseScreen #result { height: auto; padding: 0 1; color: $text; }
    """

    def __init__(self, story: Story, variant: Variant | None, wpm: int, clock: Clock) -> None:
        super().__init__()
        self.clock = clock
        """The app's clock (all run time comes from it)."""
        self.story = story
        self.variant = variant
        self.wpm = wpm
        self.runs: list[Rehearsal] = []
        """This variant's stored runs, oldest first."""
        self.mode: rh.Mode = "read"
        self.level = 0
        self.run = self._new_run()

    reflect = reflect_app
    """The app, typed."""

    @property
    def can_leave(self) -> bool:
        """An area key may close this screen only when no run is going (a run is stopped with space)."""
        return self.run.state != "running"

    def _text(self) -> str:
        return self.variant.text if self.variant else self.story.master

    def _target(self) -> float | None:
        return LENGTH_SECONDS.get(self.variant.length) if self.variant else None

    def _new_run(self) -> rh.Run:
        return rh.Run(self._text(), self.clock, wpm=self.wpm, target_seconds=self._target(), mode=self.mode, level=self.level)

    def compose(self) -> ComposeResult:
        """Status line, script, result, history, footer."""
        yield Static("", id="status")
        with VerticalScroll():
            yield ListenPanel()
            yield ScriptView()
            yield Static("", id="result")
            yield RehearsalHistory()
        yield AppFooter()

    async def on_mount(self) -> None:
        """The history, a redraw timer."""
        self.set_interval(REFRESH_SECONDS, self._tick)
        self.redraw()
        runs = await self.reflect.io(self.reflect.store.list, Rehearsal)
        vid = self.variant.id if self.variant else None
        self.runs = [r for r in runs if r.variant_id == vid and r.story_id == self.story.id]
        self.level = rh.current_level(self.runs)
        if self.run.state == "ready":
            self.run.level = self.level
        self.query_one(RehearsalHistory).show(self.runs)
        self.redraw()

    def _tick(self) -> None:
        if self.run.state == "running":
            self.redraw()

    def redraw(self) -> None:
        """Status and script from the run's state."""
        head = Text(variant_label(self.variant) if self.variant else "Master story", style="bold")
        head.append("\n")
        head.append_text(status_line(self.run))
        self.query_one("#status", Static).update(head)
        self.query_one(ScriptView).show(self.run)

    def _try(self, action) -> None:
        try:
            action()
        except rh.RunError as exc:
            self.notify(str(exc).capitalize(), markup=False, timeout=3)
        self.redraw()

    def action_start_stop(self, finished: bool = True) -> None:
        """Start a ready run; stop a running one (then rate it). `finished`: stopped at the end."""
        if self.run.state == "ready":
            if not self.run.words:
                self.notify("Nothing to rehearse: write the text first", severity="warning", markup=False)
                return
            self.run.start()
            self.query_one("#result", Static).update("")
            self.query_one(ListenPanel).begin(self._text())
        elif self.run.state == "running":
            self.run.stop(finished)
            self.query_one(ListenPanel).stop()
            self.app.push_screen(RatingDialog(self._summary()), self._rated)
        self.redraw()

    def _version(self) -> int:
        """The version rehearsed: the variant's newest, or the story's for the master."""
        if self.variant is None:
            return latest_version(self.story)
        return self.variant.versions[-1].n if self.variant.versions else 0

    def _summary(self) -> str:
        splits = "; ".join(f"{label} {split:.1f}s ({f'{wpm:.0f} wpm' if wpm else 'no pace'})" for label, split, wpm in self.run.section_paces())
        return f"{self.run.elapsed():.1f} s. {self.run.pace_verdict()}." + (f"\nSplits: {splits}." if splits else "")

    async def _rated(self, result: tuple[dict, str] | None) -> None:
        ratings, note = result if result else ({}, "")
        record = self.run.record(story_id=self.story.id, variant_id=self.variant.id if self.variant else None,
                                 version=self._version(),
                                 ratings=ratings, note=note)
        record = await with_speech(self.reflect, self.query_one(ListenPanel), record)
        saved = await self.reflect.save(record)
        if saved is not None:
            self.runs.append(saved)
        message = Text(self._summary() + (" Saved." if saved else " Not saved."))
        if self.run.mode == "cards":
            nxt = rh.suggest_level(self.runs, self.run.level)
            if nxt > self.run.level:
                message.append(f"\nTwo clean runs at level {self.run.level}: try level {nxt} ({rh.LEVEL_NAMES[nxt]}).", style="bold green")
                self.level = nxt
        self.query_one("#result", Static).update(message)
        self.query_one(RehearsalHistory).show(self.runs)
        self.run = self._new_run()
        self.redraw()

    def action_lap(self) -> None:
        """Mark a section boundary."""
        self._try(self.run.lap)

    def action_stumble(self) -> None:
        """Count a stumble."""
        self._try(self.run.stumble)

    def action_reveal(self) -> None:
        """Show the hidden words of this section (counts a hint)."""
        self._try(self.run.reveal)

    def action_next_line(self) -> None:
        """Teleprompter: the next sentence."""
        self._try(self.run.next_line)

    def action_auto(self) -> None:
        """Teleprompter: advance at the planned pace, or by key."""
        if self.run.state == "ready":
            self.run.auto_advance = not self.run.auto_advance
        self.redraw()

    def action_cycle_mode(self) -> None:
        """Read-through -> teleprompter -> cue cards (before a run starts)."""
        if self.run.state != "ready":
            self.notify("Change the mode between runs", markup=False, timeout=3)
            return
        self.mode = MODES[(MODES.index(self.mode) + 1) % len(MODES)]
        self.run = self._new_run()
        self.redraw()

    def action_level(self, level: int) -> None:
        """Pick the cue-card level (switches to cue cards)."""
        if self.run.state != "ready":
            self.notify("Change the level between runs", markup=False, timeout=3)
            return
        self.level, self.mode = level, "cards"
        self.run = self._new_run()
        self.redraw()

    async def action_pace(self, step: int) -> None:
        """Change the planned pace (saved in the settings) between runs."""
        if self.run.state != "ready":
            self.notify("Change the pace between runs", markup=False, timeout=3)
            return
        self.wpm = max(60, min(250, self.wpm + step))
        self.run = self._new_run()
        self.redraw()
        settings = await self.reflect.io(self.reflect.store.settings)
        if settings.wpm != self.wpm:
            await self.reflect.save(settings.model_copy(update={"wpm": self.wpm}), base=settings)

    async def action_listen(self) -> None:
        """Listen to the next run, or not (between runs)."""
        if self.run.state != "ready":
            self.notify("Switch listening between runs", markup=False, timeout=3)
            return
        panel = self.query_one(ListenPanel)
        problem = panel.toggle(None if panel.enabled else await self.reflect.io(panel.problem))
        if problem:
            self.notify(problem.capitalize(), severity="warning", markup=False)

    def action_keep(self) -> None:
        """Keep the next listened run's recording in the data folder, or not."""
        panel = self.query_one(ListenPanel)
        panel.keep = not panel.keep
        if self.run.state == "ready":
            panel.idle()
        self.notify("The recording will be kept" if panel.keep else "The recording will not be kept", markup=False, timeout=3)

    def action_pause_length(self) -> None:
        """Cycle the shortest silence counted as a pause (between runs)."""
        if self.run.state == "ready":
            self.query_one(ListenPanel).cycle_pause()

    async def action_delete_recording(self) -> None:
        """Delete the newest kept recording of this variant's runs."""
        saved = await delete_last_recording(self.reflect, self.runs)
        if saved is not None:
            self.runs = [saved if r.id == saved.id else r for r in self.runs]
            self.query_one(RehearsalHistory).show(self.runs)

    def action_back(self) -> None:
        """Break off a running run (rated and stored, without a pace for the unfinished part) or go back."""
        if self.run.state == "running":
            self.action_start_stop(finished=False)
        else:
            self.dismiss()

    def action_delete_run(self) -> None:
        """Delete the newest stored run of this variant, after a yes."""
        if self.run.state == "running":
            self.notify("Stop the run first", markup=False, timeout=3)
            return
        live = [r for r in self.runs if not r.deleted]
        if not live:
            self.notify("No runs to delete", markup=False, timeout=3)
            return
        newest = max(live, key=lambda r: r.started_at)
        pace = f", {newest.wpm:.0f} wpm" if newest.wpm else ""
        when = short_date(newest.started_at, self.reflect.today(), time=True)
        question = f"Delete the run of {when} ({newest.duration_seconds:.0f} s{pace})?"
        self.app.push_screen(ConfirmDialog(question), lambda yes: self._delete(newest) if yes else None)

    async def _delete(self, run: Rehearsal) -> None:
        """Tombstone `run` and redraw the history."""
        if await self.reflect.save(run, delete=True) is None:
            return
        self.runs = [r for r in self.runs if r.id != run.id]
        self.query_one(RehearsalHistory).show(self.runs)
        self.notify("Run deleted", markup=False, timeout=3)
