"""Shards whose JSON is legal-looking but hostile: repeated keys, numbers JSON cannot write back."""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from reflect.cli import main
from reflect.core.clock import FakeClock
from reflect.core.models import CheckIn
from reflect.store import Store
from reflect.store.recovery import NUMBER_KEY

TZ = timezone(timedelta(hours=-7))
A = "6f1c2d8e-7a8b-4c9d-9e0f-00000000000a"
B = "6f1c2d8e-7a8b-4c9d-9e0f-00000000000b"


def _doc(rid: str, mood: object = 5, day: int = 3) -> str:
    """One check-in as JSON text; `mood` is written as given (so `1e999` stays a bare number)."""
    at = f"2026-03-{day:02d}T09:00:00-07:00"
    return (
        f'{{"id": "{rid}", "kind": "checkin", "v": 1, "created_at": "{at}", "updated_at": "{at}", '
        f'"at": "{at}", "mood": {mood}}}'
    )


def _open(root: Path) -> Store:
    return Store(root, FakeClock(datetime(2026, 3, 14, 9, 0, tzinfo=TZ)), auto_backup=False).open()


def _shard(root: Path, text: str) -> Path:
    path = root / "checkins" / "2026-03.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_repeated_document_key_keeps_both_records_and_the_file(data_dir: Path, capsys) -> None:
    shard = _shard(data_dir, '{"checkin": {\n  "1": ' + _doc(A) + ',\n  "1": ' + _doc(B, 7, 4) + "\n}}\n")
    original = shard.read_bytes()
    assert main(["--data-dir", str(data_dir), "doctor"]) == 1
    out = capsys.readouterr().out
    assert "duplicate key" in out and "all well" not in out, out
    store = _open(data_dir)
    assert {c.id for c in store.list(CheckIn)} == {A, B}
    [aside] = list(shard.parent.glob("2026-03.json.corrupt-*"))
    assert aside.read_bytes() == original
    store.add(CheckIn(at=datetime(2026, 3, 5, 9, 0, tzinfo=TZ), mood=3))
    on_disk = {d["id"] for d in json.loads(shard.read_bytes())["checkin"].values()}
    assert {A, B} <= on_disk and len(on_disk) == 3


@pytest.mark.parametrize("number", ["1e999", "-1e999", "NaN", "Infinity"])
def test_a_number_json_cannot_hold_is_quarantined_and_later_writes_still_work(data_dir: Path, number: str) -> None:
    shard = _shard(data_dir, '{"checkin": {\n  "1": ' + _doc(A) + ',\n  "2": ' + _doc(B, number, 4) + "\n}}\n")
    store = _open(data_dir)
    assert [c.id for c in store.list(CheckIn)] == [A]
    [bad] = store.quarantined()
    assert bad.doc["mood"] == {NUMBER_KEY: number}
    for day in (5, 6):  # every later write to the month works, and carries the odd record
        store.add(CheckIn(at=datetime(2026, 3, day, 9, 0, tzinfo=TZ), mood=3))
    docs = json.loads(shard.read_bytes())["checkin"].values()
    assert {d["id"]: d["mood"] for d in docs}[B] == {NUMBER_KEY: number}
    assert len(_open(data_dir).list(CheckIn)) == 3


def test_doctor_warns_while_records_exist_only_in_a_corrupt_copy(data_dir: Path, capsys) -> None:
    store = _open(data_dir)
    store.add(CheckIn(at=datetime(2026, 3, 5, 9, 0, tzinfo=TZ), mood=3))
    aside = data_dir / "checkins" / "2026-03.json.corrupt-20260301T090000"
    aside.write_text('{"checkin": {\n  "1": ' + _doc(A) + ",\n  \"2\": {broken\n")
    os.chmod(aside, 0o600)
    assert main(["--data-dir", str(data_dir), "doctor"]) == 1
    out = capsys.readouterr().out
    assert "! checkins/2026-03.json.corrupt-20260301T090000" in out and "1 records found nowhere else" in out, out
    store.add(CheckIn.model_validate_json(_doc(A)))  # once it is back in the journal, the copy is only informative
    assert main(["--data-dir", str(data_dir), "doctor"]) == 0, capsys.readouterr().out
