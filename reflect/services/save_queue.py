"""One ordered, coalescing writer per record: the last text on screen is the text on disk.

An autosaving editor hands every new state of its record to `SaveQueue.submit(key, value)`. For each
key (a record id, or a draft's name) at most one write runs at a time, on its own thread, off the
event loop; a value submitted while a write is running waits, and a newer value replaces it, so the
intermediate ones are skipped and an older write can never land after a newer one. The app holds one
queue (`app.saves`) whose writer is the store's `put`; every autosaving editor goes through it.

Use from a screen (the story editor can use it the same way)::

    self.reflect.saves.submit(record.id, record)          # fire and forget, e.g. from a timer
    stored = await self.reflect.save_latest(record)       # wait: saved (or a newer one was), or None

A pending write survives the screen that submitted it: the writer thread is not a daemon, so the
process finishes the write before it exits. `idle(key)` says whether nothing is pending for a key.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass
class _Slot:
    """A key's newest unwritten value, who waits for it, and whether its writer thread runs."""

    value: Any = None
    waiting: list[tuple[Future, bool]] = field(default_factory=list)
    pending: bool = False
    running: bool = False


class SaveQueue(Generic[T]):
    """Serialised, coalescing writes per key, each run by `write` on a worker thread."""

    def __init__(self, write: Callable[[T], Any], on_error: Callable[[BaseException], None] | None = None) -> None:
        """`write` stores one value (blocking); `on_error` hears of a failed write nobody awaits."""
        self._write = write
        self._on_error = on_error
        self._lock = threading.Lock()
        self._slots: dict[str, _Slot] = {}
        self._idle = threading.Condition(self._lock)

    def submit(self, key: str, value: T, *, awaited: bool = False) -> Future:
        """Queue `value` as the newest state of `key`; the future resolves once it (or a newer one) is written.

        The future's result is what `write` returned for the write that covered this value; its
        exception is that write's error. When no caller of the covering write passed `awaited=True`,
        the error also goes to `on_error` (a fire-and-forget autosave must still tell the user).
        """
        done: Future = Future()
        with self._lock:
            slot = self._slots.setdefault(key, _Slot())
            slot.value, slot.pending = value, True
            slot.waiting.append((done, awaited))
            if not slot.running:
                slot.running = True
                threading.Thread(target=self._drain, args=(key,), name=f"save-{key[:8]}", daemon=False).start()
        return done

    async def save(self, key: str, value: T) -> Any:
        """Submit and wait (without blocking the event loop) until it is written; raises the write's error."""
        return await asyncio.wrap_future(self.submit(key, value, awaited=True))

    def idle(self, key: str | None = None) -> bool:
        """True when nothing is waiting or being written (for `key`, or for any key)."""
        with self._lock:
            slots = [self._slots.get(key)] if key is not None else list(self._slots.values())
            return all(s is None or not s.running for s in slots)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until every queued write is done (for shutdown and the CLI); False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: not any(s.running for s in self._slots.values()), timeout)

    def _drain(self, key: str) -> None:
        """Write the newest value of `key` until none is pending (the body of a writer thread)."""
        while True:
            with self._lock:
                slot = self._slots[key]
                if not slot.pending:
                    slot.running = False
                    del self._slots[key]
                    self._idle.notify_all()
                    return
                value, waiting = slot.value, slot.waiting
                slot.value, slot.waiting, slot.pending = None, [], False
            try:
                result = self._write(value)
            except Exception as exc:  # noqa: BLE001 - handed to whoever waits, never lost silently
                for f, _ in waiting:
                    f.set_exception(exc)
                if self._on_error is not None and not any(awaited for _, awaited in waiting):
                    self._on_error(exc)
            else:
                for f, _ in waiting:
                    f.set_result(result)
