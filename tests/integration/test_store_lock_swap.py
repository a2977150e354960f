"""The collection lock holds when a sync tool or a cleaner deletes or replaces `<collection>/.lock`.

Eight writer processes add check-ins to one month while a loop in the parent deletes the `.lock`
file and puts a fresh one (or a symlink) in its place; every acknowledged write must be stored.
And a `.lock` that is a symlink to a file outside the data folder is never followed or chmodded.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from reflect.core.clock import FakeClock
from reflect.core.models import CheckIn
from reflect.store import Store
from tests.conftest import TZ, need
from tests.integration.test_store_processes import acked_ids, fork_child, read_all

pytestmark = pytest.mark.integration

NOW = datetime(2026, 3, 14, 9, 0, tzinfo=TZ)
WRITERS = 8
PER_WRITER = 30


def test_deleting_or_replacing_the_lock_file_loses_nothing(tmp_path: Path) -> None:
    need(hasattr(os, "fork"), "needs os.fork")
    root = tmp_path / "data"
    Store(root, FakeClock(NOW), auto_backup=False).open().add(CheckIn(mood=5, at=NOW))
    lock = root / "checkins" / ".lock"
    outside = tmp_path / "elsewhere"
    outside.write_text("x")
    go_read, go_write = os.pipe()

    def body(fd: int) -> None:
        os.read(go_read, 1)
        store = Store(root, FakeClock(NOW), auto_backup=False).open()
        for _ in range(PER_WRITER):
            record = store.add(CheckIn(mood=5, at=NOW, created_at=NOW, updated_at=NOW))
            os.write(fd, f"{record.id}\n".encode())

    children = [fork_child(body) for _ in range(WRITERS)]
    os.write(go_write, b"g" * WRITERS)
    running = {pid for pid, _ in children}
    statuses = []
    swaps = 0
    while running:
        try:  # what a sync tool or a cleaner does to a stray file: delete it, or put its own copy there
            lock.unlink()
        except FileNotFoundError:
            pass
        spare = lock.with_name(f"spare-{swaps}")
        if swaps % 3 == 1:
            spare.write_text("")
            os.replace(spare, lock)
        elif swaps % 3 == 2:
            spare.symlink_to(outside)
            os.replace(spare, lock)
        swaps += 1
        for pid in list(running):
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                running.discard(pid)
                statuses.append(status)
    acked: list[str] = []
    for _pid, fd in children:
        acked += acked_ids(read_all(fd))
    assert all(os.WIFEXITED(s) and os.WEXITSTATUS(s) == 0 for s in statuses), statuses
    os.close(go_read)
    os.close(go_write)
    stored = {c.id for c in Store(root, FakeClock(NOW)).open().list(CheckIn)}
    assert len(acked) == WRITERS * PER_WRITER
    assert set(acked) <= stored, f"{len(set(acked) - stored)} acknowledged writes lost"


def test_a_lock_symlinked_outside_is_never_followed_or_chmodded(tmp_path: Path) -> None:
    root = tmp_path / "data"
    store = Store(root, FakeClock(NOW), auto_backup=False).open()
    store.add(CheckIn(mood=5, at=NOW))
    outside = tmp_path / "secret.txt"
    outside.write_text("not reflect's")
    os.chmod(outside, 0o644)
    lock = root / "checkins" / ".lock"
    lock.unlink(missing_ok=True)
    lock.symlink_to(outside)
    store.add(CheckIn(mood=6, at=NOW))
    assert outside.stat().st_mode & 0o777 == 0o644
    assert outside.read_text() == "not reflect's"
    assert len(Store(root, FakeClock(NOW)).open().list(CheckIn)) == 2
