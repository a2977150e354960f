"""`reflect feedback import FILE --from NAME [--relation R]` and `reflect feedback themes [--json]`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from reflect.cli.common import open_store, report_problems
from reflect.core.feedback import strengths as st
from reflect.core.feedback.people import relations
from reflect.services import feedback_store as fs
from reflect.core.prose import counted

RELATIONS = [r["id"] for r in relations()]
"""The shipped relation ids (data/relations.json)."""


def register(sub: argparse._SubParsersAction) -> None:
    """Add `feedback` with its `import` and `themes` subcommands."""
    p = sub.add_parser("feedback", help="import replies about your strengths; see the themes")
    fsub = p.add_subparsers(dest="feedback_command", metavar="ACTION", parser_class=type(p))
    fsub.required = True
    imp = fsub.add_parser("import", help="import a reply: .txt, .md, .eml, or a form tool's .csv export")
    imp.add_argument("file", metavar="FILE", type=Path, help="the reply file")
    imp.add_argument("--from", dest="from_name", default="", metavar="NAME",
                     help='who wrote it (a name or role, e.g. "Client A"); a CSV name column overrides it')
    imp.add_argument("--relation", choices=RELATIONS, default="other", help="how you know them (for new people)")
    imp.set_defaults(func=run_import)
    th = fsub.add_parser("themes", help="strengths ranked by how many different people named them")
    th.add_argument("--json", action="store_true", help="print JSON: [{strength, people, quotes: [{text, from}]}]")
    th.set_defaults(func=run_themes)


def run_import(args: argparse.Namespace) -> int:
    """Import one file; say how many replies, from whom, and which strengths were suggested."""
    store = open_store(args)
    result = fs.import_file(store, args.file, args.from_name, args.relation)
    report_problems(store)
    for resp in result.responses:
        found = sorted({t.strength for t in resp.strengths})
        tail = f"; strengths suggested: {', '.join(found)}" if found else ""
        print(f"Imported {counted(len(resp.answers), 'answer')} from {resp.from_name}{tail}.")
    for hint in result.hints():
        print(hint)
    if result.skipped:
        print(f"Skipped {counted(result.skipped, 'reply')} already imported from this file.")
    if not result.responses and not result.skipped:
        print("Nothing to import.")
    return 0


def run_themes(args: argparse.Namespace) -> int:
    """Print the themes, best first (as text, or JSON with --json)."""
    store = open_store(args)
    data = fs.load(store)
    ranked = data.themes()
    report_problems(store)
    if args.json:
        print(json.dumps(st.themes_json(ranked), ensure_ascii=False, indent=2))
        return 0
    waiting = st.pending(data.responses)
    if waiting:
        print("Suggested, not yet accepted (confirm them in the app): "
              + ", ".join(f"{name} ({n})" for name, n in waiting))
    if not ranked:
        print("No themes yet: import replies with `reflect feedback import FILE --from NAME`,"
              " then confirm the strengths in them.")
        return 0
    for t in ranked:
        people = "1 person" if t.people == 1 else f"{t.people} people"
        print(f"{t.strength} ({people})")
        for q in t.quotes[:3]:
            text = " ".join(q["text"].split())
            print(f"  \u201c{text[:100]}{'...' if len(text) > 100 else ''}\u201d ({q['from']})")
    others_see, you_see = st.blind_spots(ranked, data.strengths)
    if others_see:
        print("Others see, you don't: " + ", ".join(others_see))
    if you_see:
        print("You see, others don't: " + ", ".join(you_see))
    return 0
