"""The app shell under Pilot: modes, global keys, dialogs, palette, theme, Today, off-loop I/O."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from textual.command import CommandList, CommandPalette

from textual.widgets import Static

from reflect.app import make_app
from reflect.core.checkin.checkins import new_checkin
from reflect.core.models import CheckIn
from reflect.store import Store
from reflect.widgets.today.checkins import TodayCheckIns

SIZE = (80, 24)


async def settle(pilot) -> None:
    """Let every worker finish and the screen refresh."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_starts_on_today_and_every_area_key_switches(make_test_app) -> None:
    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "TodayScreen"
        for key, screen in [("f", "FocusScreen"), ("p", "PeopleScreen"), ("s", "StoryScreen"),
                            ("i", "InsightsScreen"), ("t", "TodayScreen")]:
            await pilot.press(key)
            await settle(pilot)
            assert type(app.screen).__name__ == screen, key
            assert app.current_mode == screen.removesuffix("Screen").lower()


@pytest.mark.parametrize(("key", "dialog"), [("m", "CheckInScreen"), ("r", "ReflectionScreen"), ("question_mark", "HelpScreen")])
async def test_dialog_keys_open_and_escape_closes(make_test_app, key, dialog) -> None:
    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert type(app.screen).__name__ == dialog
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "TodayScreen"


async def test_q_quits(make_test_app) -> None:
    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code in (0, None)
    assert not app.is_running


async def test_the_footer_shows_every_global_key_at_80_columns(make_test_app) -> None:
    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())  # noqa: SLF001 - the frame
        last = text.splitlines()[-1]
        for label in ("t Today", "f Focus", "p People", "s Story", "i Insights", "m Check in", "r Reflect", "? Help", "q Quit"):
            assert label in last, (label, last)


async def test_the_command_palette_lists_the_areas(make_test_app) -> None:
    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        prompts = []
        for query in ("Today", "Focus", "People", "Story", "Insights", "Check in", "Reflect", "Help"):
            await pilot.press(*query)
            await settle(pilot)
            options = app.screen.query_one(CommandList)
            prompts.append([str(options.get_option_at_index(i).prompt) for i in range(options.option_count)])
            for _ in query:
                await pilot.press("backspace")
        for query, found in zip(("Today (t)", "Focus (f)", "People (p)", "Story (s)", "Insights (i)", "Check in (m)",
                                 "Reflect (r)", "Help (?)"), prompts):
            assert any(query in p for p in found), (query, found)


async def test_choosing_a_palette_entry_switches_area(make_test_app) -> None:
    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Insights (i)")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "InsightsScreen"


async def test_theme_choice_is_saved_and_restored(store, clock) -> None:
    app = make_app(store=store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme != "nord"
        app.theme = "nord"
        await settle(pilot)
    assert Store(store.root).settings().theme == "nord"
    again = make_app(store=Store(store.root, clock), clock=clock)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


class LoopGuardStore(Store):
    """A store that records every call made on the event loop's thread (where none must be)."""

    GUARDED = ("open", "list", "get", "add", "put", "delete", "put_many", "raw_docs", "settings",
               "save_settings", "daily_backup", "quarantined")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.loop_thread: int | None = None
        self.calls: list[tuple[str, bool]] = []

    def __getattribute__(self, name: str):
        attr = super().__getattribute__(name)
        if name in LoopGuardStore.GUARDED and callable(attr):
            def guarded(*args, **kwargs):
                on_loop = threading.get_ident() == super(LoopGuardStore, self).__getattribute__("loop_thread")
                super(LoopGuardStore, self).__getattribute__("calls").append((name, on_loop))
                return attr(*args, **kwargs)
            return guarded
        return attr


async def test_store_io_never_runs_on_the_event_loop(data_dir, clock) -> None:
    store = LoopGuardStore(data_dir, clock)
    app = make_app(store=store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        store.loop_thread = threading.get_ident()
        await settle(pilot)
        for key in ("f", "p", "s", "i", "t", "m", "escape"):
            await pilot.press(key)
            await settle(pilot)
        saved = await app.save(new_checkin(clock, mood=6, energy=6))
        assert saved is not None
        app.theme = "nord"
        await settle(pilot)
    names = {name for name, _ in store.calls}
    assert {"open", "list", "settings", "put"} <= names, names
    assert [name for name, on_loop in store.calls if on_loop] == []


async def test_the_loop_guard_catches_a_call_on_the_loop(data_dir, clock) -> None:
    store = LoopGuardStore(data_dir, clock)
    store.loop_thread = threading.get_ident()
    store.list(CheckIn)
    assert store.calls == [("list", True)]


async def test_today_shows_todays_checkins_with_notes_as_plain_text(store, clock, make_test_app) -> None:
    now = clock.now()
    store.add(new_checkin(clock, mood=7, energy=4, tags=["exercise"], note="[@click=app.quit]", at=now - timedelta(hours=2)))
    store.add(new_checkin(clock, mood=3, energy=8, note="[bold]loud[/] day", at=now - timedelta(hours=1)))
    store.add(new_checkin(clock, mood=9, energy=9, note="yesterday's", at=now - timedelta(days=1)))
    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        checkins = app.screen.query_one(TodayCheckIns).query_one(Static)
        text = str(checkins.render())
        assert "07:00  mood 7 · energy 4" in text and "#exercise" in text
        assert "[@click=app.quit]" in text
        assert "[bold]loud[/] day" in text
        assert "yesterday's" not in text
        await pilot.click(TodayCheckIns)
        await settle(pilot)
        assert app.is_running  # the note's "action" did nothing


async def test_today_reloads_when_a_checkin_is_saved(clock, make_test_app) -> None:
    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "No check-ins yet today" in str(app.screen.query_one(TodayCheckIns).query_one(Static).render())
        await app.save(new_checkin(clock, mood=5, energy=2, note="saved from the app"))
        await settle(pilot)
        assert "saved from the app" in str(app.screen.query_one(TodayCheckIns).query_one(Static).render())


async def test_the_app_builds_its_own_store_after_the_first_frame(data_dir, clock) -> None:
    app = make_app(clock=clock, data_dir=data_dir)
    assert app._store is None  # noqa: SLF001 - nothing imported or opened before the app runs
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "TodayScreen"
        assert app.store.root == data_dir and data_dir.is_dir()
        assert await app.save(new_checkin(clock, mood=5, energy=5)) is not None
        await settle(pilot)
        assert "mood 5" in str(app.screen.query_one(TodayCheckIns).query_one(Static).render())
