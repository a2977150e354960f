"""The sample journal's vocabulary, rhythms and helpers (see `reflect.core.sample.journal`)."""

from __future__ import annotations

import math
import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from reflect import content
from reflect.core.models import Record

STANDARD = timezone(timedelta(hours=-8))
SUMMER = timezone(timedelta(hours=-7))

_WORDS_FILE = content.load("sample_journal")
NOTES: list[str] = _WORDS_FILE["notes"]
"""Short notes in the user's voice (no names)."""
INTENTIONS: list[str] = _WORDS_FILE["intentions"]
"""Focus-block intentions."""
FROGS: list[str] = _WORDS_FILE["frogs"]
"""The frog: the one hard thing for tomorrow."""
INTERRUPTIONS: list[tuple[str, str]] = [tuple(x) for x in _WORDS_FILE["interruptions"]]
"""Interruption sources and reasons."""
EVENING: dict[str, str] = _WORDS_FILE["prompts"]["evening"]
MORNING: dict[str, str] = _WORDS_FILE["prompts"]["morning"]
WEEKLY: dict[str, str] = _WORDS_FILE["prompts"]["weekly"]
"""Reflection prompts (id: wording) by session."""
ANSWER_BITS: list[str] = _WORDS_FILE["answer_fragments"]
"""Fragments the reflection answers are made of."""
PRAISE: dict[str, str] = _WORDS_FILE["strengths"]
"""The user's strengths, each with what people say when they see it."""
STRENGTHS: list[str] = list(PRAISE)
"""The user's strengths vocabulary."""
QUESTIONS: list[str] = _WORDS_FILE["feedback_questions"]
"""Questions of the feedback requests."""
EMOTIONS: list[tuple[str, int, int]] = [(w["word"], w["mood"], w["energy"]) for w in content.load("emotions")["words"]]
"""Emotion words placed on the affect grid (word, mood, energy), from the shipped list."""

DAY_TAGS: list[tuple[str, float, float, float, bool]] = [
    # tag, chance per day, mood effect, energy effect, weekdays only
    ("exercise", 0.35, 0.8, 1.0, False),
    ("outdoors", 0.20, 0.9, 0.4, False),
    ("poor-sleep", 0.15, -0.7, -1.6, False),
    ("deadline", 0.14, -0.9, 0.6, True),
    ("family", 0.25, 0.6, -0.2, False),
    ("travel", 0.03, -0.3, -0.6, False),
]
"""Tags that describe a whole day, and what they do to mood and energy."""

CONTEXTS: list[tuple[str, float, float, float]] = [
    # tag, chance per check-in on a working day, mood effect, energy effect
    ("client-call", 0.18, -0.2, 0.3),
    ("deep-work", 0.22, 0.5, 0.2),
    ("admin", 0.14, -0.7, -0.4),
    ("email", 0.12, -0.3, -0.2),
    ("invoicing", 0.03, -0.5, -0.3),
    ("networking", 0.04, 0.3, 0.4),
]
"""Tags for what was going on at a check-in."""

ROLES: list[tuple[str, str, float]] = [
    ("Client", "client", 0.45), ("Colleague", "colleague", 0.25), ("Friend", "friend", 0.15),
    ("Mentor", "mentor", 0.08), ("Former manager", "other", 0.07),
]
"""Who the user asks for feedback: label prefix, relation, share."""

VARIANTS = [("one-liner", "client", 8), ("30s", "networking", 30), ("60s", "client", 60), ("2min", "referral", 120)]
"""Pitch variants: length, audience, target seconds."""

PER_YEAR = {
    "checkins": 3650, "focus_blocks": 2190, "reflections": 365, "feedback_responses": 20,
    "story_versions": 5, "rehearsals": 50,
}
"""The heavy user's yearly volume (the design's ten-year figures divided by ten)."""


def local_offset(day: date) -> timezone:
    """The user's UTC offset on a day: -07:00 from the second Sunday of March to the first Sunday
    of November, -08:00 otherwise (a DST-like change twice a year)."""
    march = date(day.year, 3, 8)
    start = march + timedelta(days=(6 - march.weekday()) % 7)
    november = date(day.year, 11, 1)
    end = november + timedelta(days=(6 - november.weekday()) % 7)
    return SUMMER if start <= day < end else STANDARD


def energy_rhythm(hour: float) -> float:
    """How far energy is from the day's level at an hour: a late-morning peak, a dip after lunch,
    a small late-afternoon lift, a decline in the evening."""
    return (
        1.6 * math.exp(-(((hour - 10.5) / 2.0) ** 2))
        - 1.3 * math.exp(-(((hour - 14.5) / 1.2) ** 2))
        + 0.6 * math.exp(-(((hour - 17.5) / 1.5) ** 2))
        - 0.45 * max(0.0, hour - 19.0)
        - 0.9 * max(0.0, 8.0 - hour)
    )


def _nearest_words() -> dict[tuple[int, int], list[str]]:
    grid: dict[tuple[int, int], list[str]] = {}
    for m in range(1, 10):
        for e in range(1, 10):
            best = min((m - wm) ** 2 + (e - we) ** 2 for _, wm, we in EMOTIONS)
            grid[(m, e)] = [w for w, wm, we in EMOTIONS if (m - wm) ** 2 + (e - we) ** 2 == best]
    return grid


_WORDS = _nearest_words()


def _clamp(value: float) -> int:
    return max(1, min(9, round(value)))


@dataclass
class _Context:
    """The generator's state: its random source and what it made so far."""

    rng: random.Random
    records: list[Record] = field(default_factory=list)

    def uid(self) -> str:
        """A UUID4 string from the seeded random source."""
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def at(self, day: date, hour: float) -> datetime:
        """A local moment on `day` at a fractional hour, with the day's offset."""
        minutes = int(hour * 60)
        return datetime.combine(day, time(minutes // 60, minutes % 60, self.rng.randrange(60)), local_offset(day))

    def stamp(self, moment: datetime) -> dict[str, Any]:
        """Envelope fields for a record made at `moment`."""
        return {"id": self.uid(), "created_at": moment, "updated_at": moment}


def _days(end: date, years: float) -> list[date]:
    count = max(1, round(years * 365.25))
    first = end - timedelta(days=count - 1)
    return [first + timedelta(days=i) for i in range(count)]
