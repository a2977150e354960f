"""Check-ins: building them from user input, the affect grid's regions and words, filtering history."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from reflect import content
from reflect.core.clock import Clock, local_moment, year_problem
from reflect.core.errors import BadInput
from reflect.core.text import clean_line

if TYPE_CHECKING:  # the model is imported where one is built: `reflect log` uses the tag grammar without it
    from reflect.core.checkin.model import CheckIn

QUADRANT_NAMES = {
    "yellow": "pleasant, high energy",
    "red": "unpleasant, high energy",
    "blue": "unpleasant, low energy",
    "green": "pleasant, low energy",
}
"""Mood Meter quadrants (colour: meaning)."""


FUTURE_GRACE = timedelta(minutes=5)
"""How far past the clock a check-in's time may lie (another machine's clock, a rounded minute)."""


def check_not_future(at: datetime, now: datetime, where: str) -> None:
    """Refuse a check-in timed after now (beyond `FUTURE_GRACE`): it records a moment that has passed,
    and insights, which count up to today, would leave it out without a word."""
    if at > now + FUTURE_GRACE:
        raise BadInput(f"{where}: {at:%Y-%m-%d %H:%M} is in the future")


def check_scale(name: str, value: object) -> int:
    """`value` as a whole number 1-9, else BadInput naming `name` and what is allowed."""
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value).strip())
        except ValueError:
            raise BadInput(f"{name} must be a whole number from 1 to 9, not {value!r}") from None
    if not 1 <= value <= 9:
        raise BadInput(f"{name} must be from 1 to 9, not {value}")
    return value


def quick_value(digit: int) -> int:
    """A quick-path digit: the value itself on the one 1-9 scale the user sees (BadInput for 0)."""
    if not 1 <= digit <= 9:
        raise BadInput(f"mood and energy keys are 1 to 9 (1 low, 9 high), not {digit}")
    return digit


def quadrant(mood: int, energy: int) -> str | None:
    """The Mood Meter quadrant of a point ('yellow', 'red', 'blue', 'green'), None on the middle lines."""
    if mood == 5 or energy == 5:
        return None
    if mood > 5:
        return "yellow" if energy > 5 else "green"
    return "red" if energy > 5 else "blue"


def described(mood: int, energy: int) -> str:
    """How a point of the grid feels, in words: its quadrant's name ("pleasant, high energy"), or on
    the middle lines the same two parts with "neutral" or "medium energy" ("neutral, high energy")."""
    q = quadrant(mood, energy)
    if q is not None:
        return QUADRANT_NAMES[q]
    feel = "pleasant" if mood > 5 else "unpleasant" if mood < 5 else "neutral"
    level = "high energy" if energy > 5 else "low energy" if energy < 5 else "medium energy"
    return f"{feel}, {level}"


@dataclass(frozen=True)
class Word:
    """An emotion word placed on the grid."""

    word: str
    mood: int
    energy: int


def emotion_words() -> list[Word]:
    """Every shipped emotion word."""
    return [Word(w["word"], int(w["mood"]), int(w["energy"])) for w in content.load("emotions")["words"]]


def _fits(w: Word, here: str | None) -> bool:
    return here is None or quadrant(w.mood, w.energy) in (here, None)


def word_fits(word: str, mood: int, energy: int) -> bool:
    """False when a shipped emotion word lies in another quadrant than the point (a word on a middle
    line, a point on one, or a word of the user's own fits anywhere)."""
    here = quadrant(mood, energy)
    return all(_fits(w, here) for w in emotion_words() if w.word.casefold() == word.casefold())


def words_near(mood: int, energy: int, limit: int = 8) -> list[str]:
    """The emotion words closest to a point on the grid, nearest first (same quadrant preferred)."""
    here = quadrant(mood, energy)

    def key(w: Word) -> tuple[int, int, str]:
        penalty = 0 if _fits(w, here) else 4
        return ((w.mood - mood) ** 2 + (w.energy - energy) ** 2 + penalty, 0, w.word)

    return [w.word for w in sorted(emotion_words(), key=key)[:limit]]


TAG_MAX = 60
"""The longest tag, in characters."""


def tag_list(items: Iterable[str]) -> list[str]:
    """The one tag grammar: each item may hold several tags separated by commas; a tag is one line of
    text (inner spaces kept), '#' in front optional, lower case, at most TAG_MAX characters; empty
    ones dropped, duplicates kept once. Used for `reflect log --tag`, imports and the check-in form.
    """
    out: list[str] = []
    for item in items:
        for part in item.split(","):
            tag = clean_line(part).lstrip("#").strip().lower()[:TAG_MAX].strip()
            if tag and tag not in out:
                out.append(tag)
    return out


def parse_tags(text: str) -> list[str]:
    """Tags as typed in one field: separated by commas, or by spaces when there is no comma."""
    return tag_list([text] if "," in text else text.split())


def format_tags(tags: Iterable[str]) -> str:
    """Tags for one field, so that `parse_tags(format_tags(tags))` gives them back unchanged."""
    tags = list(tags)
    if not any(" " in t or "," in t for t in tags):
        return " ".join(tags)
    return ", ".join(tags) + ("," if len(tags) == 1 else "")  # a comma marks spaces as part of a tag


def known_tags(checkins: Iterable[CheckIn | dict[str, Any]]) -> list[str]:
    """Every tag used before, most used first (then alphabetical)."""
    counts: dict[str, int] = {}
    for c in checkins:
        tags = c.get("tags") if isinstance(c, dict) else c.tags
        for t in tags or ():
            if isinstance(t, str):
                counts[t] = counts.get(t, 0) + 1
    return sorted(counts, key=lambda t: (-counts[t], t))


def complete_tag(text: str, tags: list[str]) -> str | None:
    """The text with its last tag completed from `tags` (None when nothing matches)."""
    head, _, last = text.rpartition(" ")
    last = last.lstrip("#").lower()
    if not last:
        return None
    for tag in tags:
        if tag.startswith(last) and tag != last:
            return (head + " " if head else "") + tag
    return None


def parse_time(text: str, default: datetime, zone: tzinfo | None) -> datetime:
    """'HH:MM' (on the default's day) or 'YYYY-MM-DD HH:MM', a wall time in `zone` (None: the
    machine's), placed by `local_moment` like every other typed time; BadInput otherwise.

    The default's own wall time gives the default back unchanged (an edit that keeps the time
    keeps the offset it was recorded with).
    """
    raw = text.strip()
    if not raw:
        return default
    try:
        if len(raw) <= 5:
            hh, mm = raw.split(":")
            moment = datetime.combine(default.date(), time(int(hh), int(mm)))
        else:
            moment = datetime.fromisoformat(raw.replace(" ", "T", 1))
    except ValueError:
        raise BadInput(f"time: {raw[:40]!r} is not a time; use HH:MM or YYYY-MM-DD HH:MM") from None
    moment = moment.replace(second=0, microsecond=0)
    if problem := year_problem(moment):
        raise BadInput(f"time: {problem}")
    if moment.tzinfo is not None:
        return moment
    if moment == default.replace(tzinfo=None, second=0, microsecond=0):
        return default
    try:
        return local_moment(moment, zone)
    except ValueError as exc:
        raise BadInput(f"time: {exc}") from None


def parse_day(text: str, field: str) -> date | None:
    """'YYYY-MM-DD' or blank (None); BadInput naming `field` otherwise."""
    raw = text.strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise BadInput(f"{field}: {raw!r} is not a date; use YYYY-MM-DD") from None


def filter_checkins(
    checkins: Iterable[CheckIn], *, tag: str = "", text: str = ""
) -> list[CheckIn]:
    """Check-ins that carry `tag` (exact, '#' optional) and contain `text` in the note, emotion or tags."""
    tag = tag.strip().lstrip("#").lower()
    needle = text.strip().casefold()
    out = []
    for c in checkins:
        if tag and tag not in c.tags:
            continue
        if needle:
            hay = " ".join([c.note, c.emotion or "", *c.tags]).casefold()
            if needle not in hay:
                continue
        out.append(c)
    return out


def new_checkin(
    clock: Clock,
    *,
    mood: int,
    energy: int | None = None,
    emotion: str | None = None,
    tags: list[str] | tuple[str, ...] = (),
    note: str = "",
    at: datetime | None = None,
) -> CheckIn:
    """A new check-in stamped by `clock` (raises pydantic.ValidationError on bad values)."""
    from reflect.core.checkin.model import CheckIn

    now = clock.now()
    return CheckIn(
        mood=mood,
        energy=energy,
        emotion=emotion or None,
        tags=[t for t in tags if t and t.strip()],
        note=note or "",
        at=at or now,
        created_at=now,
        updated_at=now,
    )
