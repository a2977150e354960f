"""The synthetic heavy user: deterministic, realistic volumes, real patterns, roles instead of names."""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone

import pytest

from reflect.core.models import CheckIn, FeedbackResponse, FocusBlock, Person, Reflection, Story
from reflect.core.sample.journal import counts, energy_rhythm, generate, local_offset


@pytest.fixture(scope="module")
def year() -> list:
    """One year of sample records ending 2026-03-14."""
    return generate(date(2026, 3, 14), 1)


def test_same_arguments_same_records() -> None:
    a = generate(date(2026, 3, 14), 0.05, seed=7)
    b = generate(date(2026, 3, 14), 0.05, seed=7)
    c = generate(date(2026, 3, 14), 0.05, seed=8)
    assert [r.to_doc() for r in a] == [r.to_doc() for r in b]
    assert [r.id for r in a] != [r.id for r in c]


def test_a_year_has_the_heavy_users_volume(year) -> None:
    n = counts(year)
    assert 3300 <= n["checkins"] <= 4000
    assert 1900 <= n["focus_blocks"] <= 2500
    assert n["reflections"] == 365
    assert 15 <= n["feedback_responses"] <= 25
    assert n["story_versions"] == 5
    assert 40 <= n["rehearsals"] <= 60
    assert len({r.id for r in year}) == len(year)


def test_times_keep_a_local_offset_that_changes_like_dst(year) -> None:
    offsets = {c.at.utcoffset() for c in year if isinstance(c, CheckIn)}
    assert offsets == {timedelta(hours=-7), timedelta(hours=-8)}
    assert local_offset(date(2026, 3, 7)) == timezone(timedelta(hours=-8))
    assert local_offset(date(2026, 3, 9)) == timezone(timedelta(hours=-7))
    assert local_offset(date(2025, 11, 3)) == timezone(timedelta(hours=-8))


def test_energy_follows_a_daily_rhythm(year) -> None:
    by_hour = defaultdict(list)
    for c in year:
        if isinstance(c, CheckIn) and c.energy is not None:
            by_hour[c.at.hour].append(c.energy)
    mean = {h: statistics.mean(v) for h, v in by_hour.items()}
    assert mean[10] > mean[14] + 0.8
    assert mean[10] > mean[21] + 1.0
    assert energy_rhythm(10.5) > energy_rhythm(14.5)


def test_tags_have_effects(year) -> None:
    checkins = [c for c in year if isinstance(c, CheckIn)]
    with_ex = [c.mood for c in checkins if "exercise" in c.tags]
    without = [c.mood for c in checkins if "exercise" not in c.tags]
    assert statistics.mean(with_ex) > statistics.mean(without) + 0.4
    tired = [c.energy for c in checkins if "poor-sleep" in c.tags and c.energy]
    rested = [c.energy for c in checkins if "poor-sleep" not in c.tags and c.energy]
    assert statistics.mean(tired) < statistics.mean(rested) - 0.8


def test_focus_is_better_in_the_morning(year) -> None:
    blocks = [b for b in year if isinstance(b, FocusBlock)]
    morning = [b.focus_quality for b in blocks if 9 <= b.started_at.hour < 11]
    afternoon = [b.focus_quality for b in blocks if 14 <= b.started_at.hour < 16]
    assert statistics.mean(morning) > statistics.mean(afternoon) + 0.5
    assert all(b.ended_at and b.ended_at > b.started_at for b in blocks)


def test_people_are_roles_not_names(year) -> None:
    people = [p for p in year if isinstance(p, Person)]
    assert people
    for p in people:
        assert re.fullmatch(r"(Client|Colleague|Friend|Mentor|Former manager) [A-Z]\d*", p.name), p.name
    names = {p.name for p in people}
    for response in (r for r in year if isinstance(r, FeedbackResponse)):
        assert response.from_name in names
        for passage in response.strengths:
            text = response.answers[passage.answer].text
            assert 0 <= passage.start < passage.end <= len(text)


def test_reflections_and_stories_are_complete(year) -> None:
    reflections = [r for r in year if isinstance(r, Reflection)]
    assert {r.session for r in reflections} == {"morning", "evening", "weekly"}
    assert all(r.status == "done" and set(r.answers) == set(r.prompts) for r in reflections)
    [story] = [s for s in year if isinstance(s, Story)]
    assert [v.n for v in story.versions] == [1, 2, 3, 4, 5] and len(story.variants) == 4


def test_a_datetime_end_cuts_the_last_day_at_that_local_time() -> None:
    end = datetime(2026, 3, 14, 12, 0, tzinfo=timezone(timedelta(hours=-7)))
    records = generate(end, 0.05)
    last_day = [c for c in records if isinstance(c, CheckIn) and c.at.date() == end.date()]
    assert last_day and all(c.at.hour < 12 for c in last_day)


def test_the_story_is_one_record_in_the_builders_steps_and_every_run_points_at_it() -> None:
    """Three years: one story (the app keeps one), filled in with the builder's own steps (a step the
    builder does not show would be text the user cannot see), rehearsed and used through its variants."""
    from reflect.core.models import PitchUse, Rehearsal
    from reflect.core.story.story import steps

    records = generate(date(2026, 3, 14), 3)
    [story] = [s for s in records if isinstance(s, Story)]
    shown = {s.id for s in steps()}
    assert set(story.steps) == shown and all(set(v.steps) == shown for v in story.versions)
    assert story.master == story.versions[-1].master and story.master.strip()
    variants = {v.id for v in story.variants}
    runs = [r for r in records if isinstance(r, (Rehearsal, PitchUse))]
    assert runs and all(r.story_id == story.id and r.variant_id in variants for r in runs)
    last = max(r.started_at for r in runs if isinstance(r, Rehearsal))
    assert (date(2026, 3, 14) - last.date()).days <= 14  # still practised lately, not left years ago
