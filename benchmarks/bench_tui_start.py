"""TUI time to first screen with 10 years of data, divided by a bare Textual app's, same run.

    python benchmarks/bench_tui_start.py [--runs N]

Both are real processes on a real pseudo-terminal (80x24) started by `tui_harness.py`; the time is
from spawning the process to the moment its first screen is painted with its data loaded. Runs
alternate between the two apps. Two times are taken for reflect: its first frame (Today's layout
and date; the store is built in a worker after it) and the moment Today shows its check-ins. CPU time to the first frame (all threads,
`time.process_time()` in the child) is printed too: it is far less disturbed by other load. One untimed start first makes the day's backup snapshot (the first
start of a day does that in a worker; its figure is printed too). Prints medians and the ratio;
asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from _common import HERE, fresh_copy, median_ms, run_in_terminal

TARGET_RATIO = 1.3
HARNESS = str(HERE / "tui_harness.py")


def start_once(kind: str, folder: Path | None = None, areas: bool = False) -> dict:
    """Start one app; returns {"first_screen_s", "wall_s", "maxrss_kib", ...}."""
    with tempfile.NamedTemporaryFile(prefix="reflect-bench-", suffix=".json", delete=False) as handle:
        result = Path(handle.name)
    argv = [sys.executable, HARNESS, kind] + ([str(folder)] if folder else []) + (["--areas"] if areas else [])
    try:
        start = time.monotonic()
        code, wall, rss = run_in_terminal(argv, {"BENCH_RESULT": str(result)})
        data = json.loads(result.read_text() or "{}")
    finally:
        result.unlink(missing_ok=True)
    if code != 0 or "painted" not in data:
        raise RuntimeError(f"{kind} app did not report its first screen (exit {code})")
    return {**data, "first_frame_s": data["first_frame"] - start, "first_screen_s": data["painted"] - start,
            "wall_s": wall, "maxrss_kib_wait4": rss}


def measure(runs: int = 9) -> dict:
    """Medians (ms) of time to first screen for the bare app and for reflect with 10 years."""
    bare: list[float] = []
    frame: list[float] = []
    data: list[float] = []
    bare_cpu: list[float] = []
    frame_cpu: list[float] = []
    with fresh_copy("10y") as folder:
        first_of_day = start_once("reflect", folder)["first_screen_s"] * 1000
        start_once("bare")
        for _ in range(runs):
            plain = start_once("bare")
            bare.append(plain["first_frame_s"])
            bare_cpu.append(plain["first_frame_cpu"])
            run = start_once("reflect", folder)
            frame.append(run["first_frame_s"])
            frame_cpu.append(run["first_frame_cpu"])
            data.append(run["first_screen_s"])
    med_bare, med_frame, med_data = median_ms(bare), median_ms(frame), median_ms(data)
    return {"bare_ms": med_bare, "reflect_frame_ms": med_frame, "reflect_data_ms": med_data,
            "ratio": med_frame / med_bare, "data_ratio": med_data / med_bare,
            "bare_cpu_ms": median_ms(bare_cpu), "reflect_frame_cpu_ms": median_ms(frame_cpu),
            "cpu_ratio": median_ms(frame_cpu) / median_ms(bare_cpu),
            "first_of_day_ms": first_of_day, "runs": runs}


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description="TUI first screen: 10 years / bare Textual")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    fig = measure(args.runs)
    print(f"TUI start on an 80x24 pty, from spawning the process, median of {fig['runs']} runs each")
    print(f"  bare Textual app, first frame:                {fig['bare_ms']:7.1f} ms ({fig['bare_cpu_ms']:.0f} ms CPU)")
    print(f"  reflect with 10 years, first frame (Today):   {fig['reflect_frame_ms']:7.1f} ms ({fig['reflect_frame_cpu_ms']:.0f} ms CPU)")
    print(f"  reflect with 10 years, Today's data shown:    {fig['reflect_data_ms']:7.1f} ms"
          f"   (first start of the day, backup due: {fig['first_of_day_ms']:.0f} ms)")
    print(f"  first frame, reflect 10y / bare: {fig['ratio']:.2f} wall, {fig['cpu_ratio']:.2f} CPU (target <= {TARGET_RATIO});"
          f" data shown / bare: {fig['data_ratio']:.2f}")


if __name__ == "__main__":
    main()
