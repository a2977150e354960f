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
import shutil
from datetime import datetime
from pathlib import Path

from reflect.store.storage import DIR_MODE, TEMP_PREFIX, fsync_dir

BACKUPS = "backups"
MANIFEST = "manifest.json"
KEEP_DAILY = 14
"""How many daily snapshots are kept."""


def data_files(root: Path) -> list[Path]:
    """Every data file in the store: `<collection>/<shard>.json`, nothing else."""
    from reflect.store.repository import is_shard_name

    files = []
    for folder in sorted(root.iterdir()) if root.is_dir() else []:
        if not folder.is_dir() or folder.name.startswith(".") or folder.name == BACKUPS:
            continue
        for path in sorted(folder.iterdir()):
            if path.is_file() and is_shard_name(path.name):
                files.append(path)
    return files


def list_snapshots(root: Path) -> list[Path]:
    """Finished snapshots, oldest first."""
    folder = root / BACKUPS
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(TEMP_PREFIX))


def _signature(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_ino, st.st_size, st.st_mtime_ns]


def snapshot(root: Path, name: str) -> Path:
    """Make `backups/<name>/` from the current data files; returns its path.

    Unchanged files are hard-linked to the previous snapshot's copy; changed ones are copied.
    """
    backups = root / BACKUPS
    backups.mkdir(mode=DIR_MODE, exist_ok=True)
    target = backups / name
    if target.exists():
        return target
    previous = [p for p in list_snapshots(root) if (p / MANIFEST).is_file()]
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
                os.chmod(dest, 0o600)
            manifest[rel] = sig
        (work / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        os.chmod(work / MANIFEST, 0o600)
        os.replace(work, target)
        fsync_dir(backups)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return target


def daily(root: Path, now: datetime, keep: int = KEEP_DAILY) -> Path | None:
    """Make today's snapshot if there is none yet, and keep only the newest `keep` daily ones.

    Returns the new snapshot, or None when today's already existed or there is nothing to save.
    """
    name = now.strftime("%Y-%m-%d")
    existing = root / BACKUPS / name
    if existing.exists() or not data_files(root):
        return None
    made = snapshot(root, name)
    dailies = [p for p in list_snapshots(root) if len(p.name) == 10 and p.name[4] == "-"]
    for old in dailies[:-keep]:
        shutil.rmtree(old, ignore_errors=True)
    return made


def pre_migration(root: Path, path: Path, now: datetime) -> Path:
    """Copy one data file aside before its first migrating write; returns the copy."""
    folder = root / BACKUPS / "pre-migration"
    folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    rel = path.relative_to(root).as_posix().replace("/", "__")
    dest = folder / f"{rel}.{now.strftime('%Y%m%dT%H%M%S')}"
    if not dest.exists():
        shutil.copy2(path, dest)
        os.chmod(dest, 0o600)
        fsync_dir(folder)
    return dest


def newest(root: Path) -> Path | None:
    """The newest finished snapshot, if any."""
    snaps = list_snapshots(root)
    dated = [p for p in snaps if (p / MANIFEST).is_file()]
    return dated[-1] if dated else None
