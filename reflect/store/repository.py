"""Typed access to the data folder: shards, locking, quarantine, recovery and migrations.

Layout: one folder per collection (`checkins/`, `focus_blocks/`, ...). Collections that grow with
time are split into one TinyDB file per month of the moment a record describes
(`checkins/2026-03.json`); the others live in `<collection>/all.json`. A write touches one month's
file, and reading today needs one file, however many years of history there are.

Every read-modify-write holds the collection's cross-process lock (`<collection>/.lock`) and
re-reads the file inside it. Reads outside a write use a cache keyed by the file's (inode, size,
mtime): a file replaced from outside is noticed and read again.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from filelock import FileLock, Timeout
from pydantic import ValidationError
from tinydb import Query, TinyDB

from reflect.core.clock import Clock, SystemClock
from reflect.core.errors import LockTimeout, StoreError
from reflect.core.models import BY_COLLECTION, RECORD_TYPES, Record, Settings
from reflect.store import backups
from reflect.store.migrations import migrate
from reflect.store.recovery import salvage
from reflect.store.storage import (
    DIR_MODE,
    AtomicJSONStorage,
    CorruptFile,
    atomic_write,
    remove_stale_temps,
    serialize,
    translate_os_error,
)

R = TypeVar("R", bound=Record)

SINGLE = "all.json"
_MONTH = re.compile(r"^(\d{4})-(\d{2})\.json$")
LOCK_TIMEOUT = 10.0
"""Seconds to wait for another process's lock before giving up with a clear message."""


def is_shard_name(name: str) -> bool:
    """True for a real shard file name; conflict copies, corrupt files and temps are not shards."""
    return name == SINGLE or bool(_MONTH.match(name))


def month_key(moment: datetime | date) -> str:
    """The shard name for a moment: its local year and month."""
    return f"{moment.year:04d}-{moment.month:02d}"


@dataclass(frozen=True)
class Quarantined:
    """A stored record that failed validation: kept exactly as found and reported, never dropped."""

    path: Path
    doc_id: str
    doc: dict[str, Any]
    error: str


@dataclass
class _Shard:
    sig: tuple[int, int, int] | None
    records: dict[str, Record] = field(default_factory=dict)
    quarantined: list[Quarantined] = field(default_factory=list)
    readonly: set[str] = field(default_factory=set)
    needs_migration: bool = False


class Store:
    """The app's data folder. Thread-safe; several processes may use one folder at once."""

    def __init__(self, root: Path | str, clock: Clock | None = None, *, locking: bool = True) -> None:
        self.root = Path(root)
        self.clock: Clock = clock or SystemClock()
        self.locking = locking
        """Cross-process locking; only a test that proves the lock matters turns it off."""
        self.problems: list[str] = []
        """One-line messages about files that were damaged and what was done about them."""
        self._cache: dict[Path, _Shard] = {}
        self._cache_lock = threading.Lock()
        self._write_lock = threading.RLock()
        self._locks: dict[str, FileLock] = {}
        self._opened = False

    # --- opening -------------------------------------------------------------------------

    def open(self) -> Store:
        """Create the folder (0700) and remove temp files that a crashed writer left behind."""
        if self._opened:
            return self
        try:
            self.root.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
            if (self.root.stat().st_mode & 0o777) != DIR_MODE:
                os.chmod(self.root, DIR_MODE)
        except OSError as exc:
            raise translate_os_error(exc, "the data folder") from None
        for cls in RECORD_TYPES:
            folder = self.root / cls.COLLECTION
            if not folder.is_dir():
                continue
            try:
                with self._locked(cls, timeout=0):
                    remove_stale_temps(folder)
            except LockTimeout:
                pass  # another process is writing there; it cleans up after itself
        self._opened = True
        return self

    # --- paths and locks -----------------------------------------------------------------

    def folder(self, cls: type[Record]) -> Path:
        """The collection's folder."""
        return self.root / cls.COLLECTION

    def shard_path(self, cls: type[Record], record: Record | None = None, month: str | None = None) -> Path:
        """The file a record (or a month) of this kind lives in."""
        if not cls.SHARDED:
            return self.folder(cls) / SINGLE
        if month is None:
            assert record is not None
            moment = record.shard_time()
            assert moment is not None
            month = month_key(moment)
        return self.folder(cls) / f"{month}.json"

    def shard_paths(self, cls: type[Record], since: date | None = None, until: date | None = None) -> list[Path]:
        """The collection's existing shard files, oldest first, limited to the months in range."""
        folder = self.folder(cls)
        try:
            names = sorted(n for n in os.listdir(folder) if is_shard_name(n))
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise translate_os_error(exc, cls.COLLECTION) from None
        if cls.SHARDED and (since or until):
            lo = month_key(since) if since else "0000-00"
            hi = month_key(until) if until else "9999-99"
            names = [n for n in names if lo <= n[:7] <= hi]
        return [folder / n for n in names]

    def months(self, cls: type[Record]) -> list[str]:
        """The months that have a shard, oldest first ("YYYY-MM")."""
        return [p.name[:7] for p in self.shard_paths(cls) if p.name != SINGLE]

    def _file_lock(self, cls: type[Record]) -> FileLock:
        lock = self._locks.get(cls.COLLECTION)
        if lock is None:
            lock = FileLock(str(self.folder(cls) / ".lock"), timeout=LOCK_TIMEOUT, mode=0o600, thread_local=False)
            self._locks[cls.COLLECTION] = lock
        return lock

    @contextmanager
    def _locked(self, cls: type[Record], timeout: float | None = None) -> Iterator[None]:
        with self._write_lock:
            folder = self.folder(cls)
            try:
                folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
            except OSError as exc:
                raise translate_os_error(exc, cls.COLLECTION) from None
            if not self.locking:
                yield
                return
            lock = self._file_lock(cls)
            try:
                lock.acquire(timeout=LOCK_TIMEOUT if timeout is None else timeout)
            except Timeout:
                raise LockTimeout(
                    f"{cls.COLLECTION} is locked by another reflect process; nothing was changed or lost"
                ) from None
            except OSError as exc:
                raise translate_os_error(exc, cls.COLLECTION) from None
            try:
                yield
            finally:
                lock.release()

    # --- reading -------------------------------------------------------------------------

    @staticmethod
    def _sig(path: Path) -> tuple[int, int, int] | None:
        try:
            st = path.stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def _parse_shard(self, cls: type[Record], path: Path, data: dict[str, Any] | None, sig: Any) -> _Shard:
        shard = _Shard(sig=sig)
        table = (data or {}).get(cls.KIND, {})
        for doc_id, doc in table.items():
            try:
                if not isinstance(doc, dict):
                    raise ValueError("a record must be a JSON object")
                version = doc.get("v", 1)
                if isinstance(version, int) and version < cls.VERSION:
                    doc = migrate(doc, cls.VERSION)
                    shard.needs_migration = True
                record = cls.model_validate(doc)
                if record.v > cls.VERSION:
                    shard.readonly.add(record.id)
            except (ValidationError, ValueError, TypeError) as exc:
                shard.quarantined.append(Quarantined(path, str(doc_id), doc, _one_line(exc)))
                continue
            previous = shard.records.get(record.id)
            if previous is None or record.updated_at >= previous.updated_at:
                shard.records[record.id] = record
        return shard

    def _read_shard(self, cls: type[Record], path: Path) -> _Shard:
        sig = self._sig(path)
        with self._cache_lock:
            cached = self._cache.get(path)
        if cached is not None and cached.sig == sig:
            return cached
        try:
            data = AtomicJSONStorage(path).read()
        except CorruptFile as exc:
            with self._locked(cls):
                data = self._recover(cls, path, exc)
            sig = self._sig(path)
        shard = self._parse_shard(cls, path, data, sig)
        with self._cache_lock:
            self._cache[path] = shard
        return shard

    def _recover(self, cls: type[Record], path: Path, exc: CorruptFile) -> dict[str, Any] | None:
        """Under the lock: move a file that does not parse aside, salvage it, tell the user."""
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            return AtomicJSONStorage(path).read()  # someone fixed it meanwhile
        except CorruptFile:
            pass
        stamp = self.clock.now().strftime("%Y%m%dT%H%M%S")
        aside = path.with_name(f"{path.name}.corrupt-{stamp}")
        n = 0
        while aside.exists():
            n += 1
            aside = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        try:
            os.replace(path, aside)
        except OSError as err:
            raise translate_os_error(err, path.name) from None
        document, count = salvage(raw)
        if count:
            atomic_write(path, serialize(document))
        rel = path.relative_to(self.root).as_posix()
        newest = backups.newest(self.root)
        hint = f"; newest backup: {newest.relative_to(self.root).as_posix()}" if newest else ""
        self.problems.append(
            f"{rel} was damaged ({exc.reason}); kept as {aside.name}; recovered {count} records{hint}"
        )
        return document if count else None

    def list(
        self,
        cls: type[R],
        since: date | None = None,
        until: date | None = None,
        *,
        include_deleted: bool = False,
    ) -> list[R]:
        """Records of a kind, oldest first by shard time (or creation), within [since, until] days."""
        merged: dict[str, Record] = {}
        for path in self.shard_paths(cls, since, until):
            for rid, record in self._read_shard(cls, path).records.items():
                other = merged.get(rid)
                if other is None or record.updated_at > other.updated_at:
                    merged[rid] = record
        out = []
        for record in merged.values():
            if record.deleted and not include_deleted:
                continue
            moment = record.shard_time() or record.created_at
            day = moment.date()
            if (since and day < since) or (until and day > until):
                continue
            out.append(record)
        out.sort(key=lambda r: ((r.shard_time() or r.created_at).timestamp(), r.created_at.timestamp()))
        return out  # type: ignore[return-value]

    def raw_docs(self, cls: type[Record], since: date | None = None, until: date | None = None) -> list[dict[str, Any]]:
        """Live records as plain dicts, without pydantic: the fast path for whole-history insights.

        Tombstones and records that are not JSON objects are left out; when an id appears in two
        shards (a crash while moving it) the later `updated_at` wins. Values are as stored, so a
        caller must tolerate a quarantined record's odd fields. Range filtering is by month only.
        """
        by_id: dict[str, dict[str, Any]] = {}
        for path in self.shard_paths(cls, since, until):
            try:
                data = AtomicJSONStorage(path).read()
            except CorruptFile:
                self._read_shard(cls, path)  # recovers, reports
                data = AtomicJSONStorage(path).read()
            for doc in (data or {}).get(cls.KIND, {}).values():
                if not isinstance(doc, dict) or doc.get("deleted_at") is not None:
                    continue
                rid = doc.get("id")
                other = by_id.get(rid) if isinstance(rid, str) else None
                if other is not None and _later(other, doc):
                    continue
                by_id[rid if isinstance(rid, str) else f"#{len(by_id)}"] = doc
        return list(by_id.values())

    def get(self, cls: type[R], record_id: str, *, include_deleted: bool = False) -> R | None:
        """One record by id (newest shards first), or None."""
        for path in reversed(self.shard_paths(cls)):
            record = self._read_shard(cls, path).records.get(record_id)
            if record is not None:
                if record.deleted and not include_deleted:
                    return None
                return record  # type: ignore[return-value]
        return None

    def quarantined(self) -> list[Quarantined]:
        """Every stored record that failed validation, in every collection."""
        out: list[Quarantined] = []
        for cls in RECORD_TYPES:
            for path in self.shard_paths(cls):
                out.extend(self._read_shard(cls, path).quarantined)
        return out

    # --- writing -------------------------------------------------------------------------

    def _write(self, cls: type[Record], path: Path, upserts: list[Record], removes: Iterable[str] = ()) -> None:
        """Under the lock: re-read the shard, migrate it if needed, apply upserts and removals."""
        remove_ids = set(removes)
        with self._locked(cls):
            for attempt in range(2):
                db = TinyDB(path, storage=AtomicJSONStorage)
                table = db.table(cls.KIND, cache_size=0)
                try:
                    current = table.all()
                    break
                except CorruptFile as exc:
                    if attempt:
                        raise StoreError(f"{path.name} could not be read or repaired; nothing was changed") from None
                    self._recover(cls, path, exc)
            by_id: dict[str, int] = {}
            for doc in current:
                rid = doc.get("id")
                if isinstance(rid, str):
                    by_id[rid] = doc.doc_id
            migrating = [d for d in current if isinstance(d.get("v", 1), int) and d.get("v", 1) < cls.VERSION]
            if migrating and path.exists():
                backups.pre_migration(self.root, path, self.clock.now())
            docs = {u.id: u.to_doc() for u in upserts}

            def updater(tab: dict[int, Any]) -> None:
                for doc in migrating:
                    try:
                        tab[doc.doc_id] = migrate(dict(doc), cls.VERSION)
                    except Exception:  # noqa: BLE001 - a broken record stays as it is
                        pass  # kept as it is; reported as quarantined on read
                for rid in remove_ids:
                    if rid in by_id:
                        tab.pop(by_id[rid], None)
                next_id = max(tab.keys(), default=0) + 1
                for rid, doc in docs.items():
                    if rid in by_id:
                        tab[by_id[rid]] = doc
                    else:
                        tab[next_id] = doc
                        next_id += 1

            table._update_table(updater)
        with self._cache_lock:
            self._cache.pop(path, None)

    def _check_writable(self, cls: type[Record], record: Record) -> None:
        if record.v > cls.VERSION:
            raise StoreError(
                f"this {cls.KIND} was written by a newer version of reflect and is read-only here"
            )

    def _stamp(self, record: R) -> R:
        return record.model_copy(update={"updated_at": self.clock.now()})

    def add(self, record: R) -> R:
        """Store a new record (or replace one with the same id). Returns what was stored."""
        return self.put(record, touch=False)

    def put(self, record: R, *, touch: bool = True) -> R:
        """Store a record, replacing any with its id; `updated_at` is set to now unless touch=False.

        When an edit moves a record to another month's shard, the new copy is written first and
        the old one removed after, so a crash in between leaves two copies (the newer wins on
        read), never none.
        """
        cls = type(record)
        self._check_writable(cls, record)
        if touch:
            record = self._stamp(record)
        path = self.shard_path(cls, record)
        old_paths: list[Path] = []
        if cls.SHARDED and touch:
            # The record being edited was read from some shard in this process: look there.
            with self._cache_lock:
                cached = [(p, s) for p, s in self._cache.items() if p.parent == path.parent and p != path]
            old_paths = [p for p, s in cached if record.id in s.records]
        self._write(cls, path, [record])
        for old in old_paths:
            self._write(cls, old, [], removes=[record.id])
        return record

    def delete(self, record: R) -> R:
        """Write a tombstone: the record stays, with `deleted_at`, so the deletion can sync."""
        now = self.clock.now()
        return self.put(record.model_copy(update={"deleted_at": now}))

    def put_many(self, records: Iterable[Record]) -> int:
        """Store many records with one write per shard; all or nothing across shards.

        If a write fails part way, the shards already written are put back as they were.
        """
        groups: dict[tuple[type[Record], Path], list[Record]] = {}
        for record in records:
            cls = type(record)
            self._check_writable(cls, record)
            groups.setdefault((cls, self.shard_path(cls, record)), []).append(record)
        done: list[tuple[type[Record], Path, dict[str, Any] | None]] = []
        try:
            for (cls, path), group in groups.items():
                before = None
                with self._locked(cls):
                    try:
                        before = AtomicJSONStorage(path).read()
                    except CorruptFile:
                        before = None
                    self._write(cls, path, group)
                done.append((cls, path, before))
        except BaseException:
            for cls, path, before in reversed(done):
                with self._locked(cls):
                    if before is None:
                        try:
                            path.unlink()
                        except FileNotFoundError:
                            pass
                    else:
                        atomic_write(path, serialize(before))
                with self._cache_lock:
                    self._cache.pop(path, None)
            raise
        return sum(len(g) for g in groups.values())

    # --- settings and housekeeping -------------------------------------------------------

    def settings(self) -> Settings:
        """The settings record (defaults when none is stored)."""
        found = self.list(Settings)
        return found[-1] if found else Settings()

    def save_settings(self, settings: Settings) -> Settings:
        """Store the settings record."""
        return self.put(settings)

    def daily_backup(self) -> Path | None:
        """Make today's snapshot if it does not exist yet (cheap: unchanged files are hard links)."""
        try:
            return backups.daily(self.root, self.clock.now())
        except OSError as exc:
            raise translate_os_error(exc, "the daily backup") from None

    def write_raw(self, cls: type[Record], transform: Callable[[dict[int, Any]], None], path: Path) -> None:
        """Apply a raw transform to one shard under its lock (for merges and repairs)."""
        with self._locked(cls):
            TinyDB(path, storage=AtomicJSONStorage).table(cls.KIND, cache_size=0)._update_table(transform)
        with self._cache_lock:
            self._cache.pop(path, None)


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        errs = exc.errors()
        if errs:
            first = errs[0]
            loc = ".".join(str(p) for p in first.get("loc", ())) or "record"
            more = f" (+{len(errs) - 1} more)" if len(errs) > 1 else ""
            return f"{loc}: {first.get('msg', 'invalid')}{more}"
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def collection_class(name: str) -> type[Record]:
    """The model class for a collection name."""
    return BY_COLLECTION[name]


def _later(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """True when record dict `a` was updated after `b` (offsets respected)."""
    try:
        return datetime.fromisoformat(str(a.get("updated_at"))) > datetime.fromisoformat(str(b.get("updated_at")))
    except ValueError:
        return False
