"""The reflection record: a guided session or a free journal entry, with its reconstructed day."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from reflect.core.envelope import Line, Record, Scale9, Tag, Text


class Episode(BaseModel):
    """One stretch of a reconstructed day (Day Reconstruction Method)."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    activity: Line
    start: str = Field(pattern=r"^\d{2}:\d{2}$")
    end: str = Field(pattern=r"^\d{2}:\d{2}$")
    feeling: Scale9 | None = None
    note: Text = ""


class Reflection(Record):
    """A guided reflection session (morning, evening, weekly) or a free journal entry."""

    KIND: ClassVar[str] = "reflection"
    COLLECTION: ClassVar[str] = "reflections"
    SHARDED: ClassVar[bool] = True

    session: Literal["morning", "evening", "weekly", "journal"] = "journal"
    day: date
    prompt_set: str = ""
    answers: dict[str, Text] = Field(default_factory=dict)
    """Answer text by prompt id."""
    prompts: dict[str, Line] = Field(default_factory=dict)
    """The wording of each answered prompt, as shown."""
    position: int = 0
    """The page the session was on (for resuming)."""
    status: Literal["in_progress", "done"] = "in_progress"
    frog: Line | None = None
    """Tomorrow's frog (evening) or today's (morning)."""
    episodes: list[Episode] = Field(default_factory=list)
    title: Line = ""
    body: Text = ""
    tags: list[Tag] = Field(default_factory=list)
    starred: bool = False
    source: str | None = None

    def shard_time(self) -> datetime:
        """Sharded by the day it reflects on."""
        return datetime(self.day.year, self.day.month, self.day.day, tzinfo=self.created_at.tzinfo)
