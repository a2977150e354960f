"""The kept per-month insight sums (`reflect.services.insight_cache`) against the exact computation.

Every test compares `load_and_compute` (reading kept months) with `compute_insights` over every raw
record, on real files: a cold start, a warm one, after edits in history that keep a file's size, after
deletes, with a record left in two months by a crash, with damaged or unwritable cache files.
"""

from __future__ import annotations

import json
import os
import stat
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from reflect.core.clock import FakeClock
from reflect.core.insights.mood import RAW_DROP, compute_insights
from reflect.core.models import CheckIn, FocusBlock, Reflection
from reflect.core.sample.journal import fill
from reflect.services import insight_cache
from reflect.store import Store, backups
from reflect.services.insight_cache import cache_path

from tests.conftest import TZ

NOW = datetime(2026, 3, 14, 21, 0, tzinfo=TZ)
TODAY = NOW.date()


def exact(store: Store, today: date = TODAY, days: int | None = None) -> dict:
    """Every insight from every raw record: what the cache must always agree with."""
    env = RAW_DROP["envelope"]
    return compute_insights(
        store.raw_docs(CheckIn, drop=env),
        store.raw_docs(FocusBlock, drop=env | RAW_DROP["focus_block"]),
        store.raw_docs(Reflection, drop=env | RAW_DROP["reflection"]),
        today,
        days,
    )


@pytest.fixture(scope="module")
def journal(tmp_path_factory) -> Path:
    """Two and a half years of the sample journal, written once; each test copies it."""
    root = tmp_path_factory.mktemp("sample") / "journal"
    store = Store(root, FakeClock(NOW), auto_backup=False).open()
    fill(store, NOW, 2.5, seed=11)
    return root


@pytest.fixture
def copy(journal: Path, tmp_path: Path) -> Store:
    import shutil

    root = tmp_path / "journal"
    shutil.copytree(journal, root)
    return Store(root, FakeClock(NOW), auto_backup=False).open()


def load_and_compute(store: Store, today: date, days: int | None = None) -> dict:
    """The cache's answer, after its files are written (they are written by a thread)."""
    result = insight_cache.load_and_compute(store, today, days)
    insight_cache.flush()
    return result


def months_read(monkeypatch) -> list[str]:
    """Record which months the cache reads from their files."""
    seen: list[str] = []
    real = insight_cache._read_month

    def spy(store, month):
        seen.append(month)
        return real(store, month)

    monkeypatch.setattr(insight_cache, "_read_month", spy)
    return seen


def test_cold_and_warm_runs_equal_the_exact_computation(copy: Store, monkeypatch) -> None:
    want = exact(copy)
    seen = months_read(monkeypatch)
    assert load_and_compute(copy, TODAY) == want
    cold = list(seen)
    assert len(cold) >= 30  # every month was read once
    seen.clear()
    assert load_and_compute(copy, TODAY) == want
    # warm: only the balance window's month(s) are read again; history comes from the kept sums
    assert seen and all(m >= "2026-03" for m in seen), seen
    for days in (7, 30, 45, 365, 1000):
        assert load_and_compute(copy, TODAY, days) == exact(copy, TODAY, days), days


def test_cache_files_are_private_and_never_backed_up_or_synced(copy: Store) -> None:
    load_and_compute(copy, TODAY)
    folder = cache_path(copy.root).parent
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = sorted(p.name for p in folder.iterdir())
    assert "insights.json" in files and "insight-ids.json" in files and "on-this-day-03.json" in files
    for p in folder.iterdir():
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
    assert all(CACHE not in p.parts for p in backups.data_files(copy.root) for CACHE in (".cache",))


def test_an_edit_in_history_that_keeps_the_file_size_is_noticed(copy: Store, monkeypatch) -> None:
    load_and_compute(copy, TODAY)
    old = [c for c in copy.list(CheckIn, date(2024, 6, 1), date(2024, 6, 30))]
    target = next(c for c in old if c.mood != 9)
    path = copy.shard_path(CheckIn, target)
    size = path.stat().st_size
    copy.put(target.model_copy(update={"mood": 9 if target.mood < 9 else 1}), touch=False)
    assert path.stat().st_size == size  # one digit for another: only the signature's inode and times move
    want = exact(copy)
    assert load_and_compute(copy, TODAY) == want

    # the same check fails when the kept month is trusted without looking at its file again
    load_and_compute(copy, TODAY)
    copy.put(target.model_copy(update={"mood": 5 if target.mood != 5 else 6}), touch=False)
    real = insight_cache._signatures
    stale = json.loads(cache_path(copy.root).read_text())["months"]["2024-06"]["sig"]

    def blind(store):
        sigs = real(store)
        sigs[("2024-06", "checkin")] = stale[0]
        return sigs

    monkeypatch.setattr(insight_cache, "_signatures", blind)
    assert load_and_compute(copy, TODAY) != exact(copy)


def test_deletes_backfills_and_new_months_are_counted(copy: Store) -> None:
    load_and_compute(copy, TODAY)
    victim = copy.list(CheckIn, date(2025, 2, 1), date(2025, 2, 28))[0]
    copy.delete(victim)
    copy.add(CheckIn(at=datetime(2023, 9, 1, 8, 30, tzinfo=TZ), mood=2, energy=8, tags=["backfilled"],
                     created_at=NOW, updated_at=NOW))  # a month older than any other
    copy.add(CheckIn(at=datetime(2025, 11, 3, 8, 30, tzinfo=TZ), mood=8, energy=2, tags=["late-entry"],
                     created_at=NOW, updated_at=NOW))
    want = exact(copy)
    assert want["first_day"] == "2023-09-01"
    assert load_and_compute(copy, TODAY) == want
    assert load_and_compute(copy, TODAY, 200) == exact(copy, TODAY, 200)


def _leave_copy(store: Store, record: CheckIn, month_day: datetime) -> None:
    """What a crash between the two writes of a month-moving edit leaves: the record in both months."""
    moved = record.model_copy(update={"at": month_day, "updated_at": NOW + timedelta(minutes=5)})
    store._write(CheckIn, store.shard_path(CheckIn, moved), [moved])  # the new copy written, the old not yet removed


@pytest.mark.parametrize("to", [datetime(2024, 2, 10, 9, 0, tzinfo=TZ), datetime(2026, 3, 10, 9, 0, tzinfo=TZ)])
def test_a_record_left_in_two_months_counts_once(copy: Store, to: datetime) -> None:
    load_and_compute(copy, TODAY)  # kept sums exist before the crash
    record = copy.list(CheckIn, date(2024, 8, 1), date(2024, 8, 31))[3]
    _leave_copy(copy, record, to)
    raw_ids = [d["id"] for d in copy.raw_docs(CheckIn)]
    assert raw_ids.count(record.id) == 1  # the store's own reading lets the newer copy win
    want = exact(copy)
    assert load_and_compute(copy, TODAY) == want
    assert load_and_compute(copy, TODAY) == want  # and again, from the kept sums


def test_damaged_or_foreign_cache_files_are_ignored_and_rebuilt(copy: Store) -> None:
    want = exact(copy)
    load_and_compute(copy, TODAY)
    path = cache_path(copy.root)
    kept = json.loads(path.read_text())
    for bad in (b"\x00garbage{", b"[]", json.dumps({**kept, "format": -1}).encode()):
        path.write_bytes(bad)
        assert load_and_compute(copy, TODAY) == want
        assert json.loads(path.read_text())["format"] == kept["format"]  # rebuilt
    broken = json.loads(path.read_text())
    for entry in broken["months"].values():
        entry["digest"]["c"] = "not numbers"  # parses, has the right signatures, but is not ours
    path.write_text(json.dumps(broken))
    assert load_and_compute(copy, TODAY) == want
    assert load_and_compute(copy, TODAY) == want
    ids = path.with_name("insight-ids.json")
    ids.write_text("{}")
    path.unlink()
    assert load_and_compute(copy, TODAY) == want


def test_a_cache_that_cannot_be_written_only_costs_time(copy: Store, monkeypatch) -> None:
    def full(path, payload):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(insight_cache, "replace_quickly", full)
    assert load_and_compute(copy, TODAY) == exact(copy)
    assert not cache_path(copy.root).exists()


def test_stale_temp_files_of_a_crashed_cache_write_are_removed(copy: Store) -> None:
    load_and_compute(copy, TODAY)
    folder = cache_path(copy.root).parent
    old = folder / ".tmp-insights.json.abc"
    fresh = folder / ".tmp-insights.json.def"
    old.write_text("half")
    fresh.write_text("someone writing now")
    os.utime(old, (0, 0))
    copy.add(CheckIn(at=datetime(2025, 5, 5, 9, 0, tzinfo=TZ), mood=5, created_at=NOW, updated_at=NOW))
    load_and_compute(copy, TODAY)  # a history month changed: the cache is written again
    assert not old.exists() and fresh.exists()


def test_an_empty_or_missing_journal(tmp_path: Path) -> None:
    store = Store(tmp_path / "new", FakeClock(NOW)).open()
    assert load_and_compute(store, TODAY) == compute_insights([], [], [], TODAY)


def test_a_move_between_old_months_updates_the_kept_ids_in_place(copy: Store, monkeypatch) -> None:
    """Moving a check-in from June to July 2024 changes two kept months: their ids are swapped in
    the kept hashes (no full count), and the result equals a full count from nothing."""
    load_and_compute(copy, TODAY)
    updates = []
    real = insight_cache._updated_ids

    def spy(*args):
        updates.append(real(*args))
        return updates[-1]

    monkeypatch.setattr(insight_cache, "_updated_ids", spy)
    record = copy.list(CheckIn, date(2024, 6, 1), date(2024, 6, 30))[0]
    copy.put(record.model_copy(update={"at": datetime(2024, 7, 10, 9, 0, tzinfo=TZ)}))
    copy.add(CheckIn(at=datetime(2024, 6, 3, 9, 0, tzinfo=TZ), mood=3, created_at=NOW, updated_at=NOW))
    assert load_and_compute(copy, TODAY) == exact(copy)
    assert updates and updates[-1] is not None  # updated in place
    path = cache_path(copy.root)
    in_place = json.loads(path.read_text())["history"]
    data = json.loads(path.read_text())
    data["history"] = {}
    path.write_text(json.dumps(data))
    assert load_and_compute(copy, TODAY) == exact(copy)
    counted = json.loads(path.read_text())["history"]
    assert updates[-1] is None  # no previous history: counted from nothing
    assert [sorted(insight_cache._unpack(x)) for x in in_place["ids"]] == [sorted(insight_cache._unpack(x)) for x in counted["ids"]]
    assert in_place["clean"] and counted["clean"] and in_place["key"] == counted["key"]
