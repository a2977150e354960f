"""Pictures of the check-in dialog, a reflection page and the insights screen at 80x24 and 120x40."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from reflect.core.models import CheckIn, FocusBlock, Reflection
from tests.conftest import TZ, idle, wait_until

SIZES = [(80, 24), (120, 40)]


def _journal(store) -> None:
    """Four months of seeded check-ins, some focus blocks and a session from a year ago."""
    rng = random.Random(11)
    end = datetime(2026, 3, 14, 8, 0, tzinfo=TZ)
    records = []
    for d in range(120):
        day = end - timedelta(days=d)
        for hour in (8, 11, 15, 20):
            walk = d % 3 == 0
            mood = max(1, min(9, rng.randint(3, 7) + (2 if walk else 0)))
            energy = max(1, min(9, rng.randint(2, 6) + (2 if hour == 11 else 0)))
            at = day.replace(hour=hour, minute=rng.randrange(60))
            records.append(CheckIn(at=at, mood=mood, energy=energy, tags=(["walk"] if walk else []) + (["client"] if d % 4 == 0 else []),
                                   note="[bold]not bold[/]" if d == 0 else "", created_at=at, updated_at=at))
    for d in range(3):
        st = (end - timedelta(days=d)).replace(hour=23)
        records.append(FocusBlock(started_at=st, planned_seconds=1500, ended_at=st + timedelta(minutes=25), outcome="done"))
    a_year_ago = end - timedelta(days=365)
    records.append(CheckIn(at=a_year_ago, mood=6, energy=4, emotion="calm", note="first week on my own", created_at=a_year_ago, updated_at=a_year_ago))
    records.append(Reflection(session="evening", day=a_year_ago.date(), status="done", frog="write the contract"))
    store.put_many(records)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_checkin_dialog(snap_compare, make_test_app, size) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("m")
        await pilot.app.workers.wait_for_complete()
        await pilot.press("7", "3")
        await pilot.pause()

    assert snap_compare(make_test_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_reflection_page(snap_compare, make_test_app, clock, tmp_path, monkeypatch, size) -> None:
    monkeypatch.setenv("REFLECT_CONFIG_DIR", str(tmp_path / "config"))
    clock.set(datetime(2026, 3, 14, 20, 0, tzinfo=TZ))

    async def run_before(pilot) -> None:
        await pilot.press("r")
        await pilot.app.workers.wait_for_complete()
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.press(*"Sent the proposal to Client A.")
        await pilot.press("ctrl+n")
        await pilot.app.workers.wait_for_complete()
        await wait_until(pilot, lambda: idle(pilot.app))  # Today, behind the dialog, reloads after the save
        pilot.app.screen.set_focus(None)  # no blinking cursor: a stable picture
        await pilot.pause()

    assert snap_compare(make_test_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_insights(snap_compare, make_test_app, store, size) -> None:
    _journal(store)

    async def run_before(pilot) -> None:
        await pilot.press("i")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(make_test_app(), terminal_size=size, run_before=run_before)
