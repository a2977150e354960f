"""Clocks: the real one, and a protocol that tests satisfy with a fake.

Every timestamp the app stores is an aware datetime with the local UTC offset of the moment it
happened; it is never converted to UTC, so the hour of day stays the hour the user lived.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from typing import Protocol


class Clock(Protocol):
    """What the app asks of a clock."""

    def now(self) -> datetime:
        """The current local time, aware, with the local UTC offset."""

    def monotonic(self) -> float:
        """Seconds on a clock that never steps (stops while the machine sleeps)."""

    def boottime(self) -> float:
        """Seconds on a clock that never steps and keeps counting through sleep."""


def _boottime() -> float:
    clock_id = getattr(time, "CLOCK_BOOTTIME", None)
    if clock_id is None:  # pragma: no cover - not Linux
        return time.time()
    return time.clock_gettime(clock_id)


class SystemClock:
    """The machine's clock."""

    def now(self) -> datetime:
        """Local time with its offset."""
        return datetime.now().astimezone()

    def monotonic(self) -> float:
        """`time.monotonic()`."""
        return time.monotonic()

    def boottime(self) -> float:
        """CLOCK_BOOTTIME on Linux, wall time elsewhere."""
        return _boottime()


class FakeClock:
    """A clock that moves only when told: for tests and the demo.

    `advance` moves all three clocks; `sleep` moves the wall and boot clocks but not the monotonic
    one, as a suspended machine does.
    """

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 3, 14, 9, 0, tzinfo=timezone(timedelta(hours=-7)))
        if self._now.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self._mono = 1000.0
        self._boot = 1000.0

    def now(self) -> datetime:
        """The fake current time."""
        return self._now

    def monotonic(self) -> float:
        """The fake monotonic clock."""
        return self._mono

    def boottime(self) -> float:
        """The fake boot clock."""
        return self._boot

    def advance(self, seconds: float) -> None:
        """Let `seconds` pass with the machine awake."""
        self._now += timedelta(seconds=seconds)
        self._mono += seconds
        self._boot += seconds

    def sleep(self, seconds: float) -> None:
        """Let `seconds` pass with the machine suspended."""
        self._now += timedelta(seconds=seconds)
        self._boot += seconds

    def set(self, when: datetime) -> None:
        """Jump the wall clock (as NTP or the user might) without moving the others."""
        self._now = when


def local_now() -> datetime:
    """The current local time with its UTC offset."""
    return datetime.now().astimezone()
