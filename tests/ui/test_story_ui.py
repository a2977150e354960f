"""Pilot tests of the story area: a full rehearsal by keys, saving versions, evidence as plain text."""

from __future__ import annotations

import html
from contextlib import asynccontextmanager

from textual.widgets import OptionList, TextArea

from reflect.core.story.cut import suggest_cut
from reflect.services import story_store
from reflect.core.models import Rehearsal
from reflect.screens.story.rehearse import RehearseScreen
from reflect.screens.story.area import StoryScreen
from reflect.screens.story.dialogs import RatingDialog
from tests.conftest import wait_until
from tests.ui.story_seed import HOSTILE_QUOTE, VARIANT_TEXT, seed


async def open_story(app, pilot) -> StoryScreen:
    """Switch to the story area and wait for its data."""
    await pilot.press("s")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, StoryScreen)
    await app.workers.wait_for_complete()
    await pilot.pause()
    return screen


async def pick_last_item(screen, pilot) -> None:
    """Highlight the last item (the variant) in the list."""
    screen.query_one("#items", OptionList).focus()
    await pilot.press("end")
    await pilot.pause()


async def save_version(app, pilot, why: str = "") -> None:
    """ctrl+s, then the reason for the version (may be empty) and enter; wait for the write."""
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press(*why, "enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


@asynccontextmanager
async def story_area(make_test_app, store, clock, *, variant: bool = False):
    """The seeded journal's story area at 80x24: yields (app, pilot, screen), the variant
    highlighted when `variant`."""
    seed(store, clock)
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_story(app, pilot)
        if variant:
            await pick_last_item(screen, pilot)
        yield app, pilot, screen


async def test_full_rehearsal_by_keys(make_test_app, store, clock) -> None:
    story = seed(store, clock)
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_story(app, pilot)
        await pick_last_item(screen, pilot)
        assert screen.query_one("#editor", TextArea).text == VARIANT_TEXT
        await pilot.press("ctrl+r")
        await pilot.pause()
        rehearse = app.screen
        assert isinstance(rehearse, RehearseScreen)
        await app.workers.wait_for_complete()
        await pilot.press("space")
        clock.advance(6)
        await pilot.press("l")
        clock.advance(5)
        await pilot.press("x", "l")
        clock.advance(4)
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, RatingDialog)
        await pilot.press("4", "3", "5")
        await pilot.press(*"felt natural", "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is rehearse
    runs = store.list(Rehearsal)
    assert len(runs) == 1
    run = runs[0]
    assert run.variant_id == story.variants[0].id and run.story_id == story.id and run.version == 1
    assert run.laps == [6.0, 11.0, 15.0] and run.duration_seconds == 15.0
    assert run.stumbles == 1 and run.hints == 0 and run.target_seconds == 30
    assert (run.clarity, run.confidence, run.naturalness, run.note) == (4, 3, 5, "felt natural")
    assert run.wpm == round(42 * 60 / 15, 1)  # the variant has 42 words


async def test_cue_cards_reveal_counts_a_hint(make_test_app, store, clock) -> None:
    async with story_area(make_test_app, store, clock, variant=True) as (app, pilot, screen):
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.press("3", "space")
        clock.advance(2)
        await pilot.press("v", "v", "l", "v")
        clock.advance(2)
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("escape")  # no ratings: the run is still stored
        await app.workers.wait_for_complete()
        await pilot.pause()
    run = store.list(Rehearsal)[0]
    assert (run.mode, run.level, run.hints, run.clarity) == ("cards", 3, 2, None)


async def test_save_makes_a_version_with_its_reason(make_test_app, store, clock) -> None:
    async with story_area(make_test_app, store, clock) as (app, pilot, screen):
        editor = screen.query_one("#editor", TextArea)
        editor.focus()
        await pilot.press("end", *" Calm helps.")
        await pilot.pause()
        await save_version(app, pilot, "added calm")
    story = story_store.load(store).story
    assert [v.n for v in story.versions] == [1, 2]
    assert story.versions[-1].why == "added calm"
    assert story.steps["portrait"].endswith("simple. Calm helps.")
    assert story.versions[0].steps["portrait"].endswith("simple.")


async def test_restore_an_older_version(make_test_app, store, clock) -> None:
    from reflect.core.story import story as sc

    story = seed(store, clock)
    store.put(sc.save_version(story, clock.now(), {**story.steps, "cta": "Email me."}, "Email me.", "shorter"))
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_story(app, pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("down", "enter")  # newest first: v2, then v1
        await app.workers.wait_for_complete()
        await pilot.pause()
    restored = story_store.load(store).story
    assert [v.n for v in restored.versions] == [1, 2, 3]
    assert restored.steps["cta"] == "Who do you know who runs a shop online?"
    assert restored.versions[-1].why == "Restored version 1"


async def test_hostile_quote_is_plain_text_and_inserts_literally(make_test_app, store, clock) -> None:
    async with story_area(make_test_app, store, clock, variant=True) as (app, pilot, screen):
        evidence = screen.query(OptionList).last()
        prompts = [str(o.prompt) for o in evidence.options]
        assert any("[@click=app.quit]" in p and "[bold]really[/]" in p for p in prompts)
        shown = html.unescape(app.export_screenshot()).replace("\xa0", " ")
        assert "[@click=app.quit]" in shown and "really[/]" in shown  # drawn literally, not read as markup
        evidence.focus()
        evidence.highlighted = next(i for i, p in enumerate(prompts) if "[@click" in p)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.click(evidence, offset=(4, 2))  # clicking the quote must not run an action
        await pilot.pause()
        assert app.is_running and app.return_code is None
        text = screen.query_one("#editor", TextArea).text
        assert "\u201c" + HOSTILE_QUOTE + "\u201d (Client A, client)" in text
        assert screen.story.evidence[-1]["source_kind"] == "feedback_response"
        assert screen.links_dirty


async def test_practice_reminder_on_today(make_test_app, store, clock) -> None:
    from datetime import timedelta

    story = seed(store, clock)
    store.add(Rehearsal(story_id=story.id, variant_id=story.variants[0].id, started_at=clock.now() - timedelta(days=2)))
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        from reflect.widgets.today.practice import TodayPractice

        # Today mounts its panels after the first frame, and each fills in from its own worker
        await wait_until(pilot, lambda: any(p.display and "Rehearse" in str(p.query_one("Static").render())
                                            for p in app.screen.query(TodayPractice)))
        panel = app.screen.query_one(TodayPractice)
        assert "Rehearse 30 seconds \u00b7 Client: due 1 day ago" in str(panel.query_one("Static").render())


async def test_log_a_pitch_use_beside_the_days_mood(make_test_app, store, clock) -> None:
    from reflect.core.models import CheckIn, PitchUse

    seed(store, clock)
    store.add(CheckIn(mood=7, energy=4, at=clock.now()))
    store.add(CheckIn(mood=8, energy=6, at=clock.now()))
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_story(app, pilot)
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Meetup [@click=app.quit]", "tab", *"a shop owner")
        await pilot.click("#save")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = str(app.screen.query_one("#uses").render())
        assert app.is_running
        assert "mood 7.5 energy 5" in shown and "Meetup [@click=app.quit] \u2192 a shop owner" in shown
    use = store.list(PitchUse)[0]
    assert (use.where, use.to_whom) == ("Meetup [@click=app.quit]", "a shop owner")


async def test_export_markdown_from_the_builder(make_test_app, store, clock, tmp_path) -> None:
    from textual.widgets import Input

    seed(store, clock)
    target = tmp_path / "out" / "pitch.md"
    target.parent.mkdir()
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_story(app, pilot)
        await pick_last_item(screen, pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        field = app.screen.query_one(Input)
        field.value = str(target)
        field.focus()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause()
        field = app.screen.query_one(Input)
        field.value = str(tmp_path / "missing" / "x.md")
        field.focus()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        assert any("does not exist; nothing was written" in str(n.message) for n in app._notifications)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# My value story\n\n*30 seconds \u00b7 Client \u00b7 42 words")
    assert "Who do you know who runs a shop online?" in text
    assert sorted(p.name for p in target.parent.iterdir()) == ["pitch.md"]  # no temp file left behind


async def test_delete_a_variant_after_confirming(make_test_app, store, clock) -> None:
    async with story_area(make_test_app, store, clock, variant=True) as (app, pilot, screen):
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("escape")  # cancelled: nothing deleted
        await pilot.pause()
        assert len(story_store.load(store).story.variants) == 1
        await pilot.press("delete")
        await pilot.pause()
        await pilot.click("#yes")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.item == "master"
    assert story_store.load(store).story.variants == []


async def test_pace_keys_change_the_planned_pace(make_test_app, store, clock) -> None:
    async with story_area(make_test_app, store, clock, variant=True) as (app, pilot, screen):
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.press("greater_than_sign", "greater_than_sign")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.run.wpm == 140
    assert store.settings().wpm == 140


async def test_first_story_on_an_empty_journal(make_test_app, store, clock) -> None:
    from textual.widgets import Static

    from reflect.widgets.story.evidence_panel import EvidencePanel

    from reflect.widgets.today.practice import TodayPractice

    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.screen.query_one(TodayPractice).display  # nothing practised: no reminder
        screen = await open_story(app, pilot)
        panel = screen.query_one(EvidencePanel)
        assert panel.query_one(Static).display and not panel.query_one(OptionList).display
        editor = screen.query_one("#editor", TextArea)
        assert editor.text == "When I am at my best, I "  # the step's scaffold, not yet a draft
        assert screen.drafts == {}
        editor.focus()
        await pilot.press(*"untangle messy checkouts.")
        await save_version(app, pilot)
    story = story_store.load(store).story
    assert story.steps == {"portrait": "When I am at my best, I untangle messy checkouts."}
    assert [v.n for v in story.versions] == [1] and story.versions[0].why == ""


async def test_a_private_quote_is_linked_but_never_inserted(make_test_app, store, clock) -> None:
    async with story_area(make_test_app, store, clock) as (app, pilot, screen):
        before = screen.query_one("#editor", TextArea).text
        evidence = screen.query(OptionList).last()
        evidence.focus()
        evidence.highlighted = next(i for i, o in enumerate(evidence.options) if "(private)" in str(o.prompt))
        await pilot.press("enter")
        await pilot.pause()
        assert screen.query_one("#editor", TextArea).text == before
        link = screen.story.evidence[-1]
        assert (link["strength"], link["quotable"], link["author"]) == ("Calm", False, "A former colleague")


async def test_unsaved_text_survives_leaving_the_app(make_test_app, store, clock) -> None:
    async with story_area(make_test_app, store, clock) as (app, pilot, screen):
        editor = screen.query_one("#editor", TextArea)
        editor.focus()
        await pilot.press("end", *" Unsaved.")
        await pilot.press("ctrl+t")  # a dialog takes over: the draft is kept at once
        await app.workers.wait_for_complete()
        await pilot.pause()
    stored = story_store.load(store).story
    assert stored.drafts == {"step:portrait": "When I am at my best, I make messy things simple. Unsaved."}
    assert [v.n for v in stored.versions] == [1]  # a kept draft is not a version
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_story(app, pilot)
        assert screen.query_one("#editor", TextArea).text.endswith("simple. Unsaved.")
        assert "*" in str(screen.query_one("#items", OptionList).get_option_at_index(0).prompt)
        await save_version(app, pilot)
    stored = story_store.load(store).story
    assert stored.drafts == {} and stored.steps["portrait"].endswith("Unsaved.") and len(stored.versions) == 2


async def test_new_variant_starts_from_the_saved_master_and_goes_out_of_date(make_test_app, store, clock) -> None:
    async with story_area(make_test_app, store, clock) as (app, pilot, screen):
        screen.drafts["master"] = "An unsaved master."  # no variant from an unsaved master
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert screen is app.screen
        screen.drafts.clear()
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.click("#save")
        await app.workers.wait_for_complete()
        await pilot.pause()
        story = story_store.load(store).story
        new = story.variants[-1]
        cut = suggest_cut(story.steps, story.master, "60s", "client")
        assert (new.length, new.audience, new.text, new.from_version) == ("60s", "client", cut, 1)
        assert new.text != story.master and "I work with" not in new.text  # the positioning is cut
        assert screen.query_one("#editor", TextArea).text == cut
        assert screen.item == f"v:{new.id}"
        from reflect.core.story import story as sc

        store.put(sc.save_version(story, clock.now(), story.steps, story.master + " Shall we talk?", "new ask"))
        app.data_changed.publish("stories")  # as any save in the app announces
        await app.workers.wait_for_complete()
        await pilot.pause()
        labels = [str(o.prompt) for o in screen.query_one("#items", OptionList).options]
        assert labels[-1].endswith(" !")


async def test_saving_a_variant_names_the_variants_own_version(make_test_app, store, clock) -> None:
    """The story has its version 1 and the variant its version 1: saving the variant makes the variant's 2."""
    async with story_area(make_test_app, store, clock, variant=True) as (app, pilot, screen):
        screen.query_one("#editor", TextArea).focus()
        await pilot.press("end", *" Shorter.")
        await save_version(app, pilot, "tighter")
        messages = [str(n.message) for n in app._notifications]
    assert "Saved 30 seconds \u00b7 Client as its version 2" in messages
    variant = story_store.load(store).story.variants[0]
    assert [v.n for v in variant.versions] == [1, 2]


async def test_escape_from_the_editor_goes_back_to_the_steps(make_test_app, store, clock) -> None:
    """Escape leaves the editor for the list of steps: the arrows move between steps at once and a
    letter is an area key again, not text."""
    async with story_area(make_test_app, store, clock) as (app, pilot, screen):
        items = screen.query_one("#items", OptionList)
        editor = screen.query_one("#editor", TextArea)
        editor.focus()
        await pilot.press(*" more")
        await pilot.press("escape")
        assert app.focused is items
        first = screen.item
        await pilot.press("down")
        await pilot.pause()
        assert screen.item != first  # the next step is open in the editor
        assert screen.drafts.get(first, "").endswith(" more")  # what was typed is kept


def test_a_variant_left_for_long_says_since_when_not_how_overdue(store, clock) -> None:
    """'due 2484 days ago' says nothing a person can use: past two weeks late, the reminder names
    the last rehearsal's day instead."""
    from datetime import timedelta

    from reflect.widgets.today.practice import reminder_lines

    story = seed(store, clock)
    last = clock.now() - timedelta(days=400)
    store.add(Rehearsal(story_id=story.id, variant_id=story.variants[0].id, started_at=last))
    assert reminder_lines(store, clock.now().date()) == [f"Rehearse 30 seconds \u00b7 Client: not rehearsed since {last:%d %b %Y}"]
    store.add(Rehearsal(story_id=story.id, variant_id=story.variants[0].id, started_at=clock.now() - timedelta(days=8)))
    assert reminder_lines(store, clock.now().date()) == ["Rehearse 30 seconds \u00b7 Client: due 6 days ago"]


async def test_evidence_from_last_year_names_its_year(make_test_app, store, clock) -> None:
    """Wins and finished focus reach a year back: once one is from another year, every dated line says its year."""
    from datetime import timedelta

    from reflect.core.models import FocusBlock
    from reflect.widgets.story.evidence_panel import EvidencePanel

    started = clock.now() - timedelta(days=100)  # 04 Dec 2025
    store.add(FocusBlock(intention="Pricing page rewrite", planned_seconds=1500, started_at=started,
                         ended_at=started + timedelta(minutes=25), outcome="done"))
    async with story_area(make_test_app, store, clock) as (app, pilot, screen):
        lines = [str(o.prompt) for o in screen.query_one(EvidencePanel).query_one(OptionList).options]
        assert "  14 Mar 2026 Shipped the onboarding flow" in lines
        assert "  04 Dec 2025 Pricing page rewrite" in lines
