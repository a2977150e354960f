"""`reflect demo`: a sample journal in a temporary folder, removed afterwards unless --keep."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from reflect.core.models import CheckIn, FocusBlock, Reflection
from reflect.store import Store

REFLECT = Path(sys.executable).with_name("reflect")


def demo(*args: str) -> subprocess.CompletedProcess[str]:
    """`reflect demo ARGS` as a real process."""
    return subprocess.run([str(REFLECT), "demo", *args], capture_output=True, text=True, timeout=120)


def folder_of(stderr: str) -> Path:
    """The sample folder the demo names on stderr."""
    match = re.search(r"sample data to (\S+) \.\.\.", stderr)
    assert match, stderr
    return Path(match.group(1))


def test_demo_names_its_folder_and_deletes_it() -> None:
    done = demo("--no-open", "--years", "0.05")
    assert done.returncode == 0, done.stderr
    folder = folder_of(done.stderr)
    assert "check-ins" in done.stderr and f"deleted the sample journal in {folder}" in done.stderr
    assert not folder.exists()


def test_demo_keep_leaves_a_usable_journal() -> None:
    done = demo("--no-open", "--keep", "--years", "0.05")
    assert done.returncode == 0, done.stderr
    folder = folder_of(done.stderr)
    try:
        assert f"kept the sample journal in {folder}" in done.stderr
        store = Store(folder)
        assert len(store.list(CheckIn)) > 100
        assert store.list(FocusBlock) and store.list(Reflection)
        logged = subprocess.run([str(REFLECT), "--data-dir", str(folder), "log", "--mood", "5", "--energy", "5"],
                                capture_output=True, text=True, timeout=60)
        assert logged.returncode == 0, logged.stderr
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_demo_years_out_of_range_is_bad_input() -> None:
    done = demo("--no-open", "--years", "0")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "--years" in done.stderr and "Traceback" not in done.stderr
