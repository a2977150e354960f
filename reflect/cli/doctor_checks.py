"""The checks behind `reflect doctor`: the health of the data folder, in plain lines.

It reports the data folder and its mode, every data file (parses? mode 0600?), lock files, files
kept aside as damaged, sync-conflict copies and stray temp files, quarantined records, records
saved by a newer version, the backups, and which notification path will be used. Exit 0 when all
is well, 1 when something needs the user's attention (each such line starts with "!").
"""

from __future__ import annotations

import argparse
import importlib
import os
import stat
from pathlib import Path

from reflect.cli.common import conflicts_line, open_store
from reflect.core.errors import StoreError
from reflect.core.models import RECORD_TYPES
from reflect.store import backups
from reflect.store.recovery import salvage
from reflect.store.shards import is_shard_name
from reflect.store.repository import SKIPPED
from reflect.store.storage import TEMP_PREFIX, CorruptFile, parse_document, read_regular


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


class Report:
    """Lines of the report; `bad` counts the ones that need attention."""

    def __init__(self) -> None:
        self.bad = 0

    def ok(self, line: str) -> None:
        """A line that is fine or only informative."""
        print(f"  {line}")

    def warn(self, line: str) -> None:
        """A line that needs the user's attention."""
        self.bad += 1
        print(f"! {line}")


def _walk(root: Path) -> list[Path]:
    """Everything under `root`, never following a symbolic link (one may point anywhere)."""
    out = []
    for top, dirs, files in os.walk(root, followlinks=False):
        out.extend(Path(top) / name for name in [*dirs, *files])
    return sorted(out)


def _check_modes(root: Path, report: Report) -> None:
    """Warn about what others can read; modes are never changed here (nor on existing folders)."""
    loose = []
    top = stat.S_IMODE(root.stat().st_mode)  # the folder itself, through a link if it is one
    if top & 0o077:
        loose.append(f"the data folder ({oct(top)[2:]})")
    for path in _walk(root):
        if path.is_symlink():
            continue
        if _mode(path) & 0o077:
            loose.append(f"{path.relative_to(root).as_posix()} ({oct(_mode(path))[2:]})")
    if loose:
        shown = ", ".join(loose[:5]) + (f" and {len(loose) - 5} more" if len(loose) > 5 else "")
        report.warn(f"not private (folders should be 0700, files 0600): {shown}")
    else:
        report.ok("modes: every folder 0700, every file 0600")


def _check_writable(root: Path, report: Report) -> None:
    """Try to create (and remove) a temp file: a read-only folder means nothing new can be saved."""
    probe = root / f"{TEMP_PREFIX}doctor.{os.getpid()}"
    try:  # a probe, not a writer: created empty and removed at once (the sweep removes a leftover)
        fd = os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o600)
    except OSError as exc:
        report.warn(f"the data folder cannot be written ({exc.strerror or exc}): nothing new can be saved")
        return
    os.close(fd)
    os.unlink(probe)


def _only_aside(store, cls, path: Path, live: set[str]) -> int:
    """How many records a `.corrupt-*` copy holds that the journal does not: they exist only there."""
    try:
        document, _ = salvage(read_regular(path))
    except (OSError, StoreError):
        return 0
    ids = {d.get("id") for d in document.get(cls.KIND, {}).values() if isinstance(d, dict)}
    return len({i for i in ids if isinstance(i, str)} - live)


def _check_collection(store, cls, report: Report) -> None:
    folder = store.folder(cls)
    if not folder.is_dir():
        return
    rel = cls.COLLECTION
    paths = store.shard_paths(cls)
    damaged = []
    unreadable = []
    for path in paths:
        try:
            parse_document(read_regular(path), path)
        except CorruptFile as exc:
            damaged.append(f"{path.name} ({exc.reason})")
        except FileNotFoundError:
            continue
        except StoreError as exc:
            unreadable.append(str(exc))
    for line in damaged:
        report.warn(f"{rel}/{line}: does not parse; it is set aside and salvaged when read")
    for line in unreadable:
        report.warn(f"{rel}/{line}; its records are left out of everything until it is fixed")
    records = store.list(cls, include_deleted=True)
    live = sum(1 for r in records if not r.deleted)
    report.ok(f"{rel}: {live} records ({len(records) - live} deleted) in {len(paths)} file{'s' if len(paths) != 1 else ''}")
    readonly = sum(len(store._read_shard(cls, p).readonly) for p in store.shard_paths(cls))
    if readonly:
        report.ok(f"{rel}: {readonly} records saved by a newer version of reflect (read-only here, kept as they are)")
    others = sorted(p.name for p in folder.iterdir() if not is_shard_name(p.name, cls.SHARDED) and p.name != ".lock")
    ids = {r.id for r in records}
    for name in others:
        if ".corrupt-" in name:
            only = _only_aside(store, cls, folder / name, ids)
            if only:
                report.warn(f"{rel}/{name}: a damaged file holding {only} records found nowhere else; keep it")
            else:
                report.ok(f"{rel}/{name}: a damaged file kept as it was found (delete it once you are sure)")
        elif name.startswith(TEMP_PREFIX):
            report.ok(f"{rel}/{name}: a temp file left by an interrupted write (removed at the next start)")
        elif name.endswith(".json"):
            report.warn(f"{rel}/{name}: a sync-conflict or stray copy; it is not read (run `reflect sync` to merge it)")
        else:
            report.ok(f"{rel}/{name}: not a reflect file; ignored")


def run(args: argparse.Namespace) -> int:
    """Print the report; exit 1 when something needs the user's attention."""
    store = open_store(args)
    root = store.root
    report = Report()
    print(f"data folder: {root}")
    _check_writable(root, report)
    _check_modes(root, report)
    print("files:")
    for cls in RECORD_TYPES:
        _check_collection(store, cls, report)
    quarantined = store.quarantined()
    print(f"quarantined records: {len(quarantined) or 'none'}")
    for q in quarantined:
        report.warn(f"{q.path.relative_to(root).as_posix()} #{q.doc_id}: {q.error} (kept exactly as found)")
    conflicts = conflicts_line(store)
    print(conflicts or "records edited in two places: none")
    for line in store.problems:
        if not line.endswith(SKIPPED):  # unreadable files are named above already
            report.warn(f"repaired: {line}")
    snaps = backups.list_snapshots(root)
    newest = backups.newest(root)
    if newest:
        print(f"backups: {len(snaps)} daily snapshots in backups/, newest {newest.name} (keeps {store.keep_backups})")
    else:
        print("backups: none yet (one is made before the first write of each day)")
    pre = root / backups.BACKUPS / "pre-migration"
    if pre.is_dir():
        print(f"  {sum(1 for _ in pre.iterdir())} copies made before migrations in backups/pre-migration/")
    cache = root / ".cache"
    if cache.is_dir():
        size = sum(p.stat().st_size for p in cache.iterdir() if p.is_file())
        print(f"kept insight sums: .cache/, {size / 1e6:.1f} MB (derived from the journal; safe to delete)")
    notify = importlib.import_module("reflect.services.notify")
    print(f"notifications: {notify.describe_backend()}")
    if getattr(args, "notify_test", False):
        send_test = getattr(notify, "send_test", None)
        print(send_test() if send_test else "notification test: not available in this build")
    print("status: all well" if not report.bad else f"status: {report.bad} thing{'s' if report.bad != 1 else ''} need attention (lines marked !)")
    return 1 if report.bad else 0
