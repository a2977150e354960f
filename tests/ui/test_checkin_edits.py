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
