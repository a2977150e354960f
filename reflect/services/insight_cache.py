"""Insights over the whole journal without reading the whole journal each time.

`load_and_compute(store, today, days, day_start)` gives exactly what `core.insights.compute_insights`
gives over every record, but from kept per-month sums. Each month's digest (`core.insights.totals`) is
kept in `<data folder>/.cache/insights.json` with the signatures (device, inode, size, modification
and change times) of the three files it was made from: that month's check-ins, focus blocks and
reflections. A month whose files are unchanged is taken from there; any other is read and summed
again. Ten years are 120 months, and a day's new check-ins touch only the current one.

What the kept sums cannot answer is read from the files: the balance window (the last
`window_days`; its months are always read afresh) and "on this day" (this calendar month in
earlier years, kept trimmed in `on-this-day-MM.json`). A record is always in exactly one month's
file (the store finishes or rolls back an interrupted month move when it opens), so months are
summed independently. The sums are by journal day, so they depend on the "day starts at" setting:
the kept file names the setting it was made with, and one made with another is never used.

The cache is derived data: never backed up, exported or synced (the store's other code reads only
collection folders); each file is replaced whole (temp file and rename, mode 0600) and starts with
a checksum line, so a damaged or foreign file is ignored and rebuilt; a folder that cannot be
written only makes insights slower. Deleting `.cache/` is always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from datetime import date, time as clock_time, timedelta
from pathlib import Path
from typing import Any

from reflect import content
from reflect.core.errors import StoreError
from reflect.core.insights.days import summarize
from reflect.core.journal_day import DEFAULT_DAY_START
from reflect.core.insights.mood import RAW_DROP, first_day, insights_from_totals, usable_checkins
from reflect.core.insights.totals import Totals, digest
from reflect.core.models import CheckIn, FocusBlock, Reflection
from reflect.store.shards import is_shard_name
from reflect.store.storage import DIR_MODE, TEMP_PREFIX, atomic_write, read_regular, translate_os_error

CACHE_DIR = ".cache"
CACHE_NAME = "insights.json"
FORMAT = 5
"""Bumped whenever the kept layout or the rules of `summarize` change: older caches are dropped."""
KINDS = (CheckIn, FocusBlock, Reflection)
_DROP = {
    CheckIn: RAW_DROP["envelope"],
    FocusBlock: RAW_DROP["envelope"] | RAW_DROP["focus_block"],
    Reflection: RAW_DROP["envelope"] | RAW_DROP["reflection"],
}
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

    Blocking (a second or so the first time over ten years): call it off the event loop. Kept files
    that need writing are written by a thread after the answer is ready (`flush` waits for it).
    """
    flush()
    jobs: list[Job] = []
    try:
        return _compute(store, today, days, day_start, jobs)
    finally:
        if jobs:
            writer = threading.Thread(target=_write_all, args=(jobs,), name="reflect-insight-cache")
            with _writers_lock:  # started before a flush can see it: a thread not yet started cannot be joined
                writer.start()
                _writers.append(writer)


_writers: list[threading.Thread] = []
_writers_lock = threading.Lock()


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
    kept = _read_json(cache_path(store.root))
    setting = f"{day_start:%H:%M}"
    same = kept.get("versions") == versions and kept.get("day_start") == setting
    kept_months = kept.get("months", {}) if same else {}
    window = int(content.load("insights")["window_days"])
    fresh_from = (today - timedelta(days=window - 1)).isoformat()[:7]
    first = first_day(today, days)
    totals = Totals(first, today.isoformat())
    read: dict[str, Docs] = {}
    entries: dict[str, dict[str, Any]] = {}
    for month in months:
        if month >= fresh_from:  # the balance window's months are always read, never kept
            read[month] = _read_month(store, month)
            totals.add_days(summarize(*read[month], day_start))
            continue
        sig = [sigs.get((month, cls.KIND)) for cls in KINDS]
        entry = kept_months.get(month)
        inside = not (first <= f"{month}-01" or first > f"{month}-31")  # the window starts in it
        if not (isinstance(entry, dict) and entry.get("sig") == sig):
            docs = _read_month(store, month)
            if inside or month[5:] == f"{today.month:02d}":  # used again below: keep; else let it go
                read[month] = docs
            entry = {"sig": sig, "digest": digest(summarize(*docs, day_start), month)}
            if [_sig(store, cls, month) for cls in KINDS] != sig:  # changed while read: do not keep
                entry["sig"] = None
        entries[month] = entry
        if first <= f"{month}-01":
            totals.add_digest(entry["digest"], month, whole=True)
        elif first > f"{month}-31":
            totals.add_digest(entry["digest"], month, whole=False)
        else:  # the window starts inside this month: its days are needed one by one
            if month not in read:
                read[month] = _read_month(store, month)
            totals.add_days(summarize(*read[month], day_start))
    recent = [read[m] for m in months if m >= fresh_from]
    recent_c = [d for docs in recent for d in docs[0]]
    recent_f = [d for docs in recent for d in docs[1]]
    otd_c, otd_r = _on_this_day_rows(store, today, months, entries, read, jobs)
    keep = {m: e for m, e in entries.items() if e["sig"] is not None}
    if keep != kept_months or not same:
        jobs.append((cache_path(store.root), {"format": FORMAT, "versions": versions, "day_start": setting, "months": keep}))
    return insights_from_totals(totals, today, days, recent_c, recent_f, otd_c, otd_r, day_start)


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


def _on_this_day_rows(
    store: Any, today: date, months: list[str], entries: dict[str, dict[str, Any]], read: dict[str, Docs],
    jobs: list[Job],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Check-ins and reflections of this calendar month in earlier years, trimmed to what "on this
    day" shows. Kept per calendar month in `on-this-day-MM.json`, so only today's month is read."""
    calendar = f"{today.month:02d}"
    path = cache_path(store.root).with_name(f"on-this-day-{calendar}.json")
    kept = _read_json(path).get("months", {})
    out: dict[str, Any] = {}
    for month in months:
        entry = entries.get(month)
        if month[5:] != calendar or month[:4] >= str(today.year) or entry is None:
            continue
        have = kept.get(month)
        if not (isinstance(have, dict) and entry["sig"] is not None and have.get("sig") == entry["sig"]):
            have = {"sig": entry["sig"], "rows": _lite(read.get(month) or _read_month(store, month))}
        out[month] = have
    keep = {m: e for m, e in out.items() if e["sig"] is not None}
    if keep != kept:
        jobs.append((path, {"format": FORMAT, "months": keep}))
    checkins = [row for have in out.values() for row in have["rows"][0]]
    reflections = [row for have in out.values() for row in have["rows"][1]]
    return checkins, reflections


def _lite(docs: Docs) -> list[list[dict[str, Any]]]:
    """A month's check-ins and reflections with only the fields "on this day" shows."""
    checkins, _blocks, reflections = docs
    lite_c = [
        {"at": d["at"], "mood": d["mood"], "energy": d.get("energy"),
         "emotion": d.get("emotion") if isinstance(d.get("emotion"), str) else None,
         "note": d.get("note")[:280] if isinstance(d.get("note"), str) else ""}
        for d in usable_checkins(checkins, "", date.max)
    ]
    lite_r = [{"day": r["day"], "session": r.get("session"), "frog": r.get("frog")}
              for r in reflections if isinstance(r.get("day"), str)]
    return [lite_c, lite_r]


def _sig(store: Any, cls: type, month: str) -> list[int] | None:
    sig = store._sig(store.shard_path(cls, month=month))
    return list(sig) if sig is not None else None


def _read_month(store: Any, month: str) -> Docs:
    """The live check-ins, focus blocks and reflections of one month's files."""
    first = date(int(month[:4]), int(month[5:7]), 1)
    c, f, r = (store.raw_docs(cls, first, first, drop=_DROP[cls]) for cls in KINDS)
    return c, f, r


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
    data = json.loads(body)
    return data if isinstance(data, dict) and data.get("format") == FORMAT else {}


def _checksum(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=16).hexdigest()


def _write_all(jobs: list[Job]) -> None:
    for path, data in jobs:
        _write_json(path, data)


def _write_json(path: Path, data: dict[str, Any]) -> None:
    """Replace a kept file whole (a temp file, then a rename).

    Not fsynced, unlike the journal's files: after a power cut the file is the old one, the new one,
    or fails its checksum and is rebuilt; no journal data depends on it.
    """
    body = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    try:
        path.parent.mkdir(mode=DIR_MODE, exist_ok=True)
        _remove_old_temps(path.parent)
        atomic_write(path, _checksum(body).encode("ascii") + b"\n" + body, durable=False)
    except (OSError, StoreError):
        pass  # read-only, full or busy: the insights are right anyway, only the next run is slower


def _remove_old_temps(folder: Path) -> None:
    """Temp files of a cache write that crashed (old enough that no live writer still owns them)."""
    limit = time.time() - _STALE_TEMP_SECONDS
    for entry in os.scandir(folder):
        if entry.name.startswith(TEMP_PREFIX):
            try:
                if entry.stat(follow_symlinks=False).st_mtime < limit:
                    os.unlink(entry.path)
            except OSError:
                pass
