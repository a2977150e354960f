"""The story and pitch records: the story (as the screens use it), rehearsals and real uses.

The story's separately stored parts (steps, variants, versions) are in `core.story.records`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from reflect.core.clock import local_now
from reflect.core.envelope import Line, Moment, Record, RecordId, Scale5, Text, new_id


class StoryVersion(BaseModel):
    """A saved version of a story's text."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    id: RecordId = Field(default_factory=new_id)
    """The id of its stored record (a version is one `story_version` record)."""
    n: int
    saved_at: Moment
    why: Line = ""
    steps: dict[str, Text] = Field(default_factory=dict)
    master: Text = ""


class VariantVersion(BaseModel):
    """A saved version of a variant's text."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    id: RecordId = Field(default_factory=new_id)
    """The id of its stored record (a version is one `variant_version` record)."""
    n: int
    saved_at: Moment
    why: Line = ""
    text: Text = ""
    from_version: int = 0
    """The master version it was written from."""


class Variant(BaseModel):
    """A cut of the story for one length and audience."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    id: RecordId = Field(default_factory=new_id)
    length: Literal["one-liner", "30s", "60s", "2min"] = "60s"
    audience: Literal["client", "referral", "networking", "peer", "conference", "investor"] = "client"
    text: Text = ""
    from_version: int = 0
    """The master version the variant was written from."""
    updated_at: Moment = Field(default_factory=local_now)
    versions: list[VariantVersion] = Field(default_factory=list)
    """Every saved text of the variant, oldest first."""


class Story(Record):
    """A value story: guided steps, a master text, its versions and its variants.

    Stored (v2) as a head record (title, framework, evidence) plus separate records for each step
    text, variant and version (`core.story.records`); `services.story_store` puts them together
    into this shape and splits them apart again. A v1 record still holds everything inline: it is
    split into separate records the first time it is opened.
    """

    KIND: ClassVar[str] = "story"
    COLLECTION: ClassVar[str] = "stories"
    VERSION: ClassVar[int] = 2

    v: int = 2

    title: Line = "My value story"
    framework: str = ""
    steps: dict[str, Text] = Field(default_factory=dict)
    master: Text = ""
    versions: list[StoryVersion] = Field(default_factory=list)
    variants: list[Variant] = Field(default_factory=list)
    evidence: list[dict[str, Any]] = Field(default_factory=list)
    """Quotes and wins inserted as proof, each linked to its source record."""
    drafts: dict[str, Text] = Field(default_factory=dict)
    """Unsaved editor texts by item (step:<id>, master, v:<variant id>), kept so nothing typed is lost."""


class Rehearsal(Record):
    """One timed run of a pitch variant."""

    KIND: ClassVar[str] = "rehearsal"
    COLLECTION: ClassVar[str] = "rehearsals"
    SHARDED: ClassVar[bool] = True

    story_id: RecordId | None = None
    variant_id: RecordId | None = None
    version: int = 0
    mode: Literal["read", "teleprompter", "cards"] = "read"
    started_at: Moment = Field(default_factory=local_now)
    duration_seconds: float = Field(default=0.0, ge=0)
    target_seconds: float | None = None
    wpm: float | None = None
    level: Annotated[int, Field(ge=0, le=4)] = 0
    hints: int = Field(default=0, ge=0)
    stumbles: int = Field(default=0, ge=0)
    laps: list[float] = Field(default_factory=list)
    clarity: Scale5 | None = None
    confidence: Scale5 | None = None
    naturalness: Scale5 | None = None
    note: Text = ""
    speech: dict[str, Any] | None = None
    """What listening heard during the run (`SpeechReport.to_json()`: real pace, pauses, fillers, skipped, added)."""
    recording: RecordId | None = None
    """Name (without .wav) of the run's kept recording in the data folder's `recordings/`, only when the user kept it."""

    def shard_time(self) -> datetime:
        """Sharded by the run's start."""
        return self.started_at


class PitchUse(Record):
    """A real use of a pitch: where, to whom, what came of it."""

    KIND: ClassVar[str] = "pitch_use"
    COLLECTION: ClassVar[str] = "pitch_uses"
    SHARDED: ClassVar[bool] = True

    at: Moment = Field(default_factory=local_now)
    story_id: RecordId | None = None
    variant_id: RecordId | None = None
    where: Line = ""
    to_whom: Line = ""
    outcome: Text = ""

    def shard_time(self) -> datetime:
        """Sharded by when the pitch was used."""
        return self.at
