"""`reflect export`, `reflect import` and `reflect sync`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reflect.cli.common import open_store, print_conflicts, report_problems
from reflect.core.errors import BadInput, ReadOnly


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


def run_export(args: argparse.Namespace) -> int:
    """Write the export to a file or folder (atomically), or to stdout."""
    from reflect.portability.exporters import markdown_text, write_export
    from reflect.portability.transfer import export_json

    if args.format == "csv" and not args.output:
        raise BadInput("--output: CSV needs a folder, or a file name ending in .zip")
    store = open_store(args)
    if args.output:
        try:
            where = write_export(store, args.format, Path(args.output).expanduser())
        except ReadOnly as exc:
            raise ReadOnly(str(exc).replace("the data folder", "the output folder")) from None
        print(f"Exported to {where}.", file=sys.stderr)
    else:
        sys.stdout.write(markdown_text(store) if args.format == "md" else export_json(store))
    report_problems(store)
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Import a file (idempotent, so resumable); with --dry-run, list what would happen per row.

    Each data file is written whole or not at all, and a failure puts back the files already
    written; only a kill -9 or power cut between two files can leave part of an import in, and
    running the same import again then adds exactly what is missing.
    """
    from reflect.portability.importers import parse_mapping
    from reflect.portability.transfer import apply_plan, plan_file, read_text_file, remember_moods, remembered_moods

    given = parse_mapping(args.map)
    text = read_text_file(args.path)
    store = open_store(args)
    plan = plan_file(store, text, args.format, {**remembered_moods(store), **given})
    if args.dry_run:
        for line in plan.lines():
            print(line)
        print(f"Would import ({plan.format}): {plan.summary()}. Nothing was changed.")
    else:
        if plan.to_write:  # each file is written whole or not at all; a kill between files is resumable
            print(
                f"Importing {len(plan.to_write)} records; if this is interrupted, run the same import again: "
                "records already in are skipped.",
                file=sys.stderr,
            )
        apply_plan(store, plan)
        if plan.format == "daylio" and given:
            remember_moods(store, given)
        print(f"Imported ({plan.format}): {plan.summary()}.")
    report_problems(store)
    return 0


def run_sync(args: argparse.Namespace) -> int:
    """Merge every sync-conflict copy into its shard and say what was done."""
    from reflect.portability.sync import merge_conflicts

    store = open_store(args)
    report = merge_conflicts(store)
    for line in report.lines():
        print(line)
    print_conflicts(store)
    print(f"Sync: {report.summary()}.")
    report_problems(store)
    return 1 if report.unreadable else 0
