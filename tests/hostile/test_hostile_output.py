"""Outside text printed by the CLI (file names, labels, tags, errors) never reaches the terminal raw,
and `reflect sync` keeps what it does not understand."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from reflect.core.clock import FakeClock
from reflect.core.models import CheckIn
from reflect.store import Store

pytestmark = pytest.mark.integration

TZ = timezone(timedelta(hours=-7))
OSC52 = "\x1b]52;c;cm0gLXJmIH4=\x07"  # would set the clipboard
TITLE = "\x1b]0;pwned\x07"  # would retitle the window
BELL = "\x07"
CSI = "\x9b31m"  # the 8-bit form


def reflect(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "reflect", "--data-dir", str(root), *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, env={**os.environ, "TZ": "UTC"})


def assert_clean(done: subprocess.CompletedProcess[str]) -> str:
    """No control character but newline and tab in the output; returns stdout + stderr."""
    text = done.stdout + done.stderr
    bad = sorted({c for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F})
    assert not bad, (bad, text[:500])
    assert "Traceback" not in text
    return text


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "journal"
    store = Store(root, FakeClock(datetime(2026, 3, 14, 9, 0, tzinfo=TZ)), auto_backup=False).open()
    store.add(CheckIn(at=datetime(2026, 3, 3, 9, 0, tzinfo=TZ), mood=6))
    return root


def test_doctor_shows_a_hostile_file_name_escaped(root: Path) -> None:
    (root / "checkins" / f"notes{OSC52}{TITLE}.txt").write_text("x")
    (root / "checkins" / f"2026-03{CSI}.json").write_text("{}")
    done = reflect(root, "doctor")
    text = assert_clean(done)
    assert "\\u001b]52;c;" in text and "\\u009b31m" in text  # still recognisable


def test_sync_shows_a_hostile_copy_name_escaped_and_merges_it(root: Path) -> None:
    shard = root / "checkins" / "2026-03.json"
    copy = shard.with_name(f"2026-03 ({OSC52}{BELL}'s conflicted copy 2026-11-27).json")
    data = json.loads(shard.read_bytes())
    other = CheckIn(at=datetime(2026, 3, 4, 9, 0, tzinfo=TZ), mood=2).to_doc()
    data["checkin"]["2"] = other
    copy.write_text(json.dumps(data))
    done = reflect(root, "sync")
    text = assert_clean(done)
    assert done.returncode == 0 and "merged" in text and "\\u001b]52" in text
    assert other["id"] in {d["id"] for d in json.loads(shard.read_bytes())["checkin"].values()}


def test_import_dry_run_and_unknown_label_errors_are_escaped(root: Path, tmp_path: Path) -> None:
    daylio = tmp_path / "daylio.csv"
    daylio.write_text(f"full_date,time,mood,activities\n2026-03-05,09:00,rad,work{OSC52} | walk{BELL}\n")
    done = reflect(root, "import", "--dry-run", str(daylio))
    assert done.returncode == 0, done.stderr
    assert "tags work, walk" in assert_clean(done)  # tags are cleaned on the way in (one tag grammar)
    daylio.write_text(f"full_date,time,mood\n2026-03-05,09:00,so-so{TITLE}\n")
    done = reflect(root, "import", str(daylio))
    assert done.returncode == 2 and "so-so\\u001b]0;pwned" in assert_clean(done)


def test_errors_naming_outside_values_are_escaped(root: Path, tmp_path: Path) -> None:
    done = reflect(root, "import", str(tmp_path / f"missing{OSC52}.json"))
    assert done.returncode == 2 and "missing\\u001b" in assert_clean(done)
    done = reflect(root, "log", "--mood", f"5{TITLE}")
    assert done.returncode == 2
    assert_clean(done)


def test_sync_keeps_tables_it_does_not_know_and_stray_keys(root: Path) -> None:
    shard = root / "checkins" / "2026-03.json"
    data = json.loads(shard.read_bytes())
    data["checkin"]["not-a-number"] = {"odd": True}  # left by another tool: kept, never a ValueError
    shard.write_text(json.dumps(data))
    copy = shard.with_name("2026-03.sync-conflict-20261127-101010-ABCDEF7.json")
    incoming = json.loads(shard.read_bytes())
    new = CheckIn(at=datetime(2026, 3, 6, 9, 0, tzinfo=TZ), mood=8).to_doc()
    incoming["checkin"]["7"] = new
    incoming["from_a_newer_version"] = {"1": {"keep": "me"}}
    copy.write_text(json.dumps(incoming))
    done = reflect(root, "sync")
    assert done.returncode == 0, done.stderr
    after = json.loads(shard.read_bytes())
    assert after["from_a_newer_version"] == {"1": {"keep": "me"}}
    assert {"odd": True} in after["checkin"].values()
    assert new["id"] in {d.get("id") for d in after["checkin"].values()}
    assert not copy.exists()


def test_sync_names_a_copy_it_cannot_read_and_exits_1(root: Path) -> None:
    copy = root / "checkins" / "2026-03.sync-conflict-20261127-101010-ABCDEF7.json"
    os.mkfifo(copy)
    done = reflect(root, "sync")
    assert done.returncode == 1 and copy.name in done.stdout and "FIFO" in done.stdout, done
    assert os.path.exists(copy)


def test_pitch_check_and_listen_refuse_a_fifo_instead_of_hanging(root: Path, tmp_path: Path) -> None:
    """A FIFO given as a script or a recording would block the read forever: exit 2, one line."""
    fifo = tmp_path / "script.txt"
    os.mkfifo(fifo)
    done = reflect(root, "pitch", "check", str(fifo))  # the helper's timeout turns a hang into an error
    assert done.returncode == 2 and "not a regular file" in assert_clean(done), done.stderr
    wav = tmp_path / "take.wav"
    os.mkfifo(wav)
    done = reflect(root, "pitch", "listen", str(wav))
    assert done.returncode in (1, 2) and "Traceback" not in done.stderr, done.stderr
    if done.returncode == 2:  # with the voice extra installed the file itself is refused
        assert "not a regular file" in done.stderr
