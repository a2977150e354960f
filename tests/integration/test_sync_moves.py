"""`reflect sync` moving a record between months keeps the store's intent file: a sync killed
(kill -9) between the two writes of such a move leaves the record as the move planned it or as it
was, never half-merged, once a store opens the folder; the next sync then finishes the merge.

The journal: machine A moved a check-in from March to February; machine B edited it in March, earlier.
The sync tool kept B's March file and left A's as a conflict copy, so the record is in February
(A's) and in March (B's), and the copy does not mention it.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from reflect.core.clock import FakeClock
from reflect.core.models import CheckIn
from reflect.portability.sync import merge_conflicts
from reflect.store import Store
from reflect.store.moves import INTENT
from tests.conftest import TZ
from tests.integration.test_month_moves import killed_before_writing, months_holding

pytestmark = pytest.mark.integration

NOW = datetime(2026, 3, 14, 9, 0, tzinfo=TZ)
COPY = "2026-03.sync-conflict-20260314-101010-ABCDEF7.json"


def two_machines(tmp_path: Path) -> tuple[Path, str]:
    """A's folder after the sync tool delivered B's March file (see the module's docstring)."""
    a_root, b_root = tmp_path / "a", tmp_path / "b"
    a = Store(a_root, FakeClock(NOW)).open()
    record = a.put(CheckIn(at=NOW, mood=5, note="first version"))
    a.put(CheckIn(at=NOW - timedelta(days=25), mood=3, note="February exists already"))
    shutil.copytree(a_root, b_root)
    b = Store(b_root, FakeClock(NOW)).open()
    a.list(CheckIn)
    a.clock.advance(600)
    a.put(record.model_copy(update={"at": NOW - timedelta(days=30), "note": "moved on A"}))
    b.clock.advance(300)
    b.put(record.model_copy(update={"note": "edited on B"}))
    march = a_root / "checkins" / "2026-03.json"
    shutil.copy2(march, march.with_name(COPY))
    shutil.copy2(b_root / "checkins" / "2026-03.json", march)
    return a_root, record.id


def notes(root: Path, record_id: str) -> dict[str, tuple[str, list[str]]]:
    """month -> (the record's note there, the notes kept in its history), read as raw JSON."""
    out = {}
    for path in sorted((root / "checkins").glob("20*.json")):
        if "conflict" in path.name:
            continue
        for doc in json.loads(path.read_bytes())["checkin"].values():
            if doc["id"] == record_id:
                out[path.name[:7]] = (doc["note"], [h["note"] for h in doc.get("history", [])])
    return out


def kill_mid_sync(root: Path, at_write: str) -> None:
    """A real process runs the sync and is killed with SIGKILL just before it writes `at_write`
    ("new": February, where the merged record goes; "old": March, which loses its copy)."""
    killed_before_writing(root, at_write, merge_conflicts)


def test_a_sync_killed_after_the_merged_copy_landed_is_finished_on_open(tmp_path: Path) -> None:
    root, rid = two_machines(tmp_path)
    kill_mid_sync(root, at_write="old")
    assert months_holding(root, rid) == ["2026-02", "2026-03"]
    assert (root / "checkins" / INTENT).exists()

    store = Store(root, FakeClock(NOW)).open()
    assert notes(root, rid) == {"2026-02": ("moved on A", ["edited on B"])}  # B's edit kept in history
    assert not (root / "checkins" / INTENT).exists()
    assert any("half-moved" in line and "finished" in line for line in store.problems)
    merge_conflicts(store)  # the copy was left for the next sync
    assert notes(root, rid) == {"2026-02": ("moved on A", ["edited on B"])}
    assert not (root / "checkins" / COPY).exists()


def test_a_sync_killed_before_the_merged_copy_landed_is_rolled_back_on_open(tmp_path: Path) -> None:
    """February already held A's version, as new as the merged one: only the merged document
    itself counts as landed, or B's edit in March would be removed without being kept anywhere."""
    root, rid = two_machines(tmp_path)
    kill_mid_sync(root, at_write="new")
    assert (root / "checkins" / INTENT).exists()

    store = Store(root, FakeClock(NOW)).open()
    assert notes(root, rid) == {"2026-02": ("moved on A", []), "2026-03": ("edited on B", [])}  # as before the sync
    assert not (root / "checkins" / INTENT).exists()
    assert any("rolled back" in line for line in store.problems)
    merge_conflicts(store)
    assert notes(root, rid) == {"2026-02": ("moved on A", ["edited on B"])}
    assert not (root / "checkins" / COPY).exists()
