"""Check-ins: building them from user input."""

from __future__ import annotations

from datetime import datetime

from reflect.core.clock import Clock
from reflect.core.models import CheckIn


def new_checkin(
    clock: Clock,
    *,
    mood: int,
    energy: int | None = None,
    emotion: str | None = None,
    tags: list[str] | tuple[str, ...] = (),
    note: str = "",
    at: datetime | None = None,
) -> CheckIn:
    """A new check-in stamped by `clock` (raises pydantic.ValidationError on bad values)."""
    now = clock.now()
    return CheckIn(
        mood=mood,
        energy=energy,
        emotion=emotion or None,
        tags=[t for t in tags if t and t.strip()],
        note=note or "",
        at=at or now,
        created_at=now,
        updated_at=now,
    )
