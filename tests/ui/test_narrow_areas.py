"""People and Story at 60x20 under Pilot: the story editor keeps room to write, quotes stay on one line."""

from __future__ import annotations

from textual.widgets import TextArea

from reflect.widgets.feedback_views import ThemesView
from tests.ui import feedback_seed, story_seed


async def settle(pilot) -> None:
    """Let every worker finish and the screen refresh."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_the_story_editor_keeps_most_of_a_60_column_terminal(make_test_app, store, clock) -> None:
    story_seed.seed(store, clock)
    app = make_test_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        editor = app.screen.query_one("#editor", TextArea)
        assert editor.size.width >= 36 and editor.size.height >= 4, editor.size
        checks = app.screen.query_one("ChecksPanel")
        assert checks.region.y > editor.region.y and checks.size.width >= 20  # below the editor, readable


async def test_theme_quotes_fit_on_one_line_with_who_said_them(make_test_app, store) -> None:
    feedback_seed.seed(store)
    app = make_test_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.press("p", "4")
        await settle(pilot)
        view = app.screen.query_one(ThemesView)
        lines = str(view.render()).splitlines()
        quotes = [line for line in lines if "\u201c" in line]
        assert quotes and all(line.rstrip().endswith(")") for line in quotes), lines
        assert all(len(line) <= view.content_size.width for line in quotes), lines
