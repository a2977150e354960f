"""Search over 10 years: `search_journal` in-process and a whole `reflect search` process.

    python benchmarks/bench_search.py [--runs N]

Prints the median of N searches for a common word, a rare word and two words, over the 10-year
data set of `generate.py` (in-process: the store opened once, each search reads every record), and
the median wall time of a `reflect search` process. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import time

from _common import reflect_command
from generate import ensure

QUERIES = ("client", "zebra", "client proposal")
"""A common word, a word that is nowhere, two words."""


def main() -> None:
    """Time the searches and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from reflect.core.clock import SystemClock
    from reflect.services.search import search_journal
    from reflect.store import Store

    folder = ensure("10y")
    store = Store(folder, SystemClock()).open()
    for query in QUERIES:
        times, found = [], 0
        for _ in range(args.runs):
            start = time.perf_counter()
            found = len(search_journal(store, query, None))
            times.append(time.perf_counter() - start)
        print(f"search {query!r:20} 10 years, in-process: {statistics.median(times) * 1000:7.0f} ms median ({found} matches)")
    walls = []
    for _ in range(max(3, args.runs // 2)):
        start = time.perf_counter()
        subprocess.run([*reflect_command(), "--data-dir", str(folder), "search", "client"], capture_output=True, check=True)
        walls.append(time.perf_counter() - start)
    print(f"`reflect search client`, 10 years, whole process: {statistics.median(walls) * 1000:7.0f} ms median")


if __name__ == "__main__":
    main()
