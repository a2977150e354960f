"""Insights over ten years of synthetic data: prints how long loading and computing take.

Run: python benchmarks/bench_insights.py [--years 10]. It writes a synthetic journal (ten check-ins,
six focus blocks and one evening reflection a day: about 36,500 check-ins and 21,900 focus blocks for
ten years) into a temporary folder through the real store, then times separately:
  load     Store.raw_docs for check-ins, focus blocks and reflections (plain dicts, no pydantic)
  compute  compute_insights over everything (all history, and the last 365 days)
Figures are printed; nothing is asserted.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reflect.core.clock import FakeClock  # noqa: E402
from reflect.core.insights import compute_insights  # noqa: E402
from reflect.core.models import CheckIn, FocusBlock, Reflection  # noqa: E402
from reflect.store import Store  # noqa: E402

TAGS = ["work", "client", "exercise", "coffee", "reading", "family", "walk", "deadline", "sleep-late", "music"]
TZ = timezone(timedelta(hours=-7))


def generate(store: Store, years: int, seed: int = 7) -> tuple[int, int, int]:
    """Write `years` of synthetic records through put_many (10 check-ins, 6 focus blocks a day)."""
    rng = random.Random(seed)
    end = date(2026, 3, 14)
    start = end - timedelta(days=365 * years)
    records = []
    n_c = n_f = n_r = 0
    day = start
    while day <= end:
        for i in range(10):
            at = datetime(day.year, day.month, day.day, 7 + i, rng.randrange(60), tzinfo=TZ)
            records.append(
                CheckIn(
                    at=at, created_at=at, updated_at=at,
                    mood=rng.randint(1, 9), energy=rng.randint(1, 9),
                    tags=rng.sample(TAGS, rng.randint(0, 3)), note="a synthetic note",
                )
            )
            n_c += 1
        for i in range(6):
            st = datetime(day.year, day.month, day.day, 8 + i * 2, 0, tzinfo=TZ)
            records.append(
                FocusBlock(started_at=st, planned_seconds=1500, ended_at=st + timedelta(minutes=25),
                           outcome="done", intention="synthetic block", created_at=st, updated_at=st)
            )
            n_f += 1
        moment = datetime(day.year, day.month, day.day, 21, tzinfo=TZ)
        records.append(Reflection(session="evening", day=day, status="done", answers={"progress": "some"},
                                  frog="the hard task", created_at=moment, updated_at=moment))
        n_r += 1
        if len(records) > 20000:
            store.put_many(records)
            records = []
        day += timedelta(days=1)
    store.put_many(records)
    return n_c, n_f, n_r


def timed(func, repeat: int = 5):
    """(median wall seconds, median CPU seconds of this process, result) over `repeat` runs.

    On a shared machine the wall time includes waiting for a core; the CPU time does not.
    """
    walls, cpus = [], []
    result = None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        result = func()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls), statistics.median(cpus), result


def main() -> None:
    """Generate, then print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "journal", FakeClock(datetime(2026, 3, 14, 21, tzinfo=TZ))).open()
        t0 = time.perf_counter()
        n_c, n_f, n_r = generate(store, args.years)
        print(f"generated {n_c} check-ins, {n_f} focus blocks, {n_r} reflections in {time.perf_counter() - t0:.1f} s")

        def load():
            return (store.raw_docs(CheckIn), store.raw_docs(FocusBlock), store.raw_docs(Reflection))

        print("                                      wall ms   cpu ms (medians)")
        t_load, c_load, (c, f, r) = timed(load, 3)
        print(f"load (raw_docs, 3 kinds):            {t_load * 1000:7.1f}  {c_load * 1000:7.1f}")
        today = date(2026, 3, 14)
        t_all, c_all, res = timed(lambda: compute_insights(c, f, r, today, None))
        print(f"compute_insights, all history:       {t_all * 1000:7.1f}  {c_all * 1000:7.1f}  ({len(res['tag_effects'])} tag effects)")
        t_365, c_365, _ = timed(lambda: compute_insights(c, f, r, today, 365))
        print(f"compute_insights, last 365 days:     {t_365 * 1000:7.1f}  {c_365 * 1000:7.1f}")
        print(f"load + compute (all history):        {(t_load + t_all) * 1000:7.1f}  {(c_load + c_all) * 1000:7.1f}")
        print("target: compute <= 250 ms")


if __name__ == "__main__":
    main()
