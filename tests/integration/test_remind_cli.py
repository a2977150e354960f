"""Reminders for real: `systemd-analyze calendar` accepts our timer, crontab installs and removes our lines,
and `reflect remind run` in a real process stays quiet when the user already checked in."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reflect.core.checkin.checkins import new_checkin
from reflect.core.clock import FakeClock
from reflect.services import remind
from reflect.store import Store
from tests.conftest import TZ, need


def reflect(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reflect", "--data-dir", str(root), *args],
                          capture_output=True, text=True, timeout=60)


def test_systemd_accepts_the_timer_calendar() -> None:
    need(shutil.which("systemd-analyze") is not None, "systemd-analyze is not installed")
    for value in remind.on_calendar(["00:05", "09:30", "21:00"]):
        done = subprocess.run(["systemd-analyze", "calendar", value], capture_output=True, text=True, timeout=30)
        assert done.returncode == 0, done.stderr
        assert "Normalized form" in done.stdout and value in done.stdout


@pytest.fixture
def saved_crontab():
    """The user's crontab before the test, put back after it (our lines are the only change)."""
    need(shutil.which("crontab") is not None, "crontab (package cron) is not installed")
    before = subprocess.run(["crontab", "-l"], capture_output=True, text=True, timeout=30)
    yield before.stdout if before.returncode == 0 else None
    if before.returncode == 0:
        subprocess.run(["crontab", "-"], input=before.stdout, text=True, timeout=30, check=True)
    else:
        subprocess.run(["crontab", "-r"], capture_output=True, timeout=30)


def test_crontab_install_and_remove_for_real(saved_crontab, tmp_path) -> None:
    command = [sys.executable, "-m", "reflect", "--data-dir", str(tmp_path / "my journal"), "remind", "run"]
    print(remind.install(command, ["09:30", "21:00"], use_systemd=False))  # crontab refuses lines it cannot parse
    listed = subprocess.run(["crontab", "-l"], capture_output=True, text=True, timeout=30).stdout
    ours = [line for line in listed.splitlines() if line.endswith(remind.MARK)]
    assert [line.split()[:2] for line in ours] == [["30", "9"], ["0", "21"]]
    remind.install(command, ["10:00"], use_systemd=False)  # again: replaced, not added
    listed = subprocess.run(["crontab", "-l"], capture_output=True, text=True, timeout=30).stdout
    assert [line.split()[:2] for line in listed.splitlines() if line.endswith(remind.MARK)] == [["0", "10"]]
    remind.remove(use_systemd=False)
    listed = subprocess.run(["crontab", "-l"], capture_output=True, text=True, timeout=30).stdout
    assert remind.MARK not in listed
    assert (saved_crontab or "") in listed or saved_crontab is None


def test_remind_run_is_quiet_when_already_checked_in(tmp_path) -> None:
    root = tmp_path / "journal"
    done = reflect(root, "remind", "install", "--checkin", "25:00")
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "HH:MM" in done.stderr, done.stderr
    store = Store(root, FakeClock()).open()
    store.save_settings(store.settings().model_copy(update={"remind_checkin": "10:00, 15:00", "remind_reflect": "21:00"}))
    done = reflect(root, "remind", "run", "--dry-run", "--at", "2026-03-14T10:05:00-07:00")
    assert done.returncode == 0 and "reflect: check in: How are your mood and energy?" in done.stdout, done.stdout
    from datetime import datetime

    store.add(new_checkin(FakeClock(datetime(2026, 3, 14, 9, 40, tzinfo=TZ)), mood=6, energy=5))
    done = reflect(root, "remind", "run", "--dry-run", "--at", "2026-03-14T10:05:00-07:00")
    assert done.returncode == 0 and "no reminder due" in done.stdout, done.stdout
    done = reflect(root, "remind", "run", "--dry-run", "--at", "2026-03-14T21:10:00-07:00")
    assert "evening reflection" in done.stdout and "reflect: check in" not in done.stdout, done.stdout
