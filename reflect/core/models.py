"""Every record kind the app stores, by name, on one envelope (see `reflect.core.envelope`).

The classes are defined in their areas (`core/checkin/model.py`, `core/reflection/model.py`,
`core/focus/model.py`, `core/feedback/model.py`, `core/story/`, `core/settings.py`,
`core/drafts.py`); this module names them all in one place and imports each area the first time
one of its names is used (PEP 562), so a command that imports a class from here defines only the
models of that area. `RECORD_TYPES`, `BY_KIND` and `BY_COLLECTION` come from the kinds registry
(`reflect.core.kinds`) and import a class when it is reached.

Persisted models allow extra fields, so a record written by a newer version keeps its unknown
fields when an older one edits it. Timestamps keep the local UTC offset of the moment they describe.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from reflect.core.envelope import (
    LINE_MAX as LINE_MAX,
    NOTE_MAX as NOTE_MAX,
    Line as Line,
    Moment as Moment,
    Record as Record,
    RecordId as RecordId,
    Scale5 as Scale5,
    Scale9 as Scale9,
    Tag as Tag,
    Text as Text,
    new_id as new_id,
)
from reflect.core.kinds import BY_COLLECTION as BY_COLLECTION, BY_KIND as BY_KIND, RECORD_TYPES as RECORD_TYPES

if TYPE_CHECKING:
    from reflect.core.checkin.model import CheckIn as CheckIn
    from reflect.core.drafts import Draft as Draft
    from reflect.core.feedback.model import (
        Answer as Answer,
        FeedbackRequest as FeedbackRequest,
        FeedbackResponse as FeedbackResponse,
        Person as Person,
        Portrait as Portrait,
        PortraitVersion as PortraitVersion,
        Relation as Relation,
        Strength as Strength,
        TaggedPassage as TaggedPassage,
    )
    from reflect.core.focus.model import FocusBlock as FocusBlock, Interruption as Interruption, Pause as Pause
    from reflect.core.reflection.model import Episode as Episode, Reflection as Reflection
    from reflect.core.settings import Settings as Settings
    from reflect.core.story.model import (
        PitchUse as PitchUse,
        Rehearsal as Rehearsal,
        Story as Story,
        StoryVersion as StoryVersion,
        Variant as Variant,
        VariantVersion as VariantVersion,
    )
    from reflect.core.story.records import STORY_RECORDS as STORY_RECORDS

_AREAS: dict[str, tuple[str, ...]] = {
    "reflect.core.checkin.model": ("CheckIn",),
    "reflect.core.reflection.model": ("Episode", "Reflection"),
    "reflect.core.focus.model": ("Pause", "Interruption", "FocusBlock"),
    "reflect.core.feedback.model": (
        "Relation", "Person", "FeedbackRequest", "TaggedPassage", "Answer", "FeedbackResponse", "Strength",
        "PortraitVersion", "Portrait",
    ),
    "reflect.core.story.model": ("StoryVersion", "VariantVersion", "Variant", "Story", "Rehearsal", "PitchUse"),
    "reflect.core.story.records": ("STORY_RECORDS",),
    "reflect.core.settings": ("Settings",),
    "reflect.core.drafts": ("Draft",),
}
"""The module that defines each name imported lazily from here."""

_HOME: dict[str, str] = {name: module for module, names in _AREAS.items() for name in names}


def __getattr__(name: str) -> Any:
    """A model class (or the story's records) from its area's module, imported on first use."""
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})
