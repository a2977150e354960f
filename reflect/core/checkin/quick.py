"""A check-in's stored document built without pydantic: what `reflect log` writes.

Importing pydantic takes longer than the rest of `reflect log` together, so the command builds the
document itself when the input is of the plain kind handled here: ASCII text, whole numbers 1-9,
aware times with whole-minute offsets, values within their limits. For anything else it returns
None and the caller builds the `CheckIn` model as before, which also gives the one-line error for a
value the model refuses. There is one set of rules, the model's: this module applies the same
cleaning functions, and `tests/unit/test_checkin_quick.py` checks with generated input that every
document built here equals the model's `to_doc()` for the same clock and id.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from reflect.core.checkin.checkins import TAG_MAX, tag_list
from reflect.core.text import LINE_MAX, NOTE_MAX, clean_line, strip_controls

KIND = "checkin"
"""`CheckIn.KIND`."""

VERSION = 1
"""`CheckIn.VERSION`: the schema version a new check-in is written at."""


def new_id() -> str:
    """A random UUID, version 4, in canonical form: what `uuid.uuid4()` gives (the envelope's
    default id), made without importing `uuid`, which imports `platform` at start-up."""
    n = int.from_bytes(os.urandom(16), "big")
    n = (n & ~(0xF000 << 64)) | (4 << 76)  # version 4
    n = (n & ~(0xC000 << 48)) | (0x8000 << 48)  # the RFC 4122 variant
    h = f"{n:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def is_scale(value: object) -> bool:
    """A whole number 1-9 as the model stores it (not a bool, a float or a string)."""
    return type(value) is int and 1 <= value <= 9


def _moment(value: object) -> bool:
    """An aware datetime whose UTC offset is whole minutes (the model's `Moment`)."""
    if type(value) is not datetime:
        return False
    offset = value.utcoffset()
    return offset is not None and not (offset.seconds % 60 or offset.microseconds)


def checkin_doc(
    now: datetime,
    *,
    mood: object,
    energy: object = None,
    emotion: object = None,
    tags: Sequence[object] = (),
    note: object = "",
    at: datetime | None = None,
    record_id: str | None = None,
) -> dict[str, Any] | None:
    """The document `new_checkin(clock, tags=tag_list(tags), ...).to_doc()` gives when the clock
    reads `now` (with id `record_id`, a new UUID by default); `tags` are the raw `--tag` values.

    None when the input is not plain enough to be sure of: the caller then uses the model.
    """
    if not (is_scale(mood) and (energy is None or is_scale(energy))):
        return None
    if type(note) is not str or not (emotion is None or type(emotion) is str):
        return None
    raw_tags = [t for t in tags if type(t) is str]
    if len(raw_tags) != len(tags) or not all(t.isascii() for t in (note, emotion or "", *raw_tags)):
        return None  # lower-casing, lone surrogates and Unicode controls are left to the model
    moment = now if at is None else at
    if not (_moment(now) and _moment(moment)):
        return None
    line = clean_line(emotion) if emotion else None  # new_checkin: `emotion or None`
    if line is not None and len(line) > LINE_MAX:
        return None
    text = strip_controls(note)
    if len(text) > NOTE_MAX:
        return None
    tag_values = tag_list(raw_tags)
    if not all(t and len(t) <= TAG_MAX and clean_line(t).lower() == t for t in tag_values):
        return None  # the model's Tag would clean such a tag again: leave it to the model
    stamp = now.isoformat()
    return {
        "id": record_id or new_id(),
        "kind": KIND,
        "v": VERSION,
        "created_at": stamp,
        "updated_at": stamp,
        "deleted_at": None,
        "at": moment.isoformat(),
        "mood": mood,
        "energy": energy,
        "emotion": line,
        "tags": tag_values,
        "note": text,
        "source": None,
    }
