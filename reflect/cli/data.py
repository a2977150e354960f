"""`reflect export`, `reflect import` and `reflect sync`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reflect.cli.common import open_store, report_problems
from reflect.core.errors import BadInput, ReadOnly
from reflect.store.storage import atomic_write


def register(sub: argparse._SubParsersAction) -> None:
    """Add `export`, `import` and `sync`."""
    p = sub.add_parser("export", help="write the journal as JSON, CSV or Markdown")
    p.add_argument("--format", choices=["json", "csv", "md"], default="json", help="output format (default json)")
    p.add_argument(
        "--output", metavar="PATH",
        help="file to write (default: standard output); for csv a folder, or a file ending in .zip",
    )
    p.set_defaults(func=run_export)

    p = sub.add_parser("import", help="bring records in from reflect, Daylio or jrnl exports")
    p.add_argument("path", metavar="PATH", help="the file to import")
    p.add_argument(
        "--format", choices=["auto", "reflect", "daylio", "jrnl"], default="auto",
        help="input format (default auto: told from the file's content)",
    )
    p.add_argument("--dry-run", action="store_true", help="say what would be added and skipped, change nothing")
    p.add_argument(
        "--map", action="append", metavar="LABEL=N", default=[],
        help="a Daylio mood label's level from 1 to 9 (repeatable); defaults rad=9 good=7 meh=5 bad=3 awful=1",
    )
    p.set_defaults(func=run_import)

    p = sub.add_parser("sync", help="merge the conflict copies a sync tool left in the data folder")
    p.set_defaults(func=run_sync)


def _output_path(text: str) -> Path:
    return Path(text).expanduser()


def run_export(args: argparse.Namespace) -> int:
    """Write the export to a file or folder (atomically), or to stdout."""
    from reflect.store.exporters import markdown_text, write_csv, write_markdown
    from reflect.store.portability import export_json

    if args.format == "csv" and not args.output:
        raise BadInput("--output: CSV needs a folder, or a file name ending in .zip")
    store = open_store(args)
    target = _output_path(args.output) if args.output else None
    try:
        if args.format == "csv":
            assert target is not None
            written = write_csv(store, target)
            where = target if len(written) == 1 else f"{target} ({len(written)} files)"
        elif args.format == "md":
            if target is None:
                sys.stdout.write(markdown_text(store))
            else:
                where = write_markdown(store, target)
        else:
            text = export_json(store)
            if target is None:
                sys.stdout.write(text)
            else:
                if target.is_dir():
                    raise BadInput(f"--output: {target} is a folder; give a file name")
                if not target.parent.is_dir():
                    raise BadInput(f"--output: folder {target.parent} does not exist")
                atomic_write(target, text.encode("utf-8"))
                where = target
    except ReadOnly as exc:
        raise ReadOnly(str(exc).replace("the data folder", "the output folder")) from None
    report_problems(store)
    if target is not None:
        print(f"Exported to {where}.", file=sys.stderr)
    return 0


def read_input(path_text: str) -> str:
    """Read an input file as UTF-8 text (a BOM is dropped), or raise BadInput naming the problem."""
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
    """Import a file (idempotent, all or nothing); with --dry-run, list what would happen per row."""
    from reflect.store.importers import parse_mapping
    from reflect.store.portability import apply_plan, plan_file

    mapping = parse_mapping(args.map)
    text = read_input(args.path)
    store = open_store(args)
    plan = plan_file(store, text, args.format, mapping)
    if args.dry_run:
        for line in plan.lines():
            print(line)
        print(f"Would import ({plan.format}): {plan.summary()}. Nothing was changed.")
    else:
        apply_plan(store, plan)
        print(f"Imported ({plan.format}): {plan.summary()}.")
    report_problems(store)
    return 0


def run_sync(args: argparse.Namespace) -> int:
    """Merge every sync-conflict copy into its shard and say what was done."""
    from reflect.store.sync import merge_conflicts

    store = open_store(args)
    report = merge_conflicts(store)
    for line in report.lines():
        print(line)
    print(f"Sync: {report.summary()}.")
    report_problems(store)
    return 0
