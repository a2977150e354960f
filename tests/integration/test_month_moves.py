"""A record moved to another month by a process that is killed (kill -9) between the two writes is
in exactly one month's file again as soon as a store opens the folder: finished or rolled back."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from reflect.core.clock import FakeClock
from reflect.core.models import CheckIn
from reflect.store import Store
from reflect.store.moves import INTENT
from tests.conftest import TZ

pytestmark = pytest.mark.integration

NOW = datetime(2026, 3, 14, 9, 0, tzinfo=TZ)
FEB = datetime(2026, 2, 20, 18, 0, tzinfo=TZ)


def months_holding(root: Path, record_id: str) -> list[str]:
    """The check-in files whose raw JSON holds the id (read as bytes: no store involved)."""
    out = []
    for path in sorted((root / "checkins").glob("*.json")):
        if path.name == INTENT:
            continue
        table = json.loads(path.read_bytes()).get("checkin", {})
        if any(doc.get("id") == record_id for doc in table.values()):
            out.append(path.name[:7])
    return out


def killed_before_writing(root: Path, at_write: str, work: Callable[[Store], object]) -> None:
    """A real process runs `work` on the store and is killed with SIGKILL just before it writes
    `at_write` ("new": the February file; "old": the March file)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        try:
            store = Store(root, FakeClock(NOW)).open()
            victim = {"new": "2026-02.json", "old": "2026-03.json"}[at_write]

            def hook(path: Path) -> None:
                if path.name == victim:
                    os.kill(os.getpid(), signal.SIGKILL)

            store.before_write = hook
            work(store)
        finally:
            os._exit(3)  # only reached if the kill did not happen
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


def kill_mid_move(root: Path, record_id: str, at_write: str) -> None:
    """A real process moves the check-in to February and is killed with SIGKILL just before it
    writes `at_write` ("new": the February file; "old": the March file the copy is removed from)."""

    def move(store: Store) -> None:
        record = store.get(CheckIn, record_id)
        store.put(record.model_copy(update={"at": FEB}))

    killed_before_writing(root, at_write, move)


def seeded(root: Path) -> str:
    store = Store(root, FakeClock(NOW)).open()
    record = store.add(CheckIn(mood=6, note="moved", at=NOW, created_at=NOW, updated_at=NOW))
    store.add(CheckIn(mood=4, at=FEB, created_at=FEB, updated_at=FEB))  # February exists already
    return record.id


def test_a_move_killed_after_the_new_copy_is_finished_on_open(tmp_path: Path) -> None:
    root = tmp_path / "journal"
    rid = seeded(root)
    kill_mid_move(root, rid, at_write="old")
    assert months_holding(root, rid) == ["2026-02", "2026-03"]  # the crash left two copies
    assert (root / "checkins" / INTENT).exists()

    store = Store(root, FakeClock(NOW)).open()
    assert months_holding(root, rid) == ["2026-02"]
    assert not (root / "checkins" / INTENT).exists()
    assert store.get(CheckIn, rid).at == FEB
    assert any("half-moved" in line and "finished" in line for line in store.problems)


def test_a_move_killed_before_the_new_copy_is_rolled_back_on_open(tmp_path: Path) -> None:
    root = tmp_path / "journal"
    rid = seeded(root)
    kill_mid_move(root, rid, at_write="new")
    assert months_holding(root, rid) == ["2026-03"]
    assert (root / "checkins" / INTENT).exists()

    store = Store(root, FakeClock(NOW)).open()
    assert months_holding(root, rid) == ["2026-03"]
    assert not (root / "checkins" / INTENT).exists()
    assert store.get(CheckIn, rid).at == NOW
    assert any("rolled back" in line for line in store.problems)


def test_a_finished_move_leaves_no_intent(tmp_path: Path) -> None:
    root = tmp_path / "journal"
    rid = seeded(root)
    store = Store(root, FakeClock(NOW)).open()
    store.put(store.get(CheckIn, rid).model_copy(update={"at": FEB}))
    assert months_holding(root, rid) == ["2026-02"]
    assert not (root / "checkins" / INTENT).exists()


def test_a_copy_edited_again_after_the_crash_still_finishes_the_move(tmp_path: Path) -> None:
    """A process that was running during the crash edits the moved record before anyone reopens:
    the next open still removes the stale copy from the old month."""
    root = tmp_path / "journal"
    rid = seeded(root)
    kill_mid_move(root, rid, at_write="old")
    clock = FakeClock(NOW)
    clock.advance(60)
    feb = root / "checkins" / "2026-02.json"
    data = json.loads(feb.read_bytes())
    for doc in data["checkin"].values():
        if doc.get("id") == rid:
            doc["updated_at"] = clock.now().isoformat()  # as a later edit in the February file leaves it
            doc["mood"] = 8
    feb.write_bytes(json.dumps(data).encode())
    store = Store(root, clock).open()
    assert months_holding(root, rid) == ["2026-02"]
    assert store.get(CheckIn, rid).mood == 8
