"""`reflect export` and `reflect import`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reflect.cli.common import open_store, report_problems
from reflect.core.errors import BadInput, ReadOnly


def register(sub: argparse._SubParsersAction) -> None:
    """Add `export` and `import`."""
    p = sub.add_parser("export", help="write the whole journal as JSON")
    p.add_argument("--format", choices=["json"], default="json", help="output format (default json)")
    p.add_argument("--output", metavar="PATH", help="file to write (default: standard output)")
    p.set_defaults(func=run_export)

    p = sub.add_parser("import", help="bring records in from a file")
    p.add_argument("path", metavar="PATH", help="the file to import")
    p.add_argument("--format", choices=["auto", "reflect"], default="auto", help="input format (default auto)")
    p.add_argument("--dry-run", action="store_true", help="say what would be added, change nothing")
    p.set_defaults(func=run_import)


def run_export(args: argparse.Namespace) -> int:
    """Write the export to a file (atomically) or to stdout."""
    from reflect.store.portability import export_json
    from reflect.store.storage import atomic_write

    store = open_store(args)
    text = export_json(store)
    report_problems(store)
    if args.output:
        target = Path(args.output).expanduser()
        if target.is_dir():
            raise BadInput(f"--output: {target} is a folder; give a file name")
        if not target.parent.is_dir():
            raise BadInput(f"--output: folder {target.parent} does not exist")
        try:
            atomic_write(target, text.encode("utf-8"))
        except ReadOnly as exc:
            raise ReadOnly(str(exc).replace("the data folder", "the output folder")) from None
        print(f"Exported to {target}.", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def read_input(path_text: str) -> str:
    """Read an input file as UTF-8 text, or raise BadInput naming the problem."""
    path = Path(path_text).expanduser()
    if not path.exists():
        raise BadInput(f"PATH: {path} does not exist")
    if path.is_dir():
        raise BadInput(f"PATH: {path} is a folder, not a file")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BadInput(f"PATH: cannot read {path}: {exc.strerror}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput(f"PATH: {path} is not UTF-8 text") from None


def run_import(args: argparse.Namespace) -> int:
    """Import our own JSON export (idempotent, all or nothing)."""
    from reflect.store.portability import import_json

    text = read_input(args.path)
    store = open_store(args)
    plan = import_json(store, text, dry_run=args.dry_run)
    report_problems(store)
    prefix = "Would import" if args.dry_run else "Imported"
    print(f"{prefix}: {plan.summary()}.")
    return 0
