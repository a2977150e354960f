"""The settings record: the user's one record of preferences."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from reflect.core.envelope import Record, Scale9


class Settings(Record):
    """The user's settings (one record)."""

    KIND: ClassVar[str] = "settings"
    COLLECTION: ClassVar[str] = "settings"

    theme: str = "textual-dark"
    """The colour theme's name."""
    notify: Literal["auto", "desktop", "terminal", "bell", "off"] = "auto"
    """How focus notifications reach the user: auto tries desktop, then the terminal escape."""
    osc: Literal[9, 777, 99] = 777
    """Which terminal notification escape to send when the terminal path is used."""
    wpm: int = Field(default=130, ge=60, le=250)
    """Planned speaking pace for pitches, in words per minute."""
    focus_minutes: float = Field(default=25, gt=0, le=600)
    """Default focus block length."""
    break_minutes: float = Field(default=5, gt=0, le=120)
    """Default short break length."""
    long_break_minutes: float = Field(default=15, gt=0, le=240)
    """Default long break length."""
    long_break_every: int = Field(default=4, ge=1, le=20)
    """A long break after this many focus blocks."""
    daylio_moods: dict[str, Scale9] = Field(default_factory=dict)
    """Levels the user gave to Daylio mood labels (lower case), remembered for the next import."""
    day_start: str = Field(default="04:00", pattern=r"^(0\d|1[01]):[0-5]\d$")
    """When a new journal day starts (HH:MM, 00:00-11:59): work before it belongs to the day before."""
    remind_checkin: str = ""
    """Times (HH:MM, comma separated) for a reminder to check in; empty: none."""
    remind_reflect: str = ""
    """Times (HH:MM, comma separated) for a reminder to reflect (before noon: morning, else evening)."""
