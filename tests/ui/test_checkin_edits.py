"""The check-in dialog keeps what the user gave: unchanged edits change nothing, the moved-to word is chosen."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from reflect.core.checkin.checkins import new_checkin
from reflect.core.models import CheckIn
from reflect.screens.checkin.dialog import CheckInScreen


async def until(condition, tries: int = 400) -> None:
    """Wait until `condition()` holds (polling; fails after a generous bound)."""
    for _ in range(tries):
        if condition():
            return
        await asyncio.sleep(0.025)
    assert condition()


async def test_saving_an_unchanged_edit_changes_nothing_on_disk(make_test_app, store, clock) -> None:
    at = clock.now().replace(second=37) - timedelta(hours=1)
    c = new_checkin(clock, mood=6, energy=4, tags=["[bold red]big", "work"], note="as it was", at=at)
    store.add(c)
    before = store.raw_docs(CheckIn)
    clock.advance(3600)
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("h")
        await app.workers.wait_for_complete()
        await until(lambda: app.screen.query("DataTable"))
        await pilot.press("e")
        await until(lambda: isinstance(app.screen, CheckInScreen))
        await pilot.press("ctrl+s")
        await until(lambda: not isinstance(app.screen, CheckInScreen))
        await app.workers.wait_for_complete()
    assert store.get(CheckIn, c.id).tags == ["[bold red]big", "work"]
    assert store.raw_docs(CheckIn) == before


async def test_moving_the_highlight_in_the_word_list_chooses_the_word(make_test_app, store) -> None:
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m")
        await until(lambda: isinstance(app.screen, CheckInScreen))
        screen = app.screen
        await pilot.press("4", "4")  # mood and energy: the word list fills
        await pilot.press("tab")  # to the words
        await pilot.press("down")
        words = screen.query_one("#words")
        chosen = str(words.get_option_at_index(1).prompt)
        await until(lambda: screen.emotion == chosen)
        await pilot.press("ctrl+s")
        await until(lambda: not isinstance(app.screen, CheckInScreen))
        await app.workers.wait_for_complete()
    [saved] = store.list(CheckIn)
    assert saved.emotion == chosen


async def test_escape_leaves_the_note_then_closing_keeps_a_draft_that_survives_a_restart(data_dir, clock) -> None:
    from textual.widgets import Input, TextArea

    from reflect.app import make_app
    from reflect.core.drafts import Draft, draft_id
    from reflect.store import Store
    from reflect.widgets.affect_grid import AffectGrid

    note = "A long note about the client call, " * 8
    app = make_app(store=Store(data_dir, clock).open(), clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m")
        await until(lambda: isinstance(app.screen, CheckInScreen))
        screen = app.screen
        await pilot.press("3", "4", "tab", "down")  # mood, energy, then a word from the list
        await until(lambda: screen.emotion is not None)
        emotion = screen.emotion
        await pilot.press("tab", *"deep work, client a", "tab")
        screen.query_one("#note", TextArea).insert(note)
        await pilot.press("escape")  # leaves the note, the dialog stays
        assert app.screen is screen and isinstance(screen.focused, AffectGrid)
        await pilot.press("escape")  # closes; what was typed is kept
        await until(lambda: not isinstance(app.screen, CheckInScreen))
    assert app.saves.wait_idle(timeout=30)

    store = Store(data_dir, clock).open()  # a new process would see the same folder
    assert store.list(CheckIn) == [] and store.get(Draft, draft_id("checkin:new")) is not None
    app2 = make_app(store=store, clock=clock)
    async with app2.run_test(size=(100, 30)) as pilot:
        await pilot.press("m")
        await until(lambda: isinstance(app2.screen, CheckInScreen))
        screen = app2.screen
        await until(lambda: screen.query_one("#note", TextArea).text == note)
        assert screen.query_one("#tags", Input).value == "deep work, client a"
        await pilot.press("ctrl+s")
        await until(lambda: not isinstance(app2.screen, CheckInScreen))
        await app2.workers.wait_for_complete()
    assert app2.saves.wait_idle(timeout=30)
    [c] = store.list(CheckIn)
    assert (c.mood, c.energy, c.emotion, c.tags, c.note) == (3, 4, emotion, ["deep work", "client a"], note)
    assert store.get(Draft, draft_id("checkin:new")) is None  # saved: the draft is gone


async def test_text_typed_right_after_tab_goes_to_the_next_field(make_test_app, store) -> None:
    from textual.widgets import Input, TextArea

    from tests.ui.test_ordered_saves import burst

    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m")
        await until(lambda: isinstance(app.screen, CheckInScreen))
        screen = app.screen
        await pilot.press("3", "4", "tab", "tab")  # to the tags
        await until(lambda: screen.query_one("#tags", Input).has_focus)
        burst(app, "work", "tab")
        burst(app, "Went well")  # in the same tick as the tab
        await until(lambda: screen.query_one("#note", TextArea).text == "Went well", tries=200)
        assert screen.query_one("#tags", Input).value == "work"


async def _edit_with_digits(app, pilot, *digits: str) -> None:
    await pilot.press("h")
    await until(lambda: app.screen.query("DataTable"))
    await app.workers.wait_for_complete()
    await pilot.press("e")
    await until(lambda: isinstance(app.screen, CheckInScreen))
    await pilot.press(*digits)


async def test_a_word_that_no_longer_fits_the_new_point_is_cleared(make_test_app, store, clock) -> None:
    c = new_checkin(clock, mood=5, energy=7, emotion="irritated")  # unpleasant, high energy
    store.add(c)
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _edit_with_digits(app, pilot, "9", "7")
        screen = app.screen
        await until(lambda: "mood 9 · energy 7" in str(screen.query_one("#readout").render()))
        assert screen.emotion is None
        assert "irritated" not in str(screen.query_one("#readout").render())
        await pilot.press("ctrl+s")
        await until(lambda: not isinstance(app.screen, CheckInScreen))
        await app.workers.wait_for_complete()
    assert app.saves.wait_idle(timeout=30)
    saved = store.get(CheckIn, c.id)
    assert (saved.mood, saved.energy, saved.emotion) == (9, 7, None)


async def test_a_word_that_still_fits_is_kept(make_test_app, store, clock) -> None:
    c = new_checkin(clock, mood=4, energy=6, emotion="irritated")
    store.add(c)
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _edit_with_digits(app, pilot, "2", "8")
        screen = app.screen
        await until(lambda: "mood 2 · energy 8" in str(screen.query_one("#readout").render()))
        assert screen.emotion == "irritated"
        assert "irritated" in str(screen.query_one("#readout").render())


async def test_a_new_check_in_drops_its_word_when_the_point_moves_to_another_quadrant(make_test_app, store) -> None:
    from reflect.widgets.affect_grid import AffectGrid

    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m")
        await until(lambda: isinstance(app.screen, CheckInScreen))
        screen = app.screen
        await pilot.press("2", "2", "tab", "down")  # unpleasant, low energy, and a word for it
        await until(lambda: screen.emotion is not None)
        screen.query_one(AffectGrid).focus()
        await pilot.press("8")
        await until(lambda: "mood 8 · energy 2" in str(screen.query_one("#readout").render()))
        assert screen.emotion is None
