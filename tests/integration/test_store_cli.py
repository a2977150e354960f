"""`reflect log` and `reflect doctor` against real trouble: disk full, read-only, locked, corrupt."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from reflect.core.models import CheckIn, Person
from reflect.store import Store
from reflect.store.locking import FolderLock
from tests.conftest import need

pytestmark = pytest.mark.integration


def reflect(root: Path, *args: str, env: dict | None = None, preexec=None, prefix: list[str] | None = None) -> subprocess.CompletedProcess:
    cmd = [*(prefix or []), sys.executable, "-m", "reflect", "--data-dir", str(root), *args]
    full_env = {**os.environ, "REFLECT_LOCK_TIMEOUT": "5", **(env or {})}
    return subprocess.run(cmd, capture_output=True, text=True, env=full_env, preexec_fn=preexec, timeout=60)


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


@pytest.fixture
def journal(tmp_path: Path) -> tuple[Path, Path]:
    """A data folder with a few check-ins this month and today's backup; returns (root, shard)."""
    root = tmp_path / "j"
    store = Store(root).open()
    now = datetime.now().astimezone()
    for mood in (3, 6, 8):
        store.add(CheckIn(mood=mood, note="kept", at=now, created_at=now, updated_at=now))
    store.add(Person(name="Client A"))
    shutil.rmtree(root / "backups")  # today's was made before the first write; take it again with all files
    assert store.daily_backup() is not None
    return root, store.shard_path(CheckIn, month=f"{now:%Y-%m}")


def no_temps(root: Path) -> bool:
    return not [p for p in root.rglob(".tmp-*")]


def test_disk_full(journal) -> None:
    root, shard = journal
    before = shard.read_bytes()
    limit = len(before)  # any write that grows the month file goes over the limit

    def limit_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    out = reflect(root, "log", "--mood", "5", "--note", "x" * 200, preexec=limit_size)
    assert out.returncode == 1, out
    line = one_line(out.stderr)
    assert line.startswith("reflect: disk full") and "not saved" in line and "nothing already saved was lost" in line
    assert out.stdout == ""
    assert shard.read_bytes() == before
    assert no_temps(root)
    assert reflect(root, "log", "--mood", "5").returncode == 0  # and it works once there is room


def read_only_mount(root: Path) -> list[str] | None:
    """A command prefix that runs the rest with `root` bind-mounted read-only, if this machine allows it."""
    if not shutil.which("unshare"):
        return None
    script = 'mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" "$0" && exec "$@"'
    prefix = ["unshare", "-m", "sh", "-c", script, str(root)]
    probe = subprocess.run([*prefix, "sh", "-c", f'touch "{root}/probe" 2>/dev/null; test ! -e "{root}/probe"'], capture_output=True)
    return prefix if probe.returncode == 0 else None


def without_dac_override(root: Path) -> list[str] | None:
    """As root: a prefix that drops the capability to write where the modes forbid it (setpriv)."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        return None
    prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
    folder = root / "probe-ro"
    folder.mkdir(mode=0o555)
    try:
        probe = subprocess.run([*prefix, "sh", "-c", f'touch "{folder}/x" 2>/dev/null'], capture_output=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return prefix if probe.returncode != 0 else None


def test_a_0555_folder_does_not_stop_root(journal) -> None:
    """Why the tests below need a read-only mount or dropped capabilities when run as root."""
    root, shard = journal
    need(os.geteuid() == 0, "only meaningful as root")
    os.chmod(shard.parent, 0o555)
    try:
        assert reflect(root, "log", "--mood", "2").returncode == 0
    finally:
        os.chmod(shard.parent, 0o700)


def test_read_only_mount(journal) -> None:
    root, shard = journal
    prefix = read_only_mount(root)
    need(prefix is not None, "a read-only bind mount (unshare -m, as root) is not available here")
    before = shard.read_bytes()
    out = reflect(root, "log", "--mood", "5", prefix=prefix)
    assert out.returncode == 1, out
    line = one_line(out.stderr)
    assert "read-only" in line and "nothing already saved was lost" in line
    assert shard.read_bytes() == before
    doctor = reflect(root, "doctor", prefix=prefix)  # reading still works, and the user is told
    assert doctor.returncode == 1, doctor
    assert "checkins: 3 records" in doctor.stdout
    assert "! the data folder cannot be written" in doctor.stdout and "all well" not in doctor.stdout
    # damaged and read-only: it cannot be set aside, so a write is refused; nothing is lost
    shard.write_bytes(before[: len(before) // 2])
    out = reflect(root, "log", "--mood", "5", prefix=prefix)
    assert out.returncode == 1 and "read-only" in one_line(out.stderr)
    assert shard.read_bytes() == before[: len(before) // 2]


def test_read_only_folder_by_mode(journal) -> None:
    root, shard = journal
    prefix = [] if os.geteuid() != 0 else without_dac_override(root)
    need(prefix is not None, "cannot drop root's override of file modes here (setpriv)")
    before = shard.read_bytes()
    os.chmod(shard.parent, 0o555)
    try:
        out = reflect(root, "log", "--mood", "5", prefix=prefix)
        shard.write_bytes(before[:-40])  # damaged too: it cannot be set aside here
        damaged_out = reflect(root, "log", "--mood", "5", prefix=prefix)
    finally:
        os.chmod(shard.parent, 0o700)
    assert out.returncode == 1, out
    line = one_line(out.stderr)
    assert "read-only" in line and "nothing already saved was lost" in line
    assert damaged_out.returncode == 1, damaged_out
    assert "read-only" in one_line(damaged_out.stderr)
    assert shard.read_bytes() == before[:-40]
    assert [p.name for p in shard.parent.iterdir() if ".corrupt-" in p.name] == []
    assert no_temps(root)


def test_lock_held_by_another_process(journal) -> None:
    root, shard = journal
    before = shard.read_bytes()
    lock = FolderLock(shard.parent, "checkins")
    lock.acquire(1)
    try:
        out = reflect(root, "log", "--mood", "5", env={"REFLECT_LOCK_TIMEOUT": "0.3"})
    finally:
        lock.release()
    assert out.returncode == 1, out
    line = one_line(out.stderr)
    assert "locked by another reflect process" in line and "nothing already saved was lost" in line
    assert shard.read_bytes() == before
    assert reflect(root, "log", "--mood", "5").returncode == 0


def test_corrupt_month_file(journal) -> None:
    root, shard = journal
    damaged = shard.read_bytes()[:-30] + b"\x00garbage"
    shard.write_bytes(damaged)
    out = reflect(root, "log", "--mood", "4")
    assert out.returncode == 0, out
    line = one_line(out.stderr)
    assert line.startswith("reflect: warning: ") and ".corrupt-" in line and "newest backup: backups/" in line
    [aside] = [p for p in shard.parent.iterdir() if ".corrupt-" in p.name]
    assert aside.read_bytes() == damaged
    moods = sorted(d["mood"] for d in json.loads(shard.read_bytes())["checkin"].values())
    assert moods == [3, 4, 6]  # two whole records salvaged, the cut one kept in the aside copy, the new one added


def test_bad_input_is_exit_2_and_changes_nothing(journal) -> None:
    root, shard = journal
    before = shard.read_bytes()
    out = reflect(root, "log", "--mood", "12")
    assert out.returncode == 2 and "mood" in one_line(out.stderr)
    assert shard.read_bytes() == before


# --- doctor --------------------------------------------------------------------------------


def test_doctor_on_a_healthy_folder(journal) -> None:
    root, _ = journal
    out = reflect(root, "doctor")
    assert out.returncode == 0, out
    text = out.stdout
    assert f"data folder: {root}" in text
    assert "modes: every folder 0700, every file 0600" in text
    assert "checkins: 3 records (0 deleted) in 1 file" in text and "people: 1 records" in text
    assert "quarantined records: none" in text
    assert "backups: 1 daily snapshots" in text
    assert "notifications: " in text
    assert text.strip().endswith("status: all well")
    assert out.stderr == ""


def test_doctor_reports_what_needs_attention(journal) -> None:
    root, shard = journal
    data = json.loads(shard.read_bytes())
    data["checkin"]["91"] = {"id": "6f1c2d8e-7a8b-4c9d-9e0f-111111111111", "kind": "checkin", "mood": 12}
    shard.write_text(json.dumps(data), encoding="utf-8")
    os.chmod(shard, 0o644)
    people = root / "people" / "all.json"
    people.write_bytes(b'{"person": {"1": ')
    conflict = shard.with_name(f"{shard.stem}.sync-conflict-20261127-101010-ABCDEF7.json")
    conflict.write_bytes(b"{}")
    os.chmod(conflict, 0o600)
    out = reflect(root, "doctor")
    assert out.returncode == 1, out
    text = out.stdout
    assert f"! not private (folders should be 0700, files 0600): checkins/{shard.name} (644)" in text
    assert "! people/all.json (" in text and "does not parse" in text
    assert "quarantined records: 1" in text
    assert f"! checkins/{shard.name} #91: mood: Input should be less than or equal to 9 (kept exactly as found)" in text
    assert "! repaired: people/all.json was damaged" in text and "newest backup: backups/" in text
    assert f"! checkins/{conflict.name}: a sync-conflict or stray copy" in text
    assert "need attention (lines marked !)" in text
    assert "Traceback" not in out.stdout + out.stderr
