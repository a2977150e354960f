"""Daily snapshots (hard-linked, bounded, whole or absent) and forward-only migrations."""

from __future__ import annotations

import json
import os
import shutil
from datetime import timedelta, timezone
from pathlib import Path

import pytest

from reflect.core.clock import FakeClock
from reflect.core.errors import StoreError
from reflect.core.models import CheckIn, Person
from reflect.store import Store, backups
from reflect.store.migrations import migrate

TZ = timezone(timedelta(hours=-7))


def ci(store: Store, **fields) -> CheckIn:
    now = store.clock.now()
    return CheckIn(**{"at": now, "created_at": now, "updated_at": now, **fields})


# --- backups ---------------------------------------------------------------------------------


def test_a_snapshot_on_the_first_write_of_each_day_with_unchanged_files_hard_linked(store: Store) -> None:
    store.add(ci(store, mood=1))  # nothing on disk yet: nothing to snapshot
    assert not (store.root / "backups").exists()
    march = store.root / "checkins" / "2026-03.json"
    first_bytes = march.read_bytes()
    store.add(Person(name="Client A"))  # first write with data on disk: today's snapshot, made first
    day1 = store.root / "backups" / "2026-03-14"
    assert [p.name for p in backups.list_snapshots(store.root)] == ["2026-03-14"]
    assert (day1 / "checkins" / "2026-03.json").read_bytes() == first_bytes
    assert not (day1 / "people").exists()  # the snapshot holds the state before the write
    store.add(Person(name="Client B"))
    assert backups.list_snapshots(store.root) == [day1]  # one a day
    store.clock.advance(86400)
    store.add(Person(name="Client C"))  # the first write of the next day
    day2 = store.root / "backups" / "2026-03-15"
    assert backups.list_snapshots(store.root) == [day1, day2]
    assert (day1 / "checkins" / "2026-03.json").stat().st_ino == (day2 / "checkins" / "2026-03.json").stat().st_ino
    store.clock.advance(86400)
    store.add(ci(store, mood=3))
    day3 = store.root / "backups" / "2026-03-16"
    assert (day3 / "checkins" / "2026-03.json").stat().st_ino == (day1 / "checkins" / "2026-03.json").stat().st_ino
    people2, people3 = day2 / "people" / "all.json", day3 / "people" / "all.json"
    assert people2.stat().st_ino != people3.stat().st_ino  # changed since: a real copy
    assert people3.read_bytes() == (store.root / "people" / "all.json").read_bytes()
    assert people2.read_bytes() != people3.read_bytes()


def test_only_a_bounded_number_is_kept(data_dir: Path, clock: FakeClock) -> None:
    store = Store(data_dir, clock, keep_backups=3).open()
    store.add(Person(name="Client A"))
    for _ in range(6):
        store.add(Person(name="Client B"))
        clock.advance(86400)
    names = [p.name for p in backups.list_snapshots(data_dir)]
    assert names == ["2026-03-17", "2026-03-18", "2026-03-19"]


def test_a_snapshot_is_whole_or_absent(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.add(ci(store, mood=1))
    store.add(Person(name="Client A"))
    shutil.rmtree(store.root / "backups")
    real = shutil.copy2
    calls = []

    def copy_then_fail(src, dst, **kw):
        calls.append(src)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(src, dst, **kw)

    monkeypatch.setattr(backups.shutil, "copy2", copy_then_fail)
    with pytest.raises(StoreError, match="disk full"):
        store.daily_backup()
    monkeypatch.undo()
    assert os.listdir(store.root / "backups") == []
    # a half-made snapshot folder left by a killed process is cleared by the next snapshot
    (store.root / "backups" / ".tmp-2026-03-14-999999" / "checkins").mkdir(parents=True)
    made = store.daily_backup()
    assert made == store.root / "backups" / "2026-03-14"
    assert sorted(os.listdir(store.root / "backups")) == ["2026-03-14"]
    assert json.loads((made / backups.MANIFEST).read_text()).keys() == {"checkins/2026-03.json", "people/all.json"}


def test_the_snapshot_copy_holds_the_bytes_of_the_day(store: Store) -> None:
    store.add(Person(name="Client A"))
    snap = store.daily_backup()
    assert snap is not None
    for path in backups.data_files(store.root):
        assert (snap / path.relative_to(store.root)).read_bytes() == path.read_bytes()


# --- migrations -------------------------------------------------------------------------------


def emotions_v2(doc: dict) -> dict:
    """A test step: check-in v1 -> v2 turns `emotion` into a list `emotions`."""
    word = doc.pop("emotion", None)
    doc["emotions"] = [word] if word else []
    return doc


REGISTRY = {"checkin": {1: emotions_v2}}


def old_store(root: Path, clock: FakeClock) -> Path:
    v1 = Store(root, clock, auto_backup=False).open()
    now = clock.now()
    for word in ("calm", None, "tense"):
        v1.add(CheckIn(mood=5, emotion=word, at=now, created_at=now, updated_at=now))
    return root / "checkins" / "2026-03.json"


def test_old_records_are_read_migrated_without_writing(data_dir: Path, clock: FakeClock) -> None:
    path = old_store(data_dir, clock)
    before = path.read_bytes()
    store = Store(data_dir, clock, migrations=REGISTRY, auto_backup=False).open()
    assert store.version(CheckIn) == 2
    got = store.list(CheckIn)
    assert [r.v for r in got] == [2, 2, 2]
    assert sorted(tuple(r.model_extra["emotions"]) for r in got) == [(), ("calm",), ("tense",)]
    assert all(r.emotion is None for r in got)
    assert [d["v"] for d in store.raw_docs(CheckIn)] == [2, 2, 2]
    assert path.read_bytes() == before  # reading never writes
    assert not (data_dir / "backups").exists()


def test_the_first_migrating_write_backs_the_file_up_first(data_dir: Path, clock: FakeClock) -> None:
    path = old_store(data_dir, clock)
    before = path.read_bytes()
    store = Store(data_dir, clock, migrations=REGISTRY, auto_backup=False).open()
    store.add(CheckIn(mood=7, emotion="glad", at=clock.now(), created_at=clock.now(), updated_at=clock.now()))
    copies = list((data_dir / "backups" / "pre-migration").iterdir())
    assert [c.name for c in copies] == ["checkins__2026-03.json.20260314T090000"]
    assert copies[0].read_bytes() == before
    assert copies[0].stat().st_mode & 0o777 == 0o600
    docs = list(json.loads(path.read_bytes())["checkin"].values())
    assert [d["v"] for d in docs] == [2, 2, 2, 2]
    assert ["glad"] in [d["emotions"] for d in docs] and all("emotion" not in d for d in docs)
    clock.advance(5)
    store.add(CheckIn(mood=1, at=clock.now()))
    assert len(list((data_dir / "backups" / "pre-migration").iterdir())) == 1  # only the first


def test_migrations_are_forward_only(data_dir: Path, clock: FakeClock) -> None:
    path = old_store(data_dir, clock)
    Store(data_dir, clock, migrations=REGISTRY, auto_backup=False).open().add(ci(Store(data_dir, clock), mood=2))
    migrated = {d["id"]: d for d in json.loads(path.read_bytes())["checkin"].values()}
    # this build (v1 only) reads them read-only and never turns them back into v1
    v1 = Store(data_dir, clock, auto_backup=False).open()
    records = v1.list(CheckIn)
    assert {r.v for r in records} == {2}
    with pytest.raises(StoreError, match="read-only"):
        v1.put(records[0].model_copy(update={"mood": 1}))
    v1.add(ci(v1, mood=3))
    after = {d["id"]: d for d in json.loads(path.read_bytes())["checkin"].values()}
    assert {k: after[k] for k in migrated} == migrated
    assert migrate({"kind": "checkin", "v": 2, "x": 1}, 1, REGISTRY) == {"kind": "checkin", "v": 2, "x": 1}


def test_a_missing_step_quarantines_instead_of_guessing(data_dir: Path, clock: FakeClock) -> None:
    old_store(data_dir, clock)
    store = Store(data_dir, clock, migrations={"checkin": {1: emotions_v2, 3: emotions_v2}}, auto_backup=False).open()
    assert store.version(CheckIn) == 2  # a gap ends the chain
    broken = {"checkin": {2: lambda d: 1 / 0}}
    with pytest.raises(ZeroDivisionError):
        migrate({"kind": "checkin", "v": 2}, 3, broken)
    bad = Store(data_dir, clock, migrations={"checkin": {1: lambda d: None}}, auto_backup=False).open()
    assert bad.list(CheckIn) == [] and len(bad.quarantined()) == 3


def test_no_migrating_write_without_its_backup(data_dir: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    path = old_store(data_dir, clock)
    before = path.read_bytes()
    store = Store(data_dir, clock, migrations=REGISTRY, auto_backup=False).open()

    def fail(*a, **kw):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups.shutil, "copy2", fail)
    with pytest.raises(StoreError, match="disk full") as info:
        store.add(ci(store, mood=1))
    assert "\n" not in str(info.value)
    assert path.read_bytes() == before  # not migrated, nothing added
