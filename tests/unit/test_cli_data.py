"""`reflect export` / `reflect import`: round trip, idempotence, all or nothing, clear errors."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from reflect.cli import main
from reflect.core.clock import FakeClock
from reflect.core.sample.journal import generate
from reflect.store import Store

REFLECT = Path(sys.executable).with_name("reflect")
END = datetime(2026, 3, 14, 21, 0, tzinfo=timezone(timedelta(hours=-7)))


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    """A data folder with three weeks of the sample journal (every kind of record)."""
    root = tmp_path / "source"
    store = Store(root, FakeClock(END)).open()
    store.put_many(generate(END, 0.06))
    return root


def export(root: Path, target: Path, capsys) -> dict:
    """Run `reflect export --output` and return the parsed file."""
    assert main(["--data-dir", str(root), "export", "--format", "json", "--output", str(target)]) == 0
    capsys.readouterr()
    return json.loads(target.read_text(encoding="utf-8"))


def data_files(root: Path) -> dict[str, bytes]:
    """Every data file's bytes, by relative path (backups left out)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.json") if "backups" not in p.parts}


def test_export_import_export_gives_the_same_json(filled: Path, tmp_path: Path, capsys) -> None:
    first = export(filled, tmp_path / "one.json", capsys)
    assert first["schema_version"] == 1
    for key in ("checkins", "reflections", "focus_blocks", "people", "feedback_requests", "feedback_responses",
                "strengths", "stories", "rehearsals", "pitch_uses"):
        assert isinstance(first[key], list), key
    assert len(first["checkins"]) > 150 and first["people"] and first["stories"]

    target = tmp_path / "empty"
    assert main(["--data-dir", str(target), "import", str(tmp_path / "one.json")]) == 0
    assert capsys.readouterr().out.startswith(f"Imported (reflect): {sum(len(v) for v in first.values() if isinstance(v, list))} added")
    second = export(target, tmp_path / "two.json", capsys)
    first.pop("exported_at")
    second.pop("exported_at")
    assert second == first


def test_importing_twice_adds_nothing(filled: Path, tmp_path: Path, capsys) -> None:
    export(filled, tmp_path / "one.json", capsys)
    target = tmp_path / "empty"
    assert main(["--data-dir", str(target), "import", str(tmp_path / "one.json")]) == 0
    capsys.readouterr()
    before = data_files(target)
    assert main(["--data-dir", str(target), "import", str(tmp_path / "one.json")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Imported (reflect): 0 added,"), out
    assert data_files(target) == before


def test_a_bad_record_rejects_the_whole_file(filled: Path, tmp_path: Path, capsys) -> None:
    data = export(filled, tmp_path / "one.json", capsys)
    data["checkins"][-1]["mood"] = 12
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    target = tmp_path / "empty"
    code = main(["--data-dir", str(target), "import", str(bad)])
    assert code == 2
    err = capsys.readouterr().err.strip()
    index = len(data["checkins"]) - 1
    assert err.splitlines() == [err]
    assert f"checkins[{index}]" in err and "mood" in err and "nothing was imported" in err, err
    assert data_files(target) == {}


@pytest.mark.parametrize(
    ("content", "expected"),
    [(None, "does not exist"), ("{not json", "does not parse"), ('{"checkins": []}', "neither a reflect export")],
)
def test_unreadable_input_exits_2(tmp_path: Path, capsys, content, expected) -> None:
    path = tmp_path / "in.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["--data-dir", str(tmp_path / "j"), "import", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and expected in err, err


def test_real_processes_never_show_a_traceback(filled: Path, tmp_path: Path) -> None:
    missing = subprocess.run([str(REFLECT), "--data-dir", str(tmp_path / "j"), "import", str(tmp_path / "nope.json")],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    assert missing.stderr.strip() == f"reflect: PATH: {tmp_path / 'nope.json'} does not exist"
    out = subprocess.run([str(REFLECT), "--data-dir", str(filled), "export"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stderr == ""
    assert json.loads(out.stdout)["checkins"]


def test_export_to_a_missing_folder_is_bad_input(filled: Path, tmp_path: Path, capsys) -> None:
    assert main(["--data-dir", str(filled), "export", "--output", str(tmp_path / "no" / "x.json")]) == 2
    err = capsys.readouterr().err
    assert "--output" in err and "does not exist" in err
