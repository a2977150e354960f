"""Insights over the whole journal without reading the whole journal each time.

`load_and_compute(store, today, days)` gives exactly what `core.insights.compute_insights` gives
over every record, but from kept per-month sums: each month's day map (`core.insight_days`) is
kept in `<data folder>/.cache/insights.json` with the signatures of the three files it was made
from (check-ins, focus blocks and reflections of that month: device, inode, size, modification
and change times). A month whose files are unchanged is taken from there; any other month is read
and summed again. Ten years are 120 months, and a day's new check-ins touch only the current one.

What the kept sums cannot answer is read from the files themselves: the balance window (the last
`window_days`; its months are always read and summed afresh, never taken from the cache) and "on
this day" (this calendar month in earlier years). The cache also keeps every record id, so a record
left in two months' files by a crash while moving it is noticed: that rare journal is computed the
slow, exact way from every record (newest copy wins).

The cache is derived data: it is never backed up, exported or synced (the store's other code only
reads collection folders), it is replaced whole (temp file and rename) with mode 0600, a damaged or foreign one is
ignored and rebuilt, and a folder that cannot be written (read-only, full disk) only makes insights
slower. Deleting `.cache/` is always safe.

The files: `insights.json` (each month's signatures and digest, and what is true of all kept
months together), `insight-ids.json` (each month's record id hashes, read only when a kept month
changed) and `on-this-day-MM.json` (the check-ins and reflections of calendar month MM in earlier
years, trimmed to what "on this day" shows).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import tempfile
import threading
import time
from array import array
from base64 import b64decode, b64encode
from bisect import bisect_left
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from reflect import content
from reflect.core.errors import StoreError
from reflect.core.insights.days import summarize
from reflect.core.insights.totals import Totals, digest
from reflect.core.insights.mood import RAW_DROP, compute_insights, first_day, insights_from_totals, usable_checkins
from reflect.core.models import CheckIn, FocusBlock, Reflection
from reflect.store.shards import is_shard_name
from reflect.store.storage import DIR_MODE, FILE_MODE, TEMP_PREFIX, read_regular, translate_os_error

CACHE_DIR = ".cache"
CACHE_NAME = "insights.json"
IDS_NAME = "insight-ids.json"
FORMAT = 3
"""Bumped whenever the kept layout or the rules of `summarize` change: older caches are dropped."""
KINDS = (CheckIn, FocusBlock, Reflection)
_DROP = {
    CheckIn: RAW_DROP["envelope"],
    FocusBlock: RAW_DROP["envelope"] | RAW_DROP["focus_block"],
    Reflection: RAW_DROP["envelope"] | RAW_DROP["reflection"],
}
_STALE_TEMP_SECONDS = 3600


class _Month(NamedTuple):
    """One month's records as read from its files (only for months that had to be read)."""

    docs: tuple[list[dict], list[dict], list[dict]]
    ids: list[list[str]]


def cache_path(root: Path) -> Path:
    """Where the kept sums of the data folder `root` live."""
    return root / CACHE_DIR / CACHE_NAME


def load_and_compute(store: Any, today: date, days: int | None = None) -> dict[str, Any]:
    """Every insight (see `compute_insights`) for the journal in `store`, reusing kept month sums.

    Runs for a second or more the first time over ten years of data: call it off the event loop.
    Kept files that need writing are written by a thread after the answer is ready (the process
    waits for it before exiting; `flush` waits for it too).
    """
    flush()
    jobs: list[tuple[Path, dict[str, Any]]] = []
    paused = gc.isenabled()
    gc.disable()  # many small objects are made while years of sums sit in memory: see compute_insights
    try:
        return _load_and_compute(store, today, days, jobs)
    finally:
        if paused:
            gc.enable()
        if jobs:
            writer = threading.Thread(target=_write_all, args=(jobs,), name="reflect-insight-cache")
            with _writers_lock:
                _writers.append(writer)
            writer.start()


_writers: list[threading.Thread] = []
_writers_lock = threading.Lock()


def flush() -> None:
    """Wait until the kept files still being written are written."""
    with _writers_lock:
        pending = list(_writers)
        _writers.clear()
    for writer in pending:
        writer.join()


def _write_all(jobs: list[tuple[Path, dict[str, Any]]]) -> None:
    for path, data in jobs:
        _write_json(path, data)


def _load_and_compute(store: Any, today: date, days: int | None, jobs: list[tuple[Path, dict[str, Any]]]) -> dict[str, Any]:
    sigs = _signatures(store)
    months = sorted({month for month, _ in sigs})
    versions = {cls.KIND: store.version(cls) for cls in KINDS}
    kept, history = _read_cache(store.root, versions)
    window = int(content.load("insights")["window_days"])
    fresh_from = (today - timedelta(days=window - 1)).isoformat()[:7]
    first = first_day(today, days)
    read: dict[str, _Month] = {}
    entries: dict[str, Any] = {}
    rewrite = False
    try:
        for month in months:  # the balance window's months are always read, never kept
            if month >= fresh_from:
                read[month] = _read_month(store, month)
                continue
            sig = [sigs.get((month, cls.KIND)) for cls in KINDS]
            entry = kept.get(month)
            if not (isinstance(entry, dict) and entry.get("sig") == sig):
                entry = _entry(_read_month(store, month), month, sig)  # its records are let go at once
                rewrite = True
                if [_sig(store, cls, month) for cls in KINDS] != sig:  # changed while read: do not keep
                    entry["sig"] = None
            entries[month] = entry
        history, clean = _history(store, entries, read, history, jobs)
        rewrite = rewrite or history.get("new", False)
        if not clean or _moved_into_window(read, months, fresh_from, history):
            result = _exact(store, today, days)
        else:
            totals = Totals(first, today.isoformat())
            summed = not first  # the whole journal: the kept months' totals were added up once
            for month, entry in entries.items():
                if first <= f"{month}-01":
                    totals.add_digest(entry["digest"], month, whole=True, with_totals=not summed)
                elif first > f"{month}-31":
                    totals.add_digest(entry["digest"], month, whole=False)
                else:  # the window starts inside this month: its days are needed one by one
                    loaded = read.get(month) or _read_month(store, month)
                    read[month] = loaded
                    totals.add_days(summarize(*loaded.docs))
            if summed:
                totals.add_month_totals(history["totals"])
            recent_c: list[dict] = []
            recent_f: list[dict] = []
            for month in months:
                if month >= fresh_from:
                    totals.add_days(summarize(*read[month].docs))
                    recent_c.extend(read[month].docs[0])
                    recent_f.extend(read[month].docs[1])
            otd_c, otd_r = _on_this_day_rows(store, today, months, entries, read, jobs)
            result = insights_from_totals(totals, today, days, recent_c, recent_f, otd_c, otd_r)
    except (TypeError, ValueError, KeyError, IndexError, AttributeError):
        # a kept file that parses but is not what this version wrote: start again without it
        entries, kept, history = {}, {}, {}
        rewrite = True
        result = _exact(store, today, days)
    if rewrite or any(m not in entries for m in kept):
        history.pop("new", None)
        kept_months = {m: e for m, e in entries.items() if e.get("sig") is not None}
        jobs.append((cache_path(store.root), {"format": FORMAT, "versions": versions, "months": kept_months, "history": history}))
    return result


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


def _entry(loaded: _Month, month: str, sig: list[Any]) -> dict[str, Any]:
    """What is kept of a month: its files' signatures and digest (and, apart, its id hashes)."""
    return {
        "sig": sig,
        "digest": digest(summarize(*loaded.docs), month),
        "ids": [_pack([_hash(rid) for rid in ids]) for ids in loaded.ids],
    }


def _on_this_day_rows(
    store: Any, today: date, months: list[str], entries: dict[str, Any], read: dict[str, _Month],
    jobs: list[tuple[Path, dict[str, Any]]],
) -> tuple[list[dict], list[dict]]:
    """Check-ins and reflections of this calendar month in earlier years, trimmed to what "on this
    day" shows. Kept per calendar month in `on-this-day-MM.json`, so only today's month is read."""
    calendar = f"{today.month:02d}"
    path = cache_path(store.root).with_name(f"on-this-day-{calendar}.json")
    kept = _read_json(path)
    out: dict[str, Any] = {}
    checkins: list[dict] = []
    reflections: list[dict] = []
    changed = False
    for month in months:
        entry = entries.get(month)
        if month[5:] != calendar or month[:4] >= str(today.year) or entry is None:
            continue
        have = kept.get(month)
        if not (isinstance(have, dict) and have.get("sig") == entry["sig"] and entry["sig"] is not None):
            loaded = read.get(month) or _read_month(store, month)
            have = {"sig": entry["sig"], "rows": _lite(loaded)}
            changed = True
        out[month] = have
        checkins.extend(have["rows"][0])
        reflections.extend(have["rows"][1])
    if changed or set(out) != {m for m in kept if m != "format"}:
        jobs.append((path, {"format": FORMAT, **{m: e for m, e in out.items() if e["sig"] is not None}}))
    return checkins, reflections


def _lite(loaded: _Month) -> list[list[dict]]:
    """A month's check-ins and reflections with only the fields "on this day" shows."""
    checkins, _blocks, reflections = loaded.docs
    lite_c = [
        {"at": d["at"], "mood": d["mood"], "energy": d.get("energy"),
         "emotion": d.get("emotion") if isinstance(d.get("emotion"), str) else None,
         "note": d.get("note")[:280] if isinstance(d.get("note"), str) else ""}
        for d in usable_checkins(checkins, "", date.max)
    ]
    lite_r = [{"day": r["day"], "session": r.get("session"), "frog": r.get("frog")}
              for r in reflections if isinstance(r.get("day"), str)]
    return [lite_c, lite_r]


def _hash(record_id: str) -> int:
    """A 64-bit hash of a record id (two ids sharing one is as likely as a cosmic ray; it would only
    send insights down the slow, exact path)."""
    return int.from_bytes(hashlib.blake2b(record_id.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


def _pack(hashes: list[int] | array) -> str:
    return b64encode(array("Q", hashes).tobytes()).decode("ascii")


def _unpack(text: str) -> array:
    values = array("Q")
    values.frombytes(b64decode(text))
    return values


def _history(
    store: Any, entries: dict[str, Any], read: dict[str, _Month], history: dict[str, Any],
    jobs: list[tuple[Path, dict[str, Any]]],
) -> tuple[dict[str, Any], bool]:
    """What is true of all kept months together, worked out once for each set of kept files.

    Returns (history, clean): `history` holds a key naming the months and their signatures, each
    kind's id hashes (sorted), whether no id is in two months (`clean`), and the months' totals added
    up (`Totals.month_totals`). Each month's id hashes are kept in `insight-ids.json`, read only here.
    """
    key = hashlib.blake2b(json.dumps([[m, e["sig"]] for m, e in sorted(entries.items())]).encode(),
                          digest_size=16).hexdigest()
    if isinstance(history, dict) and history.get("key") == key:
        return history, bool(history["clean"])
    ids_path = cache_path(store.root).with_name(IDS_NAME)
    kept_ids = _read_json(ids_path)
    month_ids = {}
    for month, entry in entries.items():
        have = kept_ids.get(month)
        if "ids" in entry:
            month_ids[month] = {"sig": entry["sig"], "ids": entry.pop("ids")}
        elif isinstance(have, dict) and have.get("sig") == entry["sig"]:
            month_ids[month] = have
        else:  # kept sums without kept ids (the ids file was lost): read the month again
            loaded = read.get(month) or _read_month(store, month)
            month_ids[month] = {"sig": entry["sig"], "ids": [_pack([_hash(r) for r in ids]) for ids in loaded.ids]}
    merged = _updated_ids(history, kept_ids, month_ids)
    clean = merged is not None
    if merged is None:  # no usable previous history, many months changed, or a duplicate: count again
        merged = []
        clean = True
        for i in range(len(KINDS)):
            values = array("Q")
            for item in month_ids.values():
                values.extend(_unpack(item["ids"][i]))
            ordered = array("Q", sorted(set(values)))
            clean = clean and len(ordered) == len(values)
            merged.append(_pack(ordered))
    totals = Totals("", "9999-12-31")
    for month, entry in entries.items():
        totals.add_month_totals(entry["digest"]["t"])
    jobs.append((ids_path, {"format": FORMAT, **{m: e for m, e in month_ids.items() if e["sig"] is not None}}))
    sigs = {m: item["sig"] for m, item in month_ids.items()}
    return {"key": key, "sigs": sigs, "ids": merged, "clean": clean, "totals": totals.month_totals(), "new": True}, clean


INCREMENTAL_MONTHS = 12
"""Up to this many changed months, the kept id hashes are updated rather than gathered again."""


def _updated_ids(history: dict[str, Any], kept_ids: dict[str, Any], month_ids: dict[str, Any]) -> list[str] | None:
    """The previous history's sorted id hashes with the changed months' old ids taken out and their
    new ids put in, when that is cheaper and safe; None when it is not (then all are gathered)."""
    before = history.get("sigs") if isinstance(history, dict) else None
    if not isinstance(before, dict) or not history.get("clean") or not isinstance(history.get("ids"), list):
        return None
    changed = [m for m, item in month_ids.items() if before.get(m) != item["sig"] or item["sig"] is None]
    gone = [m for m in before if m not in month_ids]
    if len(changed) + len(gone) > INCREMENTAL_MONTHS:
        return None
    old_items = []
    for month in changed + gone:
        if month in before:  # the ids it had: must be the ones the previous history counted
            item = kept_ids.get(month)
            if not (isinstance(item, dict) and item.get("sig") == before[month]):
                return None
            old_items.append(item)
    merged = []
    for i in range(len(KINDS)):
        old = set()
        for item in old_items:
            old.update(_unpack(item["ids"][i]))
        new = array("Q")
        for month in changed:
            new.extend(_unpack(month_ids[month]["ids"][i]))
        kept = [h for h in _unpack(history["ids"][i]) if h not in old] if old else list(_unpack(history["ids"][i]))
        if len(set(new)) != len(new):
            return None
        for h in new:
            at = bisect_left(kept, h)
            if at < len(kept) and kept[at] == h:
                return None  # an id in a changed month and in another: let the full count say so
        merged.append(_pack(sorted(kept + list(new))))
    return merged


def _moved_into_window(read: dict[str, _Month], months: list[str], fresh_from: str, history: dict[str, Any]) -> bool:
    """True when an id read in the window's months is also in another month's file."""
    for i in range(len(KINDS)):
        window = [_hash(rid) for month in months if month >= fresh_from for rid in read[month].ids[i]]
        if len(set(window)) != len(window):
            return True
        kept = _unpack(history["ids"][i]) if window else array("Q")  # sorted
        for h in window:
            at = bisect_left(kept, h)
            if at < len(kept) and kept[at] == h:
                return True
    return False


def _exact(store: Any, today: date, days: int | None) -> dict[str, Any]:
    """The slow path: every record of the three kinds read and computed from scratch."""
    docs = [store.raw_docs(cls, drop=_DROP[cls]) for cls in KINDS]
    return compute_insights(docs[0], docs[1], docs[2], today, days)


def _sig(store: Any, cls: type, month: str) -> list[int] | None:
    sig = store._sig(store.shard_path(cls, month=month))
    return list(sig) if sig is not None else None


def _read_month(store: Any, month: str) -> _Month:
    first = date(int(month[:4]), int(month[5:7]), 1)
    docs = []
    ids = []
    for cls in KINDS:
        raw = store.raw_docs(cls, first, first, drop=_DROP[cls] - {"deleted_at"}, with_deleted=True)
        ids.append([d["id"] for d in raw if isinstance(d.get("id"), str)])
        docs.append([d for d in raw if d.get("deleted_at") is None])
    return _Month((docs[0], docs[1], docs[2]), ids)


def _read_json(path: Path) -> dict[str, Any]:
    """A kept file of this format as a dict; empty when it is missing, damaged or of another format."""
    try:  # a regular file only: a FIFO or a link to a device put there must not hang or flood us
        data = json.loads(read_regular(path))
    except (OSError, StoreError, ValueError, UnicodeDecodeError, RecursionError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == FORMAT else {}


def _read_cache(root: Path, versions: dict[str, int]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(months, history) as kept, or empty ones when there is no usable cache."""
    data = _read_json(cache_path(root))
    if data.get("versions") != versions:
        return {}, {}
    months, history = data.get("months"), data.get("history")
    return (months if isinstance(months, dict) else {}), (history if isinstance(history, dict) else {})


def _write_json(path: Path, data: dict[str, Any]) -> None:
    """Replace a kept file whole (a temp file, then a rename).

    Not fsynced, unlike the journal's files: after a power cut the file is the old one, the new one,
    or unreadable, and an unreadable one is simply rebuilt; no journal data depends on it.
    """
    payload = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    try:
        path.parent.mkdir(mode=DIR_MODE, exist_ok=True)
        _remove_old_temps(path.parent)
        replace_quickly(path, payload)
    except (OSError, StoreError):
        pass  # read-only, full or busy: the insights are right anyway, only the next run is slower


def replace_quickly(path: Path, payload: bytes) -> None:
    """Write `payload` to a private temp file beside `path` and rename it over `path`."""
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX + path.name + ".", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


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
