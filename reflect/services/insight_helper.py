"""A second process that sums part of a first run's months, so a long journal uses two cores.

The first time insights run over years of records (no kept sums yet, or sums made by an older
version or another "day starts at"), every month's files are parsed and summed: about half a second
over ten years, nearly all of it Python work one thread cannot share (the parser holds the
interpreter lock). When the machine has a second core and the months to read add up to more than
`MIN_BYTES`, `insight_cache` hands the newest of them to a helper, a fresh `python -m` of this
module, and sums the oldest itself meanwhile; the helper answers with the same kept entries
(`{"sig": ..., "digest": ...}`) the cache file holds, and the parent takes each one exactly as it
takes a kept month: only if the signature of every file still matches.

The helper is a pure reader. It is given the data folder, the months, the files' signatures, the
schema versions and the "day starts at" setting; it reads each month's three files, and answers for
a month only when every file is plainly one the store wrote at that version (`month_docs._plain`)
and no file changed while it was read. Anything else, and any failure of the helper (it cannot
start, crashes, says something that is not a map of entries, takes longer than `TIMEOUT`), leaves
those months to the parent, which reads them as it always does: the answer never depends on the
helper, only its speed does. It writes nothing, inherits no open files and no terminal (its own
session, its output to pipes) and is never left running: `results` waits for it or kills it.
"""

from __future__ import annotations

import gc
import os
import sys
from datetime import time as clock_time
from pathlib import Path
from typing import Any

import orjson

MIN_BYTES = 8_000_000
"""Below this many bytes of month files to read (about four years of daily use), one process is done
before a helper would have started: no helper is used."""
START_BYTES = 5_000_000
"""About what the parent reads and sums while a helper process starts (its Python and imports): the
helper is given half of what is left after that, so both finish at about the same time."""
TIMEOUT = 60.0
"""Seconds to wait for the helper's answer before its months are read here instead."""
DISABLE_ENV = "REFLECT_NO_INSIGHT_HELPER"
"""Set (to anything but empty) to sum every month in one process."""

Sigs = dict[tuple[str, str], list[int]]


def cores() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def helper_share(pending: list[str], sizes: dict[str, int], own: int = 0) -> list[str]:
    """The newest months of `pending` (oldest first) for a helper, or [] when one would not help.

    `sizes` is the bytes of each month's files, `own` the bytes the parent reads anyway (the newest
    months, whose records it needs one by one). The helper is given about half of all the bytes,
    less `START_BYTES` for the time it takes to start."""
    total = sum(sizes.get(m, 0) for m in pending)
    if total < MIN_BYTES or cores() < 2 or os.environ.get(DISABLE_ENV) or not sys.executable:
        return []
    want = min(total, (total + own - START_BYTES) / 2)
    share: list[str] = []
    got = 0
    for month in reversed(pending):
        if got >= want:
            break
        share.append(month)
        got += sizes.get(month, 0)
    return share[::-1]


def command() -> list[str]:
    """How a helper is started: this module, run by this Python."""
    return [sys.executable, "-m", __name__]


class Helper:
    """A running helper for some months; `results()` gives its entries (and ends it)."""

    def __init__(self, root: Path, months: list[str], sigs: Sigs, kinds: list[tuple[str, str, int]],
                 day_start: clock_time) -> None:
        self.months = months
        self._answer: dict[str, Any] | None = None
        job = {
            "root": str(root),
            "months": months,
            "kinds": kinds,
            "sigs": {m: [sigs.get((m, kind)) for _collection, kind, _version in kinds] for m in months},
            "day_start": f"{day_start:%H:%M}",
        }
        import subprocess  # here: the helper itself never starts one

        package_parent = str(Path(__file__).resolve().parents[2])  # the helper runs this very code
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (package_parent, os.environ.get("PYTHONPATH")) if p),
               "PYTHONDONTWRITEBYTECODE": "1"}
        self._proc: Any = None
        try:
            self._proc = subprocess.Popen(
                command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, env=env, close_fds=True, start_new_session=True)
            assert self._proc.stdin is not None
            self._proc.stdin.write(orjson.dumps(job))  # read first thing by the helper: a large job waits for that
            self._proc.stdin.close()
            self._proc.stdin = None  # sent: `communicate` only reads
        except OSError:  # cannot start, or gone already (BrokenPipeError)
            self._stop()

    def close(self) -> None:
        """End the helper if it still runs (its answer is no longer wanted)."""
        if self._answer is None:
            self._answer = {}
            self._stop()

    def _stop(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
            for pipe in (self._proc.stdin, self._proc.stdout):
                if pipe is not None:
                    pipe.close()
        self._proc = None

    def results(self) -> dict[str, Any]:
        """Month -> kept entry for each month the helper could sum ({} if it could not)."""
        if self._answer is not None:
            return self._answer
        self._answer = {}
        proc = self._proc
        if proc is None:
            return self._answer
        import subprocess

        try:
            out, _ = proc.communicate(timeout=TIMEOUT)
        except (subprocess.TimeoutExpired, OSError):
            self._stop()
            return self._answer
        if proc.returncode != 0:
            return self._answer
        try:
            data = orjson.loads(out)
        except orjson.JSONDecodeError:
            return self._answer
        if isinstance(data, dict):
            self._answer = {m: e for m, e in data.items()
                            if m in self.months and isinstance(e, dict) and isinstance(e.get("digest"), dict)}
        return self._answer


def sum_months(job: dict[str, Any]) -> dict[str, Any]:
    """The kept entry of each month in the job that the helper can answer for (see the module)."""
    from reflect.core.errors import StoreError
    from reflect.core.insights.days import summarize
    from reflect.core.insights.totals import digest
    from reflect.store.month_docs import _plain
    from reflect.store.storage import file_sig, read_regular

    root = Path(job["root"])
    hh, mm = job["day_start"].split(":")
    day_start = clock_time(int(hh), int(mm))
    out: dict[str, Any] = {}
    for month in job["months"]:
        sig = job["sigs"][month]
        paths = [root / collection / f"{month}.json" for collection, _kind, _version in job["kinds"]]
        docs: list[list[dict[str, Any]]] = []
        for path, (_collection, kind, version), expected in zip(paths, job["kinds"], sig):
            if expected is None:
                docs.append([])
                continue
            try:
                found = _plain(read_regular(path), kind, version)
            except (OSError, StoreError):  # the parent reads it again, and reports what is wrong
                found = None
            if found is None:
                break
            docs.append(found)
        else:
            day_map = summarize(docs[0], docs[1], docs[2], day_start)
            try:
                unchanged = [list(s) if (s := file_sig(p)) is not None else None for p in paths] == sig
            except StoreError:
                unchanged = False
            if unchanged:
                out[month] = {"sig": sig, "digest": digest(day_map, month)}
    return out


def main() -> None:
    """Read a job on stdin, write the entries on stdout."""
    gc.disable()  # a short-lived process of many small objects, all freed at exit
    job = orjson.loads(sys.stdin.buffer.read())
    answer = orjson.dumps(sum_months(job))
    try:
        sys.stdout.buffer.write(answer)
        sys.stdout.buffer.flush()
    except BrokenPipeError:  # the parent stopped waiting
        os._exit(1)


if __name__ == "__main__":
    main()
