"""Today's first panel reads check-ins without pydantic, and must show exactly what the model reads.

`core.checkin.plain.view_of` gives a view only for a document the `CheckIn` model accepts, with the
model's values; anything else is left to the model (None). `services.first_reads` reads a day's
check-ins that way when every file is plain, and through `Store.list` otherwise: both give the same
check-ins in the same order, and every file that needs more than a plain read (damage, a copy a sync
left, a record the model refuses) goes the model's way, which reports it.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from reflect.core.checkin.model import CheckIn
from reflect.core.checkin.plain import view_of
from reflect.core.clock import FakeClock
from reflect.core.sample.journal import fill
from reflect.store import Store
from reflect.services import first_reads
from reflect.services.first_reads import checkins_of_day

from tests.conftest import TZ

NOW = datetime(2026, 3, 14, 21, 0, tzinfo=TZ)
RID = "0b7e3c55-2f1a-4e8e-9d4a-6f1c2b3a4d5e"
FIELDS = ("id", "at", "created_at", "mood", "energy", "emotion", "tags", "note")

ODD = ["", "\x00", "\x1b[31m", "\u202e", "\u200b", "\ufeff", "\u0130", "\u00a0", " ", "  ", "\n", "#", ",", "café", "Tag", "x" * 61]
STAMPS = [
    "2026-03-14T09:30:00+01:00", "2026-03-14T09:30:00.123456-05:30", "2026-03-14T09:30:00Z",
    "2026-03-14T09:30:00", "2026-03-14 09:30:00+01:00", "2026-13-14T09:30:00+01:00", "2026-03-14T09:30:00+01:00:30",
    "2026-03-14T09:30+01:00", "2026-03-14T09:30:00.1+01:00",
]
text = st.lists(st.sampled_from(ODD) | st.text(max_size=4), max_size=3).map("".join)
value = st.one_of(st.none(), st.booleans(), st.integers(-1, 11), st.floats(0, 10), text, st.sampled_from(STAMPS))


def docs() -> st.SearchStrategy[dict[str, Any]]:
    """Check-in documents: mostly ones the store writes, with any field swapped for an odd value."""
    base = {
        "id": st.sampled_from([RID, RID.upper(), "not-a-uuid", "0b7e3c552f1a4e8e9d4a6f1c2b3a4d5e"]),
        "kind": st.sampled_from(["checkin", "checkin", "focus_block", ""]),
        "v": st.sampled_from([1, 1, 1, 2, 0, True, "1"]),
        "created_at": st.sampled_from(STAMPS), "updated_at": st.sampled_from(STAMPS), "at": st.sampled_from(STAMPS),
        "deleted_at": st.sampled_from([None, None, STAMPS[0]]),
        "mood": st.integers(0, 10) | value, "energy": st.none() | st.integers(0, 10) | value,
        "emotion": st.none() | text, "note": text,
        "tags": st.lists(text | value, max_size=3) | value, "source": st.none() | text | value,
    }
    return st.fixed_dictionaries({}, optional=base)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(docs())
def test_a_view_is_given_only_for_what_the_model_accepts_and_equals_it(doc: dict[str, Any]) -> None:
    view = view_of(doc)
    try:
        model = CheckIn.model_validate(doc)
    except (ValidationError, ValueError):
        assert view is None, doc
        return
    if view is not None:
        assert not model.deleted
        assert {f: getattr(view, f) for f in FIELDS} == {f: getattr(model, f) for f in FIELDS}, doc
        assert view.at.utcoffset() == model.at.utcoffset()


def test_the_stores_own_documents_get_a_view() -> None:
    """The check: plain documents are read the plain way (else the fast path would never be taken)."""
    clock = FakeClock(NOW)
    for c in [CheckIn(mood=5), CheckIn(mood=9, energy=1, emotion="calm", tags=["deep work", "client a"], note="line one\nline two")]:
        doc = json.loads(json.dumps(c.model_copy(update={"created_at": clock.now()}).to_doc()))
        view = view_of(doc)
        assert view is not None
        assert {f: getattr(view, f) for f in FIELDS} == {f: getattr(c.model_copy(update={"created_at": clock.now()}), f) for f in FIELDS}


@pytest.fixture(scope="module")
def journal(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("plain") / "journal"
    store = Store(root, FakeClock(NOW), auto_backup=False).open()
    fill(store, NOW, 1.2, seed=11)
    return root


@pytest.fixture
def store(journal: Path, tmp_path: Path) -> Store:
    root = tmp_path / "journal"
    shutil.copytree(journal, root)
    return Store(root, FakeClock(NOW), auto_backup=False).open()


def through_model(store: Store, day: date, day_start: time) -> list[CheckIn]:
    from reflect.core.journal_day import journal_day

    around = store.list(CheckIn, day, day + timedelta(days=1))
    return [c for c in around if journal_day(c.at, day_start) == day]


def plain_taken(monkeypatch) -> list[bool]:
    """Note, for each read, whether the plain path answered (True) or the model's did."""
    taken: list[bool] = []
    real = first_reads._plain_checkins

    def spy(*args: Any) -> Any:
        got = real(*args)
        taken.append(got is not None)
        return got

    monkeypatch.setattr(first_reads, "_plain_checkins", spy)
    return taken


def same(got: list[Any], want: list[CheckIn]) -> bool:
    return [tuple(getattr(c, f) for f in FIELDS) for c in got] == [tuple(getattr(c, f) for f in FIELDS) for c in want]


@pytest.mark.parametrize("day_start", [time(0, 0), time(4, 0), time(11, 30)])
def test_every_day_reads_as_the_model_reads_it(store: Store, monkeypatch, day_start: time) -> None:
    taken = plain_taken(monkeypatch)
    day, days = NOW.date() - timedelta(days=420), 0
    while day <= NOW.date():
        assert same(checkins_of_day(store, day, day_start), through_model(store, day, day_start)), day
        day += timedelta(days=1)
        days += 1
    assert taken == [True] * days  # the store's own files: always the plain way


def test_month_ends_and_deleted_check_ins(store: Store, monkeypatch) -> None:
    taken = plain_taken(monkeypatch)
    late = CheckIn(mood=3, at=datetime(2026, 2, 28, 23, 50, tzinfo=TZ))
    early = CheckIn(mood=7, at=datetime(2026, 3, 1, 2, 10, tzinfo=TZ))  # before the day start: still Feb 28
    store.add(late)
    store.add(early)
    gone = store.list(CheckIn, date(2026, 2, 28), date(2026, 2, 28))[0]
    store.delete(gone)
    got = checkins_of_day(store, date(2026, 2, 28), time(4, 0))
    assert same(got, through_model(store, date(2026, 2, 28), time(4, 0)))
    ids = [c.id for c in got]
    assert late.id in ids and early.id in ids and gone.id not in ids
    assert taken == [True]


def _rewrite(path: Path, rid: str, **values: Any) -> None:
    """Change the record `rid` of a month's file, or add it, keeping the store's layout (so only the
    values can send the read the model's way)."""
    table = json.loads(path.read_text())["checkin"]
    key = next((k for k, d in table.items() if d["id"] == rid), str(len(table) + 1))
    table[key] = {**table.get(key, {}), **values}
    lines = ",\n".join(f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in table.items())
    path.write_text('{"checkin": {\n' + lines + "\n}}\n")


def test_anything_not_plain_is_read_through_the_model(store: Store, monkeypatch) -> None:
    day = NOW.date() - timedelta(days=3)
    want = through_model(store, day, time(4, 0))
    assert want
    path = store.shard_path(CheckIn, month=f"{day:%Y-%m}")
    before = path.read_bytes()
    path.write_bytes(before)
    _rewrite(path, want[0].id)
    taken = plain_taken(monkeypatch)
    checkins_of_day(store, day, time(4, 0))
    assert taken == [True]  # the rewrite alone keeps the file plain
    cases = {
        "a record the model refuses": {"mood": 12},
        "a note with an escape sequence": {"note": "\x1b[2Jhi"},
        "an old schema version": {"v": 0},
    }
    for name, change in cases.items():
        path.write_bytes(before)
        _rewrite(path, want[0].id, **change)
        taken = plain_taken(monkeypatch)
        assert same(checkins_of_day(store, day, time(4, 0)), through_model(store, day, time(4, 0))), name
        assert taken == [False], name
    path.write_bytes(before)
    path.write_bytes(before[:-5])  # damage: the model's way recovers and reports it
    taken = plain_taken(monkeypatch)
    checkins_of_day(store, day, time(4, 0))
    assert taken == [False]


def test_a_copy_a_sync_left_in_another_month_goes_through_the_model(store: Store, monkeypatch) -> None:
    day = date(2026, 2, 28)  # both months are read: the stale February copy must not show
    moved = CheckIn(mood=4, at=datetime(2026, 3, 1, 9, 0, tzinfo=TZ))
    store.add(moved)
    older = moved.model_copy(update={"at": datetime(2026, 2, 28, 9, 0, tzinfo=TZ), "mood": 2,
                                     "updated_at": moved.updated_at - timedelta(minutes=5)})
    feb = store.shard_path(CheckIn, month="2026-02")
    _rewrite(feb, moved.id, **json.loads(json.dumps(older.to_doc())))
    taken = plain_taken(monkeypatch)
    got = checkins_of_day(store, day, time(0, 0))
    assert same(got, through_model(store, day, time(0, 0)))
    assert moved.id not in [c.id for c in got]
    assert taken == [False]


def test_start_settings_are_the_stored_ones(store: Store) -> None:
    from reflect.core.settings import Settings
    from reflect.services.first_reads import DAY_START, THEME, start_settings

    assert (DAY_START, THEME) == (Settings().day_start, Settings().theme)
    assert tuple(start_settings(store)) == (store.settings().day_start, store.settings().theme)
    store.save_settings(store.settings().model_copy(update={"day_start": "06:30", "theme": "nord"}))
    assert tuple(start_settings(store)) == ("06:30", "nord")
    path = store.folder(Settings) / "all.json"
    text = path.read_text()
    path.write_text(text.replace('"06:30"', '"6:30pm"'))  # the model refuses it: its way decides
    assert tuple(start_settings(store)) == (store.settings().day_start, store.settings().theme)
