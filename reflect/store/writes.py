"""The store's writes: every one a locked read-modify-write of one shard, atomic on disk.

Inside the collection's lock the shard is read again from disk (never from the read cache), so a
write made by another process or a file replaced by a sync tool is never overwritten. Records are
changed by id in the raw document, so everything else in the file (quarantined records, records
written by a newer version, unknown tables) is written back exactly as it was found.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from reflect.core.errors import StoreError
from reflect.core.kinds import KINDS, Kind
from reflect.store import backups, moves
from reflect.store.migrations import migrate, version_of
from reflect.store.shards import is_valid, month_key
from reflect.store.storage import (
    AtomicJSONStorage,
    CorruptFile,
    atomic_write,
    read_regular,
    serialize,
    translate_os_error,
)

if TYPE_CHECKING:  # models are imported where a record is validated: `reflect log` writes without pydantic
    from reflect.core.envelope import Record
    from reflect.store.repository import Store

R = TypeVar("R", bound="Record")


ANY = object()
"""`put(expect_rev=ANY)`: write whatever revision is stored (the default)."""


class Changed(StoreError):
    """A compare-and-swap write found another revision stored than the one it expected.

    `current` is the stored record as a dict (None when there is none); nothing was written.
    """

    def __init__(self, current: dict[str, Any] | None) -> None:
        super().__init__("this record was changed elsewhere since it was read; nothing was written")
        self.current = current


def _rev_of(doc: dict[str, Any] | None) -> str | None:
    """What `expect_rev` is compared with: the stored revision ("" when there is none)."""
    return None if doc is None else str(doc.get("rev") or "")


def edit_stamp(doc: dict[str, Any] | None) -> str | None:
    """What `expect_stamp` is compared with: when the record was last saved, and its history.

    An edit elsewhere changes `updated_at`; a sync merge that kept another copy changes `history`
    (and may keep `updated_at`). The moment is compared as a moment, so its spelling does not count.
    None: no such record.
    """
    if doc is None:
        return None
    value = doc.get("updated_at")
    try:
        moment: Any = datetime.fromisoformat(value).timestamp() if isinstance(value, str) else value
    except ValueError:
        moment = value
    return json.dumps([moment, doc.get("history") or []], sort_keys=True, ensure_ascii=False, default=str)


SYNC_KEPT = ("history", "resolved")
"""Lists a sync merge or the Conflicts screen keeps on a record: a save never drops their entries."""


def _keep_history(stored: Any, doc: dict[str, Any]) -> dict[str, Any]:
    """`doc` with the entries of the stored copy's `history` and `resolved` it lacks (a window that read
    the record before `reflect sync` merged another copy into it must not drop that copy)."""
    if not isinstance(stored, dict):
        return doc
    for key in SYNC_KEPT:
        old = stored.get(key)
        if not isinstance(old, list) or not old:
            continue
        given = doc.get(key)
        new: list[Any] = given if isinstance(given, list) else []
        seen = {json.dumps(v, sort_keys=True, default=str) for v in new}
        missing = [v for v in old if json.dumps(v, sort_keys=True, default=str) not in seen]
        if missing:
            doc = {**doc, key: [*missing, *new]}
    return doc


def _next_key(table: dict[str, Any]) -> int:
    return max((int(k) for k in table if k.isdigit()), default=0) + 1


class _KindShape:
    """What the write path reads of a record class (KIND, COLLECTION, SHARDED, VERSION), for a kind
    of the registry without importing its model. Anything else, such as validating a stored record
    with the same id, is asked of the real class, imported then."""

    def __init__(self, kind: Kind, version: int) -> None:
        self.KIND = kind.kind
        self.COLLECTION = kind.collection
        self.SHARDED = kind.sharded
        self.VERSION = version
        self._kind = kind

    def __getattr__(self, name: str) -> Any:
        return getattr(self._kind.load(), name)


def kind_shape(kind: Kind, version: int) -> type[Record]:
    """What paths, locks and versions read of a record class, for a kind of the registry, without
    importing its model."""
    return cast("type[Record]", _KindShape(kind, version))


class Writes:
    """Write methods of `Store` (a mixin: it uses the store's paths, locks, cache and clock)."""

    def _load_for_write(self: Store, cls: type[Record], path: Path) -> dict[str, Any]:
        """Under the lock: the shard's document read from disk (recovered first if damaged)."""
        try:
            return AtomicJSONStorage(path).read() or {}
        except CorruptFile as exc:
            return self._recover(cls, path, exc) or {}

    def locked(self: Store, cls: type[Record]) -> AbstractContextManager[None]:
        """Hold the collection's cross-process lock across several writes (re-entrant): for a merge
        that reads files and writes them back from what it read."""
        return self._locked(cls)

    def _maybe_backup(self: Store) -> None:
        """Before the first write of a day, make the day's snapshot (once per store per day).

        The one trigger of daily backups: the app and the CLI never call it themselves."""
        if not self.auto_backup:
            return
        now = self.clock.now()
        day = now.strftime("%Y-%m-%d")
        if self._backup_day == day:
            return
        try:
            backups.daily(self.root, now, keep=self.keep_backups)
        except OSError as exc:
            self._note(f"the daily backup could not be made ({exc.strerror or exc}); no data was lost")
            return
        if (self.root / backups.BACKUPS / day).is_dir():
            self._backup_day = day

    def _write(
        self: Store,
        cls: type[Record],
        path: Path,
        upserts: Sequence[Record | dict[str, Any]],
        removes: Iterable[str] = (),
        expect: dict[str, str | None] | None = None,
        compare: Callable[[dict[str, Any] | None], str | None] = _rev_of,
        keep_history: bool = True,
    ) -> None:
        """Under the lock: re-read the shard, migrate it if needed, apply upserts and removals.

        `expect` maps record ids to what `compare` gave for the stored record the caller read
        (by default its revision; None: no such record); when the stored one differs, Changed is
        raised and nothing is written. Unless `keep_history` is False, entries of a stored record's
        `history` and `resolved` that an upsert lacks are kept (see `_keep_history`). An upsert is
        a record, or a record's finished document (`to_doc()`'s form).
        """
        remove_ids = set(removes)
        target = self.version(cls)
        registry = self.migrations
        self._maybe_backup()
        with self._locked(cls):
            data = self._load_for_write(cls, path)
            table: dict[str, Any] = dict(data.get(cls.KIND) or {})
            changed = False
            migrated = 0
            for key, doc in list(table.items()):
                version = version_of(doc) if isinstance(doc, dict) else None
                if version is not None and version < target:
                    try:
                        table[key] = migrate(doc, target, registry)
                        migrated += 1
                    except Exception:  # noqa: BLE001 - a broken record stays exactly as it is
                        pass
            by_id: dict[str, list[str]] = {}
            for key, doc in table.items():
                if isinstance(doc, dict) and isinstance(doc.get("id"), str):
                    by_id.setdefault(doc["id"], []).append(key)
            for rid in remove_ids:
                for key in by_id.pop(rid, []):
                    if is_valid(cls, table[key], target, registry):
                        del table[key]
                        changed = True
            next_key = _next_key(table)
            stamps: list[tuple[str, datetime]] = []
            for record in upserts:
                if isinstance(record, dict):
                    doc, rid = record, str(record["id"])
                    stamps.append((rid, datetime.fromisoformat(str(record["updated_at"]))))
                else:
                    doc, rid = record.to_doc(), record.id
                    stamps.append((rid, record.updated_at))
                if (version_of(doc) or target) < target:
                    doc = migrate(doc, target, registry)
                keys = []
                for key in by_id.get(rid, []):
                    stored = version_of(table[key]) if isinstance(table[key], dict) else None
                    if stored is not None and stored > target:
                        raise StoreError(
                            f"this {cls.KIND} was saved by a newer version of reflect and is read-only here; "
                            "nothing was changed"
                        )
                    if is_valid(cls, table[key], target, registry):
                        keys.append(key)  # a quarantined copy is never replaced
                if expect is not None and rid in expect:
                    current = table[keys[0]] if keys else None
                    if compare(current) != expect[rid]:
                        raise Changed(dict(current) if current else None)
                if keys:
                    if keep_history:
                        doc = _keep_history(table[keys[0]], doc)
                    table[keys[0]] = doc
                    for extra in keys[1:]:
                        del table[extra]
                else:
                    table[str(next_key)] = doc
                    by_id.setdefault(rid, []).append(str(next_key))
                    next_key += 1
                changed = True
            if not changed and not migrated:
                return
            if migrated and path.exists():
                try:  # no migrating write without its backup
                    backups.pre_migration(self.root, path, self.clock.now())
                except OSError as exc:
                    raise translate_os_error(exc, f"the backup of {path.name} made before migrating it") from None
            data = dict(data)
            data[cls.KIND] = table
            if self.before_write is not None:
                self.before_write(path)
            AtomicJSONStorage(path).write(data)
            with self._cache_lock:
                self._cache.pop(path, None)
                for rid, stamp in stamps:
                    self._origin[(cls.COLLECTION, rid)] = (path, stamp)

    def _check_writable(self: Store, cls: type[Record], record: Record) -> None:
        if record.v > self.version(cls):
            raise StoreError(
                f"this {cls.KIND} was saved by a newer version of reflect and is read-only here; nothing was changed"
            )

    def _old_locations(self: Store, cls: type[Record], record: Record, path: Path) -> list[Path]:
        """Shards other than `path` that may hold an earlier copy of `record` (it moved month)."""
        if not cls.SHARDED:
            return []
        with self._cache_lock:
            known = self._origin.get((cls.COLLECTION, record.id))
        candidates = [known[0]] if known is not None else []
        candidates.append(self.shard_path(cls, month=month_key(record.created_at)))
        out = []
        for candidate in candidates:
            if candidate != path and candidate not in out and candidate.exists():
                out.append(candidate)
        return out

    def add(self: Store, record: R) -> R:
        """Store a new record (or replace one with the same id). Returns what was stored."""
        return self.put(record, touch=False)

    def add_doc(self: Store, kind: str, doc: dict[str, Any], moment: datetime | None = None) -> None:
        """Store a new record given as its finished document (the form `to_doc()` gives), for a kind
        of the registry, without importing the kind's model: how `reflect log` writes a check-in.

        The write is `add`'s: the collection's lock, the shard re-read from disk, the day's backup
        before the first write, an atomic fsynced replace, and the store's note of where the record
        is. `moment` is what the model's `shard_time()` gives (required for a sharded kind). The
        caller vouches that `doc` is what the model would write: nothing here validates it. A stored
        record with the same id in that shard is replaced, as by `add`; other months are not searched
        (the id is new, so there is no earlier copy to move).
        """
        entry = next((k for k in KINDS if k.kind == kind), None)
        if entry is None:
            raise ValueError(f"no record kind {kind!r}")
        version = doc.get("v")
        if doc.get("kind") != kind or isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise ValueError(f"not a {kind} document: kind {doc.get('kind')!r}, v {version!r}")
        if entry.sharded and moment is None:
            raise ValueError(f"a {kind} is stored by month: its moment is needed")
        cls = kind_shape(entry, version)  # read only for what it names
        path = self.shard_path(cls, month=month_key(moment) if moment is not None else None)
        self._write(cls, path, [doc])

    def put(
        self: Store, record: R, *, touch: bool = True, expect_rev: Any = ANY, expect_stamp: Any = ANY,
        keep_history: bool = True,
    ) -> R:
        """Store a record, replacing any with its id; `updated_at` is set to now unless touch=False.

        With `expect_rev` (a revision, or None for "not stored yet") the write is a compare-and-swap:
        Changed is raised, and nothing written, when the stored record's `rev` is another.
        `expect_stamp` does the same for records without revisions: the `edit_stamp` of the stored
        record the caller read (None: not stored yet). The stored record's `history` and `resolved`
        entries are kept even when `record` lacks them (it was read before a sync merged another
        copy in), unless `keep_history` is False (a caller that moved them elsewhere).

        When an edit moves a record to another month's shard, the new copy is written first and
        the old one removed after, under an intent file (`reflect.store.moves`): a crash in
        between is finished or rolled back when the store is next opened.
        """
        cls = type(record)
        self._check_writable(cls, record)
        if touch:
            record = record.model_copy(update={"updated_at": self.clock.now()})
        path = self.shard_path(cls, record)
        old_paths = self._old_locations(cls, record, path)
        cas: dict[str, Any] = {} if expect_rev is ANY else {"expect": {record.id: expect_rev}}
        if expect_stamp is not ANY:
            cas = {"expect": {record.id: expect_stamp}, "compare": edit_stamp}
        cas["keep_history"] = keep_history
        if not old_paths:
            self._write(cls, path, [record], **cas)
            return record
        with moves.moving(self, cls, record.to_doc(), path, old_paths):  # a crash here is repaired on open
            self._write(cls, path, [record], **cas)
            for old in old_paths:
                self._write(cls, old, [], removes=[record.id])
        return record

    def delete(self: Store, record: R) -> R:
        """Write a tombstone: the record stays, with `deleted_at`, so the deletion can sync."""
        now = self.clock.now()
        return self.put(record.model_copy(update={"deleted_at": now}))

    def put_many(self: Store, records: Iterable[Record]) -> int:
        """Store many records with one write per shard; all or nothing across shards.

        If a write fails part way, the shards already written are put back as they were.
        """
        groups: dict[tuple[type[Record], Path], list[Record]] = {}
        for record in records:
            cls = type(record)
            self._check_writable(cls, record)
            groups.setdefault((cls, self.shard_path(cls, record)), []).append(record)
        done: list[tuple[type[Record], Path, bytes | None]] = []
        try:
            for (cls, path), group in groups.items():
                with self._locked(cls):
                    self._load_for_write(cls, path)  # a damaged file is set aside first
                    try:
                        before: bytes | None = read_regular(path)
                    except FileNotFoundError:
                        before = None
                    self._write(cls, path, group)
                done.append((cls, path, before))
        except BaseException:
            for cls, path, before in reversed(done):
                try:
                    with self._locked(cls):
                        if before is None:
                            path.unlink(missing_ok=True)
                        else:
                            atomic_write(path, before)
                except Exception:  # noqa: BLE001 - keep the first error; doctor shows the state
                    self._note(f"{self._rel(path)} could not be put back after a failed import")
                with self._cache_lock:
                    self._cache.pop(path, None)
            raise
        return sum(len(g) for g in groups.values())

    def write_raw(
        self: Store, cls: type[Record], transform: Callable[[dict[int, Any]], None], path: Path, table_name: str = ""
    ) -> None:
        """Apply a raw transform to one shard's table (int doc ids; a key that is not a number stays
        as it is) under its lock (merges, repairs). `table_name` picks another table of the file
        (one this version does not know); by default the kind's own."""
        name = table_name or cls.KIND
        with self._locked(cls):
            data = self._load_for_write(cls, path)
            table = {int(k) if str(k).isdigit() else k: v for k, v in (data.get(name) or {}).items()}
            transform(table)
            data = dict(data)
            data[name] = {str(k): v for k, v in table.items()}
            if self.before_write is not None:
                self.before_write(path)
            atomic_write(path, serialize(data))
        with self._cache_lock:
            self._cache.pop(path, None)
