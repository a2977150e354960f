"""Command start-up as ratios in one run: `reflect --version`/`--help` against bare Python with
argparse, and `reflect log` with 10 years of data against jrnl adding an entry to an empty journal.

    python benchmarks/bench_cli_start.py [--runs N]

Every figure is a real process from spawn to exit (console scripts, as a user types them), with
Python's bytecode cache warm (one untimed run of each first). The baseline for `--version` and
`--help` is `python -c "import argparse; argparse.ArgumentParser().parse_args([])"` on the same
interpreter. For scale, one more process only imports pydantic as the record models do: the floor
of any command that validates a record with it. jrnl is installed with pip into its own virtual
environment in the temporary folder (kept there between runs; never a dependency of reflect); each
timed jrnl run adds one entry to a journal emptied just before. Runs of all commands alternate so
they see the same machine load. Prints medians of wall and CPU (user+sys) time and the ratios; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import fresh_copy, median_ms, reflect_command

TARGET_VERSION = 1.3
TARGET_LOG = 0.8
JRNL_VERSION = "4.6"
JRNL_VENV = Path(tempfile.gettempdir()) / "reflect-bench-jrnl"
PYDANTIC_IMPORT = "from pydantic import BaseModel, Field, ValidationError"
"""What any record model needs from pydantic (it imports pydantic's core, fields and types)."""

JRNL_CONFIG = """colors: {{body: none, date: none, tags: none, title: none}}
default_hour: 9
default_minute: 0
editor: ''
encrypt: false
highlight: true
indent_character: '|'
journals:
  default:
    journal: {journal}
linewrap: 79
tagsymbols: '#@'
template: false
timeformat: '%F %r'
version: v{version}
"""


def jrnl_command() -> list[str]:
    """The jrnl console script in its own venv, installed there on first use."""
    script = JRNL_VENV / "bin" / "jrnl"
    if not script.exists():
        subprocess.run([sys.executable, "-m", "venv", str(JRNL_VENV)], check=True)
        subprocess.run([str(JRNL_VENV / "bin" / "pip"), "install", "-q", f"jrnl=={JRNL_VERSION}"], check=True)
    return [str(script)]


def timed(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds user+sys) of one process from spawn to exit."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{argv[0]} failed: {err.strip()}")
    return elapsed, usage.ru_utime + usage.ru_stime


def measure(runs: int = 15) -> dict:
    """Medians (ms) of each command and the ratios the issue asks for."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as installed: .pyc kept
    reflect = reflect_command()
    with tempfile.TemporaryDirectory(prefix="reflect-bench-jrnl-") as tmp, fresh_copy("10y") as heavy:
        journal = Path(tmp) / "journal.txt"
        config = Path(tmp) / "jrnl.yaml"
        config.write_text(JRNL_CONFIG.format(journal=journal, version=JRNL_VERSION), encoding="utf-8")
        jrnl_env = {**env, "HOME": tmp, "XDG_CONFIG_HOME": tmp, "XDG_DATA_HOME": tmp}
        commands = {
            "python + argparse": ([sys.executable, "-c", "import argparse; argparse.ArgumentParser().parse_args([])"], env),
            "python + import pydantic": ([sys.executable, "-c", PYDANTIC_IMPORT], env),
            "reflect --version": ([*reflect, "--version"], env),
            "reflect --help": ([*reflect, "--help"], env),
            "jrnl, add to empty journal": ([*jrnl_command(), "--config-file", str(config), "Bench entry. @work"], jrnl_env),
            "reflect log, 10 years": ([*reflect, "--data-dir", str(heavy), "log", "--mood", "6", "--energy", "5", "--tag", "bench"], env),
        }
        for argv, cmd_env in commands.values():  # warm the bytecode caches, make the day's snapshot
            timed(argv, cmd_env)
        wall: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, (argv, cmd_env) in commands.items():
                if name.startswith("jrnl"):
                    journal.write_text("", encoding="utf-8")
                w, c = timed(argv, cmd_env)
                wall[name].append(w)
                cpu[name].append(c)
    med = {name: median_ms(t) for name, t in wall.items()}
    med_cpu = {name: median_ms(t) for name, t in cpu.items()}
    base, jrnl = "python + argparse", "jrnl, add to empty journal"
    ratios = {
        "--version / python+argparse": (med["reflect --version"] / med[base], med_cpu["reflect --version"] / med_cpu[base], TARGET_VERSION),
        "--help / python+argparse": (med["reflect --help"] / med[base], med_cpu["reflect --help"] / med_cpu[base], TARGET_VERSION),
        "log 10 years / jrnl": (med["reflect log, 10 years"] / med[jrnl], med_cpu["reflect log, 10 years"] / med_cpu[jrnl], TARGET_LOG),
    }
    floor = (med["python + import pydantic"] / med[jrnl], med_cpu["python + import pydantic"] / med_cpu[jrnl])
    return {"median_ms": med, "median_cpu_ms": med_cpu, "ratios": ratios, "pydantic_floor": floor, "runs": runs}


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description="reflect start-up against python+argparse and jrnl")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    fig = measure(args.runs)
    print(f"Process start to exit, median of {fig['runs']} alternating runs")
    for name, ms in fig["median_ms"].items():
        print(f"  {name:28} wall {ms:7.1f} ms, CPU {fig['median_cpu_ms'][name]:7.1f} ms")
    for name, (wall, cpu, target) in fig["ratios"].items():
        print(f"  {name:28} wall {wall:.2f}, CPU {cpu:.2f} (target <= {target})")
    wall, cpu = fig["pydantic_floor"]
    print(f"  {'pydantic import / jrnl':28} wall {wall:.2f}, CPU {cpu:.2f} (the floor of a command that validates with pydantic)")


if __name__ == "__main__":
    main()
