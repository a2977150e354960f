"""The daily screens at the three sizes they must fit: 60x20 (usable), 80x24, 160x48 (uses the width)."""

from __future__ import annotations

import pytest

from tests.snapshots.test_checkin_snapshots import _journal

SIZES = [(60, 20), (80, 24), (160, 48)]
IDS = ["60x20", "80x24", "160x48"]


async def _settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_today(snap_compare, make_test_app, store, size) -> None:
    _journal(store)

    async def run_before(pilot) -> None:
        await _settle(pilot)

    assert snap_compare(make_test_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_checkin_dialog_fits(snap_compare, make_test_app, store, size) -> None:
    async def run_before(pilot) -> None:
        await _settle(pilot)
        await pilot.press("m")
        await _settle(pilot)
        await pilot.press("7", "3")
        await pilot.pause()

    assert snap_compare(make_test_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_insights_charts(snap_compare, make_test_app, store, size) -> None:
    _journal(store)

    async def run_before(pilot) -> None:
        await pilot.press("i")
        await _settle(pilot)
        pilot.app.screen.query_one("#ins-heatmap").scroll_visible(animate=False, top=True)
        await pilot.pause()

    assert snap_compare(make_test_app(), terminal_size=size, run_before=run_before)

