"""A hypothesis state machine: add / edit (also across months) / delete / reopen / crash against a dict."""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

from reflect.core.clock import FakeClock
from reflect.core.models import CheckIn, Person
from reflect.store import Store

TZ = timezone(timedelta(hours=-7))
months = st.integers(0, 5).map(lambda m: datetime(2025, 10 + m, 15, 12, tzinfo=TZ) if m < 3 else datetime(2026, m - 2, 3, 8, tzinfo=TZ))


class StoreMachine(RuleBasedStateMachine):
    """The store must always agree with a plain dict of the latest version of each record."""

    ids = Bundle("ids")

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="reflect-state-"))
        self.clock = FakeClock(datetime(2026, 3, 14, 9, tzinfo=TZ))
        self.store = Store(self.root, self.clock, auto_backup=False).open()
        self.model: dict[str, CheckIn] = {}
        self.people: dict[str, Person] = {}

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    @rule(target=ids, mood=st.integers(1, 9), at=months, note=st.text(max_size=30))
    def add(self, mood: int, at: datetime, note: str) -> str:
        self.clock.advance(1)
        record = self.store.add(CheckIn(mood=mood, at=at, note=note, created_at=self.clock.now(), updated_at=self.clock.now()))
        self.model[record.id] = record
        return record.id

    @rule(rid=ids, mood=st.integers(1, 9), at=st.none() | months)
    def edit(self, rid: str, mood: int, at: datetime | None) -> None:
        self.clock.advance(1)
        current = self.store.get(CheckIn, rid, include_deleted=True)
        assert current == self.model[rid]
        update: dict = {"mood": mood}
        if at is not None:
            update["at"] = at
        self.model[rid] = self.store.put(current.model_copy(update=update))

    @rule(rid=ids)
    def delete(self, rid: str) -> None:
        self.clock.advance(1)
        self.model[rid] = self.store.delete(self.model[rid])

    @rule(name=st.text("abcdef", min_size=1, max_size=5))
    def add_person(self, name: str) -> None:
        self.clock.advance(1)
        person = self.store.add(Person(name=name))
        self.people[person.id] = person

    @rule()
    def reopen(self) -> None:
        self.store = Store(self.root, self.clock, auto_backup=False).open()

    @rule(rid=ids, at=months)
    def crash_mid_move(self, rid: str, at: datetime) -> None:
        """The process dies after writing the new month and before removing the old copy."""
        self.clock.advance(1)
        edited = self.model[rid].model_copy(update={"at": at, "updated_at": self.clock.now()})
        self.store._write(CheckIn, self.store.shard_path(CheckIn, edited), [edited])
        self.model[rid] = edited
        self.store = Store(self.root, self.clock, auto_backup=False).open()

    @rule()
    def crash_leaves_temp(self) -> None:
        folder = self.root / "checkins"
        folder.mkdir(exist_ok=True)
        (folder / ".tmp-2026-03.json.dead").write_bytes(b'{"checkin": {"1": {"half')
        self.store = Store(self.root, self.clock, auto_backup=False).open()
        assert not [p for p in folder.iterdir() if p.name.startswith(".tmp-")]

    @invariant()
    def agrees_with_the_model(self) -> None:
        got = {r.id: r for r in self.store.list(CheckIn, include_deleted=True)}
        assert got == self.model
        live = {r.id for r in self.store.list(CheckIn)}
        assert live == {rid for rid, r in self.model.items() if not r.deleted}
        assert {p.id: p for p in self.store.list(Person)} == self.people
        assert self.store.problems == []
        for rid, record in self.model.items():
            assert self.store.get(CheckIn, rid, include_deleted=True) == record


TestStoreMachine = StoreMachine.TestCase
TestStoreMachine.settings = settings(max_examples=40, stateful_step_count=25, deadline=None)


def test_get_returns_the_newer_of_two_copies_left_by_a_crash(tmp_path: Path) -> None:
    """The invariant above catches a get() that returns the first copy found instead of the newest."""
    clock = FakeClock(datetime(2026, 3, 14, 9, tzinfo=TZ))
    store = Store(tmp_path, clock, auto_backup=False).open()
    now = clock.now()
    old = store.add(CheckIn(mood=1, at=datetime(2026, 1, 5, tzinfo=TZ), created_at=now, updated_at=now))
    clock.advance(5)
    moved = old.model_copy(update={"at": datetime(2025, 12, 5, tzinfo=TZ), "updated_at": clock.now()})
    store._write(CheckIn, store.shard_path(CheckIn, moved), [moved])  # crash before the old copy goes
    assert len(os.listdir(tmp_path / "checkins")) >= 2  # two shards
    fresh = Store(tmp_path, clock).open()
    newest_first = [fresh._read_shard(CheckIn, p).records.get(old.id) for p in reversed(fresh.shard_paths(CheckIn))]
    assert newest_first[0] == old  # a naive newest-shard-first get would return the stale copy
    assert Store(tmp_path, clock).open().get(CheckIn, old.id) == moved  # a store that read nothing yet
    assert fresh.get(CheckIn, old.id) == moved
    assert [r.id for r in fresh.list(CheckIn)] == [old.id]
    assert fresh.list(CheckIn)[0] == moved
