"""Snapshots of the People list and the themes view at 80x24 (fixed data, fake clock)."""

from __future__ import annotations

from tests.ui.feedback_seed import seed


async def _open(pilot, tab: str) -> None:
    await pilot.press("p")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.press(tab)
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_people_list(snap_compare, make_test_app, store) -> None:
    seed(store)
    assert snap_compare(make_test_app(), terminal_size=(80, 24), run_before=lambda pilot: _open(pilot, "1"))


def test_themes_view(snap_compare, make_test_app, store) -> None:
    seed(store)
    assert snap_compare(make_test_app(), terminal_size=(80, 24), run_before=lambda pilot: _open(pilot, "4"))
