"""`reflect pitch check` as a real process: exit codes and one-line errors."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("make", ["missing", "folder", "binary"])
def test_cli_bad_file_is_one_clean_line(tmp_path, make: str) -> None:
    path = tmp_path / "x.txt"
    if make == "folder":
        path.mkdir()
    elif make == "binary":
        path.write_bytes(b"\xff\xfe\x00bad")
    proc = subprocess.run([sys.executable, "-m", "reflect", "pitch", "check", str(path)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1 and "FILE:" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_bad_wpm(tmp_path) -> None:
    script = tmp_path / "p.txt"
    script.write_text("hi", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "reflect", "pitch", "check", str(script), "--wpm", "20"], capture_output=True, text=True)
    assert proc.returncode == 2 and "--wpm must be from 60 to 250" in proc.stderr
