"""Snapshots of the app shell at 80x24 with fixed data and the fake clock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from reflect.app import make_app
from reflect.core.checkin.checkins import new_checkin


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def today_app(store, clock):
    """The app on a journal with this morning's check-ins (one with a hostile note) and yesterday's."""
    now = clock.now()
    store.add(new_checkin(clock, mood=6, energy=7, emotion="focused", tags=["deep-work"], note="Good start", at=now - timedelta(hours=2, minutes=10)))
    store.add(new_checkin(clock, mood=3, energy=8, emotion="tense", tags=["client-call", "deadline"], note="[bold]not bold[/] [@click=app.quit]", at=now - timedelta(minutes=35)))
    store.add(new_checkin(clock, mood=8, energy=3, note="yesterday, not shown", at=now - timedelta(days=1)))
    return make_app(store=store, clock=clock)


def test_today_at_80x24(snap_compare, today_app) -> None:
    assert snap_compare(today_app, terminal_size=(80, 24), run_before=_settle)


def test_today_empty_at_80x24(snap_compare, make_test_app) -> None:
    assert snap_compare(make_test_app(), terminal_size=(80, 24), run_before=_settle)
