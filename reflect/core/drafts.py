"""Drafts: what the user typed into a form and has not saved yet, kept so that closing the form (or
the app, or a crash) loses nothing.

One record per form, with a fixed id derived from the form's name (`draft_id`), so the next open of
the same form finds it. Clearing a draft writes a tombstone that keeps no text.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, ClassVar

from pydantic import Field

from reflect.core.envelope import Line, Record
from reflect.core.text import strip_controls

_NAMESPACE = uuid.UUID("5d0b4a52-8f0e-4f59-9a43-3f1f8b3c6a10")
"""Fixed namespace of draft ids (so a form's draft has the same id in every run and on every machine)."""


def draft_id(form: str) -> str:
    """The id of the draft of `form` (e.g. "checkin:new", "reply:<person id>")."""
    return str(uuid.uuid5(_NAMESPACE, form))


class Draft(Record):
    """The unsaved contents of one form, field by field."""

    KIND: ClassVar[str] = "draft"
    COLLECTION: ClassVar[str] = "drafts"

    form: Line
    """Which form this is the draft of."""
    values: dict[str, Any] = Field(default_factory=dict)
    """The form's fields as the form reported them (text, numbers, lists of ids)."""


def _clean(value: Any) -> Any:
    """Text with terminal escape and control characters removed (also inside lists)."""
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def new_draft(form: str, values: dict[str, Any]) -> Draft:
    """A draft of `form` holding `values` (text cleaned as on the way into any record)."""
    return Draft(id=draft_id(form), form=form, values={k: _clean(v) for k, v in values.items()})


def cleared(form: str, now: datetime) -> Draft:
    """The tombstone of `form`'s draft: nothing of the text is kept."""
    return Draft(id=draft_id(form), form=form, values={}, deleted_at=now)
