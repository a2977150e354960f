"""The app's journal: the store (built after the first frame), blocking calls off the loop, saves.

`ReflectApp` (reflect/app.py) inherits these; screens reach them as `self.reflect.save(...)`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual.app import App
from textual.signal import Signal

from reflect.core.errors import ReflectError

if TYPE_CHECKING:
    from reflect.services.save_queue import SaveQueue
    from reflect.store import Store

T = TypeVar("T")


class AppSaves(App[int]):
    """The store, `io()` and the save paths; the app's `__init__` sets the attributes below."""

    _store: Store | None
    _build_store: Callable[[], Store] | None
    _data_root: Path | None
    _store_ready: asyncio.Event
    saves: SaveQueue[Any]
    data_changed: Signal[str]
    day_start: time

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

    def use_settings(self, settings: Any) -> None:
        """Take the settings every screen reads from the app (the day start)."""
        from reflect.core.journal_day import parse_day_start

        self.day_start = parse_day_start(settings.day_start)

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
