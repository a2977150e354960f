"""`reflect import`, `reflect export` and `reflect sync` from the command line: output and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from reflect.cli import main

FIXTURES = Path(__file__).parent.parent / "fixtures" / "port"


@pytest.fixture
def run(tmp_path, capsys):
    data = tmp_path / "data"

    def call(*argv: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(data), *argv])
        out, err = capsys.readouterr()
        return code, out, err

    call.data = data  # type: ignore[attr-defined]
    return call


def stored_files(data: Path) -> list[str]:
    return sorted(p.relative_to(data).as_posix() for p in data.rglob("*.json")) if data.exists() else []


def test_unknown_label_exits_2_with_one_line_and_writes_nothing(run, tmp_path) -> None:
    f = tmp_path / "d.csv"
    f.write_text("full_date,time,mood\n2026-03-01,09:00,rad\n2026-03-02,09:00,superb\n", encoding="utf-8")
    code, out, err = run("import", str(f))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and '"superb"' in err and "--map" in err
    assert stored_files(run.data) == []
    code, out, _ = run("import", str(f), "--map", "superb=8")
    assert code == 0 and "2 added" in out
    # the level is remembered: next month's export imports without --map
    f.write_text("full_date,time,mood\n2026-04-01,09:00,Superb\n", encoding="utf-8")
    code, out, _ = run("import", str(f), "--dry-run")
    assert code == 0 and "mood 8 (Superb)" in out


@pytest.mark.parametrize(
    ("content", "fmt", "message"),
    [
        (None, "auto", "does not exist"),
        ("full_date,time,mood\n2026-13-01,09:00,rad\n", "daylio", "row 1: full_date"),
        ('full_date,time,mood,note\n2026-03-01,09:00,rad,"a note cut sho', "auto", "not a readable CSV"),
        ("full_date,time,mood\n2026-03-01,09:00,rad\n2026-03-02,09", "auto", "row 2: time"),
        ('{"schema_version": 1, "checkins": [{"id": "nope"', "reflect", "not a reflect JSON export"),
        ('{"schema_version": 1, "checkins": [{"mood": 12}]}', "auto", "checkins[0]"),
        ('{"entries": [{"date": "2026-03-14", "time": "25:00"}]}', "jrnl", "entry 1: time"),
        ('{"schema_version": 1, "people": [{"name": "Client A", "v": 99}]}', "auto", "newer version"),
        ("\x00\x01binary", "auto", "format"),
    ],
)
def test_bad_files_exit_2_and_write_nothing(run, tmp_path, content, fmt, message) -> None:
    f = tmp_path / "input"
    if content is not None:
        f.write_text(content, encoding="utf-8")
    code, out, err = run("import", str(f), "--format", fmt)
    assert code == 2, err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert stored_files(run.data) == []


def test_a_device_is_not_read(run) -> None:
    code, _, err = run("import", "/dev/zero")
    assert code == 2 and "not a regular file" in err


def test_bad_map_and_bad_format_exit_2(run, tmp_path) -> None:
    f = FIXTURES / "daylio_old.csv"
    assert run("import", str(f), "--map", "meh")[0] == 2
    with pytest.raises(SystemExit) as exc:
        run("import", str(f), "--format", "excel")
    assert exc.value.code == 2


def test_dry_run_lists_every_row_and_changes_nothing(run) -> None:
    code, out, _ = run("import", str(FIXTURES / "daylio_current.csv"), "--dry-run")
    assert code == 0
    lines = out.splitlines()
    assert sum(line.startswith("add ") for line in lines) == 5
    assert "skip   row 5: duplicate of row 4" in lines and "skip   row 7: empty row" in lines
    assert lines[-1] == "Would import (daylio): 5 added, 2 skipped. Nothing was changed."
    assert not any("checkins" in p for p in stored_files(run.data))


def test_import_twice_adds_nothing_the_second_time(run) -> None:
    path = str(FIXTURES / "jrnl.json")
    assert run("import", path)[1] == "Imported (jrnl): 3 added, 1 skipped.\n"
    code, out, _ = run("import", path)
    assert code == 0 and out == "Imported (jrnl): 0 added, 4 skipped.\n"


def test_exports(run, tmp_path) -> None:
    run("import", str(FIXTURES / "daylio_old.csv"))
    code, out, _ = run("export")
    assert code == 0 and len(json.loads(out)["checkins"]) == 3
    code, out, _ = run("export", "--format", "md")
    assert code == 0 and "## May 2019" in out and "## December 2018" in out
    code, _, err = run("export", "--format", "csv")
    assert code == 2 and "--output" in err
    code, _, err = run("export", "--format", "csv", "--output", str(tmp_path / "out.zip"))
    assert code == 0 and zipfile.is_zipfile(tmp_path / "out.zip")
    code, _, _ = run("export", "--format", "csv", "--output", str(tmp_path / "folder"))
    assert code == 0 and (tmp_path / "folder" / "checkins.csv").exists()
    code, _, err = run("export", "--output", str(tmp_path / "missing" / "x.json"))
    assert code == 2 and "does not exist" in err


def test_sync_command(run) -> None:
    run("import", str(FIXTURES / "daylio_old.csv"))
    shard = run.data / "checkins" / "2019-05.json"
    doc = json.loads(shard.read_text())
    for row in doc["checkin"].values():
        row["note"] = "changed elsewhere"
        row["updated_at"] = "2030-01-01T00:00:00+00:00"
    copy = shard.with_name("2019-05.sync-conflict-20300101-000000-ABCDEF7.json")
    copy.write_text(json.dumps(doc))
    code, out, _ = run("sync")
    assert code == 0 and "merged checkins/2019-05.sync-conflict" in out and not copy.exists()
    assert out.splitlines()[-1] == "Sync: 1 conflict copy merged."
    named = "2 records edited in two places keep the other copy: open Conflicts in the app"
    assert out.splitlines()[-2].startswith(named)  # the older versions wait on the Conflicts screen
    again = run("sync")[1].splitlines()
    assert again[-1] == "Sync: no conflict copies found." and again[0].startswith(named)


def test_real_process_exit_codes_and_local_times(tmp_path) -> None:
    env = {**os.environ, "REFLECT_DATA_DIR": str(tmp_path / "data"), "TZ": "America/Denver"}
    env.pop("REFLECT_DEBUG", None)
    cmd = [sys.executable, "-m", "reflect"]
    missing = subprocess.run([*cmd, "import", str(tmp_path / "nope.csv")], env=env, capture_output=True, text=True)
    assert missing.returncode == 2 and missing.stderr.startswith("reflect: PATH:")
    ok = subprocess.run([*cmd, "import", str(FIXTURES / "daylio_old.csv")], env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    out = subprocess.run([*cmd, "export"], env=env, capture_output=True, text=True)
    ats = sorted(c["at"] for c in json.loads(out.stdout)["checkins"])
    assert ats == ["2018-12-31T23:59:00-07:00", "2019-05-18T09:05:00-06:00", "2019-05-18T22:00:00-06:00"]
