"""People and Story at the three sizes they must fit: 60x20 (usable), 80x24, 160x48 (uses the width).

At 60x20 the Story editor keeps most of the width (the checks and evidence go below it) and the
themes' quotes are cut to stay on one line with who said them.
"""

from __future__ import annotations

import pytest

from tests.ui import feedback_seed, story_seed

SIZES = [(60, 20), (80, 24), (160, 48)]
IDS = ["60x20", "80x24", "160x48"]


async def _settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _keys(*keys: str):
    async def run_before(pilot) -> None:
        await _settle(pilot)
        for key in keys:
            await pilot.press(key)
            await _settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_people_list(snap_compare, make_test_app, store, size) -> None:
    feedback_seed.seed(store)
    assert snap_compare(make_test_app(), terminal_size=size, run_before=_keys("p", "1"))


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_people_themes(snap_compare, make_test_app, store, size) -> None:
    feedback_seed.seed(store)
    assert snap_compare(make_test_app(), terminal_size=size, run_before=_keys("p", "4"))


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_story_builder(snap_compare, make_test_app, store, clock, size) -> None:
    story_seed.seed(store, clock)
    assert snap_compare(make_test_app(), terminal_size=size, run_before=_keys("s"))


def _seed_checkins(store, clock) -> None:
    from datetime import timedelta

    from reflect.core.checkin.checkins import new_checkin

    notes = ["from home, slow start after the call", "", "long review of the client's draft with many comments"]
    store.put_many([
        new_checkin(clock, mood=3 + d % 5, energy=2 + d % 6, emotion="calm" if d % 2 else None,
                    tags=["work", "client"] if d % 2 else ["walk"], note=notes[d % 3], at=clock.now() - timedelta(days=d))
        for d in range(14)
    ])


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_checkin_history(snap_compare, make_test_app, store, clock, size) -> None:
    """The date and time always readable, the note visible (it takes the width left), tags shortened."""
    _seed_checkins(store, clock)
    assert snap_compare(make_test_app(), terminal_size=size, run_before=_keys("h"))
