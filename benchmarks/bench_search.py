"""Search over 10 years: through the index, against reading every record, in one run.

    python benchmarks/bench_search.py [--runs N]

On a fresh copy of the 10-year data set of `generate.py`: the first search (which builds the index
in `.cache/`), then the median of N searches for a common word, a word that is nowhere and two
words, through the index and by reading every record, alternating (wall and CPU time); then the
search after one new check-in (one month's file read again), and the median wall time of a
`reflect search` process. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import time

from _common import fresh_copy, reflect_command

QUERIES = ("client", "zebra", "client proposal")
"""A common word, a word that is nowhere, two words."""


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _timed(func) -> tuple[float, float, int]:
    """(wall ms, CPU ms, result count) of one call."""
    cpu, wall = _cpu(), time.perf_counter()
    found = len(func())
    return (time.perf_counter() - wall) * 1000, (_cpu() - cpu) * 1000, found


def main() -> None:
    """Time the searches and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from reflect.core.checkin.checkins import new_checkin
    from reflect.core.clock import SystemClock
    from reflect.services.search import search_journal
    from reflect.store import Store

    with fresh_copy("10y") as folder:
        store = Store(folder, SystemClock()).open()
        wall, cpu, _ = _timed(lambda: search_journal(store, "client", 50))
        print(f"first search, building the index (10 years): {wall:7.0f} ms wall, {cpu:6.0f} ms CPU")
        for query in QUERIES:
            for limit in (50, None):
                runs: dict[bool, list[tuple[float, float, int]]] = {True: [], False: []}
                for _ in range(args.runs):
                    for use in (True, False):
                        runs[use].append(_timed(lambda q=query, n=limit, u=use: search_journal(store, q, n, use_index=u)))
                line = []
                for use, label in ((True, "index"), (False, "every record")):
                    w = statistics.median(r[0] for r in runs[use])
                    c = statistics.median(r[1] for r in runs[use])
                    line.append(f"{label} {w:5.0f} ms wall {c:5.0f} ms CPU")
                shown = "all" if limit is None else limit
                print(f"search {query!r:18} ({runs[True][0][2]:>4} shown of {shown}): " + "; ".join(line))
        store.add(new_checkin(store.clock, mood=5, note="a wombat today"))
        wall, cpu, found = _timed(lambda: search_journal(store, "wombat", 50))
        print(f"search after one new check-in: {wall:5.0f} ms wall, {cpu:5.0f} ms CPU ({found} found)")
        walls = []
        for _ in range(max(3, args.runs // 2)):
            start = time.perf_counter()
            subprocess.run([*reflect_command(), "--data-dir", str(folder), "search", "client"], capture_output=True, check=True)
            walls.append(time.perf_counter() - start)
        print(f"`reflect search client`, 10 years, whole process: {statistics.median(walls) * 1000:7.0f} ms median")


if __name__ == "__main__":
    main()
