"""Insights over the whole journal without reading the whole journal each time.

`load_and_compute(store, today, days, day_start)` gives exactly what `core.insights.compute_insights`
gives over every record, but from kept per-month sums. Each month's digest (`core.insights.totals`) is
kept in `<data folder>/.cache/insights.json` with the signatures (device, inode, size, modification
and change times) of the three files it was made from: that month's check-ins, focus blocks and
reflections. A month whose files are unchanged is taken from there; any other is read
(`store.month_docs`: one plain JSON parse per file) and summed again. Ten years are 120 months, and
a day's new check-ins touch only the current one.

What the kept sums cannot answer is read from the files: the balance window (the last
`window_days`; its months are always read afresh). "On this day" needs this calendar month in
earlier years: those months' entries also keep their check-ins and reflections, trimmed to what it
shows, and drop them again when the calendar month changes. A record is always in exactly one
month's file (the store finishes or rolls back an interrupted month move when it opens), so months
are summed independently, one at a time: a first run never holds more than a month of records, the
balance window's and the trimmed rows. The sums are by journal day, so they depend on the "day
starts at" setting: the kept file names the setting it was made with, and one made with another is
never used.

When many months must be read (a first run over years), a second process sums them from the newest
down while this one goes from the oldest up (`insight_helper`); its answers are taken like kept
ones, signature checks included, and whatever it does not answer this process reads as usual.

The cache is derived data: never backed up, exported or synced (the store's other code reads only
collection folders); the file is replaced whole (temp file and rename, mode 0600) and starts with
a checksum line, so a damaged or foreign file is ignored and rebuilt; a folder that cannot be
written only makes insights slower. Deleting `.cache/` is always safe.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import threading
import time
from datetime import date, time as clock_time, timedelta
from pathlib import Path
from typing import Any

import orjson

from reflect import content
from reflect.core.errors import StoreError
from reflect.core.insights.days import summarize
from reflect.core.journal_day import DEFAULT_DAY_START
from reflect.core.insights.mood import first_day, insights_from_totals, usable_checkins
from reflect.core.insights.totals import Totals, digest
from reflect.services.insight_helper import Helper, worth_a_helper
from reflect.core.models import CheckIn, FocusBlock, Reflection
from reflect.store.month_docs import month_docs, plain_json
from reflect.store.shards import is_shard_name
from reflect.store.storage import DIR_MODE, TEMP_PREFIX, atomic_write, read_regular, translate_os_error

CACHE_DIR = ".cache"
CACHE_NAME = "insights.json"
FORMAT = 5
"""Bumped whenever the kept layout or the rules of `summarize` change: older caches are dropped."""
KINDS = (CheckIn, FocusBlock, Reflection)
_STALE_TEMP_SECONDS = 3600
Docs = tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]
Job = tuple[Path, dict[str, Any]]


def cache_path(root: Path) -> Path:
    """Where the kept sums of the data folder `root` live."""
    return root / CACHE_DIR / CACHE_NAME


def load_and_compute(store: Any, today: date, days: int | None = None,
                     day_start: clock_time = DEFAULT_DAY_START) -> dict[str, Any]:
    """Every insight (see `compute_insights`) for the journal in `store`, reusing kept month sums.

    `today` is the journal day and `day_start` the "day starts at" setting it was found with.

    Blocking (most of a second the first time over ten years): call it off the event loop. The kept
    file, when it needs writing, is written by a thread after the answer is ready (`flush` waits).
    """
    flush()
    jobs: list[Job] = []
    try:
        with collector_paused():
            return _compute(store, today, days, day_start, jobs)
    finally:
        if jobs:
            writer = threading.Thread(target=_write_all, args=(jobs,), name="reflect-insight-cache")
            with _writers_lock:  # started before a flush can see it: a thread not yet started cannot be joined
                writer.start()
                _writers.append(writer)


_writers: list[threading.Thread] = []
_writers_lock = threading.Lock()


class collector_paused:
    """Python's cyclic garbage collector off while insights are summed, and back as it was after.

    Summing makes hundreds of thousands of small dicts and lists, almost all freed by reference
    counting a month later; the collector would walk them all again and again (about 80 ms of a
    first run over ten years, 30-50 ms of a daily one, most of it full collections). The switch is
    process-wide, so it is kept as short as the computation: the first of any overlapping
    computations (threads) turns the collector off if it was on, the last to finish turns it back
    on, also when one fails. What other threads make meanwhile is collected then; nothing is lost.
    """

    _lock = threading.Lock()
    _depth = 0
    _was_enabled = False

    def __enter__(self) -> None:
        cls = type(self)
        with cls._lock:
            if cls._depth == 0:
                cls._was_enabled = gc.isenabled()
                gc.disable()
            cls._depth += 1

    def __exit__(self, *exc: object) -> None:
        cls = type(self)
        with cls._lock:
            cls._depth -= 1
            if cls._depth == 0 and cls._was_enabled:
                gc.enable()


def flush() -> None:
    """Wait until the kept files still being written are written."""
    with _writers_lock:
        pending = list(_writers)
        _writers.clear()
    for writer in pending:
        writer.join()


def _compute(store: Any, today: date, days: int | None, day_start: clock_time, jobs: list[Job]) -> dict[str, Any]:
    sigs = _signatures(store)
    months = sorted({month for month, _ in sigs})
    versions = {cls.KIND: store.version(cls) for cls in KINDS}
    setting = f"{day_start:%H:%M}"
    kept = _read_json(cache_path(store.root))
    same = kept.get("versions") == versions and kept.get("day_start") == setting
    kept_months = kept.get("months", {}) if same else {}
    window = int(content.load("insights")["window_days"])
    fresh_from = (today - timedelta(days=window - 1)).isoformat()[:7]
    first = first_day(today, days)
    totals = Totals(first, today.isoformat())
    calendar, year = f"{today.month:02d}", str(today.year)
    recent_c: list[dict[str, Any]] = []
    recent_f: list[dict[str, Any]] = []
    otd_c: list[dict[str, Any]] = []
    otd_r: list[dict[str, Any]] = []
    keep: dict[str, dict[str, Any]] = {}
    helper = _start_helper(store, months, sigs, kept_months, fresh_from, first, calendar, year, day_start)
    offered = set(helper.months) if helper is not None else set()
    if helper is not None:  # the months only this process can do first, then the helper's from the oldest
        months = [m for m in months if m not in offered] + helper.months
    try:
        for month in months:  # one month's records at a time: each is let go once summed
            docs: Docs | None = None
            day_map = None
            entry: dict[str, Any] | None = None
            recent = month >= fresh_from  # the balance window's months are always read, never kept
            if not recent:
                sig = [sigs.get((month, cls.KIND)) for cls in KINDS]
                entry = kept_months.get(month)
                if helper is not None and month in offered:  # the helper's answer counts as a kept one
                    entry = helper.take(month) or entry
                if not (isinstance(entry, dict) and entry.get("sig") == sig):
                    docs = _read_month(store, month)
                    day_map = summarize(*docs, day_start)
                    unchanged = [_sig(store, cls, month) for cls in KINDS] == sig  # else it changed while read
                    # the digest is made for keeping, by the thread that writes the kept file: the
                    # answer is added from the day map and does not wait for it
                    entry = {"sig": sig if unchanged else None, "day_map": day_map}
            if recent or f"{month}-01" < first <= f"{month}-31":  # these days are needed one by one
                if docs is None:
                    docs = _read_month(store, month)
                totals.add_days(day_map if day_map is not None else summarize(*docs, day_start))
                if recent:
                    recent_c += docs[0]
                    recent_f += docs[1]
            elif day_map is not None:  # summed on this run (add_days counts what add_digest would)
                totals.add_days(day_map)
            else:
                assert entry is not None
                totals.add_digest(entry["digest"], month, whole=first <= f"{month}-01")
            if month[5:] == calendar and month[:4] < year:  # "on this day": this calendar month in earlier years
                rows = entry.get("otd") if entry is not None else None
                if rows is None:
                    c, r = (docs[0], docs[2]) if docs is not None else _read_month(store, month, (CheckIn, Reflection))
                    rows = _lite(c, r)
                otd_c += rows[0]
                otd_r += rows[1]
                if entry is not None:
                    entry = {**entry, "otd": rows}
            elif entry is not None and "otd" in entry:  # kept for another calendar month: no longer needed
                entry = {key: value for key, value in entry.items() if key != "otd"}
            if entry is not None and entry["sig"] is not None:
                keep[month] = entry
    finally:
        if helper is not None:  # never left running, also when summing fails
            helper.close()
    if keep != kept_months or not same:
        jobs.append((cache_path(store.root), {"format": FORMAT, "versions": versions, "day_start": setting, "months": keep}))
    return insights_from_totals(totals, today, days, recent_c, recent_f, otd_c, otd_r, day_start)


def _start_helper(store: Any, months: list[str], sigs: dict[tuple[str, str], list[int]], kept: dict[str, Any],
                  fresh_from: str, first: str, calendar: str, year: str, day_start: clock_time) -> Helper | None:
    """A helper process offered the months that will be read only to be kept (see `insight_helper`),
    or None when one would not make this run faster."""
    sig_of = {month: [sigs.get((month, cls.KIND)) for cls in KINDS] for month in months}
    pending = [
        m for m in months
        if m < fresh_from and not (f"{m}-01" < first <= f"{m}-31") and not (m[5:] == calendar and m[:4] < year)
        and not (isinstance(kept.get(m), dict) and kept[m].get("sig") == sig_of[m])
    ]
    if not pending or not worth_a_helper(sum(s[2] for m in pending for s in sig_of[m] if s is not None)):
        return None
    kinds = [(cls.COLLECTION, cls.KIND, store.version(cls)) for cls in KINDS]
    return Helper(store.root, pending, sig_of, kinds, day_start)


def _signatures(store: Any) -> dict[tuple[str, str], list[int]]:
    """(month, kind) -> signature of every month file of the three kinds, one folder scan each."""
    out: dict[tuple[str, str], list[int]] = {}
    for cls in KINDS:
        folder = store.folder(cls)
        try:
            names = [n for n in os.listdir(folder) if is_shard_name(n, True)]
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise translate_os_error(exc, cls.COLLECTION) from None
        for name in names:
            sig = store._sig(folder / name)
            if sig is not None:
                out[(name[:7], cls.KIND)] = list(sig)
    return out


def _sig(store: Any, cls: type, month: str) -> list[int] | None:
    sig = store._sig(store.shard_path(cls, month=month))
    return list(sig) if sig is not None else None


def _lite(checkins: list[dict[str, Any]], reflections: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """A month's check-ins and reflections with only the fields "on this day" shows."""
    lite_c = [
        {"at": d["at"], "mood": d["mood"], "energy": d.get("energy"),
         "emotion": d.get("emotion") if isinstance(d.get("emotion"), str) else None,
         "note": d["note"][:280] if isinstance(d.get("note"), str) else ""}
        for d in usable_checkins(checkins, "", date.max)
    ]
    lite_r = [{"day": r["day"], "session": r.get("session"), "frog": r.get("frog")}
              for r in reflections if isinstance(r.get("day"), str)]
    return [lite_c, lite_r]


def _read_month(store: Any, month: str, kinds: tuple[type, ...] = KINDS) -> Any:
    """The live records of `kinds` (check-ins, focus blocks, reflections) in one month's files."""
    return tuple(month_docs(store, cls, month) for cls in kinds)


def _read_json(path: Path) -> dict[str, Any]:
    """A kept file of this format, or {} when it is missing, damaged or not one this version wrote.

    The first line is a checksum of the rest, so a file that parses but was changed (or cut, or
    written by another program) is never trusted: a bug in reading a good file is not hidden.
    """
    try:  # a regular file only: a FIFO or a link to a device put there must not hang or flood us
        check, _, body = read_regular(path).partition(b"\n")
    except (OSError, StoreError):
        return {}
    if check.decode("ascii", "replace") != _checksum(body):
        return {}
    data = plain_json(body)
    if data is None:  # what orjson would read otherwise (see plain_json): the standard parser reads it
        data = json.loads(body)
    return data if isinstance(data, dict) and data.get("format") == FORMAT else {}


def _checksum(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=16).hexdigest()


def _write_all(jobs: list[Job]) -> None:
    for path, data in jobs:
        months = data.get("months", {})
        for month, entry in months.items():
            if "day_map" in entry:  # summed on this run: kept as its digest
                months[month] = {"sig": entry["sig"], "digest": digest(entry["day_map"], month),
                                 **({"otd": entry["otd"]} if "otd" in entry else {})}
        _write_json(path, data)


def _write_json(path: Path, data: dict[str, Any]) -> None:
    """Replace a kept file whole (a temp file, then a rename).

    Not fsynced, unlike the journal's files: after a power cut the file is the old one, the new one,
    or fails its checksum and is rebuilt; no journal data depends on it.
    """
    try:  # orjson: a tenth of the time the standard encoder holds the interpreter (a thread, but one
        # C call: the app's own thread waited ~35 ms for it after a first run)
        body = orjson.dumps(data)
    except orjson.JSONEncodeError:  # a lone surrogate in a note, an integer past 64 bits
        body = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8", "surrogatepass")
    try:
        path.parent.mkdir(mode=DIR_MODE, exist_ok=True)
        _remove_old_temps(path.parent)
        atomic_write(path, _checksum(body).encode("ascii") + b"\n" + body, durable=False)
    except (OSError, StoreError):
        pass  # read-only, full or busy: the insights are right anyway, only the next run is slower


def _remove_old_temps(folder: Path) -> None:
    """Temp files of a cache write that crashed (old enough that no live writer still owns them),
    and the "on this day" files earlier versions kept beside insights.json."""
    limit = time.time() - _STALE_TEMP_SECONDS
    for entry in os.scandir(folder):
        if entry.name.startswith("on-this-day-") and entry.name.endswith(".json"):
            try:
                os.unlink(entry.path)
            except OSError:
                pass
        elif entry.name.startswith(TEMP_PREFIX):
            try:
                if entry.stat(follow_symlinks=False).st_mtime < limit:
                    os.unlink(entry.path)
            except OSError:
                pass
