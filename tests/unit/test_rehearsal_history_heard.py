"""The rehearsal history's chart of heard pace and fillers, from stored runs (some hostile or not listened)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from reflect.core.models import Rehearsal
from reflect.widgets.story.rehearsal_history import heard, render_history

START = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)


def run(day: int, speech: dict | None) -> Rehearsal:
    """A 30 s run on day `day` with what listening heard."""
    return Rehearsal(started_at=START + timedelta(days=day), duration_seconds=30, speech=speech)


def test_heard_pace_and_fillers_are_charted_oldest_to_newest() -> None:
    runs = [run(2, {"wpm": 150.0, "fillers": [{"word": "um", "count": 1}]}),
            run(0, {"wpm": 190.0, "fillers": [{"word": "um", "count": 4}, {"word": "like", "count": 2}]}),
            run(1, None)]
    text = render_history(runs).plain
    assert "Heard, 2 listened runs" in text
    assert "190 -> 150 wpm" in text and "fillers" in text and "6 -> 1" in text
    assert "heard 190wpm f6" in text and "heard 150wpm f1" in text


def test_malformed_stored_speech_does_not_break_the_history() -> None:
    runs = [run(0, {"wpm": "[red]fast[/]", "fillers": "many"}), run(1, {"fillers": [{"count": "x"}, 3]})]
    assert heard(runs[0]) == (None, 0) and heard(runs[1]) == (None, 0)
    text = render_history(runs).plain
    assert "heard nothing" in text and "[red]" not in text
