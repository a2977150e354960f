"""Check-in and reflection helpers: scales, tags, times, emotion words, prompt sets, episodes, frog."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest

from reflect.core.checkin.checkins import (
    check_scale, complete_tag, parse_tags, parse_time, quadrant, quick_value, word_fits, words_near,
)
from reflect.core.errors import BadInput
from reflect.core.models import Reflection
from reflect.core.reflection.sessions import frog_for, load_sets, look_deeper, pages, parse_episodes, resumable
from tests.conftest import TZ


def test_scales_and_quick_keys() -> None:
    assert [quick_value(d) for d in range(1, 10)] == list(range(1, 10))  # one scale: the key is the value
    for bad in (0, 10):
        with pytest.raises(BadInput, match="1 to 9"):
            quick_value(bad)
    assert check_scale("mood", "7") == 7
    with pytest.raises(BadInput, match="mood must be from 1 to 9, not 10"):
        check_scale("mood", 10)
    with pytest.raises(BadInput, match="energy must be a whole number"):
        check_scale("energy", "lots")


def test_quadrants_and_words() -> None:
    assert (quadrant(8, 8), quadrant(2, 8), quadrant(2, 2), quadrant(8, 2), quadrant(5, 8)) == (
        "yellow", "red", "blue", "green", None)
    assert "calm" in words_near(7, 3) and "furious" in words_near(1, 9)
    assert all(w not in words_near(8, 2) for w in ("furious", "anxious"))


def test_tags_parse_and_complete() -> None:
    assert parse_tags(" #Work client  work deep-work ") == ["work", "client", "deep-work"]
    assert parse_tags(" #Work, client  work, deep-work ") == ["work", "client work", "deep-work"]  # commas: spaces kept
    assert complete_tag("work ex", ["exercise", "work"]) == "work exercise"
    assert complete_tag("work", ["work"]) is None and complete_tag("", ["a"]) is None


def test_parse_time() -> None:
    base = datetime(2026, 3, 14, 9, 0, tzinfo=TZ)
    assert parse_time("", base, TZ) == base
    assert parse_time("21:05", base, TZ) == datetime(2026, 3, 14, 21, 5, tzinfo=TZ)
    assert parse_time("2026-03-13 07:30", base, TZ) == datetime(2026, 3, 13, 7, 30, tzinfo=TZ)
    with pytest.raises(BadInput, match="time: '25:99'"):
        parse_time("25:99", base, TZ)


def test_prompt_sets_shipped_and_users_own(tmp_path) -> None:
    shipped = load_sets(tmp_path)
    assert [s.id for s in shipped.sets] == ["morning", "evening", "weekly"] and shipped.problem is None
    assert any(p.kind == "frog" for p in shipped.get("evening").prompts)
    (tmp_path / "prompts.json").write_text(json.dumps({"sets": [
        {"id": "morning", "name": "Short morning", "session": "morning", "prompts": [{"id": "one", "text": "One thing?"}]},
        {"id": "client-day", "name": "After a client day", "session": "evening",
         "prompts": [{"text": "What did the client need?"}, {"text": "[bold]literal[/]"}]},
    ]}), encoding="utf-8")
    mine = load_sets(tmp_path)
    assert mine.problem is None
    assert [p.text for p in mine.get("morning").prompts] == ["One thing?"]
    assert [p.id for p in mine.get("client-day").prompts] == ["p1", "p2"]
    (tmp_path / "prompts.json").write_text('{"sets": [{"id": "x", "prompts": []}]}', encoding="utf-8")
    broken = load_sets(tmp_path)
    assert "has no prompts" in broken.problem and [s.id for s in broken.sets] == ["morning", "evening", "weekly"]


def test_look_deeper_rotates_daily_and_is_the_last_page() -> None:
    sets = load_sets(None)
    a = look_deeper(sets.look_deeper, date(2026, 3, 14), "evening")
    assert a == look_deeper(sets.look_deeper, date(2026, 3, 14), "evening")
    assert a.text != look_deeper(sets.look_deeper, date(2026, 3, 15), "evening").text
    assert pages(sets.get("evening"), date(2026, 3, 14), sets.look_deeper)[-1] == a


def test_episodes_parse() -> None:
    episodes, bad = parse_episodes("09:00-10:30 Proposal = 7\n\n9:5-10 nonsense\n13:00–14:00 Lunch with a former colleague\n")
    assert [(e.start, e.end, e.activity, e.feeling) for e in episodes] == [
        ("09:00", "10:30", "Proposal", 7), ("13:00", "14:00", "Lunch with a former colleague", None)]
    assert bad == [3]


def test_a_word_fits_its_own_quadrant_and_the_middle_lines() -> None:
    assert not word_fits("irritated", 9, 7) and not word_fits("Irritated", 9, 7)  # unpleasant word, pleasant point
    assert word_fits("irritated", 2, 8) and word_fits("irritated", 5, 7)  # same quadrant, or a middle line
    assert word_fits("my own word", 9, 9)


def test_frog_for_today_and_resumable() -> None:
    today = date(2026, 3, 14)
    moment = datetime(2026, 3, 14, 8, tzinfo=TZ)
    evening = Reflection(session="evening", day=today - timedelta(days=1), frog="tax forms", status="done")
    assert frog_for([evening], today) == "tax forms"
    morning = Reflection(session="morning", day=today, frog="call the bank", updated_at=moment)
    assert frog_for([evening, morning], today) == "call the bank"
    assert frog_for([Reflection(session="evening", day=today, frog="tomorrow's")], today) is None
    assert resumable([evening, morning], today) is morning
    assert resumable([Reflection(session="evening", day=today - timedelta(days=3))], today) is None


@pytest.mark.parametrize("typed", ["1850-01-01 10:00", "1899-12-31 23:00", "0001-01-01 00:00", "3000-01-01 09:00"])
def test_the_dialog_refuses_the_years_the_command_line_refuses(typed: str) -> None:
    from reflect.cli.common import parse_moment

    default = datetime(2026, 3, 14, 9, 0, tzinfo=timezone(timedelta(hours=-7)))
    with pytest.raises(BadInput, match=r"^time: the year must be from 1900 to 2999") as dialog:
        parse_time(typed, default, None)
    with pytest.raises(BadInput, match=r"^--at: the year must be from 1900 to 2999") as cli:
        parse_moment(typed.replace(" ", "T"))
    assert str(dialog.value).removeprefix("time: ") == str(cli.value).removeprefix("--at: ")


def test_episode_lines_that_cannot_be_right_are_named_not_stored() -> None:
    text = "\n".join([
        "25:00-26:00 lunch = 5",        # no such hour
        "14:00-13:00 backwards = 5",    # ends before it starts, not overnight
        "10:00-11:00 review = 12",      # a feeling outside 1-9 is not part of the activity
        "09:00-09:00 nothing = 4",      # no time at all
        "22:30-01:00 late launch = 6",  # past midnight: fine
        "08:00-09:00 email = 3",
    ])
    episodes, bad = parse_episodes(text)
    assert bad == [1, 2, 3, 4]
    assert [(e.activity, e.start, e.end, e.feeling) for e in episodes] == [
        ("late launch", "22:30", "01:00", 6), ("email", "08:00", "09:00", 3)]


def test_every_point_of_the_grid_is_described_in_words() -> None:
    """The middle lines are named by the same two parts as the quadrants, not "in the middle"."""
    from reflect.core.checkin.checkins import described

    assert described(7, 8) == "pleasant, high energy"
    assert described(5, 8) == "neutral, high energy"
    assert described(3, 5) == "unpleasant, medium energy"
    assert described(5, 5) == "neutral, medium energy"
    assert described(6, 2) == "pleasant, low energy"
    assert all("," in described(m, e) for m in range(1, 10) for e in range(1, 10))
