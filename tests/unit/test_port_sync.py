"""Two machines: conflict copies from Syncthing and Dropbox merged into their shards."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from reflect.core.clock import FakeClock
from reflect.core.errors import StoreError
from reflect.core.models import CheckIn, Person
from reflect.store import Store
from reflect.store.repository import is_shard_name
from reflect.portability.sync import merge_conflicts, merge_docs, original_name

TZ = timezone(timedelta(hours=-7))
T0 = datetime(2026, 3, 14, 9, 0, tzinfo=TZ)


@pytest.mark.parametrize(
    ("name", "original"),
    [
        ("2026-11.sync-conflict-20261127-101010-ABCDEF7.json", "2026-11.json"),
        ("all.sync-conflict-20261127-101010-Q2W3E4R.json", "all.json"),
        ("2026-11 (laptop's conflicted copy 2026-11-27).json", "2026-11.json"),
        ("all (Work Laptop's Conflicted Copy 2026-11-27).json", "all.json"),
        ("all (desktop's conflicted copy 2026-11-27) (1).json", "all.json"),
        ("all (desktop's conflicted copy 2026-11-27 (2)).json", "all.json"),
        ("2026-11 (Case Conflict).json", None),
        ("2026-11.sync-conflict-20261127-101010-ABCDEF7.sync-conflict-20261128-090000-XYZ1234.json", "2026-11.json"),
        ("2026-11 (laptop's conflicted copy 2026-11-27) (desktop's conflicted copy 2026-11-28).json", "2026-11.json"),
        ("2026-11.json", None),
        ("2026-11.json.corrupt-20261127T101010", None),
        ("2026-11.sync-conflict-20261127-101010-ABCDEF7.json.damaged-20261127T101010", None),
        (".tmp-2026-11.json.abc", None),
    ],
)
def test_conflict_names(name: str, original: str | None) -> None:
    assert original_name(name) == original
    if original:
        assert not is_shard_name(name)


def machines(tmp_path: Path) -> tuple[Store, Store, dict[str, object]]:
    """Two folders with the same starting journal, as a sync tool would leave them."""
    clock = FakeClock(T0)
    a = Store(tmp_path / "a", clock).open()
    shared = {
        "edited": a.put(CheckIn(at=T0, mood=5, note="first version")),
        "deleted": a.put(CheckIn(at=T0 + timedelta(hours=1), mood=6, note="to delete")),
        "both": a.put(CheckIn(at=T0 + timedelta(hours=2), mood=4)),
        "person": a.put(Person(name="Client A", relation="client")),
    }
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    b = Store(tmp_path / "b", FakeClock(T0)).open()
    return a, b, shared


def diverge(a: Store, b: Store, shared: dict) -> dict[str, object]:
    """Both machines change things while the sync tool is offline."""
    a.clock.advance(600)
    b.clock.advance(300)
    made = {}
    # A edits later than B: A wins, B's version goes to history
    b.put(shared["edited"].model_copy(update={"note": "edited on B"}))
    a.put(shared["edited"].model_copy(update={"note": "edited on A"}))
    # B deletes after A edits: the tombstone wins
    a.put(shared["deleted"].model_copy(update={"note": "edited on A before the delete"}))
    b.clock.advance(900)
    b.delete(shared["deleted"])
    # each adds its own records
    made["a_new"] = a.put(CheckIn(at=T0 + timedelta(hours=3), mood=8, note="only on A"))
    made["b_new"] = b.put(CheckIn(at=T0 + timedelta(hours=4), mood=2, note="only on B"))
    made["b_person"] = b.put(Person(name="A former colleague", relation="colleague"))
    b.put(shared["person"].model_copy(update={"contact": "via the agency"}))
    return made


def hand_over(a: Store, b: Store) -> list[Path]:
    """The sync tool leaves B's versions in A's folder as conflict copies, one of each naming."""
    checkins = b.root / "checkins" / "2026-03.json"
    people = b.root / "people" / "all.json"
    copies = [
        a.root / "checkins" / "2026-03.sync-conflict-20260314-101010-ABCDEF7.json",
        a.root / "people" / "all (Laptop's Conflicted Copy 2026-03-14) (1).json",
    ]
    shutil.copy2(checkins, copies[0])
    shutil.copy2(people, copies[1])
    return copies


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.json"))}


def test_two_machines_diverge_and_merge(tmp_path: Path) -> None:
    a, b, shared = machines(tmp_path)
    made = diverge(a, b, shared)
    copies = hand_over(a, b)
    # a conflict copy is never read as a shard
    assert made["b_new"].id not in {c.id for c in a.list(CheckIn)}

    report = merge_conflicts(a)
    assert len(report.merged) == 2 and not report.damaged
    assert not any(c.exists() for c in copies)

    fresh = Store(a.root, FakeClock(T0)).open()
    live = {c.id: c for c in fresh.list(CheckIn)}
    assert made["a_new"].id in live and made["b_new"].id in live
    assert shared["deleted"].id not in live
    tomb = fresh.get(CheckIn, shared["deleted"].id, include_deleted=True)
    assert tomb is not None and tomb.deleted
    assert [h["note"] for h in tomb.history] == ["edited on A before the delete"]
    edited = live[shared["edited"].id]
    assert edited.note == "edited on A"
    assert [h["note"] for h in edited.history] == ["edited on B"]
    assert "history" not in live[shared["both"].id].to_doc()
    people = {p.name: p for p in fresh.list(Person)}
    assert set(people) == {"Client A", "A former colleague"}
    assert people["Client A"].contact == "via the agency"

    before = snapshot(a.root)
    again = merge_conflicts(a)
    assert again.merged == [] and again.summary() == "no conflict copies found"
    assert snapshot(a.root) == before


def test_merging_the_same_copy_twice_changes_nothing(tmp_path: Path) -> None:
    a, b, shared = machines(tmp_path)
    diverge(a, b, shared)
    copies = hand_over(a, b)
    kept = [c.read_bytes() for c in copies]
    merge_conflicts(a)
    after_first = snapshot(a.root)
    for copy, payload in zip(copies, kept):  # the tool delivers the same copies again
        copy.write_bytes(payload)
    merge_conflicts(a)
    assert snapshot(a.root) == after_first


def test_both_machines_converge(tmp_path: Path) -> None:
    a, b, shared = machines(tmp_path)
    diverge(a, b, shared)
    a_shard = (a.root / "checkins" / "2026-03.json").read_bytes()
    hand_over(a, b)
    (b.root / "checkins" / "2026-03 (desktop's conflicted copy 2026-03-14).json").write_bytes(a_shard)
    merge_conflicts(a)
    merge_conflicts(b)

    def docs(store: Store) -> dict[str, dict]:
        return {c.id: c.to_doc() for c in Store(store.root, FakeClock(T0)).list(CheckIn, include_deleted=True)}

    assert docs(a) == docs(b)


def test_a_damaged_copy_is_moved_aside_and_reported(tmp_path: Path) -> None:
    a, _b, _shared = machines(tmp_path)
    shard = a.root / "checkins" / "2026-03.json"
    before = shard.read_bytes()
    copy = a.root / "checkins" / "2026-03.sync-conflict-20260314-101010-ABCDEF7.json"
    copy.write_bytes(before[: len(before) // 2])
    report = merge_conflicts(a)
    assert report.merged == [] and len(report.damaged) == 1 and "moved aside" in report.lines()[0]
    assert not copy.exists()
    assert list(copy.parent.glob("2026-03.sync-conflict-*.damaged-*"))
    assert shard.read_bytes() == before
    assert merge_conflicts(a).damaged == []  # the moved file is not picked up again


def test_the_copy_stays_when_the_merge_cannot_be_written(tmp_path: Path, monkeypatch) -> None:
    a, b, shared = machines(tmp_path)
    diverge(a, b, shared)
    copies = hand_over(a, b)

    def fail(*args, **kwargs):
        raise StoreError("disk full while saving 2026-03.json; nothing already saved was lost")

    monkeypatch.setattr(a, "write_raw", fail)
    with pytest.raises(StoreError):
        merge_conflicts(a)
    assert copies[0].exists()


def test_merge_docs_rules() -> None:
    old = {"id": "x", "updated_at": "2026-03-14T09:00:00-07:00", "note": "old"}
    new = {"id": "x", "updated_at": "2026-03-14T17:30:00+01:00", "note": "new"}  # 16:30Z, after 16:00Z
    assert merge_docs(old, new)["note"] == "new" and merge_docs(new, old)["note"] == "new"
    assert merge_docs(old, new)["history"] == [old]
    tomb = {**old, "deleted_at": old["updated_at"]}
    assert merge_docs(old, tomb)["deleted_at"] and merge_docs(tomb, old)["deleted_at"]  # tie: the tombstone wins
    assert merge_docs(old, old) == old


@pytest.mark.parametrize("newer", ["mover", "editor"])
def test_a_record_moved_to_another_month_on_one_machine(tmp_path: Path, newer: str) -> None:
    a, b, shared = machines(tmp_path)
    record = shared["edited"]
    a.list(CheckIn)  # A has read the record, as the app does before an edit
    # A moves the check-in to February; B edits it where it was, in March
    a.clock.advance(600 if newer == "mover" else 60)
    a.put(record.model_copy(update={"at": T0 - timedelta(days=30), "note": "moved on A"}))
    b.clock.advance(300)
    b.put(record.model_copy(update={"note": "edited on B"}))
    assert not any(c.id == record.id for c in Store(a.root, FakeClock(T0)).list(CheckIn, since=T0.date()))
    hand_over(a, b)
    merge_conflicts(a)

    def where(store_root: Path) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for path in sorted((store_root / "checkins").glob("20*.json")):
            for doc in json.loads(path.read_text())["checkin"].values():
                out.setdefault(doc["id"], []).append(path.name)
        return out

    homes = where(a.root)[record.id]
    fresh = Store(a.root, FakeClock(T0))
    merged = fresh.get(CheckIn, record.id)
    if newer == "mover":
        assert homes == ["2026-02.json"] and merged.note == "moved on A"
        assert [h["note"] for h in merged.history] == ["edited on B"]
    else:
        assert homes == ["2026-03.json"] and merged.note == "edited on B"
        assert [h["note"] for h in merged.history] == ["moved on A"]
    before = snapshot(a.root)
    hand_over(a, b)  # the same copy delivered again changes nothing
    merge_conflicts(a)
    assert snapshot(a.root) == before


@pytest.mark.parametrize("newer", ["mover", "editor"])
def test_a_moved_record_is_kept_once_when_the_sync_tool_kept_the_other_machines_month(tmp_path: Path, newer: str) -> None:
    """As above, but the sync tool kept B's March (the record edited there) and made A's March (the
    record moved out of it) the conflict copy: the copy does not mention the record, yet it is in
    February and in March until the sync unites it."""
    a, b, shared = machines(tmp_path)
    record = shared["edited"]
    a.list(CheckIn)
    a.clock.advance(600 if newer == "mover" else 60)
    a.put(record.model_copy(update={"at": T0 - timedelta(days=30), "note": "moved on A"}))
    b.clock.advance(300)
    b.put(record.model_copy(update={"note": "edited on B"}))
    march = a.root / "checkins" / "2026-03.json"
    shutil.copy2(march, march.with_name("2026-03.sync-conflict-20260314-101010-ABCDEF7.json"))
    shutil.copy2(b.root / "checkins" / "2026-03.json", march)

    report = merge_conflicts(a)
    assert len(report.merged) == 1
    homes = [p.name for p in sorted((a.root / "checkins").glob("20*.json"))
             if any(d["id"] == record.id for d in json.loads(p.read_text())["checkin"].values())]
    merged = Store(a.root, FakeClock(T0)).open().get(CheckIn, record.id)
    if newer == "mover":
        assert homes == ["2026-02.json"] and merged.note == "moved on A"
        assert [h["note"] for h in merged.history] == ["edited on B"]
    else:
        assert homes == ["2026-03.json"] and merged.note == "edited on B"
        assert [h["note"] for h in merged.history] == ["moved on A"]
    assert not (a.root / "checkins" / ".move.json").exists()
