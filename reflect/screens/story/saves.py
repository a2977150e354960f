"""One ordered writer for the story editor: the last text on screen is the text on disk.

Autosaves are requested on every pause in typing and whenever the editor loses the screen; each
request only marks that a write is wanted. One task writes at a time, and each write takes the
newest texts at the moment it starts, so a write that started earlier can never land after a later
one, and a burst of requests during a slow write becomes one more write of the latest text.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable


class LatestWriter:
    """Coalesces write requests into ordered writes of the latest state (one at a time)."""

    def __init__(self, write: Callable[[], Awaitable[None]]) -> None:
        self._write = write
        self._wanted = False
        self._task: asyncio.Task[None] | None = None

    @property
    def busy(self) -> bool:
        """True while a write is running or wanted."""
        return self._wanted or (self._task is not None and not self._task.done())

    def request(self) -> None:
        """Ask for a write of the latest state (returns at once)."""
        self._wanted = True
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._drain())

    async def _drain(self) -> None:
        while self._wanted:
            self._wanted = False
            await self._write()

    async def flush(self) -> None:
        """Write the latest state now (after any write in flight) and wait until it is on disk."""
        self.request()
        while self._task is not None and not self._task.done():
            await asyncio.shield(self._task)
