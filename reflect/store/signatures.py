"""Cheap signatures of collection folders, to notice files another process changed."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

Signature = tuple[tuple[str, int, int, int, int], ...]
"""(name, inode, size, mtime, ctime) of each data file in a folder, sorted by name."""


def folder_signature(folder: Path) -> Signature:
    """The signature of one collection folder: a directory listing and a stat per `.json` file.

    A missing or unreadable folder has the empty signature; a file that vanishes while it is
    listed is left out (the next look sees the folder as it then is).
    """
    found: list[tuple[str, int, int, int, int]] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return ()
    for entry in entries:
        if not entry.name.endswith(".json"):
            continue  # temp files of a write in progress, intents, locks
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        found.append((entry.name, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns))
    return tuple(sorted(found))


def collection_signatures(root: Path, names: Iterable[str]) -> dict[str, Signature]:
    """The signature of each named collection's folder under `root` (blocking: run in a thread)."""
    return {name: folder_signature(root / name) for name in names}
