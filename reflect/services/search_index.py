"""A derived index that lets search skip reading the whole journal on every query.

`<data folder>/.cache/search.sqlite` (stdlib sqlite3) holds, per record of the searched kinds, what
`core.search` matches on: the case-folded text, the texts for the snippet, when, and the record's
file. Each data file's signature (device, inode, size, modification and change time) is kept
beside its rows, so a query first re-reads only the files that changed since the last one (a new
check-in, an edit, a file a sync tool replaced) and drops the rows of files that are gone.

It is never the source of truth: the JSON files are. It can be deleted at any time (it is rebuilt
on the next search), a damaged one is deleted and rebuilt, and when it cannot be written (a
read-only or full disk) search reads every record instead, as it did before the index. It holds
the journal's words, so it is created private (0600, in the 0700 `.cache` folder) and never
follows a link put in its place.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from reflect import __version__
from reflect.core.search import Hit, Searchable, hit, searchable
from reflect.store.shards import SINGLE
from reflect.store.storage import DIR_MODE, FILE_MODE

FORMAT = 1
"""Bumped when what is kept changes; an index of another format (or app version) is rebuilt."""

BUSY_SECONDS = 10.0
"""How long a query waits for another process updating the index."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, sig TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    file TEXT NOT NULL, kind_order INTEGER NOT NULL, pos INTEGER NOT NULL,
    kind TEXT NOT NULL, id TEXT NOT NULL, updated TEXT NOT NULL, deleted INTEGER NOT NULL,
    at TEXT NOT NULL, texts TEXT NOT NULL, folded TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS docs_file ON docs (file);
CREATE INDEX IF NOT EXISTS docs_record ON docs (kind, id);
"""


class IndexUnavailable(Exception):
    """The index cannot be used here (cannot be created, written or read): search reads every record."""


def index_path(root: Path) -> Path:
    """Where a data folder's search index lives."""
    return root / ".cache" / "search.sqlite"


def search_indexed(store: Any, kinds: Sequence[type], words: list[str], limit: int | None) -> list[Hit]:
    """Records of `kinds` holding every word (already case-folded), newest first, through the index.

    Raises IndexUnavailable when the index cannot be used; the caller then reads every record.
    A damaged index file is deleted and built again once.
    """
    path = index_path(store.root)
    for attempt in (1, 2):
        try:
            with _connect(path) as db:
                _bring_up_to_date(db, store, kinds)
                return _query(db, words, limit)
        except sqlite3.DatabaseError as exc:  # corrupt, not a database, locked too long, disk full
            if attempt == 2 or isinstance(exc, sqlite3.OperationalError):
                raise IndexUnavailable(str(exc)) from None
            _remove(path)
    raise AssertionError("unreachable")


@contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection to the index file, created private if missing; never through a link."""
    try:
        path.parent.mkdir(mode=DIR_MODE, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, FILE_MODE)
        try:
            st = os.fstat(fd)
        finally:
            os.close(fd)
    except OSError as exc:  # read-only, full, a link or something else put in its place
        raise IndexUnavailable(str(exc)) from None
    if not (st.st_mode & 0o170000 == 0o100000):
        raise IndexUnavailable(f"{path.name} is not a regular file")
    with closing(sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)) as db:
        yield db


def _remove(path: Path) -> None:
    for name in (path.name, f"{path.name}-journal"):
        try:
            os.unlink(path.with_name(name))
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise IndexUnavailable(str(exc)) from None


def _stamp() -> str:
    return f"{FORMAT}/{__version__}"


def _bring_up_to_date(db: sqlite3.Connection, store: Any, kinds: Sequence[type]) -> None:
    """Re-read the data files that changed since the index last saw them; forget those that are gone."""
    db.executescript(_SCHEMA)  # (executescript commits first: it cannot run inside the transaction)
    db.execute("BEGIN IMMEDIATE")  # one process updates at a time; the others wait, then find it done
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()
        if row is None or row[0] != _stamp():
            db.execute("DELETE FROM docs")
            db.execute("DELETE FROM files")
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('stamp', ?)", (_stamp(),))
        known = dict(db.execute("SELECT path, sig FROM files").fetchall())
        seen: set[str] = set()
        for order, cls in enumerate(kinds):
            for file in store.shard_paths(cls):
                rel = f"{file.parent.name}/{file.name}"
                seen.add(rel)
                sig = store._sig(file)  # before reading: a change while reading is caught next time
                if sig is None:
                    continue
                text_sig = ":".join(map(str, sig))
                if known.get(rel) == text_sig:
                    continue
                db.execute("DELETE FROM docs WHERE file = ?", (rel,))
                db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               _rows(rel, order, _file_docs(store, cls, file)))
                db.execute("INSERT OR REPLACE INTO files (path, sig) VALUES (?, ?)", (rel, text_sig))
        for rel in known.keys() - seen:
            db.execute("DELETE FROM docs WHERE file = ?", (rel,))
            db.execute("DELETE FROM files WHERE path = ?", (rel,))
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


def _file_docs(store: Any, cls: type, file: Path) -> list[dict[str, Any]]:
    """One data file's records (tombstones included), migrated, as plain dicts."""
    if not getattr(cls, "SHARDED", False) or file.name == SINGLE:
        return list(store.raw_docs(cls, with_deleted=True))
    first = date(int(file.name[:4]), int(file.name[5:7]), 1)
    return list(store.raw_docs(cls, first, first, with_deleted=True))


def _rows(rel: str, order: int, docs: list[dict[str, Any]]) -> Iterator[tuple[Any, ...]]:
    for pos, doc in enumerate(docs):
        deleted = bool(doc.get("deleted_at"))
        item = searchable(doc) if not deleted else None
        updated = doc.get("updated_at")
        if deleted:
            yield (rel, order, pos, str(doc.get("kind", "")), str(doc.get("id", "")),
                   updated if isinstance(updated, str) else "", 1, "", "[]", "")
        elif item is not None:
            yield (rel, order, pos, item.kind, item.record_id, updated if isinstance(updated, str) else "", 0,
                   item.when, json.dumps(item.texts, ensure_ascii=False), item.folded)


def _query(db: sqlite3.Connection, words: list[str], limit: int | None) -> list[Hit]:
    """Live rows holding every word; of a record seen in two files, only its newest copy.

    Matches are ordered as reading every record would meet them, then newest first (a stable sort),
    and only the ones kept by `limit` have their snippet made.
    """
    match = " AND ".join("instr(d.folded, ?) > 0" for _ in words)
    sql = (f"SELECT d.rowid, d.at FROM docs d WHERE d.deleted = 0 AND {match} "
           "AND NOT EXISTS (SELECT 1 FROM docs e WHERE e.kind = d.kind AND e.id = d.id AND e.updated > d.updated) "
           "ORDER BY d.kind_order, d.file, d.pos")
    found = db.execute(sql, words).fetchall()
    found.sort(key=lambda row: row[1], reverse=True)
    if limit:
        found = found[:limit]
    rows: dict[int, tuple[str, str, str, str]] = {}
    ids = [rowid for rowid, _at in found]
    for start in range(0, len(ids), 500):  # well under SQLite's limit on parameters
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for rowid, *rest in db.execute(f"SELECT rowid, kind, id, at, texts FROM docs WHERE rowid IN ({marks})", chunk):
            rows[rowid] = tuple(rest)  # type: ignore[assignment]
    return [hit(Searchable(kind, rid, when, json.loads(texts), ""), words[0])
            for kind, rid, when, texts in (rows[rowid] for rowid in ids)]
