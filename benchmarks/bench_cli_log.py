"""`reflect log` process wall time with 10 years of data divided by the same on an empty folder.

    python benchmarks/bench_cli_log.py [--runs N]

Each run is a real process (`reflect --data-dir DIR log --mood N --energy N --tag bench`) from
spawn to exit. Runs alternate between the two folders so both see the same machine load; one
untimed run on each first makes the day's backup snapshot (done once a day), then N timed runs.
Prints medians of wall time and of CPU time (user+sys, less disturbed by other load on the
machine) and their ratios; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import time

from _common import fresh_copy, median_ms, reflect_command

TARGET_RATIO = 1.2


def _once(folder, i: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds user+sys) of one `reflect log` process."""
    argv = [*reflect_command(), "--data-dir", str(folder), "log", "--mood", str(1 + i % 9), "--energy", str(1 + (i * 5) % 9), "--tag", "bench"]
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise RuntimeError(f"reflect log failed: {err.strip()}")
    return elapsed, usage.ru_utime + usage.ru_stime


def measure(runs: int = 15) -> dict:
    """Median process times (ms) on an empty folder and with 10 years, and their ratio."""
    wall: dict[str, list[float]] = {"empty": [], "10y": []}
    cpu: dict[str, list[float]] = {"empty": [], "10y": []}
    first: dict[str, float] = {}
    with fresh_copy("empty") as empty, fresh_copy("10y") as heavy:
        folders = {"empty": empty, "10y": heavy}
        for name, folder in folders.items():
            first[name] = _once(folder, 0)[0] * 1000
        for i in range(runs):
            for name, folder in folders.items():
                w, c = _once(folder, i + 1)
                wall[name].append(w)
                cpu[name].append(c)
    med = {name: median_ms(t) for name, t in wall.items()}
    med_cpu = {name: median_ms(t) for name, t in cpu.items()}
    return {"median_ms": med, "median_cpu_ms": med_cpu, "first_of_day_ms": first, "runs": runs,
            "ratio": med["10y"] / med["empty"], "cpu_ratio": med_cpu["10y"] / med_cpu["empty"]}


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description="reflect log: 10 years / empty")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    fig = measure(args.runs)
    print(f"`reflect log` process wall time, median of {fig['runs']} runs each")
    for name, ms in fig["median_ms"].items():
        print(f"  {name:>5}: wall {ms:7.1f} ms, CPU {fig['median_cpu_ms'][name]:7.1f} ms"
              f"   (first run of the day, making the daily backup: {fig['first_of_day_ms'][name]:.0f} ms wall)")
    print(f"  10y / empty: wall {fig['ratio']:.2f}, CPU {fig['cpu_ratio']:.2f} (target <= {TARGET_RATIO})")


if __name__ == "__main__":
    main()
