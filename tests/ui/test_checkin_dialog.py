"""The check-in dialog driven by keys: the quick path, the grid path, refusals, literal notes."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Static, TextArea

from reflect.core.models import CheckIn
from reflect.screens.checkin.dialog import CheckInScreen
from tests.conftest import wait_until


async def test_quick_path_is_three_keys(make_test_app, store) -> None:
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        assert "mood 1-9" in str(app.screen.query_one("#dialog").border_subtitle)  # the scale, said where chosen
        await pilot.press("7", "3", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, CheckInScreen)
    saved = store.list(CheckIn)
    assert [(c.mood, c.energy) for c in saved] == [(7, 3)]  # the digit pressed is the value shown everywhere
    assert saved[0].at.isoformat() == "2026-03-14T09:00:00-07:00"


async def test_grid_path_with_word_tags_and_note(make_test_app, store) -> None:
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("right", "right", "up")  # from the centre: mood 7, energy 6
        await pilot.press("tab")  # the word list
        await pilot.press("enter")  # the nearest word
        dialog = app.screen
        word = str(dialog.query_one(OptionList).get_option_at_index(0).prompt)
        await pilot.press("tab")
        await pilot.press(*"Work walk")
        dialog.query_one("#note", TextArea).text = "[bold]x[/] and [@click=app.quit]q[/]"
        dialog.query_one("#time", Input).value = "2026-03-13 21:30"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
    [c] = store.list(CheckIn)
    assert (c.mood, c.energy, c.emotion, c.tags) == (7, 6, word, ["work", "walk"])
    assert c.note == "[bold]x[/] and [@click=app.quit]q[/]"
    assert c.at.isoformat() == "2026-03-13T21:30:00-07:00"


async def test_untouched_grid_and_bad_keys_are_refused(make_test_app, store) -> None:
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        status = app.screen.query_one("#status", Static)
        assert "pick mood and energy first" in str(status.render())
        await pilot.press("0")
        await pilot.pause()
        assert "1 to 9" in str(status.render()) and "not 0" in str(status.render())
        await pilot.press("3")
        app.screen.query_one("#time", Input).value = "25:99"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "time:" in str(status.render())
        await pilot.press("escape")
        await pilot.pause()
    assert store.list(CheckIn) == []


async def test_tag_completion_from_earlier_tags(make_test_app, store, clock) -> None:
    from reflect.core.checkin.checkins import new_checkin

    store.add(new_checkin(clock, mood=5, energy=5, tags=["exercise"]))
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        await app.workers.wait_for_complete()
        await pilot.press("1", "1", "tab", "tab")
        await pilot.press(*"ex")
        await wait_until(pilot, lambda: app.screen.query_one("#tags", Input)._suggestion == "exercise")
        await pilot.press("right")  # accept the suggestion
        assert app.screen.query_one("#tags", Input).value == "exercise"


async def test_note_length_limit_and_no_second_dialog(make_test_app, store) -> None:
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("m")  # m inside the dialog does not stack a second one
        await pilot.pause()
        assert len([s for s in app.screen_stack if isinstance(s, CheckInScreen)]) == 1
        await pilot.press("3", "3")
        note = app.screen.query_one("#note", TextArea)
        note.text = "é" * 20_001
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "note: at most 20,000 characters; this one has 20,001" in str(app.screen.query_one("#status", Static).render())
        assert store.list(CheckIn) == []
        note.text = "é" * 20_000
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    [c] = store.list(CheckIn)
    assert len(c.note) == 20_000


async def test_a_time_later_today_is_refused_and_a_day_given_is_taken(make_test_app, store) -> None:
    """At 09:00, "21:30" would be tonight: refused, saying how to give another day; the same time
    with yesterday's date is stored."""
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("7", "3")
        status = app.screen.query_one("#status", Static)
        app.screen.query_one("#time", Input).value = "21:30"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "in the future" in str(status.render()))
        assert str(status.render()).strip() == "time: 2026-03-14 21:30 is in the future"  # one line, even at 60 columns
        assert store.list(CheckIn) == []
        app.screen.query_one("#time", Input).value = "2026-03-13 21:30"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    [c] = store.list(CheckIn)
    assert c.at.isoformat() == "2026-03-13T21:30:00-07:00"
