"""Write a story or pitch export (rendered by `reflect.core.story.pitch_export`) to a file."""

from __future__ import annotations

from collections.abc import Set
from pathlib import Path

from reflect.core.errors import BadInput
from reflect.core.models import Story, Variant
from reflect.core.story.pitch import DEFAULT_WPM
from reflect.core.story.pitch_export import render
from reflect.store.storage import atomic_write


def write_export(
    story: Story, variant: Variant | None, fmt: str, path: Path, quotable: set[str], wpm: float = DEFAULT_WPM,
    anonymous: Set[str] = frozenset(),
) -> int:
    """Write a Markdown (`md`) or plain-text (`txt`) export atomically; returns how many quotes were withheld.

    Blocking: call it off the event loop. A missing folder is BadInput; write failures are StoreErrors.
    """
    result = render(story, variant, fmt, quotable, wpm, anonymous)
    if not path.parent.is_dir():
        raise BadInput(f"File: the folder {path.parent} does not exist; nothing was written")
    atomic_write(path, result.text.encode("utf-8"))
    return result.withheld
