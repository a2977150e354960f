"""Clocks: the real one, and a protocol that tests satisfy with a fake.

Every timestamp the app stores is an aware datetime with the local UTC offset of the moment it
happened; it is never converted to UTC, so the hour of day stays the hour the user lived.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone, tzinfo
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

    zone: tzinfo | None = None
    """The zone wall times typed by the user are in: None, the machine's own (see `local_moment`)."""

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
        self.zone: tzinfo | None = self._now.tzinfo
        """The zone typed wall times are read in (the start's; tests may set a ZoneInfo)."""

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


_EPOCH = datetime(1970, 1, 1)

YEARS = (1900, 2999)
"""The years a typed time may fall in: `reflect log --at` and the check-in dialog refuse others alike."""


def year_problem(moment: datetime) -> str | None:
    """Why `moment`'s year is refused (outside YEARS), or None when it is fine."""
    if YEARS[0] <= moment.year <= YEARS[1]:
        return None
    return f"the year must be from {YEARS[0]} to {YEARS[1]}, not {moment.year}"
_DAY = 86400


def _offset_at(ts: float, zone: tzinfo | None) -> timedelta:
    """The UTC offset `zone` (None: the machine's zone) has at instant `ts`."""
    moment = datetime.fromtimestamp(ts, timezone.utc)
    offset = (moment.astimezone() if zone is None else moment.astimezone(zone)).utcoffset()
    assert offset is not None
    return offset


def _whole_minutes(offset: timedelta) -> timedelta:
    return timedelta(minutes=round(offset.total_seconds() / 60))


def local_moment(naive: datetime, zone: tzinfo | None = None) -> datetime:
    """A wall-clock time in `zone` (None: the machine's zone) as the aware moment that is stored.

    The one rule for every path that turns a typed or imported local time into a timestamp:
    - a time the clocks skipped (02:30 on a spring-forward night) is the moment it would have been
      on the old offset, shown on the new one: 02:30 becomes 03:30 at the summer offset;
    - a time the clocks repeated (02:30 on a fall-back night) is the first of the two;
    - an offset that is not a whole number of minutes (local mean time, Monrovia before 1972) is
      rounded to the nearest minute, keeping the written time: readers refuse other offsets.
    Raises ValueError for a time outside what the platform can place (years far from today).
    """
    if naive.tzinfo is not None:
        naive = naive.replace(tzinfo=None)
    try:
        wall = (naive - _EPOCH).total_seconds()
        before = _offset_at(wall - _DAY, zone)
        candidates = sorted({before, _offset_at(wall, zone), _offset_at(wall + _DAY, zone)}, reverse=True)
        fits = [o for o in candidates if _offset_at(wall - o.total_seconds(), zone) == o]
        offset = fits[0] if fits else before  # the largest offset is the earliest moment
        moment = datetime.fromtimestamp(wall - offset.total_seconds(), timezone.utc)
        shown = _offset_at(moment.timestamp(), zone)
    except (OverflowError, OSError, ValueError):
        raise ValueError(f"{naive.isoformat()} is out of the range of times this machine can place") from None
    result = (moment + shown).replace(tzinfo=None)
    return result.replace(tzinfo=timezone(_whole_minutes(shown)))
