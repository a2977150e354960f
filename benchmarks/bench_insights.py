"""All insights over the 10-year data set: the exact computation, and the kept month sums.

    python benchmarks/bench_insights.py [--runs N] [--against REV]

Works on a fresh copy of the generated 10-year folder (see generate.py). Each figure is the first
computation in a fresh process, after that case's setup (the Insights screen and `reflect insights`
both call `insight_cache.load_and_compute`; Python's start and imports are not in it):
  exact     every record read (Store.raw_docs) and compute_insights over it: no kept sums at all
  cold      load_and_compute with no .cache/ yet: reads everything once and keeps month sums (on two
            or more cores, a helper process sums the newest old months meanwhile)
  cold, one the same with the helper turned off (REFLECT_NO_INSIGHT_HELPER): one core's figure
  warm      load_and_compute again, nothing changed (opening Insights twice)
  new day   a check-in added today first (the daily case: only the current month is read)
  history   a check-in from three years ago edited first (one old month read again)
  30 / 365  warm, with --days 30 and --days 365
and the wall time of a whole `reflect insights --json` process, warm. With `--against REV`, the first
run of the code at git revision REV (exported to a temporary folder) alternates with this code's, and
their ratio is printed: a figure that holds when the machine's speed drifts (issue 17 measured its
739 ms on the code at 6a6c64f). numpy (the tag effects' least
squares) is imported before the clock starts, like every other import; what its import costs, once
per process (the first Insights screen of a session, every `reflect insights`), is measured on its
own. Wall and CPU medians are printed; nothing is asserted. Targets (issue 17): a first run in
<= 400 ms, the daily case in <= 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

from _common import HERE, fresh_copy, median_ms, reflect_command

ROOT = HERE.parent

FIRST_RUN_TARGET_MS = 400
DAILY_TARGET_MS = 100


_CASE = r"""
import json, shutil, sys, time
from datetime import date, datetime, timedelta
from pathlib import Path
from reflect.core.models import CheckIn, FocusBlock, Reflection
from reflect.store import Store
if sys.argv[2] == "baseline":  # an older revision (--against): insights lived elsewhere, without numpy
    try:
        from reflect.services import insight_cache
    except ImportError:
        from reflect.store import insight_cache
    shutil.rmtree(Path(sys.argv[1]) / insight_cache.CACHE_DIR, ignore_errors=True)
    store = Store(Path(sys.argv[1])).open()
    w0, c0 = time.perf_counter(), time.process_time()
    insight_cache.load_and_compute(store, date.today())
    print(json.dumps([time.perf_counter() - w0, time.process_time() - c0]))
    sys.exit()
from reflect.core.insights.mood import RAW_DROP, compute_insights
from reflect.core.insights.tag_effects import load_numpy
from reflect.services import insight_cache

folder, case = Path(sys.argv[1]), sys.argv[2]
store = Store(folder).open()
today = date.today()
days = None
if case in ("cold", "cold_one"):
    shutil.rmtree(folder / insight_cache.CACHE_DIR, ignore_errors=True)
elif case == "new_checkin":
    now = datetime.now().astimezone()
    store.add(CheckIn(at=now, mood=6, energy=5, tags=["bench"], created_at=now, updated_at=now))
elif case == "history_edit":
    back = today - timedelta(days=3 * 365 + int(sys.argv[3]))
    record = store.list(CheckIn, back, back)[0]
    store.put(record.model_copy(update={"mood": 1 + record.mood % 9}))
elif case.startswith("days_"):
    days = int(case[5:])
env = RAW_DROP["envelope"]
if case == "numpy":
    w0, c0 = time.perf_counter(), time.process_time()
    load_numpy()
    print(json.dumps([time.perf_counter() - w0, time.process_time() - c0]))
    sys.exit()
load_numpy()  # an import like the others, the way insights import it: see the module docstring
w0, c0 = time.perf_counter(), time.process_time()
if case == "exact":
    compute_insights(store.raw_docs(CheckIn, drop=env), store.raw_docs(FocusBlock, drop=env | RAW_DROP["focus_block"]),
                     store.raw_docs(Reflection, drop=env | RAW_DROP["reflection"]), today, days)
else:
    insight_cache.load_and_compute(store, today, days)
print(json.dumps([time.perf_counter() - w0, time.process_time() - c0]))
"""


def _run(folder, case: str, i: int, root=ROOT) -> tuple[float, float]:
    """(wall s, CPU s) of one computation in a fresh process after its setup, by the code in `root`."""
    # cwd too: `python -c` puts the working folder before PYTHONPATH, so run from another
    # checkout it would time that checkout's code
    env = {**os.environ, "PYTHONPATH": str(root)}
    if case == "cold_one":
        env["REFLECT_NO_INSIGHT_HELPER"] = "1"
    done = subprocess.run([sys.executable, "-c", _CASE, str(folder), case, str(i)], capture_output=True, text=True,
                          cwd=root, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"{case} failed: {done.stderr.strip()[-500:]}")
    wall, cpu = json.loads(done.stdout.strip().splitlines()[-1])
    return wall, cpu


def _cases(folder, cases: tuple[str, ...], runs: int) -> dict[str, tuple[float, float]]:
    """Median (wall ms, CPU ms) of each case, the cases' runs taken in turn (so a change in the
    machine's speed meanwhile touches them alike)."""
    got: dict[str, list[tuple[float, float]]] = {case: [] for case in cases}
    for i in range(runs):
        for case in cases:
            got[case].append(_run(folder, case, i))
    return {case: (median_ms([w for w, _ in rows]), median_ms([c for _, c in rows])) for case, rows in got.items()}


def against(revision: str, runs: int) -> dict:
    """First runs of this code and of the code at git `revision`, alternating on one data copy:
    medians in ms and their ratio."""
    import tarfile
    import tempfile

    with tempfile.TemporaryDirectory(prefix="reflect-baseline-") as tmp:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", revision, "reflect", "data"],
                                 capture_output=True, check=False)
        if archive.returncode != 0:
            raise SystemExit(f"bench_insights: cannot export {revision!r}: {archive.stderr.decode().strip()}")
        with tarfile.open(fileobj=__import__("io").BytesIO(archive.stdout)) as tar:
            tar.extractall(tmp, filter="data")
        with fresh_copy("10y") as folder:
            now, then = [], []
            for i in range(runs):
                now.append(_run(folder, "cold", i)[0])
                then.append(_run(folder, "baseline", i, root=tmp)[0])
    current, baseline = median_ms(now), median_ms(then)
    return {"runs": runs, "current_ms": current, "baseline_ms": baseline, "ratio": current / baseline}


def _process_ms(folder, runs: int) -> float:
    walls = []
    argv = [*reflect_command(), "--data-dir", str(folder), "insights", "--json"]
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, _usage = os.wait4(proc.pid, 0)
        walls.append(time.perf_counter() - start)
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"reflect insights failed: {proc.stderr.read().decode().strip()}")
    return median_ms(walls)


def measure(runs: int = 7) -> dict:
    """Median times in ms for each case (see the module docstring)."""
    out: dict = {"runs": runs}
    with fresh_copy("10y") as folder:
        for cases, n in ((("exact",), max(3, runs // 2)), (("cold", "cold_one"), runs),
                         (("warm", "new_checkin", "history_edit", "days_30", "days_365", "numpy"), runs)):
            for case, (wall, cpu) in _cases(folder, cases, n).items():
                out[f"{case}_ms"], out[f"{case}_cpu_ms"] = wall, cpu
        out["cli_process_ms"] = _process_ms(folder, max(3, runs // 2))
        out["cache_bytes"] = sum(p.stat().st_size for p in (folder / ".cache").iterdir())
    return out


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description="insights over 10 years")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--against", metavar="REV", help="also time the first run of the code at this git revision")
    args = parser.parse_args()
    if args.against:
        b = against(args.against, args.runs)
        print(f"first run over 10 years, alternating (medians of {b['runs']}): this code {b['current_ms']:.0f} ms,"
              f" {args.against} {b['baseline_ms']:.0f} ms, ratio {b['ratio']:.2f}")
    r = measure(args.runs)
    print(f"insights over 10 years (medians of {r['runs']}; targets: first run <= {FIRST_RUN_TARGET_MS} ms,"
          f" daily <= {DAILY_TARGET_MS} ms)")
    print(f"  exact, every record read and computed   {r['exact_ms']:7.0f} ms wall {r['exact_cpu_ms']:7.0f} ms CPU")
    print(f"  cold, first run (keeps month sums)      {r['cold_ms']:7.0f} ms wall {r['cold_cpu_ms']:7.0f} ms CPU")
    print(f"  cold, one process (no helper)           {r['cold_one_ms']:7.0f} ms wall {r['cold_one_cpu_ms']:7.0f} ms CPU"
          f"   helper / one: {r['cold_ms'] / r['cold_one_ms']:.2f}")
    print(f"  warm, nothing changed                   {r['warm_ms']:7.0f} ms wall {r['warm_cpu_ms']:7.0f} ms CPU")
    print(f"  after a new check-in today              {r['new_checkin_ms']:7.0f} ms wall {r['new_checkin_cpu_ms']:7.0f} ms CPU")
    print(f"  after an edit three years back          {r['history_edit_ms']:7.0f} ms wall {r['history_edit_cpu_ms']:7.0f} ms CPU")
    print(f"  warm, --days 30                         {r['days_30_ms']:7.0f} ms wall {r['days_30_cpu_ms']:7.0f} ms CPU")
    print(f"  warm, --days 365                        {r['days_365_ms']:7.0f} ms wall {r['days_365_cpu_ms']:7.0f} ms CPU")
    print(f"  numpy import, once per process          {r['numpy_ms']:7.0f} ms wall {r['numpy_cpu_ms']:7.0f} ms CPU")
    print(f"  `reflect insights --json` process, warm {r['cli_process_ms']:7.0f} ms")
    print(f"  kept files in .cache/                   {r['cache_bytes'] / 1e6:7.1f} MB")


if __name__ == "__main__":
    main()
