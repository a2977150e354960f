"""Sharding, lazy reads, month moves, files replaced from outside, and file modes."""

from __future__ import annotations

import json
import os
import stat
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from reflect.core.clock import FakeClock
from reflect.core.models import CheckIn, FocusBlock, Person
from reflect.store import Store, storage

TZ = timezone(timedelta(hours=-7))


def at(year: int, month: int, day: int = 10) -> datetime:
    return datetime(year, month, day, 12, tzinfo=TZ)


def seed_history(store: Store, months: int) -> None:
    """One check-in per month for `months` months before March 2026 (written raw, quickly)."""
    for i in range(months):
        year, month = divmod(2026 * 12 + 1 - i, 12)  # Feb 2026 backwards
        moment = at(year, month + 1)
        store.add(CheckIn(mood=5, at=moment, created_at=moment, updated_at=moment))


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the data files read through the storage."""
    seen: list[str] = []
    real = storage.AtomicJSONStorage.read

    def read(self):
        seen.append(f"{self.path.parent.name}/{self.path.name}")
        return real(self)

    monkeypatch.setattr(storage.AtomicJSONStorage, "read", read)
    return seen


def ci(store: Store, **fields) -> CheckIn:
    """A check-in stamped by the store's clock, as `new_checkin` makes them."""
    now = store.clock.now()
    return CheckIn(**{"at": now, "created_at": now, "updated_at": now, **fields})


def signature(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_ino, st.st_mtime_ns


def test_a_write_touches_only_its_months_file(store: Store) -> None:
    seed_history(store, 3)
    store.add(Person(name="Client A"))
    files = sorted(p for p in store.root.rglob("*.json") if "backups" not in p.parts)
    before = {p: signature(p) for p in files}
    store.add(CheckIn(mood=7, at=store.clock.now()))
    assert (store.root / "checkins" / "2026-03.json").exists()
    for path in files:
        assert signature(path) == before[path], path


@pytest.mark.parametrize("history", [2, 36])
def test_open_and_todays_list_read_only_the_current_month(data_dir: Path, clock: FakeClock, reads: list[str], history: int) -> None:
    seeding = Store(data_dir, clock, auto_backup=False).open()
    seed_history(seeding, history)
    seeding.add(CheckIn(mood=2, at=clock.now()))
    reads.clear()
    store = Store(data_dir, clock).open()
    assert reads == []
    today = clock.now().date()
    assert len(store.list(CheckIn, today, today)) == 1
    assert reads == ["checkins/2026-03.json"]
    assert list(store._cache) == [data_dir / "checkins" / "2026-03.json"]
    reads.clear()
    store.add(CheckIn(mood=3, at=clock.now()))
    assert reads == ["checkins/2026-03.json"]


def test_a_range_reads_only_its_months(store: Store, reads: list[str]) -> None:
    seed_history(store, 14)
    reads.clear()
    got = Store(store.root, store.clock).open().list(CheckIn, date(2025, 6, 1), date(2025, 8, 31))
    assert [r.at.month for r in got] == [6, 7, 8]
    assert reads == ["checkins/2025-06.json", "checkins/2025-07.json", "checkins/2025-08.json"]


def live_copies(root: Path, rid: str) -> list[str]:
    out = []
    for path in sorted((root / "checkins").glob("[0-9]*.json")):
        for doc in json.loads(path.read_bytes())["checkin"].values():
            if doc.get("id") == rid:
                out.append(path.name)
    return out


def test_moving_a_checkin_to_another_month_leaves_one_copy(store: Store) -> None:
    record = store.add(ci(store, mood=4))
    store.put(record.model_copy(update={"mood": 5}))  # an edit that empties the read cache
    moved = store.put(store.get(CheckIn, record.id).model_copy(update={"at": at(2026, 1)}))
    assert live_copies(store.root, record.id) == ["2026-01.json"]
    again = store.put(moved.model_copy(update={"at": at(2025, 11)}))  # moved twice, never re-read
    assert live_copies(store.root, record.id) == ["2025-11.json"]
    assert store.get(CheckIn, record.id) == again


def test_a_move_by_another_store_instance_finds_the_old_copy(store: Store) -> None:
    record = store.add(ci(store, mood=4))
    other = Store(store.root, store.clock).open()  # never read the record: its cache is empty
    other.put(record.model_copy(update={"at": at(2026, 2)}))
    assert live_copies(store.root, record.id) == ["2026-02.json"]


def test_a_crash_between_the_two_writes_of_a_move_is_finished_when_the_store_opens(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    record = store.add(ci(store, mood=4))
    store.clock.advance(60)
    real = Store._write
    calls = []

    def crash_on_second(self, cls, path, upserts, removes=(), **kw):
        calls.append(path.name)
        if len(calls) == 2:
            raise KeyboardInterrupt("killed")
        return real(self, cls, path, upserts, removes, **kw)

    monkeypatch.setattr(Store, "_write", crash_on_second)
    with pytest.raises(KeyboardInterrupt):
        store.put(record.model_copy(update={"at": at(2026, 1), "mood": 9}))
    monkeypatch.undo()
    assert live_copies(store.root, record.id) == ["2026-01.json", "2026-03.json"]
    fresh = Store(store.root, store.clock).open()
    assert live_copies(store.root, record.id) == ["2026-01.json"]
    [only] = fresh.list(CheckIn)
    assert only.mood == 9 and only.at.month == 1
    assert fresh.get(CheckIn, record.id).mood == 9
    assert [d["mood"] for d in fresh.raw_docs(CheckIn)] == [9]
    fresh.put(only.model_copy(update={"mood": 1}))  # an edit after the repair keeps the one copy
    assert live_copies(store.root, record.id) == ["2026-01.json"]


def test_a_file_replaced_from_outside_is_noticed_and_nothing_written_after_is_lost(store: Store) -> None:
    first = store.add(CheckIn(mood=1, at=store.clock.now()))
    assert len(store.list(CheckIn)) == 1  # now cached
    path = store.root / "checkins" / "2026-03.json"
    other = Store(store.root, store.clock).open()
    second = other.add(CheckIn(mood=2, at=store.clock.now()))
    # a sync tool swaps in its own version: same size and mtime as the file we cached
    data = json.loads(path.read_bytes())
    third = CheckIn(mood=3, at=store.clock.now())
    data["checkin"]["77"] = third.to_doc()
    old_stat = path.stat()
    tmp = path.with_name("syncthing.tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.utime(tmp, ns=(old_stat.st_atime_ns, old_stat.st_mtime_ns))
    os.replace(tmp, path)
    assert {r.id for r in store.list(CheckIn)} == {first.id, second.id, third.id}
    fourth = store.add(CheckIn(mood=4, at=store.clock.now()))
    assert {r.id for r in Store(store.root).open().list(CheckIn)} == {first.id, second.id, third.id, fourth.id}


def test_writes_never_use_the_read_cache(store: Store) -> None:
    """A poisoned cache entry (what a stale cache would hold) must not reach the disk."""
    store.add(CheckIn(mood=1, at=store.clock.now()))
    store.list(CheckIn)
    path = store.root / "checkins" / "2026-03.json"
    cached = store._cache[path]
    outside = CheckIn(mood=2, at=store.clock.now())
    data = json.loads(path.read_bytes())
    data["checkin"]["9"] = outside.to_doc()
    raw = storage.serialize(data)
    fd = os.open(path, os.O_WRONLY | os.O_TRUNC)  # changed in place, as an editor might
    os.write(fd, raw)
    os.close(fd)
    cached.sig = store._sig(path)  # the cache now believes it is up to date
    store.add(CheckIn(mood=3, at=store.clock.now()))
    ids = {d["id"] for d in json.loads(path.read_bytes())["checkin"].values()}
    assert outside.id in ids and len(ids) == 3


def modes(root: Path) -> dict[str, int]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            out[path.relative_to(root).as_posix()] = stat.S_IMODE(path.lstat().st_mode)
    out["."] = stat.S_IMODE(root.stat().st_mode)
    return out


def test_folder_0700_and_every_file_0600(data_dir: Path, clock: FakeClock) -> None:
    old_umask = os.umask(0)
    try:
        store = Store(data_dir, clock, keep_backups=2).open()
        store.add(CheckIn(mood=1, at=clock.now()))
        store.add(Person(name="Client A"))
        store.add(FocusBlock(planned_seconds=60, started_at=clock.now()))
        clock.advance(86400)
        store.add(CheckIn(mood=2, at=clock.now()))
        store.daily_backup()
        (data_dir / "people" / "all.json").write_bytes(b"{broken")
        Store(data_dir, clock).open().list(Person)  # recovery: moved aside + salvage
    finally:
        os.umask(old_umask)
    found = modes(data_dir)
    assert any(".corrupt-" in k for k in found) and any(k.startswith("backups/2026-03-15/") for k in found)
    for rel, mode in found.items():
        is_dir = (data_dir / rel).is_dir()
        assert mode == (0o700 if is_dir else 0o600), (rel, oct(mode))


def test_open_leaves_an_existing_folders_mode_as_the_user_set_it(data_dir: Path) -> None:
    data_dir.mkdir()
    os.chmod(data_dir, 0o1755)  # a sticky bit and others' read: the user's choice, reported by doctor
    Store(data_dir).open()
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o1755


def test_open_creates_a_missing_folder_private(data_dir: Path) -> None:
    Store(data_dir).open()
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700


def test_put_many_is_all_or_nothing_across_shards(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.add(ci(store, mood=1))
    store.add(ci(store, mood=2, at=at(2026, 1)))
    files = {p: p.read_bytes() for p in (store.root / "checkins").glob("*.json")}
    batch = [ci(store, mood=5, at=at(2026, m)) for m in (1, 2, 3)] + [Person(name="Client A")]
    real = storage.atomic_write
    calls = []

    def fail_third(path, payload):
        calls.append(path.name)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(path, payload)

    monkeypatch.setattr(storage, "atomic_write", fail_third)
    with pytest.raises(Exception, match="disk full|No space"):
        store.put_many(batch)
    monkeypatch.undo()
    assert {p: p.read_bytes() for p in (store.root / "checkins").glob("*.json")} == files
    assert not (store.root / "people" / "all.json").exists()
    assert store.put_many(batch) == 4
    assert len(Store(store.root).open().list(CheckIn)) == 5


def test_the_latest_edited_settings_win(store: Store) -> None:
    from reflect.core.models import Settings

    first = store.save_settings(Settings(theme="nord"))
    store.clock.advance(10)
    other = Settings(theme="gruvbox", created_at=first.created_at - timedelta(days=1))
    store.save_settings(other)
    assert Store(store.root, store.clock).open().settings().theme == "gruvbox"


@pytest.mark.parametrize("newer_month", [1, 2])
def test_a_record_in_two_months_reads_as_its_newest_copy(store: Store, newer_month: int) -> None:
    """A sync tool can deliver a moved record's new month before its old month loses it: every
    reader shows the newest copy, whichever month holds it."""
    record = store.add(ci(store, mood=4, at=at(2026, 3 - newer_month)))
    store.clock.advance(60)
    moved = record.model_copy(update={"at": at(2026, newer_month), "mood": 7, "updated_at": store.clock.now()})
    store._write(CheckIn, store.shard_path(CheckIn, moved), [moved])  # the other machine's file, as delivered
    assert live_copies(store.root, record.id) == ["2026-01.json", "2026-02.json"]
    fresh = Store(store.root, store.clock).open()
    assert [r.mood for r in fresh.list(CheckIn)] == [7]
    assert fresh.get(CheckIn, record.id).mood == 7
    assert [d["mood"] for d in fresh.raw_docs(CheckIn)] == [7]
