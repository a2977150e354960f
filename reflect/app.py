"""The Textual app: modes for the areas, global keys, the command palette, injected services.

The actions behind the keys and the palette are in `reflect.app_commands`; the store, `io()` and
the save paths in `reflect.app_saves`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.signal import Signal

from reflect.app_commands import AREAS, AppCommands
from reflect.app_saves import AppSaves
from reflect.core.clock import Clock, SystemClock
from reflect.core.errors import ReflectError
from reflect.core.journal_day import DEFAULT_DAY_START, journal_day
from reflect.widgets.keys import follow_new_screen
from reflect.worker_reports import ReportingWorkers

if TYPE_CHECKING:
    from reflect.screens.focus.session import FocusSession
    from reflect.store import Store

__all__ = ["AREAS", "ReflectApp", "make_app"]


def _lazy(module: str, name: str) -> Callable[[], Screen]:
    """A mode factory that imports its screen's module on first use, keeping start-up small."""

    def factory() -> Screen:
        import importlib

        return getattr(importlib.import_module(module), name)()

    factory.__name__ = name
    return factory


class ReflectApp(AppCommands, AppSaves):
    """reflect: check in, reflect, focus, ask, tell, learn."""

    TITLE = "reflect"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    DEFAULT_MODE = "today"
    DATA_WATCH_SECONDS = 2.0
    """While the app is in front, how often the data folders are looked at for files another process
    (`reflect log`, `reflect feedback import`, a sync tool) changed; 0: never."""
    MODES = {
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
        from reflect import malloc_arenas

        malloc_arenas.limit()  # before Textual's driver and the `io` pool start their threads
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
        self.area_shown = asyncio.Event()
        """Set once the first area on screen has loaded its data: start-up chores that would
        compete with that load (merging sync copies) wait for it."""
        self._file_sigs: dict[str, Any] = {}
        """Each watched collection folder's signature when last looked at."""
        self._own_changes: set[str] = set()
        """Collections this app announced since the last look (their new files are no news)."""
        self._watching = False
        self._announcing = False

    async def on_event(self, event: events.Event) -> None:
        """Keys typed right after one that opened or closed a screen go to the screen now on top
        (`reflect.widgets.keys.follow_new_screen`); everything else as Textual handles it."""
        if isinstance(event, events.Key) and follow_new_screen(self, event):
            return
        await super().on_event(event)

    def get_driver_class(self) -> Any:
        """Textual's driver for this terminal, reading bracketed pastes whole and without escape
        sequences (reflect.terminal_input)."""
        from reflect.terminal_input import clean_pastes

        driver = super().get_driver_class()
        clean_pastes(driver)
        return driver

    def get_default_screen(self) -> Screen:
        """Today, the screen the app opens on, made the way Textual makes a plain app's first screen.

        A screen from MODES is mounted while Textual holds back repaints, so its first layout is
        thrown away and done again once they resume. Today is the first screen of the "today" mode
        instead, which is added to MODES here, after its stack exists: switching back to Today
        finds that stack and never builds a second one.
        """
        from reflect.screens.today import TodayScreen

        self.add_mode("today", _lazy("reflect.screens.today", "TodayScreen"))
        return TodayScreen()

    @property
    def focus_session(self) -> FocusSession:
        """The app's one focus session, shared by the focus screen and the Today panel."""
        from reflect.screens.focus.session import FocusSession

        return FocusSession.of(self)

    # --- lifecycle -----------------------------------------------------------------------------

    async def on_mount(self) -> None:
        """After the first frame is painted, build and open the store and load settings in a worker;
        once the first area has shown its data, merge the copies a sync tool left."""
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
            from reflect.services.first_reads import start_settings

            start = await self.io(start_settings, self.store)  # without pydantic: see first_reads
        except ReflectError as exc:
            self.notify(str(exc), title="Data folder", severity="error", markup=False, timeout=15)
            return
        finally:
            self._store_ready.set()
        self.use_settings(start)
        self._start_watch()
        if start.theme in self.available_themes:
            self.theme = start.theme
        self._settings_loaded = True
        await self.area_shown.wait()
        await self.painted()
        await self._confirm_settings(start)
        from reflect.screens.transfer import merge_sync_conflicts

        await merge_sync_conflicts(self, quiet=True)
        for line in self.store.problems:
            self.notify(line, title="A data file was repaired", severity="warning", markup=False, timeout=20)

    async def _confirm_settings(self, start: Any) -> None:
        """Read the settings through their model, as every later read does; when that differs from
        what start-up read (a record the model refuses or mends), use it and tell the areas."""
        try:
            settings = await self.io(self.store.settings)
        except ReflectError as exc:
            self.notify(str(exc), title="Settings", severity="error", markup=False, timeout=15)
            return
        if (settings.day_start, settings.theme) == tuple(start):
            return
        self.use_settings(settings)
        if settings.theme in self.available_themes:
            self.theme = settings.theme
        self.data_changed.publish("settings")

    async def painted(self) -> None:
        """Return once the screen has been refreshed: what was just shown is on its way to the
        terminal before the caller starts work that competes with the loop."""
        done = asyncio.Event()
        self.call_after_refresh(done.set)
        await done.wait()

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

    def watch_theme(self, theme: str) -> None:
        """Persist the theme the user picks."""
        if self._settings_loaded:
            self.run_worker(self._save_theme(theme), group="settings", exclusive=True, exit_on_error=False)

    async def _save_theme(self, theme: str) -> None:
        settings = await self.io(self.store.settings)
        if settings.theme != theme:
            await self.save(settings.model_copy(update={"theme": theme}), base=settings)


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
