"""The envelope every stored record shares, and the field types the record kinds use.

Envelope: `id` (UUID string), `kind`, `v` (schema version of the kind), `created_at`, `updated_at`
and a `deleted_at` tombstone. Timestamps are aware datetimes that keep the local UTC offset of the
moment they describe. Persisted models allow extra fields, so a record written by a newer version
keeps its unknown fields when an older one edits it.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    field_validator,
)

from reflect.core.clock import local_now
from reflect.core.text import LINE_MAX as LINE_MAX, NOTE_MAX as NOTE_MAX, clean_line, strip_controls


def _check_uuid(value: str) -> str:
    try:
        uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        raise ValueError("id must be a UUID string") from None
    return value


def new_id() -> str:
    """A fresh UUID4 string."""
    return str(uuid.uuid4())


def _whole_minute_offset(value: datetime) -> datetime:
    offset = value.utcoffset()
    if offset is not None and (offset.seconds % 60 or offset.microseconds):
        raise ValueError("the UTC offset must be whole minutes (like +05:30)")
    return value


Moment = Annotated[
    AwareDatetime,
    AfterValidator(_whole_minute_offset),
    PlainSerializer(lambda d: d.isoformat(), return_type=str, when_used="json"),
]
"""An aware datetime, stored as ISO 8601 with the local UTC offset it was given (never turned into "Z").

The offset is whole minutes: one with seconds could not be read back, so it is refused at the door.
"""

RecordId = Annotated[str, AfterValidator(_check_uuid)]
"""A UUID in its canonical string form."""

Text = Annotated[str, AfterValidator(strip_controls), Field(max_length=NOTE_MAX)]
"""Free text (notes, answers): control and escape characters removed, at most NOTE_MAX."""

Line = Annotated[str, AfterValidator(clean_line), Field(max_length=LINE_MAX)]
"""One line of text (names, titles, intentions), cleaned and trimmed."""

def _not_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("must be a whole number, not true or false")
    return value


Scale9 = Annotated[int, BeforeValidator(_not_bool), Field(ge=1, le=9)]
"""A rating from 1 to 9 (mood, energy)."""

Scale5 = Annotated[int, BeforeValidator(_not_bool), Field(ge=1, le=5)]
"""A rating from 1 to 5 (focus quality, rehearsal ratings)."""


def _clean_tag(value: str) -> str:
    tag = clean_line(value).lower()
    if not tag:
        raise ValueError("a tag cannot be empty")
    return tag


Tag = Annotated[str, AfterValidator(_clean_tag), Field(max_length=60)]
"""A tag: one line, lower case, not empty."""


class Record(BaseModel):
    """The envelope shared by every stored record."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, ser_json_inf_nan="null", defer_build=True)

    KIND: ClassVar[str] = ""
    """The `kind` value of this model."""
    COLLECTION: ClassVar[str] = ""
    """The folder (collection) the records live in."""
    VERSION: ClassVar[int] = 1
    """The newest schema version this build knows for the kind."""
    SHARDED: ClassVar[bool] = False
    """True when the collection is split into one file per month of `shard_time()`."""

    id: RecordId = Field(default_factory=new_id)
    kind: str = ""
    v: int = 1
    created_at: Moment = Field(default_factory=local_now)
    updated_at: Moment = Field(default_factory=local_now)
    deleted_at: Moment | None = None

    def model_post_init(self, context: Any, /) -> None:
        """Fill `kind` and `v` for new records; refuse a record of another kind."""
        if not self.kind:
            self.kind = self.KIND
        elif self.kind != self.KIND:
            raise ValueError(f"kind must be {self.KIND!r}, not {self.kind!r}")

    @field_validator("v")
    @classmethod
    def _v_positive(cls, value: int) -> int:
        if value < 1:
            raise ValueError("v must be 1 or more")
        return value

    def shard_time(self) -> datetime | None:
        """The moment that decides the record's monthly shard (None for unsharded kinds)."""
        return None

    @property
    def deleted(self) -> bool:
        """True when the record is a tombstone."""
        return self.deleted_at is not None

    def to_doc(self) -> dict[str, Any]:
        """The record as a JSON-ready dict, extra fields included."""
        return self.model_dump(mode="json")
