"""Snapshots of the story builder, the checks panel and the cue-card view at 80x24 (fixed data, fake clock)."""

from __future__ import annotations

from textual.widgets import OptionList

from tests.ui.story_seed import seed


async def _open(pilot) -> None:
    await pilot.press("s")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _variant(pilot) -> None:
    await _open(pilot)
    pilot.app.screen.query_one("#items", OptionList).focus()
    await pilot.press("end")
    await pilot.pause()


def test_story_builder(snap_compare, make_test_app, store, clock) -> None:
    seed(store, clock)
    assert snap_compare(make_test_app(), terminal_size=(80, 24), run_before=_open)


def test_story_checks_panel_over_budget(snap_compare, make_test_app, store, clock) -> None:
    seed(store, clock, variant_length="one-liner")
    assert snap_compare(make_test_app(), terminal_size=(80, 24), run_before=_variant)


def test_story_cue_cards(snap_compare, make_test_app, store, clock) -> None:
    seed(store, clock)

    async def cards(pilot) -> None:
        await _variant(pilot)
        await pilot.press("ctrl+r")
        await pilot.app.workers.wait_for_complete()
        await pilot.press("2", "space")
        clock.advance(7.5)
        await pilot.press("l")
        await pilot.pause()

    assert snap_compare(make_test_app(), terminal_size=(80, 24), run_before=cards)
