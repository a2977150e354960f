"""Counts read in the number they take, sentences keep their spaces, hints and forms fit their width."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Static

from reflect.core.checkin.checkins import new_checkin
from reflect.core.models import Rehearsal
from reflect.widgets.story.rehearsal_history import render_history
from reflect.widgets.today.checkins import TodayCheckIns
from tests.conftest import wait_until


async def test_insights_say_one_day_and_keep_a_space_before_waiting_tags(make_test_app, store, clock) -> None:
    store.put_many([new_checkin(clock, mood=5, energy=5, tags=["work"], at=clock.now() - timedelta(minutes=m))
                    for m in range(4)])
    app = make_test_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("i")
        await wait_until(pilot, lambda: getattr(app.screen, "insights", None) is not None)
        await pilot.pause()
        overview = str(app.screen.query_one("#ins-overview", Static).render())
        tags = str(app.screen.query_one("#ins-tags", Static).render())
    assert "4 check-ins on 1 day in" in overview, overview
    assert "without.\nWaiting for data" in tags, tags


def test_cli_insights_summary_says_one_day(store, clock) -> None:
    from reflect.cli.insights import summary
    from reflect.screens.insights import load_insights

    store.put_many([new_checkin(clock, mood=5, energy=5, at=clock.now() - timedelta(minutes=m)) for m in range(4)])
    from reflect.core.journal_day import parse_day_start

    text = summary(load_insights(store, clock.now().date(), None, parse_day_start(store.settings().day_start)))
    assert "4 check-ins on 1 day in" in text and "Streak: 1 day " in text, text


def test_one_rehearsal_is_the_latest_run(clock) -> None:
    run = Rehearsal(started_at=clock.now(), duration_seconds=50.0, target_seconds=60.0)
    assert render_history([run]).plain.startswith("The latest run (bar")
    assert render_history([run, run.model_copy(update={"id": "r2"})]).plain.startswith("The 2 latest runs (bar")


async def test_the_empty_today_hint_fits_80_and_60_columns(make_test_app) -> None:
    for width in (80, 60):
        app = make_test_app()
        async with app.run_test(size=(width, 24)) as pilot:
            await wait_until(pilot, lambda app=app: bool(app.screen.query(TodayCheckIns)))
            await app.workers.wait_for_complete()
            panel = app.screen.query_one(TodayCheckIns).query_one(Static)
            await wait_until(pilot, lambda panel=panel: panel.content_size.width > 0)  # laid out
            lines = str(panel.render()).splitlines()
            assert lines[-1].endswith("h history"), lines
            assert max(len(line) for line in lines) <= panel.content_size.width, (width, lines, panel.content_size)


async def test_the_focus_form_keeps_blocks_on_screen_at_60_columns(make_test_app) -> None:
    app = make_test_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("f")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "FocusScreen")
        await pilot.pause()
        [unit] = [s for s in app.screen.query(".unit") if str(s.render()) == "blocks"]
        assert unit.region.width == len("blocks") + 2 and unit.region.right <= 60, unit.region
