"""A second process that sums months of a first run from the newest end, so a long journal uses two cores.

The first time insights run over years of records (no kept sums yet, or sums made by an older
version or another "day starts at"), every month's files are parsed and summed: about half a second
over ten years, nearly all of it Python work one thread cannot share (the parser holds the
interpreter lock). When the process may run on two or more CPUs and the months to read add up to
more than `MIN_BYTES`, `insight_cache` starts a helper, a fresh `python -m` of this module (spawned,
not a fork of a threaded app), and offers it every such month. The helper works from the newest
month down, saying which month it starts and then its entry; the parent works from the oldest up,
taking each month the helper has done or is doing, and reading the others itself. They meet in the
middle whatever their speeds, and the parent waits at most for the one month the helper is on.

An entry is what the kept file holds (`{"sig": ..., "digest": ...}`), and the parent takes it
exactly as it takes a kept month: only if the signature of every file still matches. The helper is a
pure reader: it is given the data folder, the months, the files' signatures, the schema versions
and the "day starts at" setting; it answers for a month only when every file is plainly one the
store wrote at that version (`month_docs._plain`) and none changed while it was read. A month it
skips, and every month once it fails (it cannot start, crashes, says something that is not its
protocol, is silent for `TIMEOUT`), the parent reads as it always does: the answer never depends on
the helper, only its speed does. It writes nothing, inherits no open files and no terminal (its own
session, its output to pipes), and is never left running: `close` ends it when the parent is done.

Protocol, one line each on the helper's output: `S <month>` when it starts a month, then
`D <json>` with `{"month": ..., "entry": ... or null}` when it is done with it.
"""

from __future__ import annotations

import gc
import os
import select
import sys
from datetime import time as clock_time
from pathlib import Path
from typing import Any

import orjson

MIN_BYTES = 8_000_000
"""Below this many bytes of month files to read (about four years of daily use), one process is done
about as soon as a helper would have started: no helper is used."""
TIMEOUT = 60.0
"""Seconds the parent waits for a month the helper has started before reading it itself."""
DISABLE_ENV = "REFLECT_NO_INSIGHT_HELPER"
"""Set (to anything but empty) to sum every month in one process."""

Sigs = dict[str, list[Any]]
"""Month -> the signature of each of its files, in the order of the job's kinds (None: no file)."""


def cores() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def worth_a_helper(pending_bytes: int) -> bool:
    """Whether reading this many bytes of month files is faster with a helper process."""
    return (pending_bytes >= MIN_BYTES and cores() >= 2 and not os.environ.get(DISABLE_ENV) and bool(sys.executable)
            and os.name == "posix"  # the pipes are read with select and non-blocking reads
            and not getattr(sys, "frozen", False))  # a bundled app's executable is the app, not a Python


def command() -> list[str]:
    """How a helper is started: this module, run by this Python."""
    return [sys.executable, "-m", __name__]


class Helper:
    """A running helper offered `months` (oldest first, each with its files' signatures in `sigs`);
    `take(month)` gives its entry for a month."""

    def __init__(self, root: Path, months: list[str], sigs: Sigs, kinds: list[tuple[str, str, int]],
                 day_start: clock_time) -> None:
        import subprocess  # here: the helper itself never starts one

        self.months = months
        self.started: set[str] = set()
        self.done: dict[str, dict[str, Any] | None] = {}
        self._buffer = b""
        self._proc: Any = None
        job = {
            "root": str(root),
            "months": months,
            "kinds": kinds,
            "sigs": {m: sigs[m] for m in months},
            "day_start": f"{day_start:%H:%M}",
        }
        package_parent = str(Path(__file__).resolve().parents[2])  # the helper runs this very code
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (package_parent, os.environ.get("PYTHONPATH")) if p),
               "PYTHONDONTWRITEBYTECODE": "1"}
        try:
            payload = orjson.dumps(job)
        except orjson.JSONEncodeError:  # a folder name that is not UTF-8: no helper, this process reads all
            return
        try:
            self._proc = subprocess.Popen(
                command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                env=env, close_fds=True, start_new_session=True)
            self._proc.stdin.write(payload)  # read first thing by the helper: a large job waits for that
            self._proc.stdin.close()
            os.set_blocking(self._proc.stdout.fileno(), False)
        except OSError:  # cannot start, or gone already (BrokenPipeError)
            self.close()

    def take(self, month: str) -> dict[str, Any] | None:
        """The helper's entry for `month`, waiting if it is working on it; None when it has not
        started it (the caller reads it; should the helper reach it meanwhile, coming from the
        other end, its answer is simply not used), skipped it, or failed."""
        self._read(wait=False)
        while month in self.started and month not in self.done and self._proc is not None:
            self._read(wait=True)
        return self.done.get(month)

    def close(self) -> None:
        """End the helper (its remaining months are no longer wanted)."""
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.kill()
            proc.wait()
            for pipe in (proc.stdin, proc.stdout):
                if pipe is not None:
                    pipe.close()

    def _read(self, wait: bool) -> None:
        """Take in what the helper has said; with `wait`, first wait (up to TIMEOUT) for more."""
        proc = self._proc
        if proc is None:
            return
        fd = proc.stdout.fileno()
        if wait and not select.select([fd], [], [], TIMEOUT)[0]:
            self.close()  # silent too long: what it had not finished is read here
            return
        chunks = []
        while True:
            try:
                chunk = os.read(fd, 1 << 16)
            except BlockingIOError:
                break
            except OSError:
                chunk = b""
            if not chunk:  # it ended: what it finished counts (not a line it was cut off in)
                self._lines(b"".join(chunks))
                self.close()
                return
            chunks.append(chunk)
        self._lines(b"".join(chunks))

    def _lines(self, data: bytes) -> None:
        *lines, self._buffer = (self._buffer + data).split(b"\n")
        for line in lines:
            if not line:
                continue
            tag, _, rest = line.partition(b" ")
            try:
                if tag == b"S":
                    month = rest.decode("ascii")
                    if month in self.months:
                        self.started.add(month)
                        continue
                elif tag == b"D":
                    said = orjson.loads(rest)
                    month, entry = said["month"], said["entry"]
                    if month in self.months and (entry is None or isinstance(entry.get("digest"), dict)):
                        self.done[month] = entry
                        continue
            except (UnicodeDecodeError, orjson.JSONDecodeError, KeyError, TypeError, AttributeError):
                pass
            self.close()  # not the protocol: nothing more is taken from it
            return


def sum_month(job: dict[str, Any], month: str) -> dict[str, Any] | None:
    """The kept entry of `month` (see the module), or None when the helper leaves it to the parent."""
    from reflect.core.errors import StoreError
    from reflect.core.insights.days import summarize
    from reflect.core.insights.totals import digest
    from reflect.store.month_docs import _plain
    from reflect.store.storage import file_sig, read_regular

    root = Path(job["root"])
    hh, mm = job["day_start"].split(":")
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
            return None
        if found is None:
            return None
        docs.append(found)
    day_map = summarize(docs[0], docs[1], docs[2], clock_time(int(hh), int(mm)))
    try:
        if [list(s) if (s := file_sig(p)) is not None else None for p in paths] != sig:
            return None  # changed while it was read
    except StoreError:
        return None
    return {"sig": sig, "digest": digest(day_map, month)}


def main() -> None:
    """Read a job on stdin; sum its months from the newest, saying each one on stdout."""
    gc.disable()  # a short-lived process of many small objects, all freed at exit
    job = orjson.loads(sys.stdin.buffer.read())
    out = sys.stdout.buffer
    try:
        for month in reversed(job["months"]):
            out.write(b"S " + month.encode("ascii") + b"\n")
            out.flush()
            out.write(b"D " + orjson.dumps({"month": month, "entry": sum_month(job, month)}) + b"\n")
            out.flush()
    except BrokenPipeError:  # the parent is done
        os._exit(0)


if __name__ == "__main__":
    main()
