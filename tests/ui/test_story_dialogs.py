"""The story area's dialogs behave like every other dialog of the app: the footer lists their keys,
Escape in a text field only leaves it, a bad value is a line in the dialog, and a pitch use or a
version's reason closed unsaved comes back as a draft."""

from __future__ import annotations

from textual.widgets import Input, Static

from reflect.core.drafts import Draft, draft_id
from reflect.core.models import PitchUse
from reflect.screens.story.area import StoryScreen
from reflect.screens.story.dialogs import ExportDialog, PitchUseDialog, RatingDialog, SaveDialog
from tests.ui.test_dialog_drafts import until
from tests.ui.test_story_ui import story_area


def bottom_line(app) -> str:
    return app.screen._compositor.render_strips()[-1].text  # noqa: SLF001 - the frame's last row


async def open_save(app, pilot, screen) -> SaveDialog:
    """Change the text in the editor and press ctrl+s: the save dialog."""
    screen.query_one("#editor").focus()
    await pilot.press("end", *" More.", "ctrl+s")
    await until(lambda: isinstance(app.screen, SaveDialog))
    return app.screen


async def test_the_footer_shows_the_save_dialogs_keys(make_test_app, store, clock) -> None:
    async with story_area(make_test_app, store, clock) as (app, pilot, screen):
        await open_save(app, pilot, screen)
        await pilot.pause()
        line = bottom_line(app)
        assert "^s Save" in line and "esc Leave field" in line, line  # the reason field has focus
        assert "^r Rehearse" not in line, line  # the story screen's keys do not reach the dialog
        await pilot.press("escape")
        await until(lambda: "esc Cancel" in bottom_line(app))
        assert "^s Save" in bottom_line(app)


async def test_the_rating_dialog_over_a_rehearsal_shows_its_own_keys(make_test_app, store, clock) -> None:
    async with story_area(make_test_app, store, clock, variant=True) as (app, pilot, screen):
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.press("space")
        clock.advance(5)
        await pilot.press("space")
        await until(lambda: isinstance(app.screen, RatingDialog))
        await pilot.pause()
        line = bottom_line(app)
        assert "^s Save run" in line and "1-5 Rate" in line and "esc No ratings" in line, line
        assert "Start/stop" not in line and "Lap" not in line, line


async def test_escape_in_the_reason_leaves_the_field_then_closes(make_test_app, store, clock) -> None:
    async with story_area(make_test_app, store, clock) as (app, pilot, screen):
        await open_save(app, pilot, screen)
        assert isinstance(app.screen.focused, Input)
        await pilot.press("escape")
        assert isinstance(app.screen, SaveDialog) and app.screen.focused is None
        await pilot.press("escape")
        await until(lambda: isinstance(app.screen, StoryScreen))


async def test_an_export_without_a_file_says_so_in_the_dialog(make_test_app, store, clock) -> None:
    async with story_area(make_test_app, store, clock) as (app, pilot, screen):
        await pilot.press("ctrl+t")
        await until(lambda: isinstance(app.screen, ExportDialog))
        app.screen.query_one("#path", Input).value = "  "
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        assert "File: give a path" in str(app.screen.query_one(".error", Static).render())


async def test_a_pitch_use_closed_unlogged_comes_back_and_logging_clears_it(make_test_app, store, clock) -> None:
    async with story_area(make_test_app, store, clock) as (app, pilot, screen):
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.press("n")
        await until(lambda: isinstance(app.screen, PitchUseDialog))
        await pilot.press(*"Meetup", "tab", *"a shop owner", "escape", "escape")
        await until(lambda: not isinstance(app.screen, PitchUseDialog))
        await until(lambda: app.saves.idle())
        assert store.get(Draft, draft_id("pitch-use:new")).values["where"] == "Meetup"
        await pilot.press("n")
        await until(lambda: isinstance(app.screen, PitchUseDialog))
        dialog = app.screen
        await until(lambda: dialog.query_one("#whom", Input).value == "a shop owner")
        assert dialog.query_one("#where", Input).value == "Meetup"
        await pilot.press("ctrl+s")
        await until(lambda: bool(store.list(PitchUse)))
        await app.workers.wait_for_complete()
        await until(lambda: app.saves.idle())
    assert [(u.where, u.to_whom) for u in store.list(PitchUse)] == [("Meetup", "a shop owner")]
    assert store.get(Draft, draft_id("pitch-use:new")) is None


async def test_a_reason_typed_then_cancelled_is_offered_at_the_next_save(make_test_app, store, clock) -> None:
    from reflect.services import story_store

    async with story_area(make_test_app, store, clock) as (app, pilot, screen):
        await open_save(app, pilot, screen)
        await pilot.press(*"tighter", "escape", "escape")
        await until(lambda: isinstance(app.screen, StoryScreen))
        await pilot.press("ctrl+s")
        await until(lambda: isinstance(app.screen, SaveDialog))
        dialog = app.screen
        await until(lambda: dialog.query_one("#why", Input).value == "tighter")
        await pilot.press("enter")
        await until(lambda: story_store.load(store).story.versions[-1].why == "tighter")
        await app.workers.wait_for_complete()
        await until(lambda: app.saves.idle())
    assert store.get(Draft, draft_id("story:why")) is None


async def test_enter_in_the_delete_question_keeps_the_variant(make_test_app, store, clock) -> None:
    from reflect.screens.dialog import ConfirmDialog
    from reflect.services import story_store

    async with story_area(make_test_app, store, clock, variant=True) as (app, pilot, screen):
        await pilot.press("delete")
        await until(lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("enter")  # a reflex Enter after delete: the focused button is No
        await until(lambda: isinstance(app.screen, StoryScreen))
        await app.workers.wait_for_complete()
    assert len(story_store.load(store).story.variants) == 1
