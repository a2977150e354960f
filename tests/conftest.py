"""Shared fixtures: a temp-dir store, a fake clock, the app built through make_app."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from reflect.core.clock import FakeClock
from reflect.store import Store

REQUIRE_INTEGRATION = os.environ.get("REFLECT_REQUIRE_INTEGRATION") == "1"
"""Set by .ci/run: an integration test that cannot run here fails instead of skipping."""

TZ = timezone(timedelta(hours=-7))
"""The fixed local offset the fake clock uses (a UTC-7 evening keeps day boundaries honest)."""


def need(condition: bool, reason: str) -> None:
    """Skip (on a laptop) or fail (in CI) when a system requirement of an integration test is missing."""
    if condition:
        return
    if REQUIRE_INTEGRATION:
        pytest.fail(f"integration requirement missing in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture
def clock() -> FakeClock:
    """A fake clock at 2026-03-14 09:00 -07:00."""
    return FakeClock(datetime(2026, 3, 14, 9, 0, tzinfo=TZ))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh data folder path (not yet created)."""
    return tmp_path / "journal"


@pytest.fixture
def store(data_dir: Path, clock: FakeClock) -> Store:
    """An opened store on a temp folder, on the fake clock."""
    return Store(data_dir, clock).open()


@pytest.fixture
def make_test_app(store: Store, clock: FakeClock):
    """Build the app through the composition root with the temp store and fake clock."""
    from reflect.app import make_app

    def build(**kwargs):
        return make_app(store=store, clock=clock, **kwargs)

    return build


async def wait_until(pilot, condition, limit: float = 30.0) -> None:
    """Let the app run until `condition()` is true: a wait on a condition, never a fixed delay.

    Polls between short yields to the event loop (timers and workers keep running); `limit`
    seconds only bound a failing test, they are never what a passing test waits for.
    """
    import asyncio

    async with asyncio.timeout(limit):
        while not condition():
            await pilot.pause()
            await asyncio.sleep(0.01)


def idle(app) -> bool:
    """No worker of the app is pending or running."""
    return not any(w.state.name in ("PENDING", "RUNNING") for w in app.workers)


def palette_offers(app, text: str) -> bool:
    """The command palette on screen has finished searching and highlights a hit naming `text`."""
    from textual.command import CommandList

    found = app.screen.query(CommandList)
    if not found:
        return False
    hits = found.first()
    if hits.highlighted is None or "--populating" in hits.classes:
        return False
    return text.split(" (")[0].lower() in str(hits.get_option_at_index(hits.highlighted).prompt).lower()
