"""The focus block record, with the pauses and interruptions inside it."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from reflect.core.envelope import Line, Moment, Record, Scale5, Scale9, Text


class Pause(BaseModel):
    """A pause inside a focus block."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    start: Moment
    end: Moment | None = None


class Interruption(BaseModel):
    """An interruption logged without stopping the clock."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    at: Moment
    source: Literal["internal", "external"] = "external"
    reason: Line = ""


class FocusBlock(Record):
    """A timed focus block or break."""

    KIND: ClassVar[str] = "focus_block"
    COLLECTION: ClassVar[str] = "focus_blocks"
    SHARDED: ClassVar[bool] = True

    block_type: Literal["focus", "break"] = "focus"
    intention: Line = ""
    planned_seconds: float = Field(gt=0, le=24 * 3600)
    started_at: Moment
    pauses: list[Pause] = Field(default_factory=list)
    interruptions: list[Interruption] = Field(default_factory=list)
    ended_at: Moment | None = None
    outcome: Literal["done", "partial", "derailed", "abandoned", "discarded"] | None = None
    abandon_reason: Line = ""
    focus_quality: Scale5 | None = None
    energy_before: Scale9 | None = None
    energy_after: Scale9 | None = None
    note: Text = ""
    away_seconds: float = 0.0
    """Time away (closed or asleep) that the user chose to count as focus."""
    away_choice: Literal["focus", "break", "discard"] | None = None
    """How the user chose to count time away from a block whose end passed unseen."""
    seen_at: Moment | None = None
    """The last moment an app was known to be watching the running block (set at transitions)."""

    def shard_time(self) -> datetime:
        """Sharded by the block's start."""
        return self.started_at
