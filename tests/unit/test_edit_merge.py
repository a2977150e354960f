"""A save never drops the other copies a sync merge kept, and tracked edits merge field by field."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from reflect.core.checkin.checkins import new_checkin
from reflect.core.clock import FakeClock
from reflect.core.models import CheckIn, Person
from reflect.services.edits import EditTracker, merge_fields
from reflect.store import Store


def docs(root: Path, collection: str, kind: str) -> list[dict]:
    """Every document of one kind, read straight from the files."""
    out = []
    for path in sorted((root / collection).glob("*.json")):
        out.extend(json.loads(path.read_text())[kind].values())
    return out


def add_history(store: Store, cls, copy: dict) -> None:
    """What `reflect sync` does to the record: another copy joins its history (updated_at unchanged)."""
    [path] = store.shard_paths(cls)

    def change(table: dict) -> None:
        for doc in table.values():
            doc["history"] = [*doc.get("history", []), copy]

    store.write_raw(cls, change, path)


def test_a_save_of_a_record_read_before_a_sync_keeps_the_history_the_sync_added(store: Store, data_dir: Path) -> None:
    person = Person(name="Sam Sample", relation="colleague")
    store.add(person)
    stale = store.get(Person, person.id)
    other = {**person.to_doc(), "name": "Sam Sample (laptop)"}
    add_history(store, Person, other)
    store.put(stale.model_copy(update={"note": "met at the meetup"}))
    [doc] = docs(data_dir, "people", "person")
    assert doc["note"] == "met at the meetup"
    assert doc["history"] == [other]


def test_merge_fields_takes_each_side_where_only_it_changed_and_clashes_where_both_did() -> None:
    base = {"note": "a", "tags": ["x"], "answers": {"p": "1", "q": "2"}}
    ours = {"note": "a!", "tags": ["x"], "answers": {"p": "1 more", "q": "2"}}
    theirs = {"note": "a", "tags": ["x", "y"], "answers": {"p": "1", "q": "2", "r": "3"}}
    merged, clash = merge_fields(base, ours, theirs)
    assert not clash
    assert merged == {"note": "a!", "tags": ["x", "y"], "answers": {"p": "1 more", "q": "2", "r": "3"}}
    assert merge_fields(base, ours, {**base, "note": "b"})[1]


def test_an_edit_that_moves_a_checkin_to_another_month_is_saved_and_checked(store: Store, clock: FakeClock, data_dir: Path) -> None:
    c = new_checkin(clock, mood=5, note="first", at=clock.now() - timedelta(hours=1))
    store.add(c)
    tracker: EditTracker[CheckIn] = EditTracker(c.to_doc())
    moved, note = tracker.save(store, c.model_copy(update={"at": c.at - timedelta(days=40), "note": "moved"}))
    assert note is None
    [doc] = docs(data_dir, "checkins", "checkin")
    assert doc["note"] == "moved" and doc["at"].startswith(str((c.at - timedelta(days=40)).date()))
    other = Store(data_dir, FakeClock(clock.now() + timedelta(minutes=5))).open()
    other.put(other.get(CheckIn, c.id).model_copy(update={"mood": 8}))
    again, note = tracker.save(store, moved.model_copy(update={"at": c.at, "note": "moved back"}))
    assert note is not None and "changed elsewhere" in note
    [doc] = docs(data_dir, "checkins", "checkin")
    assert doc["note"] == "moved back" and doc["mood"] == 8
