"""Write the benchmark data folders: empty, 1 year and 10 years of the design's heavy user.

    python benchmarks/generate.py [--force]

The folders go to benchmarks/.cache/<name>/journal (gitignored). They end at the current time, so
the current month's shard holds what a daily user's would; a folder made in an earlier month is
made again.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from datetime import datetime
from pathlib import Path

from _common import CACHE

SETS = {"empty": 0.0, "1y": 1.0, "10y": 10.0}
"""Data set name -> years of history."""
SEED = 2026
STAMP = "generated.json"


def ensure(name: str, force: bool = False, quiet: bool = True) -> Path:
    """The data folder of a set, generated if missing or made in an earlier month."""
    from reflect.core.sample.journal import fill
    from reflect.store import Store

    years = SETS[name]
    base = CACHE / name
    folder = base / "journal"
    stamp_path = base / STAMP
    now = datetime.now().astimezone()
    month = now.strftime("%Y-%m")
    if not force and stamp_path.exists() and folder.is_dir():
        stamp = json.loads(stamp_path.read_text())
        if stamp.get("month") == month and stamp.get("years") == years and stamp.get("seed") == SEED:
            return folder
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    started = time.perf_counter()
    store = Store(folder).open()
    counts = fill(store, now, years, SEED) if years else {}
    if years:  # a daily user has yesterday's snapshot: today's first backup hard-links against it
        from datetime import timedelta

        from reflect.store import backups

        backups.snapshot(folder, (now - timedelta(days=1)).strftime("%Y-%m-%d"))
    seconds = time.perf_counter() - started
    stamp_path.write_text(json.dumps({"month": month, "years": years, "seed": SEED, "end": now.isoformat(),
                                      "counts": counts, "seconds": round(seconds, 2)}, indent=1))
    if not quiet:
        total = sum(v for k, v in counts.items() if k != "story_versions")
        print(f"{name}: {total} records in {seconds:.1f} s -> {folder}", file=sys.stderr)
    return folder


def counts(name: str) -> dict[str, int]:
    """The record counts of a generated set."""
    ensure(name)
    return json.loads((CACHE / name / STAMP).read_text())["counts"]


def main() -> None:
    """Generate every set."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="generate again even if up to date")
    args = parser.parse_args()
    for name in SETS:
        ensure(name, force=args.force, quiet=False)
        print(f"{name}: {json.dumps(counts(name))}")


if __name__ == "__main__":
    main()
