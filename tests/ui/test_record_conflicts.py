"""The Conflicts screen: a check-in edited on two machines and merged by `reflect sync` shows both
copies, and either can be kept with nothing lost."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import OptionList, Static

from reflect.app import make_app
from reflect.core.clock import FakeClock
from reflect.core.models import CheckIn
from reflect.screens.conflicts import RecordConflictsScreen
from reflect.store import Store
from tests.conftest import TZ, palette_offers, wait_until
from tests.integration.test_two_machines import cli, deliver_conflicts

T0 = datetime(2026, 3, 14, 9, 0, tzinfo=TZ)


def edit_note(root: Path, when: datetime, note: str) -> None:
    """One machine edits the shared check-in's note at `when`."""
    store = Store(root, FakeClock(when), auto_backup=False).open()
    [c] = store.list(CheckIn)
    store.put(c.model_copy(update={"note": note}))


def stored_checkins(root: Path) -> list[dict]:
    """Every check-in document in the data folder, read straight from the files."""
    out = []
    for path in sorted((root / "checkins").glob("*.json")):
        out.extend(json.loads(path.read_text())["checkin"].values())
    return out


def two_machines(tmp_path: Path) -> Path:
    """A check-in logged on the desk, edited on both machines, the laptop's copy synced in."""
    desk, laptop = tmp_path / "desk", tmp_path / "laptop"
    assert cli(desk, "log", "--mood", "5", "--note", "as logged", "--at", T0.isoformat()).returncode == 0
    shutil.copytree(desk, laptop)
    edit_note(laptop, T0 + timedelta(hours=1), "older: edited on the laptop [bold]not markup[/bold]\x1b[31m")
    edit_note(desk, T0 + timedelta(hours=2), "newer: edited on the desk")
    assert deliver_conflicts(laptop, desk) == 1
    done = cli(desk, "sync")
    assert done.returncode == 0, done.stderr
    assert "1 record edited in two places" in done.stdout and "Conflicts" in done.stdout
    doctor = cli(desk, "doctor")
    assert "1 record edited in two places" in doctor.stdout
    return desk


async def open_conflicts(app, pilot) -> RecordConflictsScreen:
    """Open the Conflicts screen from the command palette and wait for its list."""
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
    await pilot.press(*"Conflicts")
    await wait_until(pilot, lambda: palette_offers(app, "Conflicts"))
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, RecordConflictsScreen) and app.screen.loaded)
    return app.screen


async def test_the_older_copy_of_a_check_in_synced_from_another_machine_can_be_restored(tmp_path: Path) -> None:
    desk = two_machines(tmp_path)
    app = make_app(store=Store(desk, FakeClock(T0 + timedelta(hours=3)), auto_backup=False).open())
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_conflicts(app, pilot)
        assert len(screen.rows) == 1
        current = str(screen.query_one("#current-copy", Static).render())
        other = str(screen.query_one("#other-copy", Static).render())
        assert "newer: edited on the desk" in current
        assert "older: edited on the laptop [bold]not markup[/bold]" in other  # plain text, shown as typed
        assert "\x1b" not in other
        await pilot.press("o")
        await wait_until(pilot, lambda: screen.loaded and not screen.rows)
    [doc] = stored_checkins(desk)
    assert doc["note"].startswith("older: edited on the laptop")
    notes = [h["note"] for h in doc["history"]]
    assert "newer: edited on the desk" in notes and "as logged" not in doc["note"]
    assert "edited in two places: none" in cli(desk, "doctor").stdout


async def test_keeping_the_current_copy_leaves_the_other_in_the_history(tmp_path: Path) -> None:
    desk = two_machines(tmp_path)
    app = make_app(store=Store(desk, FakeClock(T0 + timedelta(hours=3)), auto_backup=False).open())
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_conflicts(app, pilot)
        assert screen.query_one("#conflict-rows", OptionList).option_count == 1
        await pilot.press("c")
        await wait_until(pilot, lambda: screen.loaded and not screen.rows)
    [doc] = stored_checkins(desk)
    assert doc["note"] == "newer: edited on the desk"
    assert any(h["note"].startswith("older: edited on the laptop") for h in doc["history"])
