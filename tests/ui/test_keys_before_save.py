"""A save or quit key acts on every key typed before it, however fast they came (a paste without
bracketed paste, a text expander): ctrl+s in a dialog and ctrl+q anywhere jump ahead of the field's
queue of keys, so they first wait for the field to take them."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from reflect.core.drafts import Draft, draft_id
from reflect.core.models import CheckIn, Reflection
from reflect.screens.checkin.dialog import CheckInScreen
from tests.ui.test_ordered_saves import burst, until


async def _checkin_field(app, pilot, field: str):
    await pilot.press("m")
    await until(lambda: isinstance(app.screen, CheckInScreen))
    screen = app.screen
    await pilot.press("4", "4")
    box = screen.query_one(field)
    box.focus()
    await until(lambda: box.has_focus)
    return screen, box


async def test_a_note_typed_just_before_ctrl_s_is_saved_whole(make_test_app, store) -> None:
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _checkin_field(app, pilot, "#note")
        burst(app, "burst note one two three", "ctrl+s")
        await until(lambda: not isinstance(app.screen, CheckInScreen))
        await app.workers.wait_for_complete()
    [saved] = store.list(CheckIn)
    assert saved.note == "burst note one two three"


async def test_a_time_typed_just_before_ctrl_s_is_the_time_saved(make_test_app, store) -> None:
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        _, box = await _checkin_field(app, pilot, "#time")
        assert isinstance(box, Input)
        burst(app, "", "ctrl+a", "ctrl+k")
        await until(lambda: box.value == "")
        burst(app, "2026-03-13 10:00", "ctrl+s")
        await until(lambda: not isinstance(app.screen, CheckInScreen))
        await app.workers.wait_for_complete()
    [saved] = store.list(CheckIn)
    assert saved.at.strftime("%Y-%m-%d %H:%M") == "2026-03-13 10:00"


async def test_a_note_typed_just_before_ctrl_q_is_kept_as_the_draft(make_test_app, store) -> None:
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _checkin_field(app, pilot, "#note")
        burst(app, "quit right after typing this", "ctrl+q")
        await until(lambda: not app.is_running)
    assert app.saves.wait_idle(timeout=30)
    assert store.get(Draft, draft_id("checkin:new")).values["note"] == "quit right after typing this"


async def test_an_answer_typed_just_before_ctrl_q_is_saved(make_test_app, store, tmp_path, monkeypatch) -> None:
    from reflect.screens.reflection import ReflectionScreen

    monkeypatch.setenv("REFLECT_CONFIG_DIR", str(tmp_path / "config"))
    app = make_test_app()
    text = "frog burst call the accountant QUITTEST"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await until(lambda: isinstance(app.screen, ReflectionScreen) and app.screen.query_one("#chooser").option_count)
        await pilot.press("enter")
        screen = app.screen
        await until(lambda: screen.reflection is not None and screen.query_one("#answer", TextArea).has_focus)
        burst(app, text, "ctrl+q")
        await until(lambda: not app.is_running)
    assert app.saves.wait_idle(timeout=30)
    [saved] = store.list(Reflection)
    assert text in saved.answers.values()


async def test_settings_typed_just_before_ctrl_s_are_saved(make_test_app, store) -> None:
    from reflect.screens.settings import DailySettingsScreen

    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await until(lambda: bool(app.screen_stack))
        app.action_daily_settings()
        await until(lambda: isinstance(app.screen, DailySettingsScreen))
        screen = app.screen
        await until(lambda: bool(screen.query("#day_start")) and screen.query_one("#day_start", Input).value == "04:00")
        field = screen.query_one("#day_start", Input)
        field.value = ""
        burst(app, "05:30", "ctrl+s")
        await until(lambda: not isinstance(app.screen, DailySettingsScreen))
        await app.workers.wait_for_complete()
    assert store.settings().day_start == "05:30"


async def test_settings_typed_before_the_stored_ones_are_read_are_not_overwritten(make_test_app, store, monkeypatch) -> None:
    """The settings dialog fills its fields from the store in a worker; a user quicker than a slow
    disk has typed already, and the late fill must not put the stored value back over it."""
    import threading

    from reflect.screens.settings import DailySettingsScreen

    release = threading.Event()
    slow_settings = store.settings

    def settings():
        release.wait(10)
        return slow_settings()

    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await until(lambda: app.is_running and bool(app.screen_stack))
        await app.workers.wait_for_complete()
        monkeypatch.setattr(store, "settings", settings)
        app.action_daily_settings()
        await until(lambda: isinstance(app.screen, DailySettingsScreen) and bool(app.screen.query("#day_start")))
        field = app.screen.query_one("#day_start", Input)
        field.value = "05:30"
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert field.value == "05:30"
