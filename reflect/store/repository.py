"""Typed access to the data folder: shards, locking, quarantine, recovery and migrations.

Layout: one folder per collection (`checkins/`, `focus_blocks/`, ...). Collections that grow with
time are split into one TinyDB file per month of the moment a record describes
(`checkins/2026-03.json`); the others live in `<collection>/all.json`. A write touches one month's
file, and reading today needs one file, however many years of history there are.

Every read-modify-write holds the collection's cross-process lock (on the `<collection>/` folder) and
re-reads the file inside it: the read cache is never used for a write. Reads outside a write use
a cache keyed by the file's (device, inode, size, mtime, ctime), so a file replaced from outside
is noticed and read again.
"""

from __future__ import annotations

import builtins

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from reflect.core.clock import Clock, SystemClock
from reflect.core.errors import StoreError, Unreadable
from reflect.core.kinds import BY_COLLECTION, COLLECTIONS, RECORD_TYPES
from reflect.store import backups, moves
from reflect.store.locking import DEFAULT_TIMEOUT, FolderLock, lock_timeout
from reflect.store.migrations import Registry, target_version
from reflect.store.shards import (
    SINGLE,
    Quarantined,
    Shard,
    is_shard_name,
    month_key,
    months_between,
)
from reflect.store.reads import Reads
from reflect.store.writes import Writes
from reflect.store.storage import (
    DIR_MODE,
    TEMP_PREFIX,
    remove_stale_temps,
    translate_os_error,
)

if TYPE_CHECKING:  # models are imported where a record is validated: `reflect log` writes without pydantic
    from reflect.core.envelope import Record
    from reflect.core.settings import Settings

R = TypeVar("R", bound="Record")

SKIPPED = "it was left as it is and skipped"
"""How the note about a data file that could not be read ends."""

LOCK_TIMEOUT = DEFAULT_TIMEOUT
"""Default seconds to wait for another process's lock ($REFLECT_LOCK_TIMEOUT overrides it)."""

__all__ = ["Store", "Quarantined", "is_shard_name", "month_key", "SINGLE", "LOCK_TIMEOUT"]


class Store(Reads, Writes):
    """The app's data folder. Thread-safe; several processes may use one folder at once.

    Opening, paths, locks and settings are here; reading (list, raw_docs, get) is in
    `reflect.store.reads`, writing (add, put, delete, put_many) in `reflect.store.writes`.
    """

    def __init__(
        self,
        root: Path | str,
        clock: Clock | None = None,
        *,
        locking: bool = True,
        migrations: Registry | None = None,
        keep_backups: int = backups.KEEP_DAILY,
        auto_backup: bool = True,
    ) -> None:
        self.root = Path(root)
        self.clock: Clock = clock or SystemClock()
        self.locking = locking
        """Cross-process locking; only a test that proves the lock matters turns it off."""
        self.migrations = migrations
        """kind -> {from_version: step}; None means the shipped registry."""
        self.keep_backups = keep_backups
        self.auto_backup = auto_backup
        """Make the day's snapshot before the first write of each day."""
        self.problems: list[str] = []
        """One-line messages about files that were damaged and what was done about them."""
        self.unreadable: dict[str, str] = {}
        """Data files (relative path -> reason) that could not be read: the rest was read without them."""
        self.before_write: Callable[[Path], None] | None = None
        """Test hook, called after a shard is re-read and before it is written back."""
        self._cache: dict[Path, Shard] = {}
        self._origin: dict[tuple[str, str], tuple[Path, Any]] = {}
        """(collection, id) -> (file the newest copy was seen in, its updated_at)."""
        self._cache_lock = threading.Lock()
        self._write_lock = threading.RLock()
        self._held: dict[str, int] = {}
        self._backup_day: str | None = None
        self._opened = False

    # --- opening -------------------------------------------------------------------------

    def open(self) -> Store:
        """Create the folder (0700) if missing and remove temp files a crashed writer left behind.

        An existing folder's mode is left as the user set it (`reflect doctor` warns when others
        can read it); only what the app creates is given its private mode.
        """
        if self._opened:
            return self
        if not self.root.is_dir():
            try:
                self.root.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
            except FileExistsError:
                raise StoreError(f"the data folder {self.root.name!r} is a file, not a folder") from None
            except OSError as exc:
                raise translate_os_error(exc, "the data folder") from None
        for name in COLLECTIONS:  # a class is imported only for a folder with something to repair
            folder = self.root / name
            try:
                entries = os.listdir(folder)
            except OSError:
                continue  # missing, or not a folder the store can read (reading it reports that)
            if moves.INTENT in entries:
                cls = BY_COLLECTION[name]
                try:
                    done = moves.repair(self, cls)
                except StoreError as exc:
                    done = None
                    self._note(f"a {cls.KIND} half-moved by a crash could not be repaired yet ({exc}); nothing was lost")
                if done:
                    self._note(f"a {cls.KIND} left half-moved between two months by a crash was {done}")
            if not self.locking or not any(entry.startswith(TEMP_PREFIX) for entry in entries):
                continue  # nothing to sweep; or no lock, without which a live writer's temp file could go
            try:
                with self._locked(BY_COLLECTION[name], timeout=0):
                    remove_stale_temps(folder)
            except StoreError:
                pass  # busy (another process writes there and cleans up after itself) or read-only
        self._opened = True
        return self

    def version(self, cls: type[Record]) -> int:
        """The schema version this store reads and writes records of `cls` at."""
        return target_version(cls.KIND, cls.VERSION, self.migrations)

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
        if cls.SHARDED and since and until and since <= until and (until.year - since.year) <= 2:
            candidates = [folder / f"{m}.json" for m in months_between(since, until)]
            return [p for p in candidates if os.path.lexists(p)]  # a bad entry is reported, not skipped
        try:
            names = sorted(n for n in os.listdir(folder) if is_shard_name(n, cls.SHARDED))
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

    @contextmanager
    def _locked(self, cls: type[Record], timeout: float | None = None) -> Iterator[None]:
        """Hold the collection's cross-process lock (re-entrant within this store)."""
        with self._write_lock:
            folder = self.folder(cls)
            try:
                folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
            except OSError as exc:
                raise translate_os_error(exc, cls.COLLECTION) from None
            name = cls.COLLECTION
            if not self.locking or self._held.get(name):
                self._held[name] = self._held.get(name, 0) + 1
                try:
                    yield
                finally:
                    self._held[name] -= 1
                return
            lock = FolderLock(folder, name)
            try:
                lock.acquire(lock_timeout() if timeout is None else timeout)
            except OSError as exc:
                raise translate_os_error(exc, name) from None
            self._held[name] = 1
            try:
                yield
            finally:
                self._held[name] = 0
                lock.release()

    # --- notes about files ----------------------------------------------------------------

    def _note(self, line: str) -> None:
        if line not in self.problems:
            self.problems.append(line)

    def _cannot_read(self, path: Path, exc: Unreadable) -> Shard:
        """Remember a data file that could not be read; the caller goes on without it."""
        rel = self._rel(path)
        self.unreadable[rel] = str(exc)
        self._note(f"{self._rel(path.parent)}/{exc}; {SKIPPED}")
        return Shard(sig=None)

    def _rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def quarantined(self) -> builtins.list[Quarantined]:
        """Every stored record that failed validation, in every collection."""
        out: list[Quarantined] = []
        for cls in RECORD_TYPES:
            for path in self.shard_paths(cls):
                out.extend(self._read_shard(cls, path).quarantined)
        return out

    # --- settings and housekeeping -------------------------------------------------------

    def settings(self) -> Settings:
        """The settings record (defaults when none is stored); the latest edited wins."""
        from reflect.core.settings import Settings

        found = self.list(Settings)
        if not found:
            return Settings()
        return max(found, key=lambda s: s.updated_at)

    def save_settings(self, settings: Settings) -> Settings:
        """Store the settings record."""
        return self.put(settings)

    def daily_backup(self) -> Path | None:
        """Make today's snapshot if it does not exist yet (cheap: unchanged files are hard links)."""
        try:
            return backups.daily(self.root, self.clock.now(), keep=self.keep_backups)
        except OSError as exc:
            raise translate_os_error(exc, "the daily backup") from None


def collection_class(name: str) -> type[Record]:
    """The model class for a collection name."""
    return BY_COLLECTION[name]
