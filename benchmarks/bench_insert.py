"""In-process insert latency: one check-in added with `Store.add`, at empty / 1 year / 10 years.

    python benchmarks/bench_insert.py [--runs N]

Prints the median and 90th percentile of N inserts (each a full atomic, locked, fsynced write),
the 10y/1y ratio, and for comparison stock TinyDB with every record in one file (its default
JSONStorage) at the 1-year and 10-year record counts. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from _common import fresh_copy, median_ms
from generate import SETS, counts

TARGET_MS = 15.0
TARGET_RATIO = 1.5


def _insert_times(folder: Path, runs: int) -> tuple[list[float], list[float]]:
    from reflect.core.checkin.checkins import new_checkin
    from reflect.core.clock import SystemClock
    from reflect.store import Store

    store = Store(folder, SystemClock()).open()
    times, cpu = [], []
    for i in range(runs + 3):
        checkin = new_checkin(store.clock, mood=1 + i % 9, energy=1 + (i * 4) % 9, tags=["bench"], note="benchmark insert")
        start, start_cpu = time.perf_counter(), time.process_time()
        store.add(checkin)
        elapsed, elapsed_cpu = time.perf_counter() - start, time.process_time() - start_cpu
        if i >= 3:  # the first few warm the page cache and imports
            times.append(elapsed)
            cpu.append(elapsed_cpu)
    return times, cpu


def reflect_figures(runs: int) -> dict[str, dict[str, float]]:
    """Median and p90 insert time in ms per data set."""
    out = {}
    for name in SETS:
        with fresh_copy(name) as folder:
            times, cpu = _insert_times(folder, runs)
        qs = statistics.quantiles(times, n=10)
        out[name] = {"median_ms": median_ms(times), "p90_ms": qs[-1] * 1000, "cpu_ms": median_ms(cpu), "records": sum(v for k, v in counts(name).items() if k != "story_versions")}
    return out


def tinydb_figure(records: int, runs: int) -> float:
    """Median ms of stock TinyDB `insert` into one file already holding `records` check-in-like docs."""
    from tinydb import TinyDB

    from reflect.core.sample.journal import generate
    from datetime import date

    sample = [r.to_doc() for r in generate(date(2026, 3, 14), 0.1)]
    with tempfile.TemporaryDirectory(prefix="reflect-bench-tinydb-") as tmp:
        path = Path(tmp) / "db.json"
        table = {str(i + 1): sample[i % len(sample)] for i in range(records)}
        path.write_text(json.dumps({"_default": table}))
        db = TinyDB(path)
        times = []
        for i in range(runs):
            start = time.perf_counter()
            db.insert(dict(sample[i % len(sample)]))
            times.append(time.perf_counter() - start)
        db.close()
    return median_ms(times)


def measure(runs: int = 40, tinydb_runs: int = 3) -> dict:
    """All insert figures."""
    ours = reflect_figures(runs)
    ratio = ours["10y"]["median_ms"] / ours["1y"]["median_ms"]
    stock = {name: tinydb_figure(int(ours[name]["records"]), tinydb_runs) for name in ("1y", "10y")}
    return {"reflect": ours, "ratio_10y_1y": ratio, "tinydb_one_file_ms": stock, "runs": runs}


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description="insert latency at empty / 1 year / 10 years")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--tinydb-runs", type=int, default=3)
    args = parser.parse_args()
    fig = measure(args.runs, args.tinydb_runs)
    print(f"insert latency, in-process Store.add of one check-in, {fig['runs']} inserts each")
    for name, row in fig["reflect"].items():
        print(f"  {name:>5} ({row['records']:>6} records): median {row['median_ms']:6.2f} ms, p90 {row['p90_ms']:6.2f} ms, CPU median {row['cpu_ms']:5.2f} ms")
    print(f"  10y / 1y median: {fig['ratio_10y_1y']:.2f} (target <= {TARGET_RATIO}); 10y median target <= {TARGET_MS} ms")
    for name, ms in fig["tinydb_one_file_ms"].items():
        print(f"  stock TinyDB, one file, {fig['reflect'][name]['records']} records: median {ms:7.1f} ms per insert")


if __name__ == "__main__":
    main()
