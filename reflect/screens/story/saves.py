"""One ordered writer for the story editor: the last text on screen is the text on disk.

Autosaves are requested on every pause in typing and whenever the editor loses the screen; each
request only marks that a write is wanted. One task writes at a time, and each write takes the
newest texts at the moment it starts, so a write that started earlier can never land after a later
one, and a burst of requests during a slow write becomes one more write of the latest text.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any


class LatestWriter:
    """Coalesces write requests into ordered writes of the latest state (one at a time).

    `spawn` starts the writing coroutine (the screen passes its `run_worker`, so the write is a
    worker like every other blocking job and is waited for with the screen's workers).
    """

    def __init__(self, write: Callable[[], Awaitable[None]], spawn: Callable[[Coroutine[Any, Any, None]], Any]) -> None:
        self._write = write
        self._spawn = spawn
        self._wanted = False
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def busy(self) -> bool:
        """True while a write is running or wanted."""
        return self._wanted or not self._idle.is_set()

    def request(self) -> None:
        """Ask for a write of the latest state (returns at once)."""
        self._wanted = True
        if self._idle.is_set():
            self._idle.clear()
            self._spawn(self._drain())

    async def _drain(self) -> None:
        try:
            while self._wanted:
                self._wanted = False
                await self._write()
        finally:
            self._idle.set()

    async def flush(self) -> None:
        """Write the latest state now (after any write in flight) and wait until it is on disk."""
        self.request()
        await self._idle.wait()
