"""Rolling snapshots of the data folder.

A snapshot is a folder `backups/<YYYY-MM-DD>/` holding every data file as it was. Because the store
never changes a file in place (it always writes a new file and renames it), a file that has not
changed since the previous snapshot is hard-linked to that snapshot's copy instead of copied again:
a daily snapshot of ten years of data costs a few milliseconds and almost no disk. A snapshot is
built in a temporary folder and renamed into place, so a half-made snapshot is never mistaken for
a whole one.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import datetime
from pathlib import Path

from reflect.store.storage import DIR_MODE, FILE_MODE, TEMP_PREFIX, fsync_dir, remove_stale_temps

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

BACKUPS = "backups"
MANIFEST = "manifest.json"
KEEP_DAILY = 14
"""How many daily snapshots are kept."""


def data_files(root: Path) -> list[Path]:
    """Every data file in the store: `<collection>/<shard>.json`, nothing else."""
    from reflect.store.shards import is_shard_name

    files = []
    for folder in sorted(root.iterdir()) if root.is_dir() else []:
        if not folder.is_dir() or folder.name.startswith(".") or folder.name == BACKUPS:
            continue
        for path in sorted(folder.iterdir()):
            if is_shard_name(path.name) and path.is_file() and not path.is_symlink():  # never copy a link's target
                files.append(path)
    return files


def list_snapshots(root: Path) -> list[Path]:
    """Finished daily snapshots (`backups/YYYY-MM-DD/` with a manifest), oldest first."""
    folder = root / BACKUPS
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if _DAY.match(p.name) and (p / MANIFEST).is_file())


def remove_stale_work(root: Path) -> int:
    """Remove half-made snapshot folders a killed process left behind; returns how many.

    Call only while holding the backups lock, so no live snapshot is touched.
    """
    return remove_stale_temps(root / BACKUPS, folders=True)


def _signature(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def snapshot(root: Path, name: str) -> Path:
    """Make `backups/<name>/` from the current data files; returns its path.

    Unchanged files are hard-linked to the previous snapshot's copy; changed ones are copied.
    """
    backups = root / BACKUPS
    backups.mkdir(mode=DIR_MODE, exist_ok=True)
    target = backups / name
    if target.exists():
        return target
    previous = list_snapshots(root)
    prev_dir = previous[-1] if previous else None
    prev_manifest: dict[str, list[int]] = {}
    if prev_dir is not None:
        try:
            prev_manifest = json.loads((prev_dir / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            prev_manifest = {}
    work = backups / f"{TEMP_PREFIX}{name}-{os.getpid()}"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(mode=DIR_MODE)
    manifest: dict[str, list[int]] = {}
    try:
        for path in data_files(root):
            rel = path.relative_to(root).as_posix()
            try:
                sig = _signature(path)
            except FileNotFoundError:
                continue
            dest = work / rel
            dest.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
            linked = False
            if prev_dir is not None and prev_manifest.get(rel) == sig:
                try:
                    os.link(prev_dir / rel, dest)
                    linked = True
                except OSError:
                    linked = False
            if not linked:
                try:
                    shutil.copy2(path, dest)
                except FileNotFoundError:
                    continue
                os.chmod(dest, FILE_MODE)
            manifest[rel] = sig
        fd = os.open(work / MANIFEST, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(json.dumps(manifest))
            out.flush()
            os.fsync(out.fileno())
        os.rename(work, target)
        fsync_dir(backups)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return target


def daily(root: Path, now: datetime, keep: int = KEEP_DAILY) -> Path | None:
    """Make today's snapshot if there is none yet, and keep only the newest `keep` daily ones.

    Returns the new snapshot, or None when today's already existed, there is nothing to save, or
    another process is making one right now. Raises OSError when the snapshot cannot be made.
    """
    from reflect.core.errors import LockTimeout
    from reflect.store.locking import FolderLock

    name = now.strftime("%Y-%m-%d")
    existing = root / BACKUPS / name
    if existing.exists() or not data_files(root):
        return None
    (root / BACKUPS).mkdir(mode=DIR_MODE, exist_ok=True)
    lock = FolderLock(root / BACKUPS, "the backups folder")
    try:
        lock.acquire(timeout=0)
    except LockTimeout:
        return None
    try:
        remove_stale_work(root)
        if existing.exists():
            return None
        made = snapshot(root, name)
        for old in list_snapshots(root)[: -max(keep, 1)]:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        lock.release()
    return made


def pre_migration(root: Path, path: Path, now: datetime) -> Path:
    """Copy one data file aside before its first migrating write; returns the copy."""
    folder = root / BACKUPS / "pre-migration"
    folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    rel = path.relative_to(root).as_posix().replace("/", "__")
    dest = folder / f"{rel}.{now.strftime('%Y%m%dT%H%M%S')}"
    if not dest.exists():
        tmp = dest.with_name(TEMP_PREFIX + dest.name)
        shutil.copy2(path, tmp)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, dest)
        fsync_dir(folder)
    return dest


def newest(root: Path) -> Path | None:
    """The newest finished snapshot, if any."""
    snaps = list_snapshots(root)
    return snaps[-1] if snaps else None


def newest_copy(root: Path, path: Path) -> Path | None:
    """The copy of data file `path` in the newest snapshot that holds one, if any."""
    rel = path.relative_to(root)
    for snap in reversed(list_snapshots(root)):
        if (snap / rel).is_file():
            return snap / rel
    return None
