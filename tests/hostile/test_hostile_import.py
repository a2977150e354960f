"""Hostile import files: missing ids, numbers JSON cannot store, booleans as moods, deep nesting,
escape bytes in labels, and a kill -9 half way through."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from reflect.cli import main
from reflect.core.models import CheckIn
from reflect.store import Store

pytestmark = pytest.mark.integration

AT = "2026-0{m}-1{d}T09:00:00-07:00"


def checkin(month: int, day: int, mood: object = 5, with_id: bool = True) -> dict:
    at = AT.format(m=month, d=day)
    doc = {"kind": "checkin", "v": 1, "created_at": at, "updated_at": at, "at": at, "mood": mood}
    if with_id:
        doc["id"] = f"6f1c2d8e-7a8b-4c9d-9e0f-0000000{month:02d}{day:03d}"
    return doc


def export_file(tmp_path: Path, checkins: list, raw: str | None = None) -> Path:
    path = tmp_path / "in.json"
    path.write_text(raw or json.dumps({"schema_version": 1, "checkins": checkins}), encoding="utf-8")
    return path


def test_a_record_without_an_id_is_imported_once(tmp_path: Path, capsys) -> None:
    path = export_file(tmp_path, [checkin(3, 1, with_id=False), checkin(3, 2, with_id=False)])
    root = tmp_path / "j"
    for _ in range(2):
        assert main(["--data-dir", str(root), "import", str(path)]) == 0
    assert len(Store(root).open().list(CheckIn)) == 2
    assert "0 added" in capsys.readouterr().out.splitlines()[-1]


@pytest.mark.parametrize(
    ("field", "value"),
    [("mood", "NaN"), ("mood", "1e999"), ("mood", "true"), ("score", "NaN"), ("score", "-1e999"), ("score", "Infinity")],
)
def test_a_value_json_cannot_store_or_a_boolean_mood_is_refused_naming_the_record(tmp_path: Path, capsys, field, value) -> None:
    bad = checkin(3, 2)
    bad[field] = "X"  # `score`: an extra field, kept as given (a newer version's), so never validated
    raw = json.dumps({"schema_version": 1, "checkins": [checkin(3, 1), bad]})
    path = export_file(tmp_path, [], raw.replace('"X"', value))
    assert main(["--data-dir", str(tmp_path / "j"), "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "checkins[1]" in err and field in err, err
    assert not (tmp_path / "j" / "checkins").exists() or Store(tmp_path / "j").open().list(CheckIn) == []


@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_deep_nesting_is_bad_input_in_one_line(tmp_path: Path, opener: str) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"schema_version": 1, "checkins": ' + opener * 100_000, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "reflect", "--data-dir", str(tmp_path / "j"), "import", str(path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr[-300:]
    assert len(done.stderr.splitlines()) == 1 and "nested too deeply" in done.stderr and "Recursion" not in done.stderr


KILL_AFTER_FIRST_FILE = """
import os, sys
from reflect.store import writes
real = writes.Writes._write
def write_then_die(self, *args, **kwargs):
    real(self, *args, **kwargs)
    os.kill(os.getpid(), 9)  # a real SIGKILL right after the first data file is in place
writes.Writes._write = write_then_die
from reflect.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_an_import_killed_half_way_completes_when_run_again(tmp_path: Path) -> None:
    rows = [checkin(m, d) for m in (1, 2, 3) for d in (1, 2)]
    rows += [checkin(4, 5, with_id=False)]
    path = export_file(tmp_path, rows)
    root = tmp_path / "j"
    args = ["--data-dir", str(root), "import", str(path)]
    killed = subprocess.run([sys.executable, "-c", KILL_AFTER_FIRST_FILE, *args], capture_output=True, text=True, timeout=60)
    assert killed.returncode == -signal.SIGKILL
    assert "run the same import again" in killed.stderr  # said before anything was written
    part = Store(root).open().list(CheckIn)
    assert 0 < len(part) < len(rows)  # the kill really came half way
    again = subprocess.run([sys.executable, "-m", "reflect", *args], capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    stored = Store(root).open().list(CheckIn)
    assert len(stored) == len(rows) and len({c.id for c in stored}) == len(rows)
    assert f"{len(rows) - len(part)} added, {len(part)} skipped" in again.stdout
