"""`store.month_docs`, the one-parse month reader insights use, against `Store.raw_docs` on real files.

It must return what `raw_docs` returns for the month, and hand every file that needs more than a
plain parse (damage, an id or a key given twice, a number JSON cannot write back, a layout the store
does not write, an old schema version) to `raw_docs`, which repairs and reports it as everywhere else.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from pathlib import Path

import pytest

from reflect.core.clock import FakeClock
from reflect.core.models import CheckIn, FocusBlock, Reflection
from reflect.core.sample.journal import fill
from reflect.store import Store
from reflect.store.month_docs import month_docs

from tests.conftest import TZ

NOW = datetime(2026, 3, 14, 21, 0, tzinfo=TZ)
MONTH = "2025-11"
FIRST = date(2025, 11, 1)


@pytest.fixture(scope="module")
def journal(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sample") / "journal"
    store = Store(root, FakeClock(NOW), auto_backup=False).open()
    fill(store, NOW, 1.5, seed=5)
    return root


@pytest.fixture
def copy(journal: Path, tmp_path: Path) -> Store:
    import shutil

    root = tmp_path / "journal"
    shutil.copytree(journal, root)
    return Store(root, FakeClock(NOW), auto_backup=False).open()


def fast_only(monkeypatch) -> list[str]:
    """Record the months `month_docs` hands to `raw_docs`."""
    handed: list[str] = []
    real = Store.raw_docs

    def spy(self, cls, since=None, until=None, **kwargs):
        handed.append(f"{cls.KIND} {since:%Y-%m}")
        return real(self, cls, since, until, **kwargs)

    monkeypatch.setattr(Store, "raw_docs", spy)
    return handed


def test_every_month_of_every_kind_equals_raw_docs(copy: Store, monkeypatch) -> None:
    for record in copy.list(CheckIn, FIRST, date(2025, 11, 30))[:5]:  # tombstones are left out
        copy.delete(record)
    months = sorted(p.stem for p in copy.folder(CheckIn).glob("*.json"))
    assert len(months) >= 18
    want = {(cls, m): copy.raw_docs(cls, date.fromisoformat(f"{m}-01"), date.fromisoformat(f"{m}-01"))
            for cls in (CheckIn, FocusBlock, Reflection) for m in months}
    handed = fast_only(monkeypatch)
    for (cls, m), docs in want.items():
        assert month_docs(copy, cls, m) == docs, (cls.KIND, m)
    assert handed == []  # every file of the store's own was read with the one plain parse
    assert month_docs(copy, CheckIn, "1999-01") == []


def _shard(store: Store) -> Path:
    return store.shard_path(CheckIn, month=MONTH)


def _lines(store: Store) -> list[str]:
    return _shard(store).read_text().split("\n")


def _write_lines(store: Store, lines: list[str]) -> None:
    _shard(store).write_text("\n".join(lines))


def _same_id_twice(store: Store) -> None:
    """A record's id under a second doc id, older (a sync or a crash can leave this)."""
    lines = _lines(store)
    doc = json.loads(lines[1].split(": ", 1)[1].rstrip(","))
    twin = {**doc, "mood": 1 if doc["mood"] != 1 else 2, "updated_at": "2020-01-01T00:00:00+00:00"}
    lines.insert(2, f'  "9999": {json.dumps(twin)},')
    _write_lines(store, lines)


def _doc_id_twice(store: Store) -> None:
    """JSON would keep only the second of two records under one doc id: the first would vanish."""
    lines = _lines(store)
    key = lines[1].split(":", 1)[0]
    other = {**json.loads(lines[1].split(": ", 1)[1].rstrip(",")), "id": "another-record"}
    lines.insert(2, f"{key}: {json.dumps(other)},")
    _write_lines(store, lines)


def _huge_number(store: Store) -> None:
    lines = _lines(store)
    lines[1] = lines[1].replace('"mood": ', '"away": 1e999, "mood": ', 1)
    _write_lines(store, lines)


def _not_our_layout(store: Store) -> None:
    _shard(store).write_text(json.dumps(json.loads(_shard(store).read_text()), indent=2))


def _old_version(store: Store) -> None:
    lines = _lines(store)
    lines[1] = lines[1].replace('"v": 1', '"v": 0', 1)
    _write_lines(store, lines)


def _cut_short(store: Store) -> None:
    raw = _shard(store).read_bytes()
    _shard(store).write_bytes(raw[: len(raw) // 2])


def _fifo(store: Store) -> None:
    os.unlink(_shard(store))
    os.mkfifo(_shard(store))


@pytest.mark.parametrize("damage", [_same_id_twice, _doc_id_twice, _huge_number, _not_our_layout, _old_version,
                                    _cut_short, _fifo])
def test_a_file_that_needs_care_goes_through_raw_docs(copy: Store, monkeypatch, damage) -> None:
    damage(copy)
    handed = fast_only(monkeypatch)
    got = month_docs(copy, CheckIn, MONTH)
    assert handed == [f"checkin {MONTH}"]
    assert got == copy.raw_docs(CheckIn, FIRST, FIRST)  # the same as any reader sees, after any repair
    if damage in (_doc_id_twice, _huge_number, _cut_short, _fifo):
        assert copy.problems, "the damage is reported as everywhere else"

