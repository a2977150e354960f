"""Shared by the benchmark scripts: the cached data folders, fresh copies, medians, a real terminal."""

from __future__ import annotations

import contextlib
import os
import platform
import pty
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
"""Generated data folders live here (gitignored)."""

sys.path.insert(0, str(HERE.parent))  # run from a checkout without installing


def reflect_command() -> list[str]:
    """The `reflect` console script next to this Python, else `python -m reflect`."""
    script = Path(sys.executable).with_name("reflect")
    return [str(script)] if script.exists() else [sys.executable, "-m", "reflect"]


@contextlib.contextmanager
def fresh_copy(name: str) -> Iterator[Path]:
    """A throw-away copy of a cached data folder (benchmarks write to it; the cache stays clean)."""
    from generate import ensure

    source = ensure(name)
    with tempfile.TemporaryDirectory(prefix=f"reflect-bench-{name}-") as tmp:
        target = Path(tmp) / "journal"
        shutil.copytree(source, target, symlinks=True, ignore=shutil.ignore_patterns("backups", ".cache"))
        if (source / "backups").is_dir():
            # Snapshots match files by inode, which a copy changes: make yesterday's again, so the
            # first backup of today hard-links unchanged files as it would for a daily user.
            from datetime import datetime, timedelta

            from reflect.store import backups

            backups.snapshot(target, (datetime.now().astimezone() - timedelta(days=1)).strftime("%Y-%m-%d"))
        yield target


def median_ms(seconds: Sequence[float]) -> float:
    """The median of durations in seconds, in milliseconds."""
    return statistics.median(seconds) * 1000


def machine() -> str:
    """One line describing this machine."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def run_in_terminal(argv: list[str], env: dict[str, str], size: tuple[int, int] = (80, 24), timeout: float = 60) -> tuple[int, float, int]:
    """Run a command on a real pseudo-terminal of `size`, reading all it draws.

    Returns (exit code, wall seconds from spawn to exit, peak RSS of the child in KiB).
    """
    master, slave = pty.openpty()
    import fcntl
    import termios

    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    full_env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(size[0]), "LINES": str(size[1]), **env}
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=full_env, start_new_session=True)
    os.close(slave)
    deadline = start + timeout
    status = rusage = None
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    os.read(master, 65536)
                except OSError:
                    pass
            pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                raise TimeoutError(f"{argv[-1]} did not exit within {timeout} s")
    finally:
        os.close(master)
    elapsed = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, elapsed, rusage.ru_maxrss
