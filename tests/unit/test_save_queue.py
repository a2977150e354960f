"""The ordered save queue: per key, one write at a time, the newest value last, errors handed back."""

from __future__ import annotations

import asyncio
import random
import threading
import time

import pytest

from reflect.core.errors import DiskFull
from reflect.services.save_queue import SaveQueue


def test_the_last_value_submitted_is_the_last_written_per_key() -> None:
    rng = random.Random(3)
    written: dict[str, list[str]] = {"a": [], "b": []}
    busy: dict[str, int] = {"a": 0, "b": 0}
    overlap = []
    guard = threading.Lock()

    def write(value: tuple[str, str]) -> str:
        key, text = value
        with guard:
            busy[key] += 1
            overlap.append(busy[key])
        time.sleep(rng.uniform(0.0005, 0.005))
        with guard:
            written[key].append(text)
            busy[key] -= 1
        return text

    queue: SaveQueue[tuple[str, str]] = SaveQueue(write)
    text = "Call the accountant about VAT"
    futures = [queue.submit(key, (key, text[:n])) for n in range(1, len(text) + 1) for key in ("a", "b")]
    assert queue.wait_idle(timeout=30)
    for key in ("a", "b"):
        assert written[key][-1] == text
        assert written[key] == sorted(written[key], key=len)  # never an older one after a newer one
    assert max(overlap) == 1  # one write at a time per key
    assert all(f.result() for f in futures)  # every submission resolved by its own or a newer write
    assert queue.idle()


def test_a_failed_write_reaches_the_waiter_or_the_error_hook() -> None:
    seen: list[BaseException] = []

    def write(value: str) -> str:
        raise DiskFull("The disk is full; nothing already saved was lost.")

    queue: SaveQueue[str] = SaveQueue(write, seen.append)
    queue.submit("k", "text")
    assert queue.wait_idle(timeout=30)
    assert [type(e) for e in seen] == [DiskFull]

    async def awaited() -> None:
        with pytest.raises(DiskFull):
            await queue.save("k", "more")

    asyncio.run(awaited())
    assert len(seen) == 1  # the awaiting caller was told, not the hook
