"""One portrait in People and Story: an unsaved People draft older than a portrait saved since (in
Story) never shows as the portrait nor overwrites it; its text is kept beside the Portrait step."""

from __future__ import annotations

from textual.widgets import TextArea

from reflect.core.drafts import Draft, draft_id
from reflect.services import portrait as portrait_service
from reflect.services import story_store
from tests.ui.test_feedback_ui import open_people
from tests.ui.test_ordered_saves import until
from tests.ui.test_story_ui import open_story, save_version

SAVED = "When I am at my best, I untangle messy projects."


async def _draft_then_story(app, pilot, clock):
    people = await open_people(pilot)
    await pilot.press("5")
    box = people.query_one("#portrait-text", TextArea)
    await until(lambda: box.has_focus)
    await pilot.press(*"people draft", "escape")
    await until(lambda: app.saves.idle())
    clock.advance(60)
    story = await open_story(app, pilot)
    editor = story.query_one("#editor", TextArea)
    editor.focus()
    await until(lambda: editor.has_focus)
    editor.load_text(SAVED)
    await save_version(app, pilot)
    await until(lambda: app.saves.idle())
    story.set_focus(None)  # out of the editor, so area keys switch area
    return box


def _kept_beside(store) -> list[str]:
    loaded = story_store.load(store)
    assert loaded is not None
    return [c["text"] for c in loaded.parts[portrait_service.ITEM].conflicts]


async def test_people_shows_the_portrait_saved_in_story_not_the_older_draft(make_test_app, store, clock) -> None:
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        box = await _draft_then_story(app, pilot, clock)
        await open_people(pilot)
        await pilot.press("5")
        await until(lambda: box.text == SAVED, lambda: box.text)
        await pilot.press("ctrl+s")  # nothing new to save: the story step stays the saved text
        await app.workers.wait_for_complete()
        await until(lambda: app.saves.idle())
    assert portrait_service.view(story_store.load(store).story).text == SAVED
    assert store.get(Draft, draft_id("portrait")) is None
    assert _kept_beside(store) == ["people draft"]


async def test_an_older_draft_found_at_start_is_not_shown_as_the_portrait(make_test_app, store, clock) -> None:
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _draft_then_story(app, pilot, clock)
    app2 = make_test_app()
    async with app2.run_test(size=(100, 30)) as pilot:
        people = await open_people(pilot)
        await pilot.press("5")
        box = people.query_one("#portrait-text", TextArea)
        await until(lambda: box.text == SAVED, lambda: box.text)
        await until(lambda: app2.saves.idle())
    assert store.get(Draft, draft_id("portrait")) is None
    assert _kept_beside(store) == ["people draft"]
