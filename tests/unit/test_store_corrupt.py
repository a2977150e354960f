"""Damaged files are never overwritten or crashed on; bad records are quarantined and carried along."""

from __future__ import annotations

import json
import random
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from reflect.core.clock import FakeClock
from reflect.core.errors import StoreError
from reflect.core.models import CheckIn, Person
from reflect.store import Store

TZ = timezone(timedelta(hours=-7))


def fresh(root: Path) -> Store:
    return Store(root, FakeClock(datetime(2026, 3, 14, 9, tzinfo=TZ)), auto_backup=False).open()


@pytest.fixture
def no_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    """Durability is not what these loops test; skipping fsync keeps a thousand recoveries quick."""
    from reflect.store import storage

    monkeypatch.setattr(storage, "_fsync_file", lambda fd: None)
    monkeypatch.setattr(storage, "fsync_dir", lambda folder, strict=False: None)


@pytest.fixture
def small_shard(tmp_path: Path) -> tuple[Path, bytes, dict[str, CheckIn]]:
    """A March shard of three check-ins, written by the store; returns (root, bytes, records)."""
    root = tmp_path / "seed"
    store = fresh(root)
    now = store.clock.now()
    records = {}
    for mood, note in [(3, "a"), (5, "été"), (8, "")]:
        r = store.add(CheckIn(mood=mood, note=note, at=now, created_at=now, updated_at=now))
        records[r.id] = r
    path = root / "checkins" / "2026-03.json"
    return root, path.read_bytes(), records


def check_damaged(root: Path, damaged: bytes, records: dict[str, CheckIn]) -> Store:
    """Open a store on `damaged` bytes and check every promise about damaged files."""
    folder = root / "checkins"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    shard = folder / "2026-03.json"
    shard.write_bytes(damaged)
    store = fresh(root)
    got = store.list(CheckIn)  # never a crash
    for record in got:
        if "\ufffd" in record.note:  # undecodable bytes come back as U+FFFD; the original is kept aside
            record = record.model_copy(update={"note": records[record.id].note})
        assert records.get(record.id) == record  # salvage never invents or alters a record
    store.raw_docs(CheckIn)
    store.quarantined()
    aside = sorted(p for p in folder.iterdir() if ".corrupt-" in p.name)
    if aside:
        assert len(aside) == 1 and aside[0].read_bytes() == damaged  # moved aside, byte-identical
        assert aside[0].stat().st_mode & 0o777 == 0o600
        assert len(store.problems) == 1 and "\n" not in store.problems[0]
        assert aside[0].name in store.problems[0]
        if shard.exists():
            assert shard.read_bytes() != damaged
            json.loads(shard.read_bytes())
    else:
        assert shard.read_bytes() == damaged  # it parsed: left exactly as it was
        assert store.problems == []
    return store


@pytest.mark.slow
def test_truncated_at_every_offset(tmp_path: Path, small_shard, no_fsync) -> None:
    root, good, records = small_shard
    recovered = []
    for offset in range(len(good)):
        store = check_damaged(tmp_path / "t", good[:offset], records)
        recovered.append(len(store.list(CheckIn)))
    assert recovered[0] == 0 and max(recovered) == 3  # a cut near the end loses nothing
    assert sum(1 for n in recovered if n == 2) > 10  # cut mid-third-record: the first two survive


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: b + b"garbage\x00{{{", id="garbage-appended"),
        pytest.param(lambda b: b + b[len(b) // 2 :], id="old-tail-after-new"),
        pytest.param(lambda b: b"\xef\xbb\xbf" + b, id="bom"),
        pytest.param(lambda b: b.replace(b'"mood": 5', b'"mood": NaN'), id="nan"),
        pytest.param(lambda b: b.replace(b'"note": ""', b'"note": ' + b"[" * 100_000 + b"]" * 100_000), id="deep-nesting"),
        pytest.param(lambda b: b"[" + b + b"]", id="list-instead-of-object"),
        pytest.param(lambda b: b'{"checkin": [1, 2]}', id="table-is-a-list"),
        pytest.param(lambda b: b.replace("été".encode(), b"\xe9t\xe9"), id="not-utf8"),
        pytest.param(lambda b: b"", id="empty"),
        pytest.param(lambda b: b"\x00" * 64, id="zeros"),
        pytest.param(lambda b: b"null", id="null"),
    ],
)
def test_damaged_files(tmp_path: Path, small_shard, damage) -> None:
    _, good, records = small_shard
    damaged = damage(good)
    store = check_damaged(tmp_path / "d", damaged, records)
    # the next write works and keeps what was salvaged
    before = {r.id for r in store.list(CheckIn)}
    new = store.add(CheckIn(mood=1, at=store.clock.now()))
    assert {r.id for r in fresh(store.root).list(CheckIn)} == before | {new.id}


def test_flipped_bytes_never_crash(tmp_path: Path, small_shard, no_fsync) -> None:
    _, good, records = small_shard
    rng = random.Random(7)
    for _ in range(150):
        damaged = bytearray(good)
        for _ in range(rng.randint(1, 3)):
            damaged[rng.randrange(len(damaged))] ^= 1 << rng.randrange(8)
        store = fresh(tmp_path / "f")
        folder = store.root / "checkins"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        (folder / "2026-03.json").write_bytes(bytes(damaged))
        store.list(CheckIn)
        store.quarantined()
        aside = [p for p in folder.iterdir() if ".corrupt-" in p.name]
        assert all(p.read_bytes() == bytes(damaged) for p in aside)


def test_the_message_names_the_newest_backup(tmp_path: Path, small_shard) -> None:
    root, good, _ = small_shard
    store = Store(root, FakeClock(datetime(2026, 3, 14, 9, tzinfo=TZ))).open()
    snap = store.daily_backup()
    assert snap is not None
    (root / "checkins" / "2026-03.json").write_bytes(good[:40])
    store.list(CheckIn)
    [line] = store.problems
    assert line.startswith("checkins/2026-03.json was damaged (")
    assert "the original is kept as 2026-03.json.corrupt-20260314T090000" in line
    assert line.endswith("; newest backup: backups/2026-03-14/checkins/2026-03.json")


def test_a_lone_surrogate_is_stored_escaped_not_crashing_later_writes(store: Store) -> None:
    path = store.root / "people" / "all.json"
    path.parent.mkdir(parents=True)
    odd_id = "6f1c2d8e-7a8b-4c9d-9e0f-444444444444"
    path.write_text('{"person": {"1": {"id": "%s", "name": "x", "odd": "\\ud800"}}}' % odd_id, encoding="utf-8")
    store.add(Person(name="a former colleague"))  # rewrites the file holding the lone surrogate
    store.add(Person(name="Client A", note="bad \ud83d half"))
    again = fresh(store.root)
    assert again.get(Person, odd_id).model_extra == {"odd": "\ud800"}
    assert {p.name for p in again.list(Person)} == {"x", "a former colleague", "Client A"}
    assert again.problems == [] and again.quarantined() == []


def test_a_stored_record_without_an_id_is_quarantined_not_given_a_new_one(store: Store) -> None:
    path = store.root / "people" / "all.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"person": {"1": {"name": "no id"}}}', encoding="utf-8")
    assert store.list(Person) == []
    assert [q.error for q in store.quarantined()] == ["id: missing"]


# --- quarantine and newer versions ----------------------------------------------------------

BAD = {
    "90": {"id": "not-a-uuid", "kind": "checkin", "v": 1, "mood": 3},
    "91": {"id": "6f1c2d8e-7a8b-4c9d-9e0f-111111111111", "kind": "checkin", "v": 1, "mood": 12,
           "at": "2026-03-02T10:00:00-07:00", "created_at": "2026-03-02T10:00:00-07:00",
           "updated_at": "2026-03-02T10:00:00-07:00", "zz_extra": [1, {"b": "é"}]},
    "92": ["a", "list"],
    "93": "a string",
}


def _lines(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith('  "'):
            out[line.split('"')[1]] = line.rstrip(",")
    return out


def test_quarantined_records_are_kept_exactly_through_rewrites(store: Store) -> None:
    keep = store.add(CheckIn(mood=4, at=store.clock.now()))
    path = store.root / "checkins" / "2026-03.json"
    data = json.loads(path.read_bytes())
    data["checkin"].update(BAD)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    first = fresh(store.root)
    assert [r.id for r in first.list(CheckIn)] == [keep.id]
    assert sorted(q.doc_id for q in first.quarantined()) == ["90", "91", "92", "93"]
    assert all("\n" not in q.error for q in first.quarantined())
    first.add(CheckIn(mood=6, at=first.clock.now()))  # the first rewrite normalizes the layout
    kept = {k: v for k, v in _lines(path).items() if k in BAD}
    assert {k: json.loads(v.split(": ", 1)[1]) for k, v in kept.items()} == BAD
    # a record with the same id as a quarantined one is stored beside it, never over it
    clash = CheckIn(id=BAD["91"]["id"], mood=5, at=first.clock.now())
    first.add(clash)
    for _ in range(3):
        other = first.add(CheckIn(mood=7, at=first.clock.now()))
        first.put(other.model_copy(update={"mood": 2}))
        first.delete(other)
    assert {k: v for k, v in _lines(path).items() if k in BAD} == kept  # the very same text
    assert len(fresh(store.root).quarantined()) == 4
    assert fresh(store.root).get(CheckIn, clash.id) == clash


def test_a_newer_record_is_read_only_and_written_back_unchanged(store: Store) -> None:
    store.add(CheckIn(mood=4, at=store.clock.now()))
    path = store.root / "checkins" / "2026-03.json"
    data = json.loads(path.read_bytes())
    newer = {"id": "6f1c2d8e-7a8b-4c9d-9e0f-222222222222", "kind": "checkin", "v": 3, "mood": 6,
             "at": "2026-03-03T10:00:00-07:00", "created_at": "2026-03-03T10:00:00-07:00",
             "updated_at": "2026-03-03T10:00:00-07:00", "feeling_wheel": {"x": 0.25, "y": -1}}
    data["checkin"]["50"] = newer
    path.write_text(json.dumps(data), encoding="utf-8")
    s = fresh(store.root)
    record = s.get(CheckIn, newer["id"])
    assert record is not None and record.mood == 6 and record.v == 3
    with pytest.raises(StoreError, match="newer version of reflect and is read-only") as info:
        s.put(record.model_copy(update={"mood": 1}))
    assert "\n" not in str(info.value) and "nothing was changed" in str(info.value)
    with pytest.raises(StoreError, match="read-only"):
        s.delete(record)
    stale = CheckIn.model_validate({**newer, "v": 1})  # an old copy of it in memory
    with pytest.raises(StoreError, match="read-only"):
        s.put(stale)
    s.add(CheckIn(mood=2, at=s.clock.now()))
    line = _lines(path)["50"]
    assert json.loads(line.split(": ", 1)[1]) == newer


def test_conflict_copies_and_corrupt_files_are_never_shards(store: Store) -> None:
    r = store.add(CheckIn(mood=4, at=datetime(2026, 11, 27, 10, tzinfo=TZ)))
    folder = store.root / "checkins"
    other = {"checkin": {"1": {**r.to_doc(), "id": "6f1c2d8e-7a8b-4c9d-9e0f-333333333333"}}}
    for name in [
        "2026-11.sync-conflict-20261127-101010-ABCDEF7.json",
        "2026-11 (Laptop's conflicted copy 2026-11-27).json",
        "2026-11.json.corrupt-20261127T101010",
        ".tmp-2026-11.json.abc",
        "2026-13.json",
        "all.json",
    ]:
        (folder / name).write_text(json.dumps(other), encoding="utf-8")
    s = Store(store.root, store.clock).open()
    assert [x.id for x in s.list(CheckIn)] == [r.id]
    assert [p.name for p in s.shard_paths(CheckIn)] == ["2026-11.json"]
    assert s.months(CheckIn) == ["2026-11"]


def test_an_empty_file_is_damage_not_an_empty_store(tmp_path: Path) -> None:
    """The store never writes an empty file (an empty store is `{}`): one is set aside and reported."""
    store = fresh(tmp_path / "e")
    (store.root / "people").mkdir()
    (store.root / "people" / "all.json").write_bytes(b"")
    assert store.list(Person) == []
    assert [p.name.startswith("all.json.corrupt-") for p in (store.root / "people").iterdir() if p.name != ".lock"] == [True]
    assert len(store.problems) == 1 and "the file is empty" in store.problems[0]


def test_open_without_the_lock_leaves_temp_files_alone(tmp_path: Path) -> None:
    """Unlocked, a temp file may be another writer's live one: open() must not delete it."""
    store = fresh(tmp_path / "u")
    store.add(Person(name="Client A"))
    temp = store.root / "people" / ".tmp-all.json.live"
    temp.write_bytes(b"{}")
    Store(store.root, locking=False).open()
    assert temp.exists()
    Store(store.root).open()
    assert not temp.exists()


def test_when_the_salvage_cannot_be_written_the_damaged_file_stays_in_place(tmp_path: Path, small_shard, monkeypatch: pytest.MonkeyPatch) -> None:
    from reflect.core.errors import DiskFull
    from reflect.store import reads

    _, good, records = small_shard
    store = fresh(tmp_path / "s")
    (store.root / "checkins").mkdir()
    shard = store.root / "checkins" / "2026-03.json"
    damaged = good[:-25]
    shard.write_bytes(damaged)

    def full(path, payload):
        raise DiskFull("disk full (or file size limit reached) while saving 2026-03.json; nothing already saved was lost")

    monkeypatch.setattr(reads, "atomic_write", full)
    got = store.list(CheckIn)  # shown from memory, nothing moved
    assert 0 < len(got) < 3 and all(records[r.id] == r for r in got)
    assert shard.read_bytes() == damaged
    assert [p.name for p in shard.parent.iterdir() if ".corrupt-" in p.name] == []
    assert len(store.problems) == 1 and "left as it is" in store.problems[0]
    with pytest.raises(StoreError):
        store.add(CheckIn(mood=1, at=store.clock.now()))
    assert shard.read_bytes() == damaged
