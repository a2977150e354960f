"""One way to write a span of focus, on Today and in the focus insights alike."""

from __future__ import annotations

from reflect.core.focus.timer import hours_minutes
from reflect.widgets.focus.insights import summary_text


def test_spans_are_written_in_hours_and_minutes() -> None:
    assert [hours_minutes(m) for m in (0, 45, 59.6, 60, 290)] == ["0 min", "45 min", "1 h 0 min", "1 h 0 min", "4 h 50 min"]


def test_the_focus_insights_write_the_week_as_today_does() -> None:
    text = summary_text({"minutes": {"today": 50, "this_week": 290, "total": 6000}}).plain
    assert "Focus today 50 min · this week 4 h 50 min · in all 100.0 h" in text


def test_one_finished_block_is_one_block() -> None:
    assert "1 block finished or stopped; 100% done as planned." in summary_text({"finished": 1, "completion": 1.0}).plain
    assert "2 blocks finished or stopped; 50% done as planned." in summary_text({"finished": 2, "completion": 0.5}).plain
