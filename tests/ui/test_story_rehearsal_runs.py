"""Rehearsal numbers on screen are computed from what they name, and runs can be deleted."""

from __future__ import annotations

import uuid
from datetime import timedelta

from textual.widgets import Static

from reflect.core.models import Rehearsal
from reflect.screens.dialog import ConfirmDialog
from reflect.screens.story.dialogs import RatingDialog
from reflect.screens.story.rehearse import RehearseScreen
from tests.ui.test_story_ui import story_area


async def _settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_the_word_target_is_the_budget_the_check_uses(make_test_app, store, clock) -> None:
    async with story_area(make_test_app, store, clock, variant=True) as (app, pilot, screen):
        prompt = str(screen.query_one("#prompt", Static).render())
        # 30 s at the planned 130 wpm is 65 words: the same budget "over budget" is measured against
        assert "Aim for at most 65 words (30 s at 130 wpm)." in prompt
        assert "60-80" not in prompt


async def test_a_run_broken_off_with_escape_is_saved_without_a_pace(make_test_app, store, clock) -> None:
    async with story_area(make_test_app, store, clock, variant=True) as (app, pilot, screen):
        await pilot.press("ctrl+r")
        await _settle(app, pilot)
        await pilot.press("space")
        clock.advance(5)  # 42 words in 5 s would be 504 wpm
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RatingDialog)
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert isinstance(app.screen, RehearseScreen)
    (run,) = store.list(Rehearsal)
    assert run.duration_seconds == 5.0 and run.wpm is None


async def test_a_rehearsal_run_can_be_deleted(make_test_app, store, clock) -> None:
    story = None
    async with story_area(make_test_app, store, clock, variant=True) as (app, pilot, screen):
        story = screen.story
        variant = story.variants[0]
        now = clock.now()
        for minutes, wpm in ((30, 140.0), (10, 552.0)):
            store.add(Rehearsal(story_id=story.id, variant_id=variant.id, version=1, started_at=now - timedelta(minutes=minutes),
                                duration_seconds=20.0, wpm=wpm))
        await pilot.press("ctrl+r")
        await _settle(app, pilot)
        rehearse = app.screen
        assert isinstance(rehearse, RehearseScreen) and len(rehearse.runs) == 2
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "552 wpm" in app.screen.question
        await pilot.press("y")
        await _settle(app, pilot)
        assert app.screen is rehearse and [r.wpm for r in rehearse.runs] == [140.0]
        assert "552" not in str(rehearse.query_one("RehearsalHistory", Static).render())
    assert [r.wpm for r in store.list(Rehearsal)] == [140.0]


async def test_runs_from_last_year_say_their_year(make_test_app, store, clock) -> None:
    """The history's rows and the delete question name the year of a run from another year."""
    async with story_area(make_test_app, store, clock, variant=True) as (app, pilot, screen):
        variant = screen.story.variants[0]
        now = clock.now()
        for days in (315, 100):  # 03 May 2025, 04 Dec 2025
            store.add(Rehearsal(story_id=screen.story.id, variant_id=variant.id, version=1, recording=str(uuid.uuid4()),
                                started_at=now - timedelta(days=days), duration_seconds=20.0, wpm=140.0))
        await pilot.press("ctrl+r")
        await _settle(app, pilot)
        rehearse = app.screen
        assert isinstance(rehearse, RehearseScreen) and len(rehearse.runs) == 2
        history = str(rehearse.query_one("RehearsalHistory", Static).render())
        assert "03 May 2025 " in history and "04 Dec 2025 " in history
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Delete the run of 04 Dec 2025 09:00 " in app.screen.question
        await pilot.press("n")
        await _settle(app, pilot)
        await pilot.press("K")  # the newest kept recording
        await _settle(app, pilot)
        assert "Deleted the recording of the 04 Dec 2025 09:00 run" in [n.message for n in app._notifications]  # noqa: SLF001
