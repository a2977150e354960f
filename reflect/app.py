"""The Textual app: modes for the areas, global keys, the command palette, injected services."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.signal import Signal

from reflect.core.clock import Clock, SystemClock
from reflect.core.errors import ReflectError
from reflect.worker_reports import ReportingWorkers
from reflect.core.journal_day import DEFAULT_DAY_START, journal_day

if TYPE_CHECKING:
    from reflect.screens.focus.session import FocusSession
    from reflect.store import Store

T = TypeVar("T")

AREAS: list[tuple[str, str, str, str]] = [
    ("t", "today", "Today", "Today's check-ins, frog, focus and reminders"),
    ("f", "focus", "Focus", "Timed focus blocks with an intention"),
    ("p", "people", "People", "Ask people for stories about your strengths"),
    ("s", "story", "Story", "Write your value story, cut pitches, rehearse"),
    ("i", "insights", "Insights", "Patterns in your mood, energy and focus"),
]
"""(key, mode, footer label, palette help) for each top-level area."""


def _lazy(module: str, name: str) -> Callable[[], Screen]:
    """A mode factory that imports its screen's module on first use, keeping start-up small."""

    def factory() -> Screen:
        import importlib

        return getattr(importlib.import_module(module), name)()

    factory.__name__ = name
    return factory


class ReflectApp(App[int]):
    """reflect: check in, reflect, focus, ask, tell, learn."""

    TITLE = "reflect"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    DEFAULT_MODE = "today"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-normal"), (120, "-wide")]
    """Every screen gets one of these classes from its width, for layouts that fit 60 to 160+ columns."""
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]
    """... and one of these from its height (-short below 24 rows)."""
    DATA_WATCH_SECONDS = 2.0
    """While the app is in front, how often the data folders are looked at for files another process
    (`reflect log`, `reflect feedback import`, a sync tool) changed; 0: never."""
    MODES = {
        "today": _lazy("reflect.screens.today", "TodayScreen"),
        "focus": _lazy("reflect.screens.focus.area", "FocusScreen"),
        "people": _lazy("reflect.screens.people.area", "PeopleScreen"),
        "story": _lazy("reflect.screens.story.area", "StoryScreen"),
        "insights": _lazy("reflect.screens.insights", "InsightsScreen"),
    }
    BINDINGS = [
        *(Binding(key, f"area('{mode}')", label, id=mode) for key, mode, label, _ in AREAS),
        Binding("m", "check_in", "Check in", id="check_in"),
        Binding("r", "reflect", "Reflect", id="reflect"),
        Binding("h", "checkin_history", "History", show=False, id="checkin_history"),
        Binding("question_mark", "help", "Help", key_display="?", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(
        self,
        store: Store | None,
        clock: Clock,
        notifier: Any = None,
        *,
        build_store: Callable[[], Store] | None = None,
        data_root: Path | None = None,
        microphone: Callable[[], Any] | None = None,
    ) -> None:
        super().__init__()
        if store is None and build_store is None:
            raise ValueError("ReflectApp needs a store or a way to build one")
        self._store = store
        self._build_store = build_store
        self._data_root = data_root
        self._store_ready = asyncio.Event()
        if store is not None:
            self._store_ready.set()
        self.clock = clock
        """The clock every screen reads time from."""
        self.notifier = notifier
        """Sends desktop/terminal notifications (None: the default notifier)."""
        self.microphone = microphone
        """Opens the audio source rehearsals listen to (None: the default input device)."""
        self.data_changed: Signal[str] = Signal(self, "data-changed")
        """Published with a collection name after anything is saved."""
        self._settings_loaded = False
        self._workers = ReportingWorkers(self)  # every failed worker is told (reflect.worker_reports)
        from reflect.services.save_queue import SaveQueue

        self.saves: SaveQueue[Any] = SaveQueue(self._write_queued, self._autosave_failed)
        """The ordered save queue every autosaving editor writes through (one writer per record)."""
        self.day_start = DEFAULT_DAY_START
        """When the user's journal day starts (the "day starts at" setting)."""
        self._file_sigs: dict[str, Any] = {}
        """Each watched collection folder's signature when last looked at."""
        self._own_changes: set[str] = set()
        """Collections this app announced since the last look (their new files are no news)."""
        self._watching = False
        self._announcing = False

    def get_driver_class(self) -> Any:
        """Textual's driver for this terminal, reading bracketed pastes whole and without escape
        sequences (reflect.terminal_input)."""
        from reflect.terminal_input import clean_pastes

        driver = super().get_driver_class()
        clean_pastes(driver)
        return driver

    # --- the store ------------------------------------------------------------------------------

    @property
    def store(self) -> Store:
        """The journal (all calls go through `io`, off the event loop).

        When the app was given `build_store` instead of a store, the store (and pydantic, which it
        imports) is built in a worker after the first frame is painted; `await store_ready()`
        before using it. Reading this earlier builds it on the spot.
        """
        if self._store is None:
            assert self._build_store is not None
            self._store = self._build_store()
        return self._store

    @property
    def data_root(self) -> Path:
        """The data folder, known before the store is built."""
        if self._store is not None or self._data_root is None:
            return self.store.root
        return self._data_root

    async def store_ready(self) -> Store:
        """Wait until the store is built (a no-op when it was injected), then return it."""
        await self._store_ready.wait()
        return self.store

    @property
    def focus_session(self) -> FocusSession:
        """The app's one focus session, shared by the focus screen and the Today panel."""
        from reflect.screens.focus.session import FocusSession

        return FocusSession.of(self)

    # --- I/O off the event loop ----------------------------------------------------------------

    async def io(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a blocking call (store, files) in a thread and return its result."""
        return await asyncio.to_thread(func, *args, **kwargs)

    async def save(self, record: Any, *, delete: bool = False, base: Any | None = None) -> Any | None:
        """Store (or tombstone) a record off the loop; tell the user on failure; announce the change.

        `base`: the stored record this one is an edit of, as the screen read it. The save is then a
        compare-and-swap that keeps a change made elsewhere since (merged field by field, or both
        copies kept and the user told; services.edits). Returns the stored record, or None when it
        could not be saved (the user was told why).
        """
        await self.store_ready()
        try:
            if base is not None and not delete:
                stored = await self.io(self._write_edit, base, record)
            else:
                stored = await self.io(self.store.delete if delete else self.store.put, record)
        except ReflectError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False, timeout=10)
            return None
        if type(record).COLLECTION == "settings" and not delete:
            self.use_settings(stored)
        self.data_changed.publish(type(record).COLLECTION)
        return stored  # the day's snapshot was made by the store before its first write today

    async def save_latest(self, record: Any, key: str | None = None) -> Any | None:
        """Store `record` through the ordered queue (`key`: its id) and wait; None when not saved (told why).

        `record` may be a `Tracked` edit: then the write is a compare-and-swap (services.edits)."""
        await self.store_ready()
        try:
            stored = await self.saves.save(key or record.id, record)
        except ReflectError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False, timeout=10)
            return None
        self.data_changed.publish(type(stored).COLLECTION)
        return stored

    async def save_edit(self, tracker: Any, record: Any) -> Any | None:
        """Store an edit of a stored record as a compare-and-swap through `tracker` (services.edits)."""
        from reflect.services.edits import Tracked

        return await self.save_latest(Tracked(tracker, record))

    def _write_queued(self, value: Any) -> Any:
        """The save queue's writer (a thread): a plain put, or a tracked edit that may merge (and say so)."""
        from reflect.services.edits import Tracked

        if not isinstance(value, Tracked):
            return self.store.put(value)
        stored, note = value.tracker.save(self.store, value.record)
        if note:
            self._tell_from_thread(note)
        return stored

    def _write_edit(self, base: Any, record: Any) -> Any:
        """Store an edit of `base` (a thread): a compare-and-swap that merges a change made elsewhere."""
        from reflect.services.edits import EditTracker

        stored, note = EditTracker(base.to_doc()).save(self.store, record)
        if note:
            self._tell_from_thread(note)
        return stored

    def _tell_from_thread(self, line: str) -> None:
        """Show one line from a writer thread, without waiting for the loop (it may be closing)."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(lambda: self.notify(line, title="Changed elsewhere", severity="warning",
                                                          markup=False, timeout=10))

    def autosave(self, record: Any, key: str | None = None) -> None:
        """Queue `record` to be stored in order without waiting (a failure is still shown)."""
        self.saves.submit(key or record.id, record)

    def _autosave_failed(self, exc: BaseException) -> None:
        """Tell the user (from the writer thread) that an autosave could not be stored."""
        try:
            self.call_later(self.notify, str(exc), title="Not saved", severity="error", markup=False, timeout=10)
        except RuntimeError:
            pass  # the app has closed: nobody is left to tell

    # --- lifecycle -----------------------------------------------------------------------------

    async def on_mount(self) -> None:
        """After the first frame is painted, build and open the store and load settings in a worker."""
        self.data_changed.subscribe(self, self._note_own_change, immediate=True)  # no news for the watch
        self.call_after_refresh(self._start_store)

    def _start_store(self) -> None:
        self.run_worker(self._open_store(), name="open store", group="startup", exit_on_error=False)

    async def _open_store(self) -> None:
        try:
            if self._store is None:
                assert self._build_store is not None
                self._store = await self.io(self._build_store)
            await self.io(self.store.open)
            settings = await self.io(self.store.settings)
        except ReflectError as exc:
            self.notify(str(exc), title="Data folder", severity="error", markup=False, timeout=15)
            return
        finally:
            self._store_ready.set()
        self.use_settings(settings)
        self._start_watch()
        if settings.theme in self.available_themes:
            self.theme = settings.theme
        self._settings_loaded = True
        from reflect.screens.transfer import merge_sync_conflicts

        await merge_sync_conflicts(self, quiet=True)
        for line in self.store.problems:
            self.notify(line, title="A data file was repaired", severity="warning", markup=False, timeout=20)

    # --- files changed by another process ---------------------------------------------------------

    def _start_watch(self) -> None:
        """Look at the data folders every DATA_WATCH_SECONDS from now on."""
        if self.DATA_WATCH_SECONDS > 0:
            self.set_interval(self.DATA_WATCH_SECONDS, self._watch_tick, name="data files watch")

    def _note_own_change(self, collection: str) -> None:
        if not self._announcing:
            self._own_changes.add(collection)

    def _watch_tick(self) -> None:
        if self.app_focus and not self._watching:
            self._watching = True
            self.run_worker(self._watch_once(), name="data files watch", group="data-watch", exit_on_error=False)

    async def _watch_once(self) -> None:
        try:
            await self.check_data_files()
        finally:
            self._watching = False

    def on_app_focus(self) -> None:
        """Back in front: look at once rather than at the next tick."""
        if self._file_sigs and self.DATA_WATCH_SECONDS > 0:
            self.call_later(self._watch_tick)

    async def check_data_files(self) -> None:
        """Announce each collection whose files changed since the last look, unless this app wrote them.

        One directory listing and a stat per file of each collection, in a thread. The first look
        only takes the baseline. Every screen that watches an announced collection reloads. A save
        this app announced before the listing began is in the listing, so it is no news and is
        forgotten; one announced while the listing ran is kept for the next look.
        """
        from reflect.store.signatures import collection_signatures

        store = await self.store_ready()
        names = await self.io(_watched_collections)
        seen_own = set(self._own_changes)
        signatures = await self.io(collection_signatures, store.root, names)
        changed = []
        for name, signature in signatures.items():
            before = self._file_sigs.get(name)
            self._file_sigs[name] = signature
            if before is not None and before != signature and name not in self._own_changes:
                changed.append(name)
        self._own_changes -= seen_own
        self._announcing = True
        try:
            for name in changed:
                self.data_changed.publish(name)
        finally:
            self._announcing = False

    def today(self) -> date:
        """The journal day now: before the "day starts at" time it is still yesterday."""
        return journal_day(self.clock.now(), self.day_start)

    def use_settings(self, settings: Any) -> None:
        """Take the settings every screen reads from the app (the day start)."""
        from reflect.core.journal_day import parse_day_start

        self.day_start = parse_day_start(settings.day_start)

    def watch_theme(self, theme: str) -> None:
        """Persist the theme the user picks."""
        if self._settings_loaded:
            self.run_worker(self._save_theme(theme), group="settings", exclusive=True, exit_on_error=False)

    async def _save_theme(self, theme: str) -> None:
        settings = await self.io(self.store.settings)
        if settings.theme != theme:
            await self.save(settings.model_copy(update={"theme": theme}), base=settings)

    # --- actions -------------------------------------------------------------------------------

    async def action_area(self, mode: str) -> None:
        """Show a top-level area, closing screens pushed over the current one (History, say).

        Without that, History opened from an area would stay on that area's stack: its own key
        would do nothing and coming back later would show History again. A pushed screen that is
        busy (a running rehearsal) says so with `can_leave = False` and keeps the user there.
        """
        covered = len(self.screen_stack) > 1
        while len(self.screen_stack) > 1:
            if getattr(self.screen, "can_leave", True) is False:
                self.notify("Finish or stop what is running here first.", markup=False, timeout=4)
                return
            await self.pop_screen()
        if mode != self.current_mode:
            await self.switch_mode(mode)
        elif not covered:  # the key of the area shown: read it again (another process may have written)
            reload = getattr(self.screen, "reload", None)
            if callable(reload):
                reload()

    async def action_quit(self) -> None:
        """Quit (q, or ctrl+q from anywhere) after the focused field has taken every key typed
        before the quit key, so its draft or autosave holds all of them."""
        from reflect.widgets.keys import keys_taken

        await keys_taken(self)
        self.exit()

    def action_help_quit(self) -> None:
        """ctrl+c copies in text fields and never quits: say how to quit, the way the footer does."""
        where = "q quits" if "q" in self.screen.active_bindings else "Escape closes this, then q quits"
        self.notify(f"{where} (ctrl+q quits from anywhere, even a text field).", title="Quit", markup=False)

    def action_check_in(self) -> None:
        """Open the check-in dialog over the current screen."""
        from reflect.screens.checkin.dialog import CheckInScreen

        if not isinstance(self.screen, CheckInScreen):
            self.push_screen(CheckInScreen())

    def action_reflect(self) -> None:
        """Open the guided reflection."""
        from reflect.screens.reflection import ReflectionScreen

        if not isinstance(self.screen, ReflectionScreen):
            self.push_screen(ReflectionScreen())

    def action_checkin_history(self) -> None:
        """Show every check-in, to filter, edit or delete."""
        from reflect.screens.checkin.history import CheckInHistoryScreen

        if not isinstance(self.screen, CheckInHistoryScreen):
            self.push_screen(CheckInHistoryScreen())

    def action_help(self) -> None:
        """Show the keys."""
        from reflect.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_search(self) -> None:
        """Open the search over everything written."""
        from reflect.screens.search import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen())

    def action_daily_settings(self) -> None:
        """Open the daily-loop settings (the day start)."""
        from reflect.screens.settings import DailySettingsScreen

        self.push_screen(DailySettingsScreen())

    def action_import(self) -> None:
        """Open the import dialog."""
        from reflect.screens.transfer import ImportScreen

        self.push_screen(ImportScreen())

    def action_export(self) -> None:
        """Open the export dialog."""
        from reflect.screens.transfer import ExportScreen

        self.push_screen(ExportScreen())

    def action_sync(self) -> None:
        """Merge sync-conflict copies now, in a worker."""
        from reflect.screens.transfer import merge_sync_conflicts

        self.run_worker(merge_sync_conflicts(self, quiet=False), group="sync", exclusive=True, exit_on_error=False)

    def action_conflicts(self) -> None:
        """Show every record edited in two places, to keep either copy."""
        from reflect.screens.conflicts import RecordConflictsScreen

        if not isinstance(self.screen, RecordConflictsScreen):
            self.push_screen(RecordConflictsScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every area and global action, for the command palette."""
        for key, mode, label, help_text in AREAS:
            yield SystemCommand(f"{label} ({key})", help_text, lambda m=mode: self.run_action(f"area('{m}')"))
        yield SystemCommand("Check in (m)", "Record mood and energy now", self.action_check_in)
        yield SystemCommand("Reflect (r)", "A short guided reflection", self.action_reflect)
        yield SystemCommand("Check-in history (h)", "Filter, edit or delete check-ins", self.action_checkin_history)
        yield SystemCommand("Help (?)", "Keys and where your data lives", self.action_help)
        yield SystemCommand("Search everything written", "Find words in check-ins, reflections, feedback and the story", self.action_search)
        yield SystemCommand("Settings: your day", "When your day starts, and reminders to check in and reflect", self.action_daily_settings)
        yield SystemCommand("Import", "Bring in a reflect, Daylio or jrnl export", self.action_import)
        yield SystemCommand("Export", "Write the journal as JSON, CSV or Markdown", self.action_export)
        yield SystemCommand("Sync now", "Merge copies your sync tool left after a conflict", self.action_sync)
        yield SystemCommand("Conflicts", "Records edited in two places: compare both copies, keep either", self.action_conflicts)
        yield from self._screen_commands(screen)
        yield from super().get_system_commands(screen)

    def _screen_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The keys of the area on screen (also those a narrow footer had no room for)."""
        seen: set[str] = set()
        for node, binding, enabled, _tip in screen.active_bindings.values():
            if node is self or not binding.show or not enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            yield SystemCommand(
                f"{binding.description} ({self.get_key_display(binding)})",
                f"{screen.title or type(screen).__name__.removesuffix('Screen')} key",
                lambda n=node, a=binding.action: self.run_action(a, n),
            )


def _watched_collections() -> list[str]:
    """Every collection but drafts (the app's own, written as the user types)."""
    from reflect.core.models import BY_COLLECTION

    return [name for name in BY_COLLECTION if name != "drafts"]


def make_app(
    store: Store | None = None,
    clock: Clock | None = None,
    notifier: Any = None,
    *,
    data_dir: str | Path | None = None,
    microphone: Callable[[], Any] | None = None,
) -> ReflectApp:
    """The composition root: the CLI and the tests build the app here, with what they inject.

    Without a store, the app builds one on `data_dir` (else $REFLECT_DATA_DIR, else the platform's
    folder) in a worker after its first frame, so start-up does not wait for the store's imports.
    """
    if store is None:
        from reflect.paths import data_dir as resolve

        root = resolve(data_dir)
        clock = clock or SystemClock()
        chosen = clock

        def build_store() -> Store:
            from reflect.store import Store

            return Store(root, chosen)

        return ReflectApp(None, clock, notifier, build_store=build_store, data_root=root, microphone=microphone)
    if clock is not None:
        store.clock = clock
    return ReflectApp(store, clock or store.clock, notifier, microphone=microphone)
