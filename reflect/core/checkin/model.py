"""The check-in record: mood and energy at one moment (see `reflect.core.envelope` for the envelope)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from pydantic import Field, field_validator

from reflect.core.clock import local_now
from reflect.core.envelope import Line, Moment, Record, Scale9, Tag, Text


class CheckIn(Record):
    """Mood (pleasantness) and energy at one moment, with tags and a note."""

    KIND: ClassVar[str] = "checkin"
    COLLECTION: ClassVar[str] = "checkins"
    SHARDED: ClassVar[bool] = True

    at: Moment = Field(default_factory=local_now)
    mood: Scale9
    energy: Scale9 | None = None
    emotion: Line | None = None
    tags: list[Tag] = Field(default_factory=list)
    note: Text = ""
    source: str | None = None
    """A stable key of the imported row this came from (for idempotent imports)."""

    @field_validator("tags")
    @classmethod
    def _unique_tags(cls, tags: list[str]) -> list[str]:
        return list(dict.fromkeys(tags))

    def shard_time(self) -> datetime:
        """Sharded by the moment the check-in describes."""
        return self.at
