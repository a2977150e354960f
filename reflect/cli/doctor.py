"""`reflect doctor`: the health of the data folder, in plain lines."""

from __future__ import annotations

import argparse
import stat

from reflect.cli.common import open_store, report_problems


def register(sub: argparse._SubParsersAction) -> None:
    """Add `doctor`."""
    p = sub.add_parser("doctor", help="check the data folder, files, quarantine, backups, notifications")
    p.add_argument("--notify-test", action="store_true", help="send a test notification and say which path it took")
    p.set_defaults(func=run)


def _mode(path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


def run(args: argparse.Namespace) -> int:
    """Print the report; exit 1 when something needs the user's attention."""
    from reflect.core.models import RECORD_TYPES
    from reflect.services.notify import describe_backend
    from reflect.store import backups

    store = open_store(args)
    root = store.root
    bad = 0
    print(f"data folder: {root} (mode {_mode(root)}{'' if _mode(root) == '0o700' else ', expected 0o700'})")
    for cls in RECORD_TYPES:
        if not store.shard_paths(cls):
            continue
        count = len(store.list(cls, include_deleted=True))  # reads every file, moving damaged ones aside
        paths = store.shard_paths(cls)  # listed again: a damaged file may have been moved aside
        loose = [p.name for p in paths if _mode(p) != "0o600"]
        line = f"{cls.COLLECTION}: {count} records in {len(paths)} file{'s' if len(paths) != 1 else ''}"
        if loose:
            line += f"; files not 0600: {', '.join(loose)}"
            bad += 1
        print(line)
        others = sorted(p.name for p in store.folder(cls).iterdir() if ".corrupt-" in p.name)
        for name in others:
            print(f"  kept damaged file: {cls.COLLECTION}/{name}")
    quarantined = store.quarantined()
    if quarantined:
        bad += 1
        print(f"quarantined records: {len(quarantined)} (kept as found, never dropped)")
        for q in quarantined:
            print(f"  {q.path.relative_to(root).as_posix()} #{q.doc_id}: {q.error}")
    else:
        print("quarantined records: none")
    for line in store.problems:
        bad += 1
        print(f"repaired: {line}")
    snaps = backups.list_snapshots(root)
    newest = backups.newest(root)
    print(f"backups: {len(snaps)}" + (f", newest {newest.name}" if newest else " (one is made on the first write of each day)"))
    print(f"notifications: {describe_backend()}")
    if getattr(args, "notify_test", False):
        from reflect.services.notify import send_test

        print(send_test())
    report_problems(store)
    return 1 if bad else 0
