"""A TinyDB Storage that never leaves a torn file.

Stock TinyDB truncates and rewrites its file in place, so a crash, a full disk or a second process
can leave it half written. This storage writes the whole document to a temporary file in the same
folder, flushes and fsyncs it, swaps it in with `os.replace` and fsyncs the folder: any reader,
after any crash, sees either the old file or the new one.

It keeps no file open between calls and caches nothing: every `read()` reads the disk, so a
read-modify-write done under the store's lock always starts from what is really there.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb.storages import Storage

from reflect.core.errors import DiskFull, ReadOnly, StoreError, Unreadable

if TYPE_CHECKING:
    from datetime import datetime

TEMP_PREFIX = ".tmp-"
"""Temporary files start with this, so stale ones can be found and removed at start."""

FILE_MODE = 0o600
DIR_MODE = 0o700

MAX_FILE_BYTES = 64 * 1024 * 1024
"""The largest data file read (a month of check-ins is a few hundred kB): a bigger one is refused."""

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


class CorruptFile(Exception):
    """A data file that does not parse as a TinyDB document."""

    def __init__(self, path: Path, reason: str, raw: bytes) -> None:
        super().__init__(f"{path.name}: {reason}")
        self.path = path
        self.reason = reason
        self.raw = raw


def _reject_constant(name: str) -> Any:
    raise ValueError(f"non-standard JSON constant {name}")


def _finite_float(text: str) -> float:
    value = float(text)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"number out of range: {text[:40]}")
    return value


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key[:40]!r}")
        out[key] = value
    return out


def open_regular(path: Path, flags: int = os.O_RDONLY) -> int:
    """Open `path` without following a symbolic link, and only if it is a regular file.

    Returns the descriptor. Raises FileNotFoundError when there is nothing there, Unreadable (with
    a one-line reason naming the file) for a link, a folder, a FIFO, a device or a refused read.
    A FIFO is opened non-blocking, so it can never hang the caller.
    """
    try:
        fd = os.open(path, flags | _NOFOLLOW | _NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise
    except OSError as exc:
        if exc.errno == errno.ELOOP or (exc.errno in (errno.EMLINK, errno.ENXIO) and os.path.islink(path)):
            raise Unreadable(f"{path.name} is a symbolic link; reflect reads only regular files in its folder", path) from None
        raise Unreadable(f"{path.name} cannot be read ({exc.strerror or exc})", path) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = "a folder" if stat.S_ISDIR(st.st_mode) else "a FIFO" if stat.S_ISFIFO(st.st_mode) else "not a regular file"
            raise Unreadable(f"{path.name} is {kind}; reflect reads only regular files in its folder", path)
        if _NONBLOCK:
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file, never following a link and never more than `limit` bytes.

    Raises FileNotFoundError when missing, Unreadable (naming the file) for anything else wrong.
    """
    fd = open_regular(path)
    try:
        chunks = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise Unreadable(f"{path.name} is larger than {limit // (1024 * 1024)} MB; it was not read", path)
        return b"".join(chunks)
    except OSError as exc:
        raise Unreadable(f"{path.name} cannot be read ({exc.strerror or exc})", path) from None
    finally:
        os.close(fd)


def parse_document(raw: bytes, path: Path) -> dict[str, Any]:
    """Parse a TinyDB document (`{table: {doc_id: doc}}`), or raise CorruptFile.

    An empty file is damage too: this store never writes one (an empty store is `{}`), so a file
    cut to nothing by a crash of some other tool is reported and kept aside, not silently reused.
    So are a key given twice (JSON would keep only the last: a record would vanish) and a number
    JSON cannot write back (NaN, 1e999): such a file is kept aside and salvaged, record by record.
    """
    if not raw.strip():
        raise CorruptFile(path, "the file is empty", raw)
    try:
        text = raw.decode("utf-8")
        data = json.loads(
            text, parse_constant=_reject_constant, parse_float=_finite_float, object_pairs_hook=_no_duplicates
        )
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise CorruptFile(path, str(exc).splitlines()[0][:120], raw) from None
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise CorruptFile(path, "not a table of records", raw)
    return data


_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False)
_ASCII_ENCODER = json.JSONEncoder(ensure_ascii=True, allow_nan=False)


def _row(value: Any, ascii_only: bool = False) -> str:
    """One record as JSON text: keys in the order found (so a kept record keeps its text)."""
    return (_ASCII_ENCODER if ascii_only else _ENCODER).encode(value)


def _text(data: dict[str, Any], ascii_only: bool) -> str:
    parts = []
    for table, docs in data.items():
        rows = ",\n".join(f"  {_row(str(k))}: {_row(v, ascii_only)}" for k, v in docs.items())
        parts.append(f"{_row(str(table))}: {{\n{rows}\n}}" if rows else f"{_row(str(table))}: {{}}")
    return "{" + ",\n".join(parts) + "}\n"


def serialize(data: dict[str, Any]) -> bytes:
    """The bytes written for a document: UTF-8 JSON, no NaN, one record per line for diffable files.

    Text holding a lone surrogate (from a `\\ud800` escape in a file) cannot be UTF-8: then the
    document is written with escapes, which read back the same. Raises StoreError (before any
    file is touched) when a value cannot be stored as JSON.
    """
    try:
        text = _text(data, ascii_only=False)
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError:
            return _text(data, ascii_only=True).encode("utf-8")
    except (ValueError, TypeError, RecursionError) as exc:
        raise StoreError(f"could not save: a value cannot be stored as JSON ({str(exc)[:80]}); nothing was changed") from None


def aside_path(path: Path, label: str, now: datetime) -> Path:
    """A free name beside `path` to move it aside to: `NAME.LABEL-YYYYmmddTHHMMSS`, with `-1`, `-2`...
    added while that name is taken."""
    stamp = now.strftime("%Y%m%dT%H%M%S")
    aside = path.with_name(f"{path.name}.{label}-{stamp}")
    n = 0
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.{label}-{stamp}-{n}")
    return aside


def fsync_dir(folder: Path, strict: bool = False) -> None:
    """fsync a folder so that a rename inside it survives power loss.

    Where folders cannot be opened or synced (Windows, some filesystems) this is a no-op unless
    `strict`, in which case an error of the fsync itself is raised.
    """
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows cannot open folders
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        if strict and exc.errno not in (errno.EINVAL, errno.ENOTSUP):
            raise
    finally:
        os.close(fd)


def _fsync_file(fd: int) -> None:
    import fcntl

    full = getattr(fcntl, "F_FULLFSYNC", None)
    if full is not None:  # pragma: no cover - macOS
        try:
            fcntl.fcntl(fd, full)
            return
        except OSError:
            pass
    os.fsync(fd)


def translate_os_error(exc: OSError, what: str) -> StoreError:
    """Turn an OSError into a StoreError with a one-line message that says nothing was lost."""
    tail = "this change was not saved; nothing already saved was lost"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return DiskFull(f"disk full (or file size limit reached) while saving {what}; {tail}")
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return ReadOnly(f"cannot write {what}: the data folder is read-only ({exc.strerror}); {tail}")
    return StoreError(f"could not save {what}: {exc.strerror or exc}; {tail}")


def atomic_write(path: Path, payload: bytes, *, durable: bool = True) -> None:
    """Write `payload` to `path` so that `path` holds the old bytes or the new, never a mix.

    Raises StoreError (DiskFull, ReadOnly, ...) with the original file untouched and no temp left.
    `durable=False` skips the fsyncs, for derived files that are rebuilt when lost (the insight
    cache): after a power cut such a file may be old or unreadable, never a mix.
    """
    folder = path.parent
    if os.path.islink(path):  # never write through a link: its target may be outside the folder
        raise Unreadable(f"{path.name} is a symbolic link; nothing was written", path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX + path.name + ".", dir=folder)
    except OSError as exc:
        raise translate_os_error(exc, path.name) from None
    replaced = False
    try:
        try:
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fchmod(fd, FILE_MODE)
            if durable:
                _fsync_file(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        replaced = True
        if durable:
            fsync_dir(folder, strict=True)
    except OSError as exc:
        if not replaced:
            _unlink_quietly(tmp)
            raise translate_os_error(exc, path.name) from None
        # The new file is in place; only the folder's fsync failed. The data is written and
        # readable, so the write is not reported as lost; a power cut could still undo the rename.
    except BaseException:
        if not replaced:
            _unlink_quietly(tmp)
        raise


def _unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def remove_stale_temps(folder: Path, *, folders: bool = False) -> int:
    """Remove temp files (or, with `folders`, temp folders) a crashed writer left behind.

    Returns how many were removed. Only called under the matching lock, so nothing a live writer
    is still building is touched.
    """
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not entry.name.startswith(TEMP_PREFIX):
            continue
        try:
            if folders and entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            elif not folders and entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
            else:
                continue
            removed += 1
        except OSError:
            pass
    return removed


class AtomicJSONStorage(Storage):
    """TinyDB Storage on one JSON file, read fresh on every call and written atomically."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, Any] | None:
        """Read and parse the file; None when it does not exist. Raises CorruptFile or Unreadable."""
        try:
            raw = read_regular(self.path)
        except FileNotFoundError:
            return None
        return parse_document(raw, self.path) or None

    def write(self, data: dict[str, Any]) -> None:
        """Serialize first, then replace the file atomically."""
        atomic_write(self.path, serialize(data))

    def close(self) -> None:
        """Nothing is held open."""


def file_sig(path: Path) -> tuple[int, ...] | None:
    """(device, inode, size, modification and change times in ns) of a file, not following a link;
    None when it does not exist. Two equal signatures mean the file was not replaced or written."""
    try:
        st = path.lstat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise translate_os_error(exc, path.name) from None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
