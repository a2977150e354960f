"""The focus timer: time derived from persisted timestamps, never from counted ticks.

A block (a `FocusBlock` record) stores its start, its pause intervals and its planned length.
Elapsed and remaining time are computed from those and the injected clock at every tick, so a
block survives a killed app, a slow event loop or a suspended machine. Transitions return a new
record, which the caller persists (the CLI and the TUI share the one open block through the store).

A block whose end passed while no app was watching (the app was closed, or the machine slept: a
jump between the boot clock and the monotonic clock) is not guessed at: `Tick.state` says "away"
and the user picks how the away time counts with `reconcile` (focus, break or discard).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from reflect.core.clock import Clock
from reflect.core.errors import BadInput
from reflect.core.journal_day import journal_day
from reflect.core.models import FocusBlock, Interruption, Pause, Settings

EXTEND_SECONDS = 300.0
"""How much `extend` adds (5 minutes)."""
EXPIRE_AFTER = 3600.0
"""A block left this long past its end (or paused this long) is expired."""
SLEEP_GAP = 5.0
"""A jump of the boot clock over the monotonic one larger than this means the machine slept."""
LATE_GRACE = 60.0
"""An end noticed this late without a sleep (a stopped process) is treated as time away too."""
MAX_SECONDS = 24 * 3600.0
"""The longest block."""

State = Literal["running", "paused", "due", "expired", "ended"]
Choice = Literal["focus", "break", "discard"]
FINISHED = frozenset({"done", "partial", "derailed"})
"""Outcomes of a finished focus block, however it went. An abandoned block is stopped, not finished
(its minutes still count as focus up to where it stopped, as in the insights); a discarded one
does not count at all."""


def parse_minutes(value: Any, field: str = "minutes") -> float:
    """Minutes as a float above 0 and at most 24 h, else BadInput naming the field."""
    try:
        minutes = float(value)
    except (TypeError, ValueError):
        raise BadInput(f"{field} must be a number of minutes above 0 and at most 1440, not {value!r}") from None
    if not 0 < minutes <= MAX_SECONDS / 60 or minutes != minutes:
        raise BadInput(f"{field} must be above 0 and at most 1440 (24 hours), not {value}")
    return minutes


# --- derived time ------------------------------------------------------------------------------


def _secs(a: datetime, b: datetime) -> float:
    return (b - a).total_seconds()


def is_paused(block: FocusBlock) -> bool:
    """True when the last pause is still open."""
    return bool(block.pauses) and block.pauses[-1].end is None


def paused_seconds(block: FocusBlock, now: datetime) -> float:
    """Seconds spent paused up to `now` (an open pause counts up to now)."""
    total = 0.0
    for p in block.pauses:
        end = p.end or now
        total += max(0.0, _secs(p.start, min(end, now)) if end > p.start else 0.0)
    return total


def elapsed(block: FocusBlock, now: datetime) -> float:
    """Seconds of the block's clock that have run (pauses excluded), up to its end if ended."""
    end = block.ended_at or now
    return max(0.0, _secs(block.started_at, end) - paused_seconds(block, end))


def remaining(block: FocusBlock, now: datetime) -> float:
    """Seconds left on the block's clock (0 once it is over)."""
    return max(0.0, block.planned_seconds - elapsed(block, now))


def planned_end(block: FocusBlock, now: datetime) -> datetime:
    """When the block ends if nothing changes (an open pause pushes it on as it lasts)."""
    return block.started_at + timedelta(seconds=block.planned_seconds + paused_seconds(block, now))


def state(block: FocusBlock, now: datetime) -> State:
    """running, paused, due (the end passed but is not recorded), expired (left > 1 h) or ended."""
    if block.ended_at is not None:
        return "ended"
    if is_paused(block):
        return "expired" if _secs(block.pauses[-1].start, now) > EXPIRE_AFTER else "paused"
    if remaining(block, now) > 0:
        return "running"
    return "expired" if _secs(planned_end(block, now), now) > EXPIRE_AFTER else "due"


def focus_seconds(block: FocusBlock) -> float:
    """Seconds of focus an ended focus block counts (0 for breaks, discarded or open blocks)."""
    if block.block_type != "focus" or block.ended_at is None or block.outcome == "discarded":
        return 0.0
    return elapsed(block, block.ended_at)


# --- transitions (each returns a new record; the caller persists it) -------------------------


def _update(block: FocusBlock, now: datetime, **changes: Any) -> FocusBlock:
    changes.setdefault("seen_at", now)
    return block.model_copy(update=changes, deep=True)


def start_block(
    clock: Clock,
    planned_seconds: float,
    intention: str = "",
    *,
    block_type: Literal["focus", "break"] = "focus",
    energy_before: int | None = None,
) -> FocusBlock:
    """A new running block starting now (validated: length above 0 and at most 24 h)."""
    now = clock.now()
    return FocusBlock(
        block_type=block_type,
        intention=intention,
        planned_seconds=planned_seconds,
        started_at=now,
        energy_before=energy_before,
        seen_at=now,
    )


def pause(block: FocusBlock, now: datetime) -> FocusBlock:
    """Stop the clock (no change if already paused or ended)."""
    if block.ended_at is not None or is_paused(block):
        return block
    return _update(block, now, pauses=[*block.pauses, Pause(start=now)])


def resume(block: FocusBlock, now: datetime) -> FocusBlock:
    """Restart the clock after a pause."""
    if block.ended_at is not None or not is_paused(block):
        return block
    pauses = [p.model_copy() for p in block.pauses]
    pauses[-1] = Pause(start=pauses[-1].start, end=now)
    return _update(block, now, pauses=pauses)


def extend(block: FocusBlock, now: datetime, seconds: float = EXTEND_SECONDS) -> FocusBlock:
    """Add time to the block (at most up to 24 h in all)."""
    if block.ended_at is not None:
        return block
    return _update(block, now, planned_seconds=min(MAX_SECONDS, block.planned_seconds + seconds))


def interrupt(block: FocusBlock, now: datetime, source: Literal["internal", "external"], reason: str = "") -> FocusBlock:
    """Log an interruption without stopping the clock."""
    entry = Interruption(at=now, source=source, reason=reason)
    return _update(block, now, interruptions=[*block.interruptions, entry])


def _close(block: FocusBlock, at: datetime) -> list[Pause]:
    pauses = [p.model_copy() for p in block.pauses]
    if pauses and pauses[-1].end is None:
        pauses[-1] = Pause(start=pauses[-1].start, end=max(at, pauses[-1].start))
    return pauses


def finish(block: FocusBlock, now: datetime, outcome: str = "done") -> FocusBlock:
    """End the block now (early) or at its planned end if that already passed."""
    if block.ended_at is not None:
        return block
    at = min(now, planned_end(block, now))
    return _update(block, now, ended_at=at, pauses=_close(block, at), outcome=outcome)


def abandon(block: FocusBlock, now: datetime, reason: str = "") -> FocusBlock:
    """End the block as abandoned, with the user's reason."""
    return finish(block, now, "abandoned").model_copy(update={"abandon_reason": reason})


def debrief(
    block: FocusBlock,
    *,
    outcome: str | None = None,
    quality: int | None = None,
    energy_after: int | None = None,
    note: str = "",
) -> FocusBlock:
    """Record the short debrief after a block (validated through the model)."""
    data = block.to_doc()
    data.update(
        outcome=outcome or block.outcome,
        focus_quality=quality,
        energy_after=energy_after,
        note=note,
    )
    return FocusBlock.model_validate(data)


def away_start(block: FocusBlock, now: datetime) -> datetime:
    """The last moment the block is known to have been watched (for a block found unseen)."""
    if is_paused(block):
        return block.pauses[-1].start
    known = [block.started_at, *(p.end for p in block.pauses if p.end), *(i.at for i in block.interruptions)]
    if block.seen_at:
        known.append(block.seen_at)
    return min(max(known), planned_end(block, now), now)


def reconcile(block: FocusBlock, choice: Choice, now: datetime, since: datetime | None = None) -> FocusBlock:
    """End a block whose end passed unseen, counting the time away as the user chose.

    focus: the block ran to its planned end (the away part is kept in `away_seconds`);
    break: it stopped when the user left (outcome partial); discard: it does not count.
    `since` is when the user left (default: the last moment an app saw the block).
    """
    if block.ended_at is not None:
        return block
    left = since or away_start(block, now)
    if is_paused(block):  # a pause left open: the user left when it began
        left = min(left, block.pauses[-1].start)
        block = block.model_copy(update={"pauses": block.pauses[:-1]})
    end = planned_end(block, now)
    left = max(block.started_at, min(left, end))
    if choice == "focus":
        return _update(block, now, ended_at=end, outcome="done", away_choice="focus", away_seconds=_secs(left, end))
    if choice == "break":
        return _update(block, now, ended_at=left, outcome="partial", away_choice="break")
    if choice == "discard":
        return _update(block, now, ended_at=left, outcome="discarded", away_choice="discard")
    raise BadInput(f"choice must be focus, break or discard, not {choice!r}")


# --- the live watcher ------------------------------------------------------------------------


@dataclass(frozen=True)
class Tick:
    """What a watcher saw at one tick."""

    state: Literal["idle", "running", "paused", "ended", "away", "expired"]
    """ended: the end came while watched; away: it passed unseen (ask the user)."""
    elapsed: float = 0.0
    remaining: float = 0.0
    progress: float = 0.0
    """0..1 of the planned length."""
    planned_end: datetime | None = None
    away_since: datetime | None = None
    """When the user (or the machine) left, for away/expired blocks."""
    slept: float = 0.0
    """Seconds the machine slept since the previous tick."""


@dataclass(frozen=True)
class Snapshot:
    """What a running block's watchers are told at each tick or change."""

    block: FocusBlock | None
    tick: Tick


class FocusTimer:
    """Watches one block on a clock: derives time at every tick, detects its end and sleep gaps.

    Holds no time of its own except what it last saw, to notice a gap (sleep, a stopped process).
    """

    def __init__(self, clock: Clock, block: FocusBlock | None = None) -> None:
        self.clock = clock
        """Where time comes from."""
        self.block = block
        """The block watched (None: idle)."""
        self._offset = clock.boottime() - clock.monotonic()
        self._last = clock.now()

    def watch(self, block: FocusBlock | None) -> None:
        """Watch another (or the updated) block."""
        self.block = block

    def tick(self) -> Tick:
        """Derive the block's time now; say whether it ended here, or passed its end unseen."""
        now = self.clock.now()
        offset = self.clock.boottime() - self.clock.monotonic()
        slept = offset - self._offset if offset - self._offset > SLEEP_GAP else 0.0
        self._offset = offset
        last, self._last = self._last, now
        block = self.block
        if block is None or block.ended_at is not None:
            return Tick("idle", slept=slept)
        el = elapsed(block, now)
        left = max(0.0, block.planned_seconds - el)
        progress = min(1.0, el / block.planned_seconds)
        end = planned_end(block, now)
        st = state(block, now)
        common: dict[str, Any] = dict(elapsed=min(el, block.planned_seconds), remaining=left, progress=progress, planned_end=end, slept=slept)
        if st in ("running", "paused"):
            return Tick(st, **common)
        gap_from = now - timedelta(seconds=slept) if slept else last
        unseen = slept > 0 or _secs(end, now) > LATE_GRACE or st == "expired"
        if unseen:
            since = min(away_start(block, now), gap_from) if st == "expired" else gap_from
            return Tick("expired" if st == "expired" else "away", away_since=since, **common)
        return Tick("ended", **common)

    def found(self) -> Tick:
        """Classify a block found on start-up: running/paused carry on; a passed end is 'away'."""
        block = self.block
        now = self.clock.now()
        if block is None or block.ended_at is not None:
            return Tick("idle")
        st = state(block, now)
        tick = self.tick()
        if st in ("due", "expired"):
            return Tick("expired" if st == "expired" else "away", tick.elapsed, tick.remaining, tick.progress,
                        tick.planned_end, away_start(block, now))
        return tick


# --- store helpers (duck-typed store, so core stays free of the store layer) -----------------


def find_open(store: Any, today: date) -> FocusBlock | None:
    """The newest block with no end (running, paused or waiting to be reconciled), if any.

    A block that already has an outcome (an imported or hand-made record without `ended_at`) is
    finished, not open: the app must not ask about it.
    """
    blocks = store.list(FocusBlock, since=today - timedelta(days=62))
    open_blocks = [b for b in blocks if b.ended_at is None and b.outcome is None]
    return open_blocks[-1] if open_blocks else None


def minutes_between(blocks: list[FocusBlock], first: date, last: date, day_start: time = time(0)) -> float:
    """Focus minutes of blocks started on journal days `first` to `last` (inclusive; see `journal_day`)."""
    return sum(focus_seconds(b) for b in blocks if first <= journal_day(b.started_at, day_start) <= last) / 60


def finished_between(blocks: list[FocusBlock], first: date, last: date, day_start: time = time(0)) -> int:
    """Focus blocks finished (see `FINISHED`) of those started on journal days `first` to `last`."""
    return sum(1 for b in blocks if b.block_type == "focus" and b.ended_at is not None and b.outcome in FINISHED
               and first <= journal_day(b.started_at, day_start) <= last)


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def next_break(blocks_today: list[FocusBlock], settings: Settings) -> tuple[float, bool]:
    """(seconds, is_long) of the break due after the focus blocks finished so far today.

    A long break comes after every `long_break_every` finished focus blocks since the last long one.
    """
    streak = 0
    for b in blocks_today:
        if b.ended_at is None or b.outcome in ("discarded", "abandoned"):
            continue
        if b.block_type == "break":
            if b.planned_seconds >= settings.long_break_minutes * 60:
                streak = 0
        else:
            streak += 1
    is_long = streak > 0 and streak % settings.long_break_every == 0
    minutes = settings.long_break_minutes if is_long else settings.break_minutes
    return minutes * 60, is_long


def describe_seconds(seconds: float) -> str:
    """A duration as `25:00` or `1:05:00`."""
    s = max(0, int(round(seconds)))
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m:02d}:{sec:02d}"


def hours_minutes(minutes: float) -> str:
    """A span of focus as every screen shows it: `45 min`, `4 h 50 min`."""
    h, m = divmod(int(round(minutes)), 60)
    return f"{h} h {m} min" if h else f"{m} min"


def describe_ago(seconds: float) -> str:
    """`3 min ago`, `2 h 5 min ago`."""
    mins = int(seconds // 60)
    if mins < 1:
        return f"{int(seconds)} s ago"
    h, m = divmod(mins, 60)
    return f"{h} h {m} min ago" if h else f"{m} min ago"
