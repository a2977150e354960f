"""The store's reads: shards parsed and cached, damaged files recovered, records listed and found.

Reads outside a write use a cache keyed by the file's (device, inode, size, mtime, ctime), so a file
replaced from outside is noticed and read again; a write never uses it (`reflect.store.writes`).
When two month files hold one id the newest copy wins in every reader (`Reads.get` says when that
happens). A file that does not parse is moved aside under the lock and what can be salvaged is
written back (`_recover`); one that cannot be read at all is named and skipped.
"""

from __future__ import annotations

import builtins
import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from reflect.core.errors import StoreError, Unreadable
from reflect.store import backups
from reflect.store.migrations import migrate, version_of
from reflect.store.recovery import salvage
from reflect.store.shards import Shard, later, parse_shard
from reflect.store.storage import (
    FILE_MODE,
    AtomicJSONStorage,
    CorruptFile,
    aside_path,
    atomic_write,
    file_sig,
    read_regular,
    serialize,
    translate_os_error,
)

if TYPE_CHECKING:  # models are imported where a record is validated: `reflect log` writes without pydantic
    from reflect.core.envelope import Record
    from reflect.store.repository import Store

R = TypeVar("R", bound="Record")


class Reads:
    """Read methods of `Store` (a mixin: it uses the store's paths, locks, cache and notes)."""

    _sig = staticmethod(file_sig)

    def _parse(self: Store, cls: type[Record], path: Path, data: dict[str, Any] | None, sig: Any) -> Shard:
        shard = parse_shard(cls, path, data, sig, self.version(cls), self.migrations)
        if cls.SHARDED:
            with self._cache_lock:
                for rid, record in shard.records.items():
                    key = (cls.COLLECTION, rid)
                    known = self._origin.get(key)
                    if known is None or known[0] == path or record.updated_at >= known[1]:
                        self._origin[key] = (path, record.updated_at)
        return shard

    def _read_shard(self: Store, cls: type[Record], path: Path) -> Shard:
        sig = self._sig(path)
        with self._cache_lock:
            cached = self._cache.get(path)
        if cached is not None and cached.sig == sig:
            return cached
        try:
            data = AtomicJSONStorage(path).read()
        except Unreadable as exc:
            return self._cannot_read(path, exc)
        except CorruptFile as exc:
            try:
                with self._locked(cls):
                    data = self._recover(cls, path, exc)
            except Unreadable as err:
                return self._cannot_read(path, err)
            except StoreError as err:
                document, count = salvage(exc.raw)
                data = document or None
                self._note(
                    f"{self._rel(path)} is damaged ({exc.reason}) and was left as it is ({err}); "
                    f"showing the {count} records that could be read"
                )
            sig = self._sig(path)
        shard = self._parse(cls, path, data, sig)
        with self._cache_lock:
            self._cache[path] = shard
        return shard

    def _recover(self: Store, cls: type[Record], path: Path, exc: CorruptFile) -> dict[str, Any] | None:
        """Under the lock: move a file that does not parse aside, salvage it, tell the user."""
        try:
            raw = read_regular(path)
        except FileNotFoundError:
            return None
        try:
            return AtomicJSONStorage(path).read()  # someone fixed it meanwhile
        except CorruptFile as again:
            exc = again
        aside = aside_path(path, "corrupt", self.clock.now())
        try:
            os.replace(path, aside)
        except OSError as err:
            raise translate_os_error(err, path.name) from None
        try:
            if not os.path.islink(aside):
                os.chmod(aside, FILE_MODE)
        except OSError:
            pass
        document, count = salvage(raw)
        if count:
            try:
                atomic_write(path, serialize(document))
            except StoreError:
                try:
                    os.replace(aside, path)  # put it back as it was: the user's file stays where it was
                except OSError:
                    pass
                raise
        copy = backups.newest_copy(self.root, path)
        hint = f"; newest backup: {self._rel(copy)}" if copy else "; no backup of it yet"
        self._note(
            f"{self._rel(path)} was damaged ({exc.reason}); the original is kept as {aside.name}; "
            f"{count} records recovered{hint}"
        )
        return document if count else None

    def list(
        self: Store,
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

    def raw_docs(
        self: Store,
        cls: type[Record],
        since: date | None = None,
        until: date | None = None,
        *,
        drop: Iterable[str] = (),
        with_deleted: bool = False,
    ) -> builtins.list[dict[str, Any]]:
        """Live records as plain dicts, without pydantic: the fast path for whole-history insights.

        Records that are not JSON objects are left out, and so are tombstones unless `with_deleted`;
        when an id appears in two shards the later `updated_at` wins, a tombstone included (see `get`). Old records are migrated;
        other values are as stored, so a caller must tolerate a quarantined record's odd fields.
        Range filtering is by month only. Keys named in `drop` are left out of the returned dicts, so
        a whole-history reader keeps only what it needs (each file's full documents are freed as
        soon as it is read: ten years of check-ins and focus blocks then fit in a few tens of MB).
        """
        target = self.version(cls)
        dropped = frozenset(drop)
        by_id: dict[str, dict[str, Any] | None] = {}
        stamps: dict[str, Any] = {}
        for path in self.shard_paths(cls, since, until):
            try:
                data = AtomicJSONStorage(path).read()
            except Unreadable as exc:
                self._cannot_read(path, exc)
                continue
            except CorruptFile:
                self._read_shard(cls, path)  # recovers, reports
                try:
                    data = AtomicJSONStorage(path).read()
                except (CorruptFile, Unreadable):
                    continue
            for doc in (data or {}).get(cls.KIND, {}).values():
                if not isinstance(doc, dict):
                    continue
                version = version_of(doc)
                if version is not None and version < target:
                    try:
                        doc = migrate(doc, target, self.migrations)
                    except (ValueError, TypeError):
                        pass
                rid = doc.get("id")
                other = stamps.get(rid) if isinstance(rid, str) else None
                if other is not None and later({"updated_at": other}, doc):
                    continue
                key = rid if isinstance(rid, str) else f"#{len(by_id)}"
                stamps[key] = doc.get("updated_at")
                if doc.get("deleted_at") is not None and not with_deleted:
                    by_id[key] = None
                else:
                    by_id[key] = {k: v for k, v in doc.items() if k not in dropped} if dropped else doc
        return [doc for doc in by_id.values() if doc is not None]

    def get(self: Store, cls: type[R], record_id: str, *, include_deleted: bool = False) -> R | None:
        """One record by id, or None. When two shards hold it, the later `updated_at` wins, as in `list`.

        Moves by this app never leave two copies once the folder is opened (`moves`), but a sync tool
        can deliver a moved record's new month before its old month's file, and another process may
        have crashed mid-move since this store opened the folder: until then the newest copy counts.

        A record this store has already seen is looked up in the file it was last seen in (the
        newest copy seen); otherwise every shard of the kind is read once (then cached).
        """
        best: Record | None = None
        with self._cache_lock:
            known = self._origin.get((cls.COLLECTION, record_id))
        if known is not None:
            best = self._read_shard(cls, known[0]).records.get(record_id) if os.path.lexists(known[0]) else None
        if best is None:
            for path in reversed(self.shard_paths(cls)):
                record = self._read_shard(cls, path).records.get(record_id)
                if record is not None and (best is None or record.updated_at > best.updated_at):
                    best = record
        if best is None or (best.deleted and not include_deleted):
            return None
        return best  # type: ignore[return-value]
