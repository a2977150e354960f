"""The app's one focus session: watches the open block, ends it on time, notifies, asks, debriefs.

There is one session per app (`FocusSession.of(app)`), shared by the focus screen and the Today
panel, so a block keeps ticking (and notifying) whichever area is showing. It ticks with
`set_interval`, but time comes from the block's stored timestamps (see `reflect.core.focus.timer`).
Every transition is stored at once; ticks are never stored.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from textual.signal import Signal

from reflect.core.focus import timer as F
from reflect.core.focus.timer import Snapshot
from reflect.core.journal_day import journal_day
from reflect.core.models import FocusBlock, Reflection, Settings
from reflect.core.reflection.sessions import frog_for
from reflect.screens.focus.dialogs import AwayDialog, Debrief, DebriefDialog
from reflect.services.notify import Delivery, Notifier

if TYPE_CHECKING:
    from reflect.typed_app import ReflectApp

TICK_SECONDS = 0.2
"""How often the display refreshes and the end is checked (well inside the 1 s promise)."""

WATCH_TICKS = 5
"""Every this many ticks the running block's file is checked for changes made by another process."""


def _file_signature(path: Any) -> tuple[int, ...] | None:
    """(inode, size, mtime, ctime) of a file, None when it is missing or unreadable."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _frog(store: Any, today) -> str:
    """Today's frog, as the Today screen shows it (tonight's evening names tomorrow's, not today's)."""
    return frog_for(store.list(Reflection, today - timedelta(days=1), today), today) or ""


class FocusSession:
    """Owns the running block of one app: ticking, transitions, end, notifications, questions."""

    def __init__(self, app: ReflectApp) -> None:
        self.app = app
        self.timer = F.FocusTimer(app.clock)
        """Derives the block's time at each tick."""
        self.changed: Signal[Snapshot] = Signal(app, "focus-changed")
        """Published at every tick and transition."""
        self.settings = Settings()
        """The user's settings, as last loaded."""
        self.frog = ""
        """Today's frog, offered as the intention."""
        self.today_blocks: list[FocusBlock] = []
        """Blocks started today (for breaks and the Today panel)."""
        self.week_blocks: list[FocusBlock] = []
        """Blocks started this week."""
        self.last = Snapshot(None, F.Tick("idle"))
        self._interval: Any = None
        self._asking = False
        self._ending = False
        self._ticks = 0
        self._watching = False
        self._seen: tuple[int, ...] | None = None
        self._notifier: Notifier | Any = app.notifier
        self.last_delivery: Delivery | None = None
        """How the last end-of-block notification went."""

    @classmethod
    def of(cls, app: ReflectApp) -> FocusSession:
        """The app's session (made on first use)."""
        session = app.__dict__.get("_focus_session")
        if session is None:
            session = app.__dict__["_focus_session"] = cls(app)
        return session

    @property
    def block(self) -> FocusBlock | None:
        """The open block, if any."""
        return self.timer.block

    # --- loading -----------------------------------------------------------------------------------

    async def refresh(self) -> None:
        """Re-read the open block, settings and today's blocks; ask about a block found unseen."""
        app = self.app
        today = app.today()
        day_start = app.day_start

        def fetch():
            settings = app.store.settings()
            week = app.store.list(FocusBlock, F.week_start(today), today + timedelta(days=1))
            week = [b for b in week if F.week_start(today) <= journal_day(b.started_at, day_start) <= today]
            return settings, F.find_open(app.store, today), week, _frog(app.store, today)

        settings, block, week, frog = await app.io(fetch)
        self.settings, self.frog = settings, frog
        self.week_blocks = week
        self.today_blocks = [b for b in week if journal_day(b.started_at, day_start) == today]
        self._configure_notifier()
        if block is None or self._ending:
            if not self._ending:
                self.timer.watch(None)
            self._publish(F.Tick("idle") if block is None else self.timer.tick())
            return
        self.timer.watch(block)
        found = self.timer.found()
        self._publish(found)
        if found.state in ("away", "expired"):
            self._ask(found)
        else:
            self._ensure_ticking()

    def _configure_notifier(self) -> None:
        if self._notifier is None:
            self._notifier = Notifier.from_settings(self.settings)
        elif isinstance(self._notifier, Notifier) and self.app.notifier is None:
            self._notifier.configure(self.settings.notify, self.settings.osc)
        if isinstance(self._notifier, Notifier) and self._notifier.terminal_writer is None:
            self._notifier.terminal_writer = self._write_terminal

    def _write_terminal(self, text: str) -> None:
        """Raw bytes to the terminal through the app's driver (its writer thread is thread-safe)."""
        driver = getattr(self.app, "_driver", None)
        if driver is None or self.app.is_headless:
            return
        driver.write(text)

    # --- ticking -----------------------------------------------------------------------------------

    def _ensure_ticking(self) -> None:
        if self._interval is None:
            self._interval = self.app.set_interval(TICK_SECONDS, self._tick, name="focus tick")
        else:
            self._interval.resume()

    def _stop_ticking(self) -> None:
        if self._interval is not None:
            self._interval.pause()

    def _tick(self) -> None:
        tick = self.timer.tick()
        self._publish(tick)
        self._ticks += 1
        if self._ticks % WATCH_TICKS == 0 and self.block is not None and not self._watching:
            self._watching = True
            self.app.run_worker(self._check_outside(), group="focus-watch", exit_on_error=False)
        if tick.state == "idle":
            self._stop_ticking()
        elif tick.state == "ended" and not self._ending:
            self._ending = True
            self.app.run_worker(self._ended(tick), group="focus-end", exit_on_error=False)
        elif tick.state in ("away", "expired"):
            self._stop_ticking()
            self._ask(tick)
        elif tick.slept:
            self.app.notify(f"The machine slept {tick.slept / 60:.0f} min; the block kept counting.", timeout=6)

    async def _check_outside(self) -> None:
        """Re-read the running block when its file changed behind us (`reflect focus stop`, another window).

        Only the file's signature is read each time (a stat, in a thread); the block itself is read
        again only when the file changed, and the screen follows when the stored block differs.
        """
        try:
            block = self.block
            if block is None or self._ending or self._asking:
                return
            path = self.app.store.shard_path(FocusBlock, block)
            seen = await self.app.io(_file_signature, path)
            if seen == self._seen:
                return
            self._seen = seen
            stored = await self.app.io(self.app.store.get, FocusBlock, block.id)
            if self.block is None or self.block.id != block.id or stored == self.block:
                return
            if stored is None or stored.ended_at is not None:
                what = "break" if block.block_type == "break" else "block"
                self.app.notify(f"This {what} was stopped outside the app.", markup=False, timeout=5)
                self.timer.watch(None)
                self._stop_ticking()
                await self.refresh()
            else:
                self.timer.watch(stored)
                self._publish(self.timer.tick())
        finally:
            self._watching = False

    def _publish(self, tick: F.Tick) -> None:
        self.last = Snapshot(self.timer.block, tick)
        self.changed.publish(self.last)

    # --- transitions -------------------------------------------------------------------------------

    async def _store(self, block: FocusBlock, base: FocusBlock | None = None) -> FocusBlock | None:
        """Save a new block, or a change of `base` (merged with a change made elsewhere since)."""
        saved = await self.app.save(block, base=base)
        if saved is not None:
            self._remember(saved)
            self.timer.watch(saved if saved.ended_at is None else None)
            if saved.ended_at is not None:
                self._stop_ticking()
            self._publish(self.timer.tick())
        return saved

    def _remember(self, block: FocusBlock) -> None:
        """Keep today's and this week's blocks in step with a block just stored (the totals follow at once)."""
        today, day_start = self.app.today(), self.app.day_start
        day = journal_day(block.started_at, day_start)

        def kept(blocks: list[FocusBlock]) -> list[FocusBlock]:
            if any(b.id == block.id for b in blocks):
                return [block if b.id == block.id else b for b in blocks]
            return [*blocks, block]

        if F.week_start(today) <= day <= today:
            self.week_blocks = kept(self.week_blocks)
            if day == today:
                self.today_blocks = kept(self.today_blocks)

    async def _fresh(self) -> FocusBlock | None:
        """The watched block as stored now (another window may have changed or ended it)."""
        block = self.block
        if block is None:
            return None
        stored = await self.app.io(self.app.store.get, FocusBlock, block.id)
        if stored is None or stored.ended_at is not None:
            self.app.notify("This block was ended in another window.", timeout=5)
            self.timer.watch(None)
            self._stop_ticking()
            await self.refresh()
            return None
        self.timer.watch(stored)
        return stored

    async def start(self, seconds: float, intention: str = "", *, block_type: str = "focus", energy: int | None = None) -> FocusBlock | None:
        """Start a block (or a break) now; refuses while another block is open."""
        current = await self.app.io(F.find_open, self.app.store, self.app.today())
        if current is not None:
            self.timer.watch(current)
            self.app.notify("A block is already running (started in another window).", severity="warning")
            self._publish(self.timer.tick())
            self._ensure_ticking()
            return None
        self.timer = F.FocusTimer(self.app.clock)
        block = F.start_block(self.app.clock, seconds, intention, block_type=block_type, energy_before=energy)  # type: ignore[arg-type]
        saved = await self._store(block)
        if saved is not None:
            self._ensure_ticking()
        return saved

    async def apply(self, change: str, *args: Any) -> FocusBlock | None:
        """Apply a transition by name: pause, resume, extend, interrupt, finish, abandon."""
        block = await self._fresh()
        if block is None:
            return None
        now = self.app.clock.now()
        func = {"pause": F.pause, "resume": F.resume, "extend": F.extend, "interrupt": F.interrupt,
                "finish": F.finish, "abandon": F.abandon}[change]
        new = func(block, now, *args)
        if new is block:
            return block
        saved = await self._store(new, base=block)
        if saved is not None and change == "finish" and saved.block_type == "focus":
            self.app.run_worker(self._debrief_then_break(saved), group="focus-end", exit_on_error=False)
        return saved

    # --- the end ---------------------------------------------------------------------------------

    def notify_end(self, block: FocusBlock) -> None:
        """Desktop (or terminal) notification in a thread, an in-app toast, the bell."""
        is_break = block.block_type == "break"
        title = "Break over" if is_break else "Focus block done"
        body = ("Back to focus when you are ready." if not block.intention else block.intention) if is_break else (block.intention or "Time for a short debrief.")
        self.app.notify(body, title=title, markup=False, timeout=8)

        def done(delivery: Delivery) -> None:
            self.app.call_from_thread(lambda: setattr(self, "last_delivery", delivery))

        try:
            if hasattr(self._notifier, "notify"):
                self._notifier.notify(title, body, done)
        except Exception:  # noqa: BLE001 - notifications never take the app down
            pass

    async def _ended(self, tick: F.Tick) -> None:
        try:
            block = self.block
            if block is None:
                return
            stored = await self.app.io(self.app.store.get, FocusBlock, block.id)
            if stored is not None and stored.ended_at is not None:  # the CLI ended (and notified) it
                self.timer.watch(None)
                self._stop_ticking()
                self._publish(F.Tick("idle"))
                saved = stored
            else:
                self.notify_end(block)
                finished = F.finish(stored or block, tick.planned_end or self.app.clock.now(), "done")
                saved = await self._store(finished, base=stored)
            if saved is not None and saved.block_type == "focus":
                await self._debrief_then_break(saved)
        finally:
            self._ending = False

    async def _debrief_then_break(self, block: FocusBlock) -> None:
        minutes = F.focus_seconds(block) / 60
        answer: Debrief | None = await self.app.push_screen_wait(DebriefDialog(block.intention, minutes))
        if answer is not None:
            await self.app.save(F.debrief(block, outcome=answer.outcome, quality=answer.quality,
                                          energy_after=answer.energy_after, note=answer.note), base=block)
        await self.refresh()
        seconds, is_long = F.next_break(self.today_blocks, self.settings)
        await self.start(seconds, "Long break" if is_long else "Short break", block_type="break")

    # --- away ------------------------------------------------------------------------------------

    def _ask(self, tick: F.Tick) -> None:
        block = self.block
        if block is None or self._asking:
            return
        self._asking = True
        now = self.app.clock.now()
        away = (now - (tick.away_since or now)).total_seconds() / 60
        self.app.run_worker(self._ask_worker(block, tick, away), group="focus-away", exit_on_error=False)

    async def _ask_worker(self, block: FocusBlock, tick: F.Tick, away: float) -> None:
        try:
            choice = await self.app.push_screen_wait(AwayDialog(block.intention, away, tick.state == "expired"))
            if choice is None:
                return
            ended = F.reconcile(block, choice, self.app.clock.now(), tick.away_since)  # type: ignore[arg-type]
            await self._store(ended)
            await self.refresh()
        finally:
            self._asking = False
