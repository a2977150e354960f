"""One rule for turning a local wall time into a stored moment, across DST gaps and folds in two
zones, by every path (`reflect log --at`, the check-in dialog, the Daylio and jrnl importers);
sub-minute offsets; and hostile command-line values."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from reflect.core.checkin.checkins import parse_time
from reflect.core.clock import FakeClock, local_moment
from reflect.core.models import CheckIn
from reflect.portability.importers import parse_daylio
from reflect.portability.jrnl import parse_jrnl
from reflect.screens.checkin.dialog import CheckInScreen
from reflect.store import Store

BERLIN, NEW_YORK = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")

CASES = [
    # zone, wall time, stored moment
    ("Europe/Berlin", "2026-01-15T09:00", "2026-01-15T09:00:00+01:00"),
    ("Europe/Berlin", "2026-07-15T09:00", "2026-07-15T09:00:00+02:00"),
    ("Europe/Berlin", "2026-03-29T02:30", "2026-03-29T03:30:00+02:00"),  # gap: moved on by the hour skipped
    ("Europe/Berlin", "2026-10-25T02:30", "2026-10-25T02:30:00+02:00"),  # fold: the first of the two
    ("America/New_York", "2026-01-15T09:00", "2026-01-15T09:00:00-05:00"),
    ("America/New_York", "2026-03-08T02:30", "2026-03-08T03:30:00-04:00"),  # gap
    ("America/New_York", "2026-11-01T01:30", "2026-11-01T01:30:00-04:00"),  # fold
    ("Africa/Monrovia", "1970-06-01T10:00", "1970-06-01T10:00:00-00:44"),  # -00:44:30 rounded to the minute
]


def cli(*args: str, tz: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TZ": tz}
    cmd = [sys.executable, "-m", "reflect", "--data-dir", str(data_dir), *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60)


@pytest.mark.parametrize(("zone", "wall", "stored"), CASES)
def test_the_helper_places_gaps_and_folds(zone: str, wall: str, stored: str) -> None:
    assert local_moment(datetime.fromisoformat(wall), ZoneInfo(zone)).isoformat() == stored


@pytest.mark.parametrize(("zone", "wall", "stored"), CASES)
def test_every_path_stores_the_same_moment(zone: str, wall: str, stored: str, tmp_path: Path) -> None:
    day, hm = wall.split("T")
    # the importers
    (daylio,), _ = parse_daylio(f"full_date,time,mood\n{day},{hm},rad\n", tz=ZoneInfo(zone))
    assert daylio.record.at.isoformat() == stored
    jrnl = json.dumps({"entries": [{"date": day, "time": hm, "title": "t", "body": "b", "tags": []}]})
    (entry,), _ = parse_jrnl(jrnl, tz=ZoneInfo(zone))
    assert entry.record.created_at.isoformat() == stored
    # the check-in dialog's time field (back-filled from a day in the other season)
    now = datetime(2026, 6, 20, 12, 0, tzinfo=ZoneInfo(zone))
    assert parse_time(f"{day} {hm}", now, ZoneInfo(zone)).isoformat() == stored
    # reflect log --at, in a real process whose local zone is `zone`
    done = cli("log", "--mood", "5", "--at", wall, tz=zone, data_dir=tmp_path / "j")
    assert done.returncode == 0, done.stderr
    [saved] = Store(tmp_path / "j").open().list(CheckIn)
    assert saved.at.isoformat() == stored
    exported = cli("export", tz=zone, data_dir=tmp_path / "j")  # readable: nothing hidden in quarantine
    assert exported.returncode == 0 and [c["at"] for c in json.loads(exported.stdout)["checkins"]] == [stored]


async def test_the_dialog_back_fills_a_winter_time_in_summer_with_the_winter_offset(tmp_path: Path) -> None:
    from textual.widgets import Input

    from reflect.app import make_app

    clock = FakeClock(datetime(2026, 7, 1, 12, 0, tzinfo=BERLIN))
    clock.zone = BERLIN
    store = Store(tmp_path / "j", clock).open()
    app = make_app(store=store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        await pilot.wait_for_scheduled_animations()
        assert isinstance(app.screen, CheckInScreen)
        app.screen.query_one("#time", Input).value = "2026-01-15 09:00"
        await pilot.press("4", "2", "enter")
        await app.workers.wait_for_complete()
    [saved] = store.list(CheckIn)
    assert saved.at.isoformat() == "2026-01-15T09:00:00+01:00"  # as `reflect log --at` stores it


def test_a_sub_minute_offset_is_refused_not_hidden(tmp_path: Path) -> None:
    done = cli("log", "--mood", "5", "--at", "2026-03-01T10:00+05:30:15", tz="UTC", data_dir=tmp_path / "j")
    assert done.returncode == 2, done
    assert "--at" in done.stderr and "whole minutes" in done.stderr and len(done.stderr.splitlines()) == 1
    with pytest.raises(ValueError, match="whole minutes"):
        CheckIn(mood=5, at=datetime.fromisoformat("2026-03-01T10:00+05:30:15"))


@pytest.mark.parametrize(
    ("argv", "names"),
    [
        (["log", "--mood", "5", "--at", "0001-01-01T00:00"], "--at"),
        (["log", "--mood", "5", "--at", "9999-12-31T23:59"], "--at"),
        (["log", "--mood", "9" * 5000], "mood"),
        (["log", "--mood", "5", "--energy", "1" * 4000], "energy"),
        (["insights", "--days", "7" * 5000], "--days"),
    ],
)
def test_hostile_values_exit_2_with_one_short_line(tmp_path: Path, argv: list[str], names: str) -> None:
    done = cli(*argv, tz="Europe/Berlin", data_dir=tmp_path / "j")
    assert done.returncode == 2, done
    assert len(done.stderr.splitlines()) == 1 and len(done.stderr) < 300, done.stderr[:400]
    assert names in done.stderr and "Traceback" not in done.stderr
    assert "invalid" not in done.stderr  # never argparse's raw "invalid moment_arg value"


def test_an_empty_data_dir_is_refused(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reflect", "--data-dir", "", "log", "--mood", "5"],
        capture_output=True, text=True, timeout=60, env={**os.environ, "HOME": str(tmp_path)},
    )
    assert done.returncode == 2 and "--data-dir" in done.stderr and "empty" in done.stderr, done
    assert not (tmp_path / ".local").exists()  # the default journal was not used


def test_a_data_dir_naming_a_file_is_refused(tmp_path: Path) -> None:
    afile = tmp_path / "notes.txt"
    afile.write_text("mine")
    done = cli("log", "--mood", "5", tz="UTC", data_dir=afile)
    assert done.returncode == 2 and "--data-dir" in done.stderr and "not a folder" in done.stderr, done
    assert afile.read_text() == "mine"
