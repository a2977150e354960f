"""In-process insert latency: one check-in added with `Store.add`, at empty / 1 year / 10 years.

    python benchmarks/bench_insert.py [--runs N]

Prints the median and 90th percentile of N inserts (each a full atomic, locked, fsynced write),
the 10y/1y ratio, and for comparison stock TinyDB with every record in one file at the 1-year and
10-year record counts, two ways: its default `JSONStorage` (the whole file rewritten per insert,
never fsynced), and `CachingMiddleware(JSONStorage)`, which TinyDB's documentation recommends for
speed, timed as a command would use it (open, insert, close: the close writes the file). It also
names the file system the data folders live on and times a 4 KiB write + fsync there, since an
fsynced insert can never be faster than that. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
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


def file_system(path: Path) -> str:
    """The type and mount point of the file system holding `path` (from /proc/self/mountinfo)."""
    best, kind = "", "unknown"
    try:
        lines = Path("/proc/self/mountinfo").read_text().splitlines()
    except OSError:
        return kind
    target = str(path.resolve())
    for line in lines:
        fields = line.split()
        mount, fstype = fields[4], fields[fields.index("-") + 1]
        inside = target == mount or target.startswith(mount.rstrip("/") + "/")
        if inside and len(mount) >= len(best):
            best, kind = mount, fstype
    return f"{kind} at {best}"


def fsync_ms(folder: Path, runs: int = 30) -> float:
    """Median ms of writing 4 KiB to a file in `folder` and fsyncing it (the floor of a durable write)."""
    times = []
    target = folder / "fsync-probe"
    with open(target, "wb") as handle:
        for _ in range(runs):
            start = time.perf_counter()
            handle.write(b"x" * 4096)
            handle.flush()
            os.fsync(handle.fileno())
            times.append(time.perf_counter() - start)
    target.unlink()
    return median_ms(times)


def tinydb_figure(records: int, runs: int, caching: bool = False) -> float:
    """Median ms of stock TinyDB `insert` into one file already holding `records` check-in-like docs.

    With `caching`, TinyDB's documented speed-up, `CachingMiddleware(JSONStorage)`, timed as a
    command uses it: open the database, insert, close (which writes the cached data to the file).
    """
    from tinydb import TinyDB
    from tinydb.middlewares import CachingMiddleware
    from tinydb.storages import JSONStorage

    from reflect.core.sample.journal import generate
    from datetime import date

    sample = [r.to_doc() for r in generate(date(2026, 3, 14), 0.1)]
    with tempfile.TemporaryDirectory(prefix="reflect-bench-tinydb-") as tmp:
        path = Path(tmp) / "db.json"
        table = {str(i + 1): sample[i % len(sample)] for i in range(records)}
        path.write_text(json.dumps({"_default": table}))
        times = []
        if caching:
            for i in range(runs):
                start = time.perf_counter()
                db = TinyDB(path, storage=CachingMiddleware(JSONStorage))
                db.insert(dict(sample[i % len(sample)]))
                db.close()
                times.append(time.perf_counter() - start)
            return median_ms(times)
        db = TinyDB(path)
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
    cached = {name: tinydb_figure(int(ours[name]["records"]), tinydb_runs, caching=True) for name in ("1y", "10y")}
    with tempfile.TemporaryDirectory(prefix="reflect-bench-fsync-") as tmp:  # where fresh_copy puts the data
        fs, sync = file_system(Path(tmp)), fsync_ms(Path(tmp))
    return {"reflect": ours, "ratio_10y_1y": ratio, "tinydb_one_file_ms": stock, "tinydb_caching_ms": cached,
            "file_system": fs, "fsync_ms": sync, "runs": runs}


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description="insert latency at empty / 1 year / 10 years")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--tinydb-runs", type=int, default=3)
    args = parser.parse_args()
    fig = measure(args.runs, args.tinydb_runs)
    print(f"insert latency, in-process Store.add of one check-in, {fig['runs']} inserts each")
    print(f"  data on {fig['file_system']}; 4 KiB write + fsync there: median {fig['fsync_ms']:.2f} ms")
    for name, row in fig["reflect"].items():
        print(f"  {name:>5} ({row['records']:>6} records): median {row['median_ms']:6.2f} ms, p90 {row['p90_ms']:6.2f} ms, CPU median {row['cpu_ms']:5.2f} ms")
    print(f"  10y / 1y median: {fig['ratio_10y_1y']:.2f} (target <= {TARGET_RATIO}); 10y median target <= {TARGET_MS} ms")
    for name, ms in fig["tinydb_one_file_ms"].items():
        print(f"  stock TinyDB, one file, {fig['reflect'][name]['records']} records: median {ms:7.1f} ms per insert (JSONStorage, no fsync)")
    for name, ms in fig["tinydb_caching_ms"].items():
        print(f"  stock TinyDB, CachingMiddleware(JSONStorage), {fig['reflect'][name]['records']} records: median {ms:7.1f} ms per open+insert+close")


if __name__ == "__main__":
    main()
