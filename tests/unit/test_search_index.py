"""The search index gives the answer of reading every record, re-reads only what changed, and is
never trusted over the journal: a damaged, unwritable or replaced index costs speed, not results."""

from __future__ import annotations

import json
import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest

from reflect.core.checkin.checkins import new_checkin
from reflect.core.clock import FakeClock
from reflect.core.models import CheckIn, Reflection
from reflect.core.sample.journal import fill
from reflect.core.search import words_of
from reflect.services.search import SEARCHED, search_journal
from reflect.services.search_index import index_path, search_indexed
from reflect.store import Store

QUERIES = ("client", "deep work", "call", "tired", "the", "zebra", "proposal draft", "ü")


def both(store: Store, query: str, limit: int | None = None) -> tuple[list, list]:
    """(through the index, read from every record) for one query; the index must be usable here."""
    return (search_indexed(store, SEARCHED, words_of(query), limit),
            search_journal(store, query, limit, use_index=False))


@pytest.fixture
def journal(store: Store, clock: FakeClock) -> Store:
    fill(store, clock.now(), 0.6, seed=5)
    return store


def test_the_index_answers_as_reading_every_record_does(journal: Store) -> None:
    found = 0
    for query in QUERIES:
        indexed, scanned = both(journal, query)
        assert indexed == scanned, query
        found += len(indexed)
    assert found > 100  # the queries do find things: the comparison is not of empty lists
    assert both(journal, "client", 7)[0] == both(journal, "client", 7)[1]


def test_after_edits_deletes_and_moves_the_index_still_agrees(journal: Store, clock: FakeClock) -> None:
    search_journal(journal, "client")  # the index is built
    checkins = journal.list(CheckIn)
    journal.add(new_checkin(clock, mood=5, note="a zebra crossing near the client"))
    journal.delete(next(c for c in checkins if "client" in (c.note + " ".join(c.tags)).lower()))
    moved = checkins[3]
    journal.put(moved.model_copy(update={"at": moved.at - timedelta(days=62), "note": "moved zebra note"}))
    for query in ("client", "zebra", "moved zebra"):
        indexed, scanned = both(journal, query)
        assert indexed == scanned, query
    assert [h.snippet for h in search_journal(journal, "moved zebra")] == ["moved zebra note"]


def test_only_the_files_that_changed_are_read_again(journal: Store, clock: FakeClock, monkeypatch) -> None:
    search_journal(journal, "client")
    reads: list[str] = []
    original = journal.raw_docs

    def counting(cls, *args, **kwargs):
        reads.append(cls.COLLECTION)
        return original(cls, *args, **kwargs)

    monkeypatch.setattr(journal, "raw_docs", counting)
    search_journal(journal, "client")
    assert reads == []
    journal.add(new_checkin(clock, mood=5, note="a wombat today"))
    assert [h.snippet for h in search_journal(journal, "wombat")] == ["a wombat today"]
    assert reads == ["checkins"]


def test_a_file_replaced_by_a_sync_tool_is_read_again(journal: Store, data_dir: Path) -> None:
    search_journal(journal, "client")
    [path] = [p for p in journal.shard_paths(Reflection)][-1:]
    table = json.loads(path.read_text())
    doc = next(iter(table["reflection"].values()))
    doc["answers"] = {"p": "written on the laptop: pelican"}
    replacement = path.with_name("incoming.tmp")
    replacement.write_text(json.dumps(table))
    os.replace(replacement, path)
    indexed, scanned = both(journal, "pelican")
    assert len(indexed) == 1 and indexed == scanned


def test_a_damaged_index_is_rebuilt(journal: Store, data_dir: Path) -> None:
    expected = search_journal(journal, "client", use_index=False)
    search_journal(journal, "client")
    index_path(data_dir).write_bytes(b"not a database at all" * 100)
    assert search_indexed(journal, SEARCHED, ["client"], 50) == expected
    assert index_path(data_dir).read_bytes().startswith(b"SQLite format 3")


def test_where_the_index_cannot_be_kept_every_record_is_read(journal: Store, data_dir: Path) -> None:
    expected = search_journal(journal, "client", use_index=False)
    (data_dir / ".cache").mkdir(exist_ok=True)
    index_path(data_dir).mkdir()  # something that is not a file stands where the index goes
    assert search_journal(journal, "client") == expected


def test_the_index_is_private_and_a_link_in_its_place_is_not_followed(journal: Store, data_dir: Path, tmp_path: Path) -> None:
    search_journal(journal, "client")
    assert stat.S_IMODE(index_path(data_dir).stat().st_mode) == 0o600
    assert stat.S_IMODE((data_dir / ".cache").stat().st_mode) == 0o700
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("keep me")
    index_path(data_dir).unlink()
    index_path(data_dir).symlink_to(elsewhere)
    assert search_journal(journal, "client") == search_journal(journal, "client", use_index=False)
    assert elsewhere.read_text() == "keep me"


def test_two_stores_on_one_folder_share_the_index(journal: Store, data_dir: Path, clock: FakeClock) -> None:
    other = Store(data_dir, FakeClock(clock.now() + timedelta(minutes=1))).open()
    assert search_indexed(journal, SEARCHED, ["client"], None) == search_indexed(other, SEARCHED, ["client"], None)
    other.add(new_checkin(other.clock, mood=4, note="from the other window: heron"))
    assert [h.snippet for h in search_journal(journal, "heron")] == ["from the other window: heron"]
