"""Real processes: kill -9 in the middle of writes, and four writers at once (with and without the lock).

Children are forked from the test process (reflect is already imported, so a child starts in about
a millisecond); each reports a write only after the store call returned ("acknowledged").
"""

from __future__ import annotations

import json
import os
import random
import signal
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from reflect.core.clock import FakeClock
from reflect.core.models import CheckIn, Person
from reflect.store import Store
from tests.conftest import TZ, need

pytestmark = pytest.mark.integration

NOW = datetime(2026, 3, 14, 9, 0, tzinfo=TZ)


def fork_child(body: Callable[[int], None]) -> tuple[int, int]:
    """Run `body(write_fd)` in a forked child; returns (pid, read_fd)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        code = 0
        try:
            os.close(read_fd)
            body(write_fd)
        except BaseException:  # noqa: BLE001
            code = 3
        finally:
            os._exit(code)
    os.close(write_fd)
    return pid, read_fd


def read_all(fd: int) -> str:
    chunks = []
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks).decode()


def acked_ids(text: str) -> list[str]:
    """Only complete lines count: a line cut by the kill was never acknowledged."""
    return [line for line in text.split("\n")[:-1] if line and line != "ready"]


MID_WRITE: list[int] = []
"""In a naive writer's child: the pipe to say "inside a write now" on (see naive_in_place_write)."""


def naive_in_place_write(path: Path, payload: bytes) -> None:
    """The common naive save, `open(path, "w").write(...)`: truncate, then write in chunks, in place.

    Each chunk is flushed to disk as it goes, as a slow disk or a large file would. With MID_WRITE
    set, the first chunk of a file larger than one chunk is followed by "mid" on that pipe and a
    pause (a slow disk), so the parent's kill lands inside the write whatever the machine's load.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for start in range(0, len(payload), 1024):
            os.write(fd, payload[start : start + 1024])
            os.fsync(fd)
            if MID_WRITE and start == 0 and len(payload) > 1024:
                os.write(MID_WRITE[0], b"mid\n")
                time.sleep(5)
    finally:
        os.close(fd)


def writer(root: Path, naive: bool = False, say_mid_write: bool = False, **store_kw) -> Callable[[int], None]:
    def body(fd: int) -> None:
        if naive:
            from reflect.store import storage

            storage.atomic_write = naive_in_place_write
            if say_mid_write:
                MID_WRITE.append(fd)
        clock = FakeClock(NOW)
        store = Store(root, clock, **store_kw).open()
        person = store.list(Person)[0]
        store.list(CheckIn, NOW.date(), NOW.date())
        os.write(fd, b"ready\n")  # the kill delay is measured from here, inside the write loop
        i = 0
        while True:
            i += 1
            clock.advance(1)
            record = store.add(CheckIn(mood=1 + i % 9, note="x" * (i % 50), at=clock.now(), created_at=clock.now(), updated_at=clock.now()))
            os.write(fd, f"{record.id}\n".encode())
            if i % 3 == 0:
                person = store.put(person.model_copy(update={"note": f"edit {i}"}))
    return body


def temps(root: Path) -> list[Path]:
    return [p for p in root.rglob(".tmp-*") if p.is_file()]


@pytest.mark.slow
def test_kill_9_during_writes_200_times(tmp_path: Path) -> None:
    need(hasattr(os, "fork"), "needs os.fork")
    root = tmp_path / "j"
    seed = Store(root, FakeClock(NOW)).open()
    seed.add(Person(name="Client A"))
    bulk = [CheckIn(mood=5, note="seed " * 20, at=NOW, created_at=NOW, updated_at=NOW) for _ in range(300)]
    seed.put_many(bulk)  # a fat month file: each write takes a while, so kills land mid-write
    acknowledged: set[str] = {r.id for r in bulk}
    rng = random.Random(20260314)
    stale_seen = 0
    kills_mid_write = 0
    for iteration in range(200):
        delay = rng.uniform(0, 0.005) if iteration % 5 else rng.uniform(0.005, 0.08)
        pid, fd = fork_child(writer(root))
        ready = os.read(fd, 6)
        assert ready == b"ready\n", ready
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, "the child died on its own"
        acknowledged.update(acked_ids(read_all(fd)))
        left = temps(root)
        stale_seen += bool(left)
        kills_mid_write += any(p.parent.name == "checkins" for p in left)
        for path in root.rglob("*.json"):
            if ".tmp-" in str(path):
                continue
            json.loads(path.read_bytes())  # every file parses
        for snap in (root / "backups").iterdir() if (root / "backups").exists() else []:
            assert snap.name.startswith(".") or (snap / "manifest.json").is_file()  # whole or absent
        store = Store(root, FakeClock(NOW)).open()
        assert [p for p in temps(root) if "backups" not in p.parts] == []  # open() cleaned them
        stored = {d["id"] for d in store.raw_docs(CheckIn)}
        missing = acknowledged - stored
        assert not missing, f"iteration {iteration}: {len(missing)} acknowledged writes lost"
        assert store.problems == []
    assert kills_mid_write > 0 and stale_seen > 0  # the loop really did interrupt writes
    assert len(acknowledged) > len(bulk) + 5  # and some writes completed between kills
    final = Store(root, FakeClock(NOW)).open()
    assert {r.id for r in final.list(CheckIn)} >= acknowledged and final.problems == []


@pytest.mark.slow
def test_the_kill_loop_catches_a_naive_in_place_writer(tmp_path: Path) -> None:
    """The same kill and check against an in-place writer finds a file that does not parse: the
    check can fail. The kill is sent once the writer says it is inside a write (a random delay, as
    the loop above uses, missed the write now and then on a loaded machine)."""
    need(hasattr(os, "fork"), "needs os.fork")
    root = tmp_path / "naive"
    seed = Store(root, FakeClock(NOW), auto_backup=False).open()
    seed.add(Person(name="Client A"))
    seed.put_many([CheckIn(mood=5, note="seed " * 20, at=NOW, created_at=NOW, updated_at=NOW) for _ in range(300)])
    pid, fd = fork_child(writer(root, naive=True, say_mid_write=True, auto_backup=False))
    said = b""
    while b"mid\n" not in said:
        chunk = os.read(fd, 4096)
        assert chunk, f"the writer ended before a write: {said[-200:]!r}"
        said += chunk
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    read_all(fd)
    torn = 0
    for path in (root / "checkins").glob("*.json"):
        try:
            json.loads(path.read_bytes())
        except ValueError:
            torn += 1
    assert torn == 1, "a kill inside an in-place write left every file whole"


def run_writers(root: Path, n: int, **store_kw) -> tuple[int, int]:
    """4 processes x n inserts into one collection and month; returns (acknowledged, stored)."""
    go_read, go_write = os.pipe()

    def body(fd: int) -> None:
        os.read(go_read, 1)  # start together
        clock = FakeClock(NOW)
        store = Store(root, clock, auto_backup=False, **store_kw).open()
        for _ in range(n):
            record = store.add(CheckIn(mood=5, at=NOW, created_at=NOW, updated_at=NOW))
            os.write(fd, f"{record.id}\n".encode())

    children = [fork_child(body) for _ in range(4)]
    os.write(go_write, b"gggg")
    acked = 0
    for pid, fd in children:
        acked += len(acked_ids(read_all(fd)))
        _, status = os.waitpid(pid, 0)
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    os.close(go_read)
    os.close(go_write)
    stored = len(Store(root, FakeClock(NOW)).open().list(CheckIn))
    return acked, stored


@pytest.mark.slow
def test_four_writers_lose_nothing_with_the_lock(tmp_path: Path) -> None:
    need(hasattr(os, "fork"), "needs os.fork")
    acked, stored = run_writers(tmp_path / "locked", 60)
    assert acked == 240
    assert stored == acked


@pytest.mark.slow
def test_without_the_lock_the_same_writers_lose_writes(tmp_path: Path) -> None:
    """Proves the lock is what keeps the test above green."""
    need(hasattr(os, "fork"), "needs os.fork")
    acked, stored = run_writers(tmp_path / "unlocked", 60, locking=False)
    assert acked == 240
    assert stored < acked, "no write was lost without the lock: the race did not show"
