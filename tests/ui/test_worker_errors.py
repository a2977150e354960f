"""One error path: whatever screen's load fails, the user is told in one line and the log hears of it."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from textual.widgets import Static

from reflect.app import make_app
from reflect.core.checkin.checkins import new_checkin
from reflect.store import Store

SIZE = (100, 40)
SECRET = "private journal " + "words"
"""Stands for journal text in an exception's message: it must reach neither the notice nor the log."""


class FailingStore(Store):
    """A real store whose reads fail with an unexpected error once `failing` is set (a bug or a
    broken disk; the only fake here, like the fake clock)."""

    failing = False

    def shard_paths(self, cls, since=None, until=None):  # noqa: D401 - same contract as Store's
        if self.failing:
            raise RuntimeError(f"injected read failure: {SECRET}")
        return super().shard_paths(cls, since, until)

    def shard_path(self, cls, record=None, month=None):  # the month reader insights use starts here
        if self.failing:
            raise RuntimeError(f"injected read failure: {SECRET}")
        return super().shard_path(cls, record, month)


async def settle(pilot) -> None:
    """Let every worker finish and the screen refresh."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def journal(tmp_path: Path, clock) -> FailingStore:
    """A store with one check-in (so every area has something to read)."""
    store = FailingStore(tmp_path / "journal", clock).open()
    store.add(new_checkin(clock, mood=6, energy=5, note="a day"))
    return store


def error_lines(app) -> list[str]:
    return [str(n.message) for n in app._notifications if n.severity == "error"]


@pytest.mark.parametrize(
    ("away", "key", "screen"),
    [
        ("f", "t", "TodayScreen"),
        ("t", "f", "FocusScreen"),
        ("t", "p", "PeopleScreen"),
        ("t", "s", "StoryScreen"),
        ("t", "i", "InsightsScreen"),
        ("t", "h", "CheckInHistoryScreen"),
        ("t", "m", "CheckInScreen"),
        ("t", "r", "ReflectionScreen"),
    ],
)
async def test_a_screen_whose_load_fails_tells_the_user(tmp_path: Path, clock, caplog, away, key, screen) -> None:
    store = journal(tmp_path, clock)
    app = make_app(store=store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(away)
        await settle(pilot)
        assert error_lines(app) == []
        store.failing = True
        with caplog.at_level(logging.ERROR, logger="reflect"):
            await pilot.press(key)
            await settle(pilot)
        assert type(app.screen).__name__ == screen
        lines = error_lines(app)
        assert lines, f"{screen}: a failed load told nobody"
        assert all("\n" not in line and "RuntimeError" in line for line in lines)
        assert not any(SECRET in line for line in lines)
        logged = [r for r in caplog.records if r.name == "reflect" and r.levelno == logging.ERROR]
        assert logged and "RuntimeError" in logged[0].getMessage()
        assert SECRET not in caplog.text


async def test_insights_never_says_computing_forever(tmp_path: Path, clock) -> None:
    store = journal(tmp_path, clock)
    app = make_app(store=store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        store.failing = True
        await pilot.press("i")
        await settle(pilot)
        overview = str(app.screen.query_one("#ins-overview", Static).render())
        assert "Computing" not in overview and "Could not compute" in overview
