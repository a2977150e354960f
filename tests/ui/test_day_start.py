"""The journal day under Pilot: work after midnight belongs to the day before; Today rolls over by itself."""

from __future__ import annotations

import asyncio
from datetime import datetime

from textual.widgets import Static

from reflect.core.checkin.checkins import new_checkin
from reflect.core.models import FocusBlock
from tests.conftest import TZ


async def settle(pilot) -> None:
    """Let every worker finish and the screen refresh."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _until(pilot, condition, what: str) -> None:
    """Wait on a condition (timers run on real time), failing after about a minute."""
    for _ in range(600):
        if condition():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"never happened: {what}")


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_after_midnight_is_yesterday_until_the_day_start_then_today_rolls_over(make_test_app, store, clock) -> None:
    clock.set(datetime(2026, 3, 14, 3, 59, 58, tzinfo=TZ))  # Saturday 03:59:58: still Friday's journal day
    store.add(new_checkin(clock, mood=6, energy=4, note="late push"))
    start = datetime(2026, 3, 14, 0, 30, tzinfo=TZ)
    store.add(FocusBlock(intention="Proposal", planned_seconds=3000, started_at=start,
                         ended_at=start.replace(hour=1, minute=20), outcome="done"))
    app = make_test_app()
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        await _until(pilot, lambda: "1 today" in str(app.screen.query_one(".today-checkins").parent.border_title), "check-in on Today")
        assert _text(app, "#today-date") == "Friday 13 March 2026"
        assert "50 min today" in _text(app, "TodayFocus .totals")
        clock.advance(4)  # 04:00:02: the day start passed; nobody presses a key
        await _until(pilot, lambda: _text(app, "#today-date") == "Saturday 14 March 2026", "the rollover")
        await settle(pilot)
        assert app.screen.query_one(".today-checkins").parent.border_title == "Check-ins"
        assert _text(app, "TodayFocus .totals").startswith("0 min today")


async def test_the_day_start_is_set_from_the_palette_and_used_at_once(make_test_app, store, clock) -> None:
    from textual.widgets import Input

    from reflect.screens.settings import DailySettingsScreen

    clock.set(datetime(2026, 3, 14, 4, 30, tzinfo=TZ))  # 04:30: Saturday with the default day start
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert _text(app, "#today-date") == "Saturday 14 March 2026"
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"your day", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DailySettingsScreen)
        field = app.screen.query_one("#day_start", Input)
        assert field.value == "04:00"
        field.value = "13:00"
        await pilot.press("enter")
        await settle(pilot)
        assert "day start must be HH:MM from 00:00 to 11:59" in _text(app, "#status")
        field.value = "05:00"
        app.screen.query_one("#remind_checkin", Input).value = "15:00 9:30"
        app.screen.query_one("#remind_reflect", Input).value = "9pm"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "reflection reminder times must be times HH:MM" in _text(app, "#status")
        app.screen.query_one("#remind_reflect", Input).value = "21:00"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, DailySettingsScreen)
        await _until(pilot, lambda: _text(app, "#today-date") == "Friday 13 March 2026", "Today follows the new day start")
    saved = store.settings()
    assert (saved.day_start, saved.remind_checkin, saved.remind_reflect) == ("05:00", "09:30, 15:00", "21:00")


async def test_insights_count_after_midnight_for_the_day_before(make_test_app, store, clock) -> None:
    from reflect.screens.insights import InsightsScreen

    for day in range(11, 14):  # three evenings that run past midnight, and nothing else
        clock.set(datetime(2026, 3, day + 1, 0, 30, tzinfo=TZ))
        store.add(new_checkin(clock, mood=7, energy=5))
    clock.set(datetime(2026, 3, 14, 1, 0, tzinfo=TZ))  # Saturday 01:00: Friday's journal day
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await _until(pilot, lambda: isinstance(app.screen, InsightsScreen) and app.screen.insights is not None, "insights")
        ins = app.screen.insights
        assert ins["today"] == "2026-03-13" and ins["streak"]["current"] == 3
        assert [d["date"] for d in ins["series"]["7"]["daily"] if d["mood"] is not None] == [
            "2026-03-11", "2026-03-12", "2026-03-13"]


async def test_start_up_settings_the_model_refuses_are_replaced_by_what_the_model_reads(make_test_app, store, clock) -> None:
    """Start-up reads the day start without pydantic; the settings record read through the model
    moments later decides. Here the latest record has a value the model refuses (so the model reads
    the earlier one): Today must end on the earlier record's day start and the check-in it shows."""
    import json

    from reflect.core.settings import Settings

    clock.set(datetime(2026, 3, 14, 5, 30, tzinfo=TZ))  # 05:30 Saturday
    store.save_settings(Settings(day_start="04:00"))  # Saturday's journal day began at 04:00
    clock.set(datetime(2026, 3, 14, 5, 40, tzinfo=TZ))
    store.save_settings(Settings(day_start="06:00", wpm=201))
    path = store.folder(Settings) / "all.json"
    raw = path.read_text()
    assert raw.count('"wpm": 201') == 1
    path.write_text(raw.replace('"wpm": 201', '"wpm": 9999'))  # refused by the model; 06:00 would make it Friday
    assert json.loads(path.read_text())
    store.add(new_checkin(clock, mood=8, energy=7, note="early"))
    app = make_test_app()
    async with app.run_test(size=(80, 30)) as pilot:
        await _until(pilot, lambda: app.day_start.hour == 4, "the model's day start")
        await settle(pilot)
        assert _text(app, "#today-date") == "Saturday 14 March 2026"
        assert "1 today" in str(app.screen.query_one(".today-checkins").parent.border_title)


async def test_a_day_start_typed_over_the_stored_one_replaces_it(make_test_app, store, clock) -> None:
    """The field opens focused and full (five characters, its limit): typing a time replaces it,
    as when a filled field is tabbed into; it used to type nothing and save the old time."""
    from textual.widgets import Input

    from reflect.screens.settings import DailySettingsScreen

    clock.set(datetime(2026, 3, 14, 9, 0, tzinfo=TZ))
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.push_screen(DailySettingsScreen())
        await settle(pilot)
        field = app.screen.query_one("#day_start", Input)
        assert field.value == "04:00" and field.has_focus
        await pilot.press(*"06:30", "enter")
        await settle(pilot)
    assert store.settings().day_start == "06:30"
