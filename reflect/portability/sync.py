"""Merging the conflict copies that sync tools leave when two machines changed the same shard.

Syncthing names them `<stem>.sync-conflict-YYYYMMDD-HHMMSS-<DEVICE>.<ext>`, Dropbox
`<name> (<device>'s conflicted copy YYYY-MM-DD).<ext>` (capitalisation varies, sometimes with a
trailing ` (1)`). Neither merges; this module does, shard by shard:

- records are united by id; for the same id the later `updated_at` wins, and the losing version is
  kept in the winner's `history` list (an extra field), so no edit is ever thrown away;
- records that carry revisions (the story's texts and variants) are told apart further: a copy the
  winner descends from is simply older, but a copy edited apart is kept in the winner's
  `conflicts`, which the story screen shows until the user keeps either copy;
- a tombstone wins over edits that are not newer than it (on a tie, the tombstone wins);
- documents are merged raw (no validation), so quarantined records and records from a newer
  version of reflect travel unchanged;
- the copy is removed only after the merged shard was written durably (atomic write, fsync);
- a copy that does not parse is moved aside as `<copy>.damaged-<time>`, not merged, and reported;
- merging is idempotent: a version already in the shard or its history is not added again;
- a record that one machine moved to another month (its time was edited) is merged with its
  versions there and kept once, in the shard of the winning version, whichever machine's file the
  sync tool kept and whichever it made the copy; that move keeps the store's intent file
  (`store/moves.py`), so a crash in the middle is finished or rolled back when the store opens.

The store never loads conflict copies as shards (`repository.is_shard_name`).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from reflect.core.errors import StoreError, Unreadable
from reflect.core.models import RECORD_TYPES, Record
from reflect.core.story.revisions import join
from reflect.store import moves
from reflect.store.repository import Store, is_shard_name
from reflect.store.storage import AtomicJSONStorage, CorruptFile, aside_path, fsync_dir, parse_document, read_regular

HISTORY_MAX = 20
"""At most this many losing versions are kept in one record's history."""

_SYNCTHING = re.compile(
    r"^(?P<stem>.+?)\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7}(?P<ext>\.[^.\s]+)?$", re.IGNORECASE
)
_DROPBOX = re.compile(
    r"^(?P<stem>.+?) \([^()]*?conflicted copy[^()]*?\d{4}-\d{2}-\d{2}[^()]*(?: \(\d+\))?\)(?: \(\d+\))?"
    r"(?P<ext>\.[^.\s]+)?$",
    re.IGNORECASE,
)


def original_name(name: str) -> str | None:
    """The file a conflict copy belongs to, or None when `name` is not a conflict copy.

    A conflict copy of a conflict copy belongs to the original too.
    """
    found = None
    for _ in range(10):
        for pattern in (_SYNCTHING, _DROPBOX):
            m = pattern.match(name)
            if m:
                found = name = m["stem"] + (m["ext"] or "")
                break
        else:
            return found
    return found


@dataclass
class Merged:
    """One conflict copy merged into its shard."""

    copy: str
    shard: str
    added: int = 0
    replaced: int = 0
    kept_in_history: int = 0


@dataclass
class SyncReport:
    """What a sync did: copies merged, damaged copies moved aside, copies left alone."""

    merged: list[Merged] = field(default_factory=list)
    damaged: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    """Copies (or shards) that could not be read, with why: left as they are, the sync exits 1."""

    @property
    def changed(self) -> bool:
        """True when anything was merged or moved."""
        return bool(self.merged or self.damaged)

    def lines(self) -> list[str]:
        """One line per copy."""
        out = [
            f"merged {m.copy} into {m.shard}: {m.added} added, {m.replaced} replaced by a newer version, "
            f"{m.kept_in_history} older versions kept in history"
            for m in self.merged
        ]
        out += [f"{d} does not parse: moved aside, not merged" for d in self.damaged]
        out += [f"{i} is a conflict copy of a file that is not a shard: left alone" for i in self.ignored]
        out += [f"{u}; left alone, not merged" for u in self.unreadable]
        return out

    def short_lines(self) -> list[str]:
        """One short line per copy, for a notice."""
        out = [f"{m.shard}: {m.added} added, {m.replaced} updated, {m.kept_in_history} kept in history"
               for m in self.merged]
        out += [f"{d.split(' (kept as')[0]}: damaged, moved aside" for d in self.damaged]
        out += [f"{i}: not a data file, left alone" for i in self.ignored]
        out += [f"{u.split(' ')[0]}: could not be read, left alone" for u in self.unreadable]
        return out

    def summary(self) -> str:
        """One line."""
        if not (self.merged or self.damaged or self.ignored or self.unreadable):
            return "no conflict copies found"
        n = len(self.merged)
        bits = [f"{n} conflict {'copy' if n == 1 else 'copies'} merged"]
        if self.damaged:
            bits.append(f"{len(self.damaged)} damaged copies moved aside")
        if self.ignored:
            bits.append(f"{len(self.ignored)} left alone")
        if self.unreadable:
            bits.append(f"{len(self.unreadable)} could not be read")
        return ", ".join(bits)


def find_conflicts(store: Store) -> list[tuple[type[Record], Path, Path]]:
    """Every (kind, conflict copy, its shard) in the data folder, in name order."""
    out = []
    for cls in RECORD_TYPES:
        folder = store.folder(cls)
        try:
            names = sorted(os.listdir(folder))
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise StoreError(f"cannot read {cls.COLLECTION}: {exc.strerror}; nothing was changed") from None
        for name in names:
            original = original_name(name)
            if original is not None and not (folder / name).is_dir():  # links and FIFOs are refused on read
                out.append((cls, folder / name, folder / original))
    return out


def _stamp(doc: dict[str, Any], key: str) -> datetime | None:
    value = doc.get(key)
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _canon(doc: Any) -> str:
    if isinstance(doc, dict):
        doc = {k: v for k, v in doc.items() if k != "history"}
    return json.dumps(doc, sort_keys=True, ensure_ascii=False)


def _rank(doc: dict[str, Any]) -> tuple[float, int, str]:
    """Ordering of two versions: later updated_at, then a tombstone, then a fixed tiebreak."""
    moment = _stamp(doc, "updated_at")
    return (moment.timestamp() if moment else float("-inf"), int(doc.get("deleted_at") is not None), _canon(doc))


def merge_docs(ours: dict[str, Any], theirs: dict[str, Any]) -> dict[str, Any]:
    """Two versions of one record merged: the winner, with the loser and both histories in `history`."""
    winner, loser = (ours, theirs) if _rank(ours) >= _rank(theirs) else (theirs, ours)
    versions: dict[str, Any] = {}
    for old in [*(winner.get("history") or []), *(loser.get("history") or []), loser]:
        if isinstance(old, dict):
            versions.setdefault(_canon(old), {k: v for k, v in old.items() if k != "history"})
    versions.pop(_canon(winner), None)
    merged = join(winner, loser) if "rev" in winner and "rev" in loser else dict(winner)
    history = sorted(versions.values(), key=_rank)[-HISTORY_MAX:]
    if history:
        merged["history"] = history
    else:
        merged.pop("history", None)
    return merged


def _raw_docs(path: Path, kind: str) -> list[dict[str, Any]]:
    try:
        data = AtomicJSONStorage(path).read() or {}
    except CorruptFile:
        return []
    return [d for d in (data.get(kind) or {}).values() if isinstance(d, dict) and isinstance(d.get("id"), str)]


@dataclass
class Move:
    """One record that lives in more than one month's shard, its versions merged: where it goes."""

    doc: dict[str, Any]
    home: Path
    old: list[Path]


def _moved(store: Store, cls: type[Record], shard: Path, incoming: dict[str, Any], stats: Merged) -> list[Move]:
    """Records of the copy or of its shard that also live in another month's shard (one machine
    moved them there while the other kept or edited them here).

    All versions are merged; the result goes to the shard holding the winning version, and the
    other shards lose their copy. The copy's versions are taken out of `incoming`. Read under the
    collection's lock, which the caller holds until the moves are written.
    """
    if not cls.SHARDED:
        return []
    keys = {d["id"]: k for k, d in incoming.items() if isinstance(d, dict) and isinstance(d.get("id"), str)}
    here = {d["id"]: d for d in _raw_docs(shard, cls.KIND)}
    wanted = set(keys) | set(here)
    found: dict[str, list[tuple[Path, dict[str, Any]]]] = {}
    for path in store.shard_paths(cls):
        if path != shard:
            for doc in _raw_docs(path, cls.KIND):
                if doc["id"] in wanted:
                    found.setdefault(doc["id"], []).append((path, doc))
    out = []
    for rid, others in found.items():
        stored = [*([(shard, here[rid])] if rid in here else []), *others]  # the copies in shard files
        versions = [*([(shard, incoming.pop(keys[rid]))] if rid in keys else []), *stored]
        home = max(versions, key=lambda pv: _rank(pv[1]))[0]
        merged = versions[0][1]
        for _path, doc in versions[1:]:
            merged = merge_docs(merged, doc)
        old = sorted({path for path, _doc in stored} - {home})
        if not old and any(path == home and doc == merged for path, doc in stored):
            continue  # merged before: nothing to write
        if home != shard:
            stats.kept_in_history += 1
        elif rid not in here:
            stats.added += 1
        else:
            stats.replaced += 1
        out.append(Move(merged, home, old))
    return out


def _history_len(doc: Any) -> int:
    """How many other versions a stored record keeps (a replaced version joins them: it is counted)."""
    history = doc.get("history") if isinstance(doc, dict) else None
    return len(history) if isinstance(history, list) else 0


def _merge_into(table: dict[int, Any], incoming: dict[str, Any], stats: Merged) -> None:
    """Merge a conflict copy's table into the shard's table, in place."""
    by_id = {doc.get("id"): key for key, doc in table.items() if isinstance(doc, dict) and isinstance(doc.get("id"), str)}
    canon = {_canon(doc) for doc in table.values()}
    next_key = max((int(k) for k in table if str(k).isdigit()), default=0) + 1  # a stray key is kept as is
    for doc in incoming.values():
        rid = doc.get("id") if isinstance(doc, dict) else None
        if not isinstance(rid, str) or rid not in by_id:
            if _canon(doc) in canon:
                continue
            table[next_key] = doc
            canon.add(_canon(doc))
            if isinstance(rid, str):
                by_id[rid] = next_key
            next_key += 1
            stats.added += 1
            continue
        current = table[by_id[rid]]
        merged = merge_docs(current, doc)
        if merged == current:
            continue
        if _canon(merged) != _canon(current):
            stats.replaced += 1
        stats.kept_in_history += max(0, _history_len(merged) - _history_len(current))
        table[by_id[rid]] = merged


def _month_range(path: Path) -> tuple[date | None, date | None]:
    name = path.name
    if len(name) >= 7 and name[:4].isdigit() and name[5:7].isdigit():
        first = date(int(name[:4]), int(name[5:7]), 1)
        return first, first
    return None, None


def _move_aside(store: Store, copy: Path) -> Path:
    aside = aside_path(copy, "damaged", store.clock.now())
    os.replace(copy, aside)
    fsync_dir(copy.parent)
    return aside


def merge_conflicts(store: Store) -> SyncReport:
    """Merge every conflict copy in the data folder into its shard, then remove the copy."""
    report = SyncReport()
    for cls, copy, shard in find_conflicts(store):
        rel_copy = copy.relative_to(store.root).as_posix()
        if not is_shard_name(shard.name):
            report.ignored.append(rel_copy)
            continue
        try:
            data = parse_document(read_regular(copy), copy)
        except Unreadable as exc:
            report.unreadable.append(f"{rel_copy} ({str(exc).removeprefix(copy.name + ' ')})")
            continue
        except CorruptFile:
            aside = _move_aside(store, copy)
            report.damaged.append(f"{rel_copy} (kept as {aside.name})")
            continue
        except FileNotFoundError:
            continue  # another process merged it meanwhile
        incoming = dict(data.get(cls.KIND, {}))
        others = {name: table for name, table in data.items() if name != cls.KIND and table}
        since, until = _month_range(shard)
        store.list(cls, since=since, until=until, include_deleted=True)  # repairs a damaged shard first
        stats = Merged(rel_copy, shard.relative_to(store.root).as_posix())
        try:
            with store.locked(cls):  # nobody writes between reading the months and moving records among them
                for move in _moved(store, cls, shard, incoming, stats):
                    moves.move_doc(store, cls, move.doc, move.home, move.old)  # a crash here is repaired on open
                store.write_raw(cls, lambda table: _merge_into(table, incoming, stats), shard)  # noqa: B023 - called at once
                for name, extra in others.items():  # tables this version does not know travel unchanged
                    store.write_raw(cls, lambda table, extra=extra: _merge_into(table, extra, Merged("", "")), shard, name)
        except Unreadable as exc:
            report.unreadable.append(f"{rel_copy} (its shard {exc}; nothing was merged)")
            continue
        try:
            copy.unlink()
        except FileNotFoundError:
            pass
        fsync_dir(copy.parent)
        report.merged.append(stats)
    return report
