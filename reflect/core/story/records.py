"""The story's stored records: each step's text, each variant, each saved version is its own record.

A story used to be one record holding everything; edited on two machines, a merge by id kept one
side. Now what the user creates is stored separately, so a merge by id keeps both sides:

- `Story` (in `core.story.model`) is the head: title, framework, linked evidence;
- `StoryPart`: the text of one step or of the master story, and its unsaved draft;
- `PitchVariant`: one variant (length, audience, text, draft);
- `StoryVersionRecord` / `VariantVersionRecord`: one saved version each, never edited.

Records that are edited carry a revision (`rev`), the revisions they descend from (`lineage`) and
copies that conflicted with them (`conflicts`), so two edits made apart are told from one edit
that followed the other (see `core.story.revisions`).
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from reflect.core.envelope import Line, Moment, Record, RecordId, Text


class Revised(Record):
    """A record edited in place: a revision, its ancestry, and conflicting copies to show the user."""

    rev: str = ""
    """Changes on every save; a compare-and-swap write expects the revision it read."""
    lineage: list[str] = Field(default_factory=list)
    """Revisions this one descends from (newest last, bounded)."""
    conflicts: list[dict[str, Any]] = Field(default_factory=list)
    """Copies of this record edited elsewhere at the same time, kept until the user picks one."""


class StoryPart(Revised):
    """The saved text (and unsaved draft) of one step of a story, or of its master story."""

    KIND: ClassVar[str] = "story_part"
    COLLECTION: ClassVar[str] = "story_parts"

    story_id: RecordId
    item: str
    """`step:<step id>` or `master`."""
    text: Text = ""
    draft: Text | None = None
    """Typed but not saved as a version yet (None: nothing unsaved)."""


class PitchVariant(Revised):
    """A cut of the story for one length and audience (its versions are separate records)."""

    KIND: ClassVar[str] = "variant"
    COLLECTION: ClassVar[str] = "variants"

    story_id: RecordId
    length: Literal["one-liner", "30s", "60s", "2min"] = "60s"
    audience: Literal["client", "referral", "networking", "peer"] = "client"
    text: Text = ""
    from_version: int = 0
    """The master version the variant was written from."""
    draft: Text | None = None
    position: int = 0
    """Its place in the story's list of variants when it was made (the list is shown in this order)."""


class StoryVersionRecord(Record):
    """One saved version of the story's steps and master text."""

    KIND: ClassVar[str] = "story_version"
    COLLECTION: ClassVar[str] = "story_versions"

    story_id: RecordId
    n: int = 0
    """The number it had when saved (shown numbers follow the order of `saved_at`)."""
    saved_at: Moment
    why: Line = ""
    steps: dict[str, Text] = Field(default_factory=dict)
    master: Text = ""


class VariantVersionRecord(Record):
    """One saved version of a variant's text."""

    KIND: ClassVar[str] = "variant_version"
    COLLECTION: ClassVar[str] = "variant_versions"

    story_id: RecordId
    variant_id: RecordId
    n: int = 0
    saved_at: Moment
    why: Line = ""
    text: Text = ""
    from_version: int = 0


STORY_RECORDS: tuple[type[Record], ...] = (StoryPart, PitchVariant, StoryVersionRecord, VariantVersionRecord)
"""The story's separate record kinds, in export order."""
