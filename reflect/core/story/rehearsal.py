"""Rehearsal of a pitch: a run's state machine, cue cards, levels and spaced practice.

The run reads time only from the injected clock (elapsed = monotonic now - monotonic at start), so
nothing counts ticks and a fake clock drives it in tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal

from reflect import content
from reflect.core.clock import Clock
from reflect.core.models import Rehearsal
from reflect.core.story.pitch import DEFAULT_WPM, sections, sentences, word_count, words

Mode = Literal["read", "teleprompter", "cards"]
"""How the script is shown during a run."""

MAX_LEVEL = 4
"""Cue-card levels: 0 full text, 1 some words blanked, 2 first letters, 3 keywords, 4 section labels."""

LEVEL_NAMES = ["Full text", "Some words blanked", "First letters", "Keywords", "Section labels"]
"""What each cue-card level shows."""

PRACTICE_DAYS = (1, 2, 4, 7)
"""Practise again after 1, 2, 4 and then every 7 days."""

CLEAN_RUNS_TO_LEVEL_UP = 2
"""Clean runs (no hints, no stumbles) at a level before the next one is suggested."""

MAX_SPOKEN_WPM = 300
"""Faster than anyone speaks a pitch: a split that would mean more was not all said, so it gets no pace."""


class RunError(Exception):
    """An action that is not allowed in the run's current state."""


@dataclass
class Run:
    """One rehearsal run: ready -> running -> stopped.

    Laps mark section boundaries; the teleprompter line is derived from elapsed time at the planned
    pace (auto) or from key presses (manual).
    """

    text: str
    clock: Clock
    wpm: float = DEFAULT_WPM
    target_seconds: float | None = None
    mode: Mode = "read"
    level: int = 0
    auto_advance: bool = True
    state: Literal["ready", "running", "stopped"] = "ready"
    started_at: datetime | None = None
    laps: list[float] = field(default_factory=list)
    hints: int = 0
    stumbles: int = 0
    revealed: bool = False
    manual_line: int = 0
    finished: bool = False
    """True when the run was stopped as done (space), False when it was broken off (Escape)."""
    _start_mono: float = 0.0
    _stop_mono: float = 0.0

    def __post_init__(self) -> None:
        if not 0 <= self.level <= MAX_LEVEL:
            raise ValueError(f"level must be 0 to {MAX_LEVEL}")
        self.sections = sections(self.text)
        """The script's paragraphs."""
        self.lines = [s for sec in self.sections for s in sentences(sec)]
        """The script's sentences (teleprompter lines)."""
        self.words = word_count(self.text)
        """Words in the script."""

    def start(self) -> None:
        """Start the clock."""
        if self.state != "ready":
            raise RunError("the run has already started")
        self.state = "running"
        self.started_at = self.clock.now()
        self._start_mono = self.clock.monotonic()

    def stop(self, finished: bool = True) -> None:
        """Stop the clock; the last split is closed.

        `finished`: the speaker reached the end, so the last split covers every section not yet
        lapped. A run broken off (False) gets no words for its last split.
        """
        if self.state != "running":
            raise RunError("the run is not running")
        self._stop_mono = self.clock.monotonic()
        self.state = "stopped"
        self.finished = finished
        if len(self.laps) < len(self.sections) and (not self.laps or self.laps[-1] < self.elapsed()):
            self.laps.append(round(self.elapsed(), 2))

    def elapsed(self) -> float:
        """Seconds since start (frozen once stopped)."""
        if self.state == "ready":
            return 0.0
        end = self._stop_mono if self.state == "stopped" else self.clock.monotonic()
        return max(0.0, end - self._start_mono)

    def _running(self) -> None:
        if self.state != "running":
            raise RunError("start the run first")

    def lap(self) -> float:
        """Mark the end of a section; returns its split time. The last section ends with stop."""
        self._running()
        if len(self.laps) >= len(self.sections) - 1:
            raise RunError("this is the last section: press space to stop at its end")
        now = round(self.elapsed(), 2)
        self.laps.append(now)
        self.revealed = False
        return self.splits()[-1]

    def splits(self) -> list[float]:
        """Time spent in each lapped section."""
        return [round(b - a, 2) for a, b in zip([0.0, *self.laps], self.laps)]

    def stumble(self) -> None:
        """Count a stumble."""
        self._running()
        self.stumbles += 1

    def reveal(self) -> None:
        """Show the hidden words until the next line or section; counts a hint."""
        self._running()
        if not self.revealed:
            self.hints += 1
        self.revealed = True

    def next_line(self) -> None:
        """Teleprompter, manual: move to the next sentence (switches auto-advance off)."""
        self._running()
        if self.auto_advance:
            self.manual_line = self.current_line()
        self.auto_advance = False
        self.manual_line = min(self.manual_line + 1, max(len(self.lines) - 1, 0))
        self.revealed = False

    def current_line(self) -> int:
        """The teleprompter's line: the one being said at the planned pace, or the manual one."""
        if not self.lines:
            return 0
        if not self.auto_advance:
            return self.manual_line
        said = self.elapsed() * self.wpm / 60
        total = 0
        for i, line in enumerate(self.lines):
            total += word_count(line)
            if said < total:
                return i
        return len(self.lines) - 1

    def _pieces(self) -> list[tuple[str, float, int | None]]:
        """(label, split seconds, words said in it or None when unknown) for each split.

        Each lap closes one section. The last split of a finished run covers every section left;
        of a run broken off, or one whose pace would pass MAX_SPOKEN_WPM, its words are unknown.
        """
        out: list[tuple[str, float, int | None]] = []
        splits = self.splits()
        for i, split in enumerate(splits):
            last = self.state == "stopped" and i == len(splits) - 1
            covered = self.sections[i:] if last else self.sections[i : i + 1]
            label = section_label(covered[0]) + (" to the end" if len(covered) > 1 else "")
            n: int | None = sum(word_count(s) for s in covered)
            if (last and not self.finished) or split <= 0 or (n or 0) * 60 / split > MAX_SPOKEN_WPM:
                n = None
            out.append((label, split, n))
        return out

    def section_paces(self) -> list[tuple[str, float, float | None]]:
        """(section label, split seconds, words per minute or None) for each lapped section."""
        return [(label, split, round(n * 60 / split, 1) if n else None) for label, split, n in self._pieces()]

    def current_section(self) -> int:
        """The section being spoken (by laps taken)."""
        return min(len(self.laps), max(len(self.sections) - 1, 0))

    def achieved_wpm(self) -> float | None:
        """Words per minute over the splits whose words are known (None when there are none)."""
        known = [(split, n) for _, split, n in self._pieces() if n]
        seconds = sum(split for split, _ in known)
        return round(sum(n for _, n in known) * 60 / seconds, 1) if seconds > 0 else None

    def pace_verdict(self) -> str:
        """Achieved pace against the plan, in words."""
        got = self.achieved_wpm()
        if got is None:
            return "stopped before the end: no pace" if self.elapsed() > 0 else "no time recorded"
        if got < 120:
            feel = "slow: under the 120-160 band"
        elif got > 160:
            feel = "fast: over the 120-160 band"
        else:
            feel = "inside the 120-160 band"
        timing = ""
        if self.target_seconds:
            diff = self.elapsed() - self.target_seconds
            timing = f"; {abs(diff):.0f} s {'over' if diff > 0 else 'under'} the {self.target_seconds:g} s target"
        return f"{got:g} wpm against {self.wpm:g} planned ({feel}){timing}"

    def is_clean(self) -> bool:
        """No hints and no stumbles."""
        return self.hints == 0 and self.stumbles == 0

    def record(self, *, story_id: str | None, variant_id: str | None, version: int, ratings: dict[str, int | None], note: str = "") -> Rehearsal:
        """The stored record of a stopped run."""
        if self.state != "stopped" or self.started_at is None:
            raise RunError("stop the run first")
        return Rehearsal(
            story_id=story_id,
            variant_id=variant_id,
            version=version,
            mode=self.mode,
            started_at=self.started_at,
            duration_seconds=round(self.elapsed(), 2),
            target_seconds=self.target_seconds,
            wpm=self.achieved_wpm(),
            level=self.level,
            hints=self.hints,
            stumbles=self.stumbles,
            laps=list(self.laps),
            clarity=ratings.get("clarity"),
            confidence=ratings.get("confidence"),
            naturalness=ratings.get("naturalness"),
            note=note,
        )


# --- cue cards ---------------------------------------------------------------------------------

_TOKEN = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:['\u2019\-][A-Za-z0-9\u00C0-\u024F]+)*")


def _stop() -> set[str]:
    return set(content.load("pitch_words")["stopwords"])


def section_label(section: str, n: int = 3) -> str:
    """A section's cue label: its first few words."""
    first = words(section)[:n]
    return " ".join(first) + ("..." if word_count(section) > n else "")


def is_keyword(word: str, stop: set[str]) -> bool:
    """Kept at level 3: numbers, names and longer content words."""
    return any(c.isdigit() for c in word) or (word.lower() not in stop and (len(word) >= 6 or word[:1].isupper()))


def cue_text(text: str, level: int) -> list[tuple[str, str]]:
    """The script at a cue-card level, as (section label, text) pairs."""
    if not 0 <= level <= MAX_LEVEL:
        raise ValueError(f"level must be 0 to {MAX_LEVEL}")
    stop = _stop()
    out: list[tuple[str, str]] = []
    for sec in sections(text):
        label = section_label(sec)
        if level == 0:
            body = sec
        elif level == 1:
            count = iter(range(10**9))
            body = _TOKEN.sub(lambda m: "_" * len(m.group()) if next(count) % 3 == 2 else m.group(), sec)  # noqa: B023 - called at once
        elif level == 2:
            body = _TOKEN.sub(lambda m: m.group()[0] + "\u00b7" * (len(m.group()) - 1), sec)
        elif level == 3:
            body = " ".join(w for w in words(sec) if is_keyword(w, stop)) or label
        else:
            body = ""
        out.append((label, body))
    return out


def suggest_level(runs: list[Rehearsal], level: int) -> int:
    """The level to practise next: one up after two clean card runs in a row at `level`."""
    at_level = [r for r in runs if r.mode == "cards" and r.level == level and not r.deleted]
    last = sorted(at_level, key=lambda r: r.started_at)[-CLEAN_RUNS_TO_LEVEL_UP:]
    if len(last) == CLEAN_RUNS_TO_LEVEL_UP and all(r.hints == 0 and r.stumbles == 0 for r in last):
        return min(level + 1, MAX_LEVEL)
    return level


def current_level(runs: list[Rehearsal]) -> int:
    """The cue-card level to start at: the last card run's level, raised when it was earned."""
    cards = sorted((r for r in runs if r.mode == "cards" and not r.deleted), key=lambda r: r.started_at)
    if not cards:
        return 0
    return suggest_level(cards, cards[-1].level)


# --- spaced practice ---------------------------------------------------------------------------


def next_practice(days: list[date]) -> date | None:
    """When to practise next, from the days practised: 1, 2, 4, then 7 days after the last one."""
    distinct = sorted(set(days))
    if not distinct:
        return None
    gap = PRACTICE_DAYS[min(len(distinct), len(PRACTICE_DAYS)) - 1]
    return distinct[-1] + timedelta(days=gap)


def practice_days(runs: list[Rehearsal]) -> dict[str, list[date]]:
    """Variant id -> the days of its live runs."""
    by_variant: dict[str, list[date]] = {}
    for r in runs:
        if r.variant_id and not r.deleted:
            by_variant.setdefault(r.variant_id, []).append(r.started_at.date())
    return by_variant


def due_reminders(runs: list[Rehearsal], today: date) -> list[tuple[str, date]]:
    """(variant id, due day) for every variant whose next practice day is today or past."""
    return due_from_days(practice_days(runs), today)


def due_from_days(by_variant: dict[str, list[date]], today: date) -> list[tuple[str, date]]:
    """`due_reminders` from the days each variant was practised (`practice_days`)."""
    out = []
    for vid, days in by_variant.items():
        due = next_practice(days)
        if due is not None and due <= today:
            out.append((vid, due))
    return sorted(out, key=lambda x: x[1])
