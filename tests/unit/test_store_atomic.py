"""Atomic writes: an I/O error at any step leaves the old file or the new one, never a mix, no temp.

The same check run against a naive in-place writer (what stock TinyDB does) finds a torn file,
so the check can fail.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from reflect.core.errors import DiskFull, StoreError
from reflect.core.models import CheckIn
from reflect.store import Store, storage
from reflect.store.storage import atomic_write


class Injector:
    """Counts calls of the I/O steps of a write and fails the N-th one with an OSError."""

    STEPS = ("mkstemp", "write", "fsync", "chmod", "replace", "open")

    def __init__(self, monkeypatch: pytest.MonkeyPatch, fail_at: int, err: int = errno.EIO) -> None:
        self.calls: list[str] = []
        self.fail_at = fail_at
        self.failed: str | None = None
        real = {
            "mkstemp": tempfile.mkstemp,
            "write": os.write,
            "fsync": os.fsync,
            "fchmod": os.fchmod,
            "replace": os.replace,
            "open": os.open,
        }

        def wrap(name: str, func: Callable) -> Callable:
            def call(*args, **kwargs):
                self.calls.append(name)
                if len(self.calls) == self.fail_at:
                    self.failed = name
                    raise OSError(err, f"injected failure at {name}")
                return func(*args, **kwargs)

            return call

        monkeypatch.setattr(storage.tempfile, "mkstemp", wrap("mkstemp", real["mkstemp"]))
        for name in ("write", "fsync", "fchmod", "replace", "open"):
            monkeypatch.setattr(storage.os, name, wrap(name, real[name]))


def naive_write(path: Path, payload: bytes) -> None:
    """Stock TinyDB's way: rewrite the file in place (seek 0, write, fsync, truncate)."""
    fd = os.open(path, os.O_WRONLY)
    try:
        half = len(payload) // 2
        os.write(fd, payload[:half])
        os.write(fd, payload[half:])
        os.fsync(fd)
        os.ftruncate(fd, len(payload))
    finally:
        os.close(fd)


def torn_states(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writer: Callable[[Path, bytes], None]) -> tuple[list[str], list[str]]:
    """Fail the 1st, 2nd, ... I/O step of `writer` until it completes; returns (steps failed, problems)."""
    old = b'{"checkin": {\n  "1": {"mood": 3, "note": "' + b"old " * 400 + b'"}\n}}\n'
    new = b'{"checkin": {\n  "1": {"mood": 7, "note": "' + b"NEW " * 300 + b'"}\n}}\n'
    failed_steps: list[str] = []
    problems: list[str] = []
    for n in range(1, 40):
        folder = tmp_path / f"run{n}"
        folder.mkdir()
        path = folder / "2026-03.json"
        path.write_bytes(old)
        with monkeypatch.context() as m:
            inj = Injector(m, n)
            try:
                writer(path, new)
            except (OSError, StoreError):
                pass
        after = path.read_bytes()
        if after not in (old, new):
            problems.append(f"{inj.failed}: mixed file of {len(after)} bytes")
        leftovers = [p.name for p in folder.iterdir() if p.name != path.name]
        if leftovers:
            problems.append(f"{inj.failed}: left {leftovers}")
        if inj.failed is None:
            assert after == new
            break
        failed_steps.append(inj.failed)
    return failed_steps, problems


def test_a_failure_at_every_step_leaves_old_or_new(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    steps, problems = torn_states(tmp_path, monkeypatch, atomic_write)
    assert problems == []
    assert set(steps) == {"mkstemp", "write", "fsync", "fchmod", "replace", "open"}, steps


def test_the_same_check_catches_a_naive_in_place_writer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    steps, problems = torn_states(tmp_path, monkeypatch, naive_write)
    assert any("mixed file" in p for p in problems), (steps, problems)


def test_failed_steps_raise_a_one_line_store_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "all.json"
    path.write_bytes(b"{}\n")
    for step_index in range(1, 6):
        with monkeypatch.context() as m:
            Injector(m, step_index, errno.ENOSPC)
            with pytest.raises(DiskFull) as info:
                atomic_write(path, b'{"x": {}}\n')
        message = str(info.value)
        assert "\n" not in message and "nothing already saved was lost" in message
        assert path.read_bytes() == b"{}\n"


def test_a_folder_fsync_failure_after_the_rename_keeps_the_new_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "all.json"
    path.write_bytes(b"{}\n")
    real_fsync = os.fsync
    calls = []

    def fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:  # the second fsync is the folder's
            raise OSError(errno.EIO, "injected")
        real_fsync(fd)

    monkeypatch.setattr(storage.os, "fsync", fsync)
    atomic_write(path, b'{"a": {}}\n')
    assert len(calls) == 2
    assert path.read_bytes() == b'{"a": {}}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["all.json"]


def test_store_writes_survive_an_error_at_every_step(data_dir: Path, clock, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(data_dir, clock, auto_backup=False).open()
    first = store.add(CheckIn(mood=2, at=store.clock.now()))
    path = store.root / "checkins" / "2026-03.json"
    expected = {first.id}
    failed_steps = set()
    for n in range(1, 30):
        before = path.read_bytes()
        record = CheckIn(mood=9, at=store.clock.now())
        with monkeypatch.context() as m:
            inj = Injector(m, n)
            try:
                store.add(record)
                saved = True
            except StoreError as exc:
                assert "\n" not in str(exc)
                saved = False
        names = {p.name for p in path.parent.iterdir()}
        assert names <= {"2026-03.json", ".lock"}, names
        if saved:
            expected.add(record.id)
        else:
            failed_steps.add(inj.failed)
            assert path.read_bytes() == before, inj.failed
        ids = {d["id"] for d in json.loads(path.read_bytes())["checkin"].values()}
        assert ids == expected, inj.failed
        if inj.failed is None:
            break
    else:
        pytest.fail("the write never completed")
    assert {"open", "mkstemp", "write", "fsync", "fchmod", "replace"} <= failed_steps


def test_a_failure_at_any_step_of_a_new_days_first_write_keeps_what_was_acknowledged(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.add(CheckIn(mood=2, at=store.clock.now()))
    store.clock.advance(86400)  # a new day: the next write makes a snapshot first
    for n in range(1, 8):
        with monkeypatch.context() as m:
            inj = Injector(m, n)
            try:
                record = store.add(CheckIn(mood=5, at=store.clock.now()))
            except StoreError:
                continue
        assert store.get(CheckIn, record.id) == record, inj.failed
        leftovers = [p.name for p in (store.root / "backups").iterdir() if p.name.startswith(".tmp-")]
        assert leftovers == []


def test_short_writes_are_completed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write
    monkeypatch.setattr(storage.os, "write", lambda fd, data: real_write(fd, bytes(data[:7])))
    payload = json.dumps({"t": {str(i): {"n": i} for i in range(50)}}).encode()
    atomic_write(tmp_path / "all.json", payload)
    assert (tmp_path / "all.json").read_bytes() == payload


def test_a_symlinked_shard_is_never_written_through(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere.json"
    real.write_bytes(b"{}\n")
    os.chmod(real, 0o644)
    link = tmp_path / "all.json"
    link.symlink_to(real)
    with pytest.raises(StoreError, match="symbolic link"):
        atomic_write(link, b'{"a": {}}\n')
    assert link.is_symlink() and real.read_bytes() == b"{}\n"
    assert real.stat().st_mode & 0o777 == 0o644


def test_new_files_are_0600_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        atomic_write(tmp_path / "all.json", b"{}\n")
    finally:
        os.umask(old)
    assert (tmp_path / "all.json").stat().st_mode & 0o777 == 0o600
