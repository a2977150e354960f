"""Run every benchmark and print one table of figures against the design's targets.

    python benchmarks/run_all.py [--quick]

Generates the data folders first if needed (benchmarks/.cache, about 15 s the first time each
month). Prints figures; asserts nothing. `--quick` takes fewer runs (noisier).
"""

from __future__ import annotations

import argparse
import time
from datetime import datetime, timezone

import bench_cli_log
import bench_cli_start
import bench_insert
import bench_insights
import bench_pitch_check
import bench_tui_memory
import bench_tui_screen
import bench_tui_start
from _common import machine
from generate import SETS, counts, ensure


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description="all benchmarks")
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    args = parser.parse_args()
    q = args.quick
    started = time.monotonic()
    for name in SETS:
        ensure(name, quiet=False)
    heavy = counts("10y")
    ins = bench_insert.measure(runs=15 if q else 40, tinydb_runs=2 if q else 3)
    log = bench_cli_log.measure(runs=5 if q else 15)
    start = bench_cli_start.measure(runs=5 if q else 15)
    tui = bench_tui_start.measure(runs=3 if q else 11)
    seen = bench_tui_screen.measure(runs=3 if q else 11)
    mem = bench_tui_memory.measure(runs=1 if q else 3)
    ins_ = bench_insights.measure(runs=3 if q else 9)
    pch = bench_pitch_check.measure(runs=2 if q else 5)
    r = ins["reflect"]
    rows = [
        ("insert, median, empty", f"{r['empty']['median_ms']:.1f} ms ({r['empty']['cpu_ms']:.1f} ms CPU)", ""),
        ("insert, median, 1 year", f"{r['1y']['median_ms']:.1f} ms ({r['1y']['cpu_ms']:.1f} ms CPU)", ""),
        ("insert, median, 10 years", f"{r['10y']['median_ms']:.1f} ms ({r['10y']['cpu_ms']:.1f} ms CPU)", "<= 15 ms"),
        ("insert, 10 years / 1 year", f"{ins['ratio_10y_1y']:.2f}", "<= 1.5"),
        ("file system of the data; 4 KiB write + fsync", f"{ins['file_system']}; {ins['fsync_ms']:.2f} ms", ""),
        ("stock TinyDB one file, 1-year count", f"{ins['tinydb_one_file_ms']['1y']:.0f} ms", "(comparison)"),
        ("stock TinyDB one file, 10-year count", f"{ins['tinydb_one_file_ms']['10y']:.0f} ms", "(comparison)"),
        ("TinyDB CachingMiddleware, open+insert+close, 1y", f"{ins['tinydb_caching_ms']['1y']:.0f} ms", "(comparison)"),
        ("TinyDB CachingMiddleware, open+insert+close, 10y", f"{ins['tinydb_caching_ms']['10y']:.0f} ms", "(comparison)"),
        ("`reflect log`, empty folder", f"{log['median_ms']['empty']:.0f} ms wall, {log['median_cpu_ms']['empty']:.0f} ms CPU", ""),
        ("`reflect log`, 10 years", f"{log['median_ms']['10y']:.0f} ms wall, {log['median_cpu_ms']['10y']:.0f} ms CPU", ""),
        ("`reflect log`, 10 years / empty", f"{log['ratio']:.2f} wall, {log['cpu_ratio']:.2f} CPU", "<= 1.2"),
        *[(f"start-up, {name}", f"{wall:.2f} wall, {cpu:.2f} CPU", f"<= {target}")
          for name, (wall, cpu, target) in start["ratios"].items()],
        ("TUI first frame, bare Textual", f"{tui['bare_ms']:.0f} ms wall, {tui['bare_cpu_ms']:.0f} ms CPU", ""),
        ("TUI first frame, 10 years", f"{tui['reflect_frame_ms']:.0f} ms wall, {tui['reflect_frame_cpu_ms']:.0f} ms CPU", ""),
        ("TUI first frame, 10 years / bare", f"{tui['ratio']:.2f} wall, {tui['cpu_ratio']:.2f} CPU", "<= 1.3"),
        ("TUI Today's data shown, 10 years", f"{tui['reflect_data_ms']:.0f} ms ({tui['data_ratio']:.2f} x bare)", ""),
        ("TUI as a user sees it: first text, bare app", f"{seen['bare_ms']:.0f} ms", ""),
        ("TUI as a user sees it: first text, 10 years", f"{seen['reflect_ms']:.0f} ms ({seen['ratio']:.2f} x bare)", "<= 1.15"),
        ("TUI as a user sees it: Today's data, 10 years", f"{seen['reflect_data_ms']:.0f} ms ({seen['data_ratio']:.2f} x bare)", "<= 1.5"),
        ("TUI peak RSS, 10 years, every area", f"{mem['reflect_10y_mb']:.0f} MB (bare {mem['bare_mb']:.0f} MB)", "<= 120 MB"),
        ("insights, 10 years, kept sums, nothing new", f"{ins_['warm_ms']:.0f} ms ({ins_['warm_cpu_ms']:.0f} ms CPU)", "<= 100 ms"),
        ("insights, 10 years, after a new check-in", f"{ins_['new_checkin_ms']:.0f} ms ({ins_['new_checkin_cpu_ms']:.0f} ms CPU)", "<= 100 ms"),
        ("insights, 10 years, after an old edit", f"{ins_['history_edit_ms']:.0f} ms ({ins_['history_edit_cpu_ms']:.0f} ms CPU)", ""),
        ("insights, 10 years, first run (no kept sums)", f"{ins_['cold_ms']:.0f} ms ({ins_['cold_cpu_ms']:.0f} ms CPU)", "<= 400 ms"),
        ("insights: numpy import, once per process", f"{ins_['numpy_ms']:.0f} ms ({ins_['numpy_cpu_ms']:.0f} ms CPU)", ""),
        ("insights, 10 years, every record (no cache)", f"{ins_['exact_ms']:.0f} ms ({ins_['exact_cpu_ms']:.0f} ms CPU)", "(comparison)"),
        ("pitch check, 990 kB prose", f"{pch['texts']['prose']['wall_ms']:.0f} ms ({pch['texts']['prose']['cpu_ms']:.0f} ms CPU)", "< 1 s"),
        ("pitch check, 990 kB, slowest other shape", f"{max(f['wall_ms'] for f in pch['texts'].values()):.0f} ms", "< 1 s"),
    ]
    print()
    print(f"reflect benchmarks, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {machine()}")
    print(f"10 years = {heavy.get('checkins')} check-ins, {heavy.get('focus_blocks')} focus blocks, "
          f"{heavy.get('reflections')} reflections, {heavy.get('feedback_responses')} feedback responses, "
          f"{heavy.get('story_versions')} story versions, {heavy.get('rehearsals')} rehearsals")
    width = max(len(name) for name, _, _ in rows)
    print(f"| {'measure':<{width}} | {'figure':<36} | target |")
    print(f"|{'-' * (width + 2)}|{'-' * 38}|--------|")
    for name, figure, target in rows:
        print(f"| {name:<{width}} | {figure:<36} | {target} |")
    print(f"(took {time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
