"""Hostile files in the data folder, met by the real `reflect` command in a real process.

Every case puts something other than a regular, readable JSON file where a shard belongs (a
symbolic link out of the folder, a dangling link, a link to /dev/zero, a FIFO, a folder, a file
nobody may read) next to a good month. Every reading command must read the good month, name the
bad file, exit 1 and neither hang, flood memory, follow the link, nor change anything outside.

Unreadable files: tests run as root in CI, where mode 000 is still readable, so when run as root the
mode-000 case drops root's power to bypass file modes in the child process (`setpriv` removes
CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from its bounding set): the child is still root, but a
file with mode 000 is then as unreadable to it as to anyone.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from reflect.core.clock import FakeClock
from reflect.core.models import CheckIn, Person
from reflect.store import Store
from tests.conftest import need

pytestmark = pytest.mark.integration

TZ = timezone(timedelta(hours=-7))


def reflect(root: Path, *args: str, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    """`reflect --data-dir ROOT ARGS...` as a real process (run through `prefix` when given)."""
    env = {**os.environ, "REFLECT_LOCK_TIMEOUT": "5"}
    cmd = [*prefix, sys.executable, "-m", "reflect", "--data-dir", str(root), *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60)


def without_root_powers() -> tuple[str, ...]:
    """A command prefix under which mode 000 is unreadable, also for root."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    need(setpriv is not None, "setpriv (util-linux) is needed to drop root's file-mode override")
    return (str(setpriv), "--bounding-set=-dac_override,-dac_read_search", "--")


@pytest.fixture
def journal(tmp_path: Path) -> tuple[Path, list[str]]:
    """A data folder with two March check-ins; returns (root, their ids)."""
    root = tmp_path / "journal"
    store = Store(root, FakeClock(datetime(2026, 3, 14, 9, 0, tzinfo=TZ)), auto_backup=False).open()
    ids = []
    for day, mood in ((3, 6), (9, 4)):
        ids.append(store.add(CheckIn(at=datetime(2026, 3, day, 9, 0, tzinfo=TZ), mood=mood)).id)
    return root, ids


def _outside(root: Path) -> Path:
    target = root.parent / "outside.json"
    target.write_text('{"checkin": {}}\n')
    os.chmod(target, 0o644)
    return target


def make_symlink_out(root: Path, bad: Path) -> None:
    bad.symlink_to(_outside(root))


def make_dangling(root: Path, bad: Path) -> None:
    bad.symlink_to(root / "nowhere.json")


def make_dev_zero(root: Path, bad: Path) -> None:
    bad.symlink_to("/dev/zero")


def make_fifo(root: Path, bad: Path) -> None:
    os.mkfifo(bad)


def make_folder(root: Path, bad: Path) -> None:
    bad.mkdir()


MAKERS = {
    "symlink out of the folder": make_symlink_out,
    "dangling symlink": make_dangling,
    "symlink to /dev/zero": make_dev_zero,
    "FIFO": make_fifo,
    "folder named like a shard": make_folder,
}


@pytest.mark.parametrize("kind", list(MAKERS))
def test_a_bad_shard_is_named_and_the_rest_is_read(journal, kind: str) -> None:
    root, ids = journal
    bad = root / "checkins" / "2026-02.json"
    MAKERS[kind](root, bad)

    export = reflect(root, "export")
    assert export.returncode == 1, export.stderr
    assert "checkins/2026-02.json" in export.stderr and "Traceback" not in export.stderr
    exported = json.loads(export.stdout)
    assert {r["id"] for r in exported["checkins"]} == set(ids)

    insights = reflect(root, "insights", "--json")
    assert insights.returncode == 1 and "checkins/2026-02.json" in insights.stderr, insights.stderr
    assert "read-only" not in insights.stderr  # a read is never reported as a write problem

    doctor = reflect(root, "doctor")
    assert doctor.returncode == 1
    assert "! checkins/2026-02.json" in doctor.stdout and "all well" not in doctor.stdout, doctor.stdout

    log = reflect(root, "log", "--mood", "5", "--at", "2026-02-10T10:00-07:00")
    assert log.returncode == 1 and "2026-02.json" in log.stderr, log.stderr
    assert "Traceback" not in log.stderr

    if kind == "symlink out of the folder":
        target = root.parent / "outside.json"
        assert bad.is_symlink() and target.read_text() == '{"checkin": {}}\n'
        assert stat.S_IMODE(target.stat().st_mode) == 0o644  # never chmodded through the link
    assert os.path.lexists(bad)  # whatever it is, it is left as it was found
    assert not list((root / "backups").rglob("2026-02.json"))  # no snapshot copies a link's target


@pytest.mark.parametrize("kind", ["FIFO", "symlink to /dev/zero"])
def test_a_bad_insight_cache_file_is_ignored_and_rebuilt(journal, kind: str) -> None:
    from reflect.services.insight_cache import cache_path

    root, _ = journal
    cache = cache_path(root)
    cache.parent.mkdir(parents=True, exist_ok=True)
    MAKERS[kind](root, cache)
    done = reflect(root, "insights", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)


def test_an_unreadable_shard_is_named_and_the_rest_is_read(journal) -> None:
    """Mode 000 (as root, the child runs without root's power to override file modes)."""
    root, ids = journal
    bad = root / "checkins" / "2026-02.json"
    bad.write_text('{"checkin": {}}\n')
    os.chmod(bad, 0)
    prefix = without_root_powers()
    export = reflect(root, "export", prefix=prefix)
    assert export.returncode == 1, export.stderr
    assert "checkins/2026-02.json" in export.stderr and "read-only" not in export.stderr, export.stderr
    assert {r["id"] for r in json.loads(export.stdout)["checkins"]} == set(ids)
    doctor = reflect(root, "doctor", prefix=prefix)
    assert doctor.returncode == 1 and "! checkins/2026-02.json" in doctor.stdout, doctor.stdout
    assert stat.S_IMODE(bad.stat().st_mode) == 0


def test_a_data_folder_that_is_a_symlink_is_used_and_its_mode_kept(tmp_path: Path) -> None:
    real = tmp_path / "synced"
    real.mkdir()
    os.chmod(real, 0o1750)
    link = tmp_path / "journal"
    link.symlink_to(real)
    done = reflect(link, "log", "--mood", "5", "--at", "2026-03-14T09:00-07:00")
    assert done.returncode == 0, done.stderr
    assert (real / "checkins" / "2026-03.json").is_file()
    assert stat.S_IMODE(real.stat().st_mode) == 0o1750  # an existing folder's mode is the user's
    doctor = reflect(link, "doctor")
    assert "! not private" in doctor.stdout and "the data folder (1750)" in doctor.stdout, doctor.stdout
    assert doctor.returncode == 1


@pytest.mark.parametrize("existing", [False, True])
def test_a_csv_export_cut_short_by_a_full_disk_leaves_nothing_half_written(journal, tmp_path: Path, existing: bool) -> None:
    import resource
    import signal

    root, _ = journal
    store = Store(root, FakeClock(datetime(2026, 3, 14, 9, 0, tzinfo=TZ)), auto_backup=False).open()
    store.add(Person(name="Sample Person", note="n" * 2000))  # people.csv comes after checkins.csv
    out = tmp_path / "export"
    if existing:
        out.mkdir()
        (out / "mine.txt").write_text("kept")
    limit = 1500  # checkins.csv fits, people.csv does not

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    cmd = [sys.executable, "-m", "reflect", "--data-dir", str(root), "export", "--format", "csv", "--output", str(out)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, preexec_fn=small_files)
    assert done.returncode == 1 and "disk full" in done.stderr and "Traceback" not in done.stderr, done
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp-")) == []
    if existing:
        assert sorted(p.name for p in out.iterdir()) == ["mine.txt"]
    else:
        assert not out.exists()
    ok = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
    assert (out / "checkins.csv").is_file()
