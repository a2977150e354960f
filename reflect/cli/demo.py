"""`reflect demo`: the app on a generated sample journal in a temporary folder.

The sample is the design's heavy user (see `reflect.core.sample.journal`), one year by default. The folder
is named on stderr before the app opens and again after it closes; it is deleted on exit unless
`--keep` is given. The user's own journal is never touched.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from reflect.cli.common import positive_float
from reflect.core.prose import counted


def register(sub: argparse._SubParsersAction) -> None:
    """Add `demo`."""
    p = sub.add_parser(
        "demo",
        help="open the app on a generated sample journal in a temporary folder",
        description="Open the app on a generated sample journal (your own journal is not touched).",
    )
    p.add_argument("--years", type=positive_float("--years", 10), default=1.0, metavar="N",
                   help="years of sample history, up to 10 (default 1)")
    p.add_argument("--keep", action="store_true", help="keep the sample folder after quitting")
    p.add_argument("--no-open", action="store_true",
                   help="only make the sample folder and print where it is (use with --keep to script against it)")
    p.set_defaults(func=run, opens_app=True)


def run(args: argparse.Namespace) -> int:
    """Make the folder, fill it, open the app, clean up."""
    from reflect.core.sample.journal import fill
    from reflect.store import Store

    folder = Path(tempfile.mkdtemp(prefix="reflect-demo-"))
    try:
        print(f"reflect demo: writing {counted(float(args.years), 'year')} of sample data to {folder} ...", file=sys.stderr)
        store = Store(folder).open()
        counts = fill(store, store.clock.now(), args.years)
        print(
            f"reflect demo: {counted(counts.get('checkins', 0), 'check-in')}, {counted(counts.get('focus_blocks', 0), 'focus block')}, "
            f"{counted(counts.get('reflections', 0), 'reflection')}, {counted(counts.get('feedback_responses', 0), 'feedback reply')} "
            f"in {folder}",
            file=sys.stderr,
        )
        code = 0
        if not args.no_open:
            from reflect.app import make_app

            app = make_app(store=store)
            app.sub_title = f"sample journal in {folder}"
            app.run()
            code = int(app.return_code or 0)
    finally:
        if args.keep:
            print(f"reflect demo: kept the sample journal in {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)
            print(f"reflect demo: deleted the sample journal in {folder}", file=sys.stderr)
    return code
