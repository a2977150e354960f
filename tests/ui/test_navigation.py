"""Navigation under Pilot: area keys from pushed screens, and one story for quitting."""

from __future__ import annotations

from reflect.screens.checkin.history import CheckInHistoryScreen


async def settle(pilot) -> None:
    """Let every worker finish and the screen refresh."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_history_never_sticks_to_the_area_it_was_opened_from(make_test_app) -> None:
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, CheckInHistoryScreen)
        await pilot.press("t")  # Today's own key, from History opened on Today
        await settle(pilot)
        assert type(app.screen).__name__ == "TodayScreen"
        await pilot.press("f", "h")
        await settle(pilot)
        assert isinstance(app.screen, CheckInHistoryScreen)
        await pilot.press("i")
        await settle(pilot)
        assert type(app.screen).__name__ == "InsightsScreen"
        await pilot.press("f")  # back to Focus: the area, not History again
        await settle(pilot)
        assert type(app.screen).__name__ == "FocusScreen"
        assert len(app.screen_stack) == 1


async def test_ctrl_c_tells_the_same_quit_story_as_the_footer(make_test_app) -> None:
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")
        await settle(pilot)
        messages = [str(n.message) for n in app._notifications]  # noqa: SLF001 - what the toast says
        assert any(m.startswith("q quits") for m in messages), messages
        assert app.is_running


def _bottom_line(app) -> str:
    return app.screen._compositor.render_strips()[-1].text  # noqa: SLF001 - the frame's last row


async def test_a_dialog_shows_its_own_keys_with_save_not_the_global_ones(make_test_app) -> None:
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "q Quit" in _bottom_line(app)
        await pilot.press("m")
        await settle(pilot)
        line = _bottom_line(app)
        assert "^s Save" in line and "esc Close" in line, line
        for dead in ("t Today", "f Focus", "q Quit", "r Reflect"):  # keys that do nothing in the dialog
            assert dead not in line, (dead, line)
        await pilot.press("escape")
        await settle(pilot)
        assert "q Quit" in _bottom_line(app) and "^s Save" not in _bottom_line(app)


async def test_area_keys_work_from_help(make_test_app) -> None:
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key, screen in [("f", "FocusScreen"), ("i", "InsightsScreen"), ("m", "CheckInScreen")]:
            await pilot.press("question_mark")
            await settle(pilot)
            assert type(app.screen).__name__ == "HelpScreen"
            await pilot.press(key)
            await settle(pilot)
            assert type(app.screen).__name__ == screen, key


async def test_area_keys_work_in_reflect_after_escape_and_keep_the_answer(make_test_app, store) -> None:
    from reflect.core.models import Reflection
    from reflect.screens.reflection import ReflectionScreen

    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("enter")  # the suggested session
        await settle(pilot)
        assert isinstance(app.screen, ReflectionScreen)
        await pilot.press(*"finish the fig")  # f, i, s, t are letters of the answer here
        await settle(pilot)
        assert isinstance(app.screen, ReflectionScreen)
        assert "esc Leave answer" in _bottom_line(app), _bottom_line(app)
        await pilot.press("escape")  # leave the answer box: now the letters are keys
        await settle(pilot)
        assert "t f p s i Areas (saved)" in _bottom_line(app) and "esc Close" in _bottom_line(app), _bottom_line(app)
        await pilot.press("f")
        await settle(pilot)
        assert type(app.screen).__name__ == "FocusScreen" and len(app.screen_stack) == 1
    saved = store.list(Reflection)
    assert len(saved) == 1 and saved[0].status == "in_progress"
    assert "finish the fig" in saved[0].answers.values()


async def test_m_checks_in_from_every_area_and_people_tab(make_test_app) -> None:
    from reflect.screens.checkin.dialog import CheckInScreen

    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        places = [("t",), ("f",), ("s",), ("i",), *(("p", tab) for tab in "1234")]
        for keys in places:
            await pilot.press(*keys)
            await settle(pilot)
            await pilot.press("escape")  # off any field a tab focused, as a user would
            await pilot.press("m")
            await settle(pilot)
            assert isinstance(app.screen, CheckInScreen), keys
            await pilot.press("escape", "escape")
            await settle(pilot)
            assert not isinstance(app.screen, CheckInScreen), keys


async def test_an_area_opened_reads_its_data_once_and_again_when_shown_again(make_test_app, monkeypatch) -> None:
    """Textual shows a screen right after mounting it (twice, for a mode's): the load the mount
    started is that showing's; a second one would read the whole journal again beside it."""
    import threading

    import reflect.screens.insights as insights

    computed = insights.load_insights
    calls: list[int] = []
    release = threading.Event()

    def counted(*args):
        calls.append(1)
        release.wait(30)  # still reading while the screen is shown
        return computed(*args)

    monkeypatch.setattr(insights, "load_insights", counted)
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        for _ in range(5):
            await pilot.pause()
        release.set()
        await settle(pilot)
        assert type(app.screen).__name__ == "InsightsScreen"
        assert len(calls) == 1
        await pilot.press("question_mark")
        await settle(pilot)
        await pilot.press("escape")  # shown again: read again
        await settle(pilot)
        assert type(app.screen).__name__ == "InsightsScreen"
        assert len(calls) == 2
