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
from reflect.store.month_docs import month_docs, plain_json

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


def _past_64_bits(store: Store) -> None:
    """orjson would read 2**64 + 1 as the float 2**64; json reads the integer."""
    lines = _lines(store)
    lines[1] = lines[1].replace('"mood": ', '"away": 18446744073709551617, "mood": ', 1)
    _write_lines(store, lines)


def _below_64_bits(store: Store) -> None:
    lines = _lines(store)
    lines[1] = lines[1].replace('"mood": ', '"away": -9223372036854775809, "mood": ', 1)
    _write_lines(store, lines)


def _nan(store: Store) -> None:
    lines = _lines(store)
    lines[1] = lines[1].replace('"mood": ', '"away": NaN, "mood": ', 1)
    _write_lines(store, lines)


def _lone_surrogate(store: Store) -> None:
    """JSON allows the escape; json.loads gives a str that cannot be encoded, orjson refuses it."""
    lines = _lines(store)
    lines[1] = lines[1].replace('"mood": ', '"away": "a\\ud800b", "mood": ', 1)
    _write_lines(store, lines)


def _byte_order_mark(store: Store) -> None:
    _shard(store).write_bytes(b"\xef\xbb\xbf" + _shard(store).read_bytes())


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


@pytest.mark.parametrize("damage", [_same_id_twice, _doc_id_twice, _huge_number, _past_64_bits, _below_64_bits, _nan,
                                    _lone_surrogate, _byte_order_mark, _not_our_layout, _old_version, _cut_short, _fifo])
def test_a_file_that_needs_care_goes_through_raw_docs(copy: Store, monkeypatch, damage) -> None:
    damage(copy)
    handed = fast_only(monkeypatch)
    got = month_docs(copy, CheckIn, MONTH)
    assert handed == [f"checkin {MONTH}"]
    assert got == copy.raw_docs(CheckIn, FIRST, FIRST)  # the same as any reader sees, after any repair
    if damage in (_doc_id_twice, _huge_number, _cut_short, _fifo):
        assert copy.problems, "the damage is reported as everywhere else"



def test_an_integer_past_64_bits_stays_an_exact_integer(copy: Store) -> None:
    _past_64_bits(copy)
    away = [d["away"] for d in month_docs(copy, CheckIn, MONTH) if "away" in d]
    assert away == [2**64 + 1] and type(away[0]) is int


def test_a_key_twice_inside_a_record_is_read_as_json_reads_it(copy: Store, monkeypatch) -> None:
    """The last one counts (until the store next reads the month and sets the file aside)."""
    lines = _lines(copy)
    mood = json.loads(lines[1].split(": ", 1)[1].rstrip(","))["mood"]
    lines[1] = lines[1].replace('"mood": ', f'"mood": {mood % 9 + 1}, "mood": ', 1)
    _write_lines(copy, lines)
    handed = fast_only(monkeypatch)
    got = month_docs(copy, CheckIn, MONTH)
    assert handed == []
    want = json.loads(_shard(copy).read_bytes())["checkin"]
    assert got == [d for d in want.values() if d.get("deleted_at") is None]
    assert got[0]["mood"] == mood


@pytest.mark.parametrize("text", [b'{"a": 18446744073709551616}', b'{"a": -9223372036854775809}', b'{"a": NaN}',
                                  b'{"a": 1e999}', b'{"a": "\\ud800"}', b'\xef\xbb\xbf{"a": 1}', b'{"a": "\xed\xa0\x80"}',
                                  b'{"note": "call 12345678901234567890"}', b'{"a": [-1234567890123456789]}'])
def test_plain_json_declines_what_orjson_would_read_otherwise(text: bytes) -> None:
    assert plain_json(text) is None


@pytest.mark.parametrize("text", [b'{"a": 1, "b": 1.5e300, "c": "\\ud83d\\ude00", "a": 2}',
                                  b'[1, -0.0, 2.5e-400, "x\\u00e9"]', b'{"n": 123456789012345678}',
                                  b'{"mtime_ns": 1764571234567890123, "low": -922337203685477580}'])
def test_plain_json_reads_what_json_reads(text: bytes) -> None:
    assert plain_json(text) == json.loads(text)
