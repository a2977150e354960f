"""Today's reflection panel: the frog for today, the session status, the balance warning."""

from __future__ import annotations

from datetime import datetime, timedelta

from textual.widgets import Static

from reflect.core.models import FocusBlock, Reflection
from reflect.widgets.today.reflection import TodayReflection
from tests.conftest import TZ


async def test_today_shows_frog_status_and_late_work_warning(make_test_app, store, clock) -> None:
    yesterday = clock.now().date() - timedelta(days=1)
    store.add(Reflection(session="evening", day=yesterday, prompt_set="evening", status="done",
                         frog="[bold]Call[/] the accountant"))
    store.add(Reflection(session="morning", day=clock.now().date(), prompt_set="morning", answers={"thankful": "sun"}))
    for d in (1, 2, 3):
        start = datetime(2026, 3, 14 - d, 23, 0, tzinfo=TZ)
        store.add(FocusBlock(started_at=start, planned_seconds=1500, ended_at=start + timedelta(minutes=25), outcome="done"))
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = str(app.screen.query_one(TodayReflection).query_one(Static).render())
    assert "Frog  [bold]Call[/] the accountant" in text
    assert "morning in progress (1 answered, r resumes)" in text
    assert "⚠ Work logged late at night (22:00-05:00) on 3 of the last 14 days." in text


async def test_a_wide_today_shows_more_of_a_note(make_test_app, store, clock) -> None:
    """The note's first line is cut by the panel's width, not at a fixed 50 characters."""
    from reflect.core.checkin.checkins import new_checkin

    note = "Long call with the client about the roadmap, then the invoice, then a walk to clear my head"
    store.add(new_checkin(clock, mood=6, energy=5, note=note + "\nsecond line"))
    for size, seen in (((160, 40), note), ((60, 20), note[:20])):
        app = make_test_app()
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            shown = "\n".join(str(line.text) for line in app.screen.query_one(".today-checkins").render_lines(
                app.screen.query_one(".today-checkins").region.reset_offset))
            assert seen in shown, shown
            if size[0] == 60:
                assert note not in shown and "…" in shown
