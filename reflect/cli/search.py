"""`reflect search TEXT`: find words in everything written (check-ins, reflections, feedback, story)."""

from __future__ import annotations

import argparse
import json

from reflect.cli.common import int_in_range, open_store, report_problems


def register(sub: argparse._SubParsersAction) -> None:
    """Add `search`."""
    p = sub.add_parser("search", help="find text in check-in notes, reflections, feedback and the story")
    p.add_argument("text", nargs="+", metavar="TEXT", help="words that must all appear (any case)")
    p.add_argument("--limit", type=int_in_range("--limit", 1, 100000), default=50, help="at most this many results (default 50)")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print one line per match, newest first."""
    from reflect.core.search import words_of
    from reflect.services.search import search_journal

    query = " ".join(args.text)
    words_of(query)  # bad input (no words) before the store is opened
    store = open_store(args)
    report_problems(store)
    hits = search_journal(store, query, args.limit)
    if args.json:
        print(json.dumps([{"kind": h.kind, "id": h.record_id, "when": h.when, "snippet": h.snippet} for h in hits], ensure_ascii=False))
        return 0
    if not hits:
        print(f"reflect: nothing written holds {query!r}")
    for h in hits:
        print(f"{h.when:16}  {h.label:10}  {h.snippet}")
    return 0
