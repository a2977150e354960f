"""The pitch checks do work in proportion to the script: counted in traced lines, not timed."""

from __future__ import annotations

import sys
from types import FrameType
from typing import Any

from reflect.core.story import pitch


def _many_repeats(n: int) -> str:
    """`n` different two-word phrases, each said twice (every one a repeat the check reports)."""
    return " ".join(f"Alpha{i}x beta{i}x gamma. Alpha{i}x beta{i}x delta." for i in range(n))


def _lines_run(text: str) -> int:
    """How many Python lines of reflect/core/story/pitch.py run while checking `text`."""
    count = 0

    def tracer(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if frame.f_code.co_filename != pitch.__file__:
            return None
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        pitch.check(text, target_seconds=60)
    finally:
        sys.settrace(None)
    return count


def test_twice_the_repeats_is_about_twice_the_work() -> None:
    small, large = _lines_run(_many_repeats(300)), _lines_run(_many_repeats(600))
    assert len(pitch.check(_many_repeats(600)).repeated_phrases) == 600
    assert large < 2.5 * small, (small, large)


def test_repeats_inside_a_longer_repeat_are_matched_by_whole_words() -> None:
    # "thin reach" is not part of "within reach": it is a repeat of its own.
    r = pitch.check("Sales stay within reach. Sales stay within reach. Grow thin reach. Keep thin reach.")
    phrases = {p["phrase"]: p["count"] for p in r.repeated_phrases}
    assert phrases["sales stay within reach"] == 2
    assert "within reach" not in phrases
    assert phrases["thin reach"] == 2
