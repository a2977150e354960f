"""The registry of record kinds: each kind's collection, and where its model class is defined.

Defining a pydantic model costs start-up time, so the classes live in their areas' modules
(`core/checkin/model.py`, ...) and are imported only when asked for: `reflect log` defines the
check-in model and no other, while export, sync and doctor walk every kind. The names here are
plain strings; `tests/unit/test_kinds.py` checks them against the classes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from importlib import import_module
from typing import TYPE_CHECKING, NamedTuple, overload

if TYPE_CHECKING:
    from reflect.core.envelope import Record


class Kind(NamedTuple):
    """One record kind, named without importing its class."""

    kind: str
    """The `kind` value of its records."""
    collection: str
    """The folder its records live in."""
    module: str
    """The module that defines its class."""
    name: str
    """The class's name in that module."""
    sharded: bool = False
    """True when the collection is split into one file per month."""

    def load(self) -> type[Record]:
        """The model class (its module is imported the first time)."""
        cls: type[Record] = getattr(import_module(self.module), self.name)
        return cls


_STORY = "reflect.core.story.model"
_RECORDS = "reflect.core.story.records"
_FEEDBACK = "reflect.core.feedback.model"

KINDS: tuple[Kind, ...] = (
    Kind("checkin", "checkins", "reflect.core.checkin.model", "CheckIn", sharded=True),
    Kind("reflection", "reflections", "reflect.core.reflection.model", "Reflection", sharded=True),
    Kind("focus_block", "focus_blocks", "reflect.core.focus.model", "FocusBlock", sharded=True),
    Kind("person", "people", _FEEDBACK, "Person"),
    Kind("feedback_request", "feedback_requests", _FEEDBACK, "FeedbackRequest"),
    Kind("feedback_response", "feedback_responses", _FEEDBACK, "FeedbackResponse"),
    Kind("strength", "strengths", _FEEDBACK, "Strength"),
    Kind("story", "stories", _STORY, "Story"),
    Kind("rehearsal", "rehearsals", _STORY, "Rehearsal", sharded=True),
    Kind("pitch_use", "pitch_uses", _STORY, "PitchUse", sharded=True),
    Kind("settings", "settings", "reflect.core.settings", "Settings"),
    Kind("portrait", "portraits", _FEEDBACK, "Portrait"),
    Kind("story_part", "story_parts", _RECORDS, "StoryPart"),
    Kind("variant", "variants", _RECORDS, "PitchVariant"),
    Kind("story_version", "story_versions", _RECORDS, "StoryVersionRecord"),
    Kind("variant_version", "variant_versions", _RECORDS, "VariantVersionRecord"),
    Kind("draft", "drafts", "reflect.core.drafts", "Draft"),
)
"""Every record kind, in export order."""


class _Classes(Sequence["type[Record]"]):
    """The model classes in registry order; each is imported the first time it is reached."""

    def __len__(self) -> int:
        return len(KINDS)

    @overload
    def __getitem__(self, index: int) -> type[Record]: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[type[Record], ...]: ...

    def __getitem__(self, index: int | slice) -> type[Record] | tuple[type[Record], ...]:
        if isinstance(index, slice):
            return tuple(kind.load() for kind in KINDS[index])
        return KINDS[index].load()

    def __repr__(self) -> str:
        return f"RECORD_TYPES({', '.join(kind.name for kind in KINDS)})"


class _ByName(Mapping[str, "type[Record]"]):
    """Model class by a registry field (`kind` or `collection`); a value is imported when looked up."""

    def __init__(self, field: str) -> None:
        self._kinds = {getattr(kind, field): kind for kind in KINDS}

    def __getitem__(self, key: str) -> type[Record]:
        return self._kinds[key].load()

    def __iter__(self) -> Iterator[str]:
        return iter(self._kinds)

    def __len__(self) -> int:
        return len(self._kinds)

    def __contains__(self, key: object) -> bool:
        return key in self._kinds

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self._kinds)})"


RECORD_TYPES: Sequence[type[Record]] = _Classes()
"""Every record class, in export order (iterating imports them all)."""

BY_KIND: Mapping[str, type[Record]] = _ByName("kind")
"""Model class by `kind`."""

BY_COLLECTION: Mapping[str, type[Record]] = _ByName("collection")
"""Model class by collection name."""

COLLECTIONS: tuple[str, ...] = tuple(kind.collection for kind in KINDS)
"""Every collection's folder name, in export order."""
