"""Peak memory (RSS) of the TUI with 10 years of data.

    python benchmarks/bench_tui_memory.py [--runs N]

A real process on an 80x24 pseudo-terminal (`tui_harness.py reflect DIR --areas`) starts the app
through the `reflect` entry point, waits for Today's data, visits every area and dialog
(f p s i m r ? t) waiting for each one's loading to finish, then exits. The peak RSS comes from
the child's own VmHWM (/proc/self/status): `ru_maxrss` from `wait4` would include this
script's memory, copied into the child by fork before exec. Prints the largest of N runs and the same for a bare Textual app;
asserts nothing.
"""

from __future__ import annotations

import argparse

from bench_tui_start import start_once
from _common import fresh_copy

TARGET_MB = 120.0


def measure(runs: int = 3) -> dict:
    """Peak RSS in MB of reflect with 10 years (every area visited) and of the bare app."""
    peaks, bare = [], []
    with fresh_copy("10y") as folder:
        for _ in range(runs):
            run = start_once("reflect", folder, areas=True)
            if run.get("final_screen") != "TodayScreen":
                raise RuntimeError(f"the tour did not end on Today but on {run.get('final_screen')}")
            peaks.append(run["maxrss_kib"] / 1024)
            bare.append(start_once("bare", areas=True)["maxrss_kib"] / 1024)
    return {"reflect_10y_mb": max(peaks), "bare_mb": max(bare), "runs": runs}


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description="peak RSS of the TUI with 10 years of data")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    fig = measure(args.runs)
    print(f"peak RSS (largest of {fig['runs']} runs)")
    print(f"  reflect, 10 years, every area visited: {fig['reflect_10y_mb']:6.1f} MB (target <= {TARGET_MB:.0f} MB)")
    print(f"  bare Textual app:                      {fig['bare_mb']:6.1f} MB")


if __name__ == "__main__":
    main()
