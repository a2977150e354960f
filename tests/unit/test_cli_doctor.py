"""`reflect doctor`: a healthy folder exits 0; a damaged file is reported and exits 1, nothing lost."""

from __future__ import annotations

from pathlib import Path

from reflect.cli import main


def test_healthy_folder(data_dir: Path, capsys) -> None:
    assert main(["--data-dir", str(data_dir), "log", "--mood", "5", "--energy", "5", "--at", "2026-03-14T09:00-07:00"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "doctor"]) == 0
    out = capsys.readouterr().out
    assert f"data folder: {data_dir}\n" in out
    assert "modes: every folder 0700, every file 0600" in out
    assert "checkins: 1 records (0 deleted) in 1 file" in out
    assert "quarantined records: none" in out
    assert "status: all well" in out
    assert "notifications:" in out
    assert "kept insight sums" not in out
    assert main(["--data-dir", str(data_dir), "insights", "--json"]) == 0
    from reflect.services import insight_cache

    insight_cache.flush()
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "doctor"]) == 0
    out = capsys.readouterr().out
    assert "kept insight sums: .cache/" in out and "safe to delete" in out
    assert "modes: every folder 0700, every file 0600" in out and "status: all well" in out


def test_damaged_file_is_kept_and_reported(data_dir: Path, capsys) -> None:
    assert main(["--data-dir", str(data_dir), "log", "--mood", "5", "--energy", "5", "--at", "2026-03-14T09:00-07:00"]) == 0
    shard = data_dir / "checkins" / "2026-03.json"
    damaged = shard.read_bytes()[:-40]
    shard.write_bytes(damaged)
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "doctor"]) == 1
    out = capsys.readouterr().out
    assert "! checkins/2026-03.json" in out and "does not parse" in out, out
    assert "checkins/2026-03.json.corrupt-" in out and "a damaged file kept as it was found" in out, out
    [aside] = list((data_dir / "checkins").glob("2026-03.json.corrupt-*"))
    assert aside.read_bytes() == damaged
