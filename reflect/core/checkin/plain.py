"""A stored check-in read without pydantic: what Today's first panel shows while the app starts.

Importing pydantic and building the check-in model costs more than everything else between the
app's first frame and today's check-ins on screen, so Today reads its first panel from the stored
documents directly. `view_of(doc)` returns the fields the model would give for a document that is
plainly one the store wrote (the exact ISO form of its times, whole numbers 1-9, text that the
model's cleaning would leave as it is), and None for anything else; the caller then reads the day
through the model, which also reports what it cannot read. There is one set of rules, the model's:
the checks below use the model's own cleaning functions, and `tests/unit/test_checkin_plain.py`
checks with generated documents that every view equals what `CheckIn.model_validate` gives.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, NamedTuple

from reflect.core.checkin.checkins import TAG_MAX
from reflect.core.checkin.quick import KIND, VERSION, is_scale
from reflect.core.text import LINE_MAX, NOTE_MAX, clean_line, strip_controls

_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{6})?[+-]\d\d:\d\d")
"""`datetime.isoformat()` of an aware moment with a whole-minute offset: how the store writes times."""
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
"""A UUID in the lower-case canonical form the store writes (the model accepts more: those go to it)."""


class CheckInView(NamedTuple):
    """The fields of a stored check-in that Today shows (named as the model's)."""

    id: str
    at: datetime
    created_at: datetime
    mood: int
    energy: int | None
    emotion: str | None
    tags: list[str]
    note: str


def stamp(value: Any) -> datetime | None:
    """The moment a stored time string names, when it is in the exact form the store writes (else None)."""
    if value.__class__ is not str or not _STAMP.fullmatch(value):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:  # a month 13, a 25th hour
        return None


def view_of(doc: dict[str, Any]) -> CheckInView | None:
    """The check-in `doc` holds, when it is plainly one the store wrote (else None: use the model)."""
    if doc.get("kind") != KIND or doc.get("v", 1).__class__ is not int or doc.get("v", 1) != VERSION:
        return None
    rid = doc.get("id")
    if rid.__class__ is not str or not _UUID.fullmatch(rid) or doc.get("deleted_at") is not None:
        return None
    at, created, updated = (stamp(doc.get(name)) for name in ("at", "created_at", "updated_at"))
    if at is None or created is None or updated is None:
        return None
    mood, energy = doc.get("mood"), doc.get("energy")
    if mood is None or not is_scale(mood) or not (energy is None or is_scale(energy)):
        return None
    emotion = doc.get("emotion")
    if emotion is not None and (emotion.__class__ is not str or len(emotion) > LINE_MAX or clean_line(emotion) != emotion):
        return None
    note = doc.get("note", "")
    if note.__class__ is not str or len(note) > NOTE_MAX or strip_controls(note) != note:
        return None
    tags = doc.get("tags", [])
    if tags.__class__ is not list or not all(t.__class__ is str for t in tags) or len(set(tags)) != len(tags):
        return None  # not a list of distinct strings: the model drops repeats, and refuses the rest
    if not all(t and len(t) <= TAG_MAX and clean_line(t).lower() == t for t in tags):
        return None
    source = doc.get("source")
    if source is not None and source.__class__ is not str:
        return None
    return CheckInView(rid, at, created, mood, energy, emotion, list(tags), note)
