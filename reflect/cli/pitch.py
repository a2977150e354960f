"""`reflect pitch check FILE`: the text checks of a pitch script, from the shell."""

from __future__ import annotations

import argparse
import json
import os

from reflect.cli.common import int_in_range, positive_float
from reflect.core.errors import BadInput
from reflect.core.story.pitch import DEFAULT_WPM, PACE_BAND, check

MAX_BYTES = 1_000_000
"""The largest script read (a pitch is a few hundred words)."""


def register(sub: argparse._SubParsersAction) -> None:
    """Add `pitch check` and `pitch listen`."""
    p = sub.add_parser("pitch", help="check a pitch script: length, pace, fillers, call to action")
    psub = p.add_subparsers(dest="pitch_command", metavar="ACTION", required=True, parser_class=type(p))
    c = psub.add_parser("check", help="word count, speaking time, fillers, long sentences, call to action")
    c.add_argument("file", metavar="FILE", help="a UTF-8 text file holding the script ('-' is not accepted)")
    c.add_argument("--target", type=positive_float("--target", 3600), metavar="SECONDS", help="target duration; warns when over budget")
    c.add_argument("--wpm", type=int_in_range("--wpm", 60, 250), metavar="N", help=f"planned pace (default: your setting, else {DEFAULT_WPM})")
    c.add_argument("--one-liner", action="store_true", help="check against the one-liner limits (25 words, 120 characters)")
    c.add_argument("--json", action="store_true", help="print the full result as JSON")
    c.set_defaults(func=run_check)
    from reflect.cli.pitch_listen import register_listen

    register_listen(psub)


def read_script(path: str) -> str:
    """The file's text; BadInput with one line when it is missing, unreadable or not text."""
    try:
        if os.path.exists(path) and not os.path.isdir(path) and not os.path.isfile(path):
            raise BadInput(f"FILE: {path} is not a regular file (a FIFO or a device would never end); give a text file")
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise BadInput(f"FILE: {path} does not exist; give the path of a text file") from None
    except IsADirectoryError:
        raise BadInput(f"FILE: {path} is a folder; give the path of a text file") from None
    except OSError as exc:
        raise BadInput(f"FILE: cannot read {path} ({exc.strerror or exc})") from None
    if len(raw) > MAX_BYTES:
        raise BadInput(f"FILE: {path} is larger than {MAX_BYTES // 1000} kB; a pitch script is allowed up to that")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput(f"FILE: {path} is not UTF-8 text") from None


def planned_pace(args: argparse.Namespace) -> int:
    """The user's planned pace from their settings (130 when there is no journal or no setting).

    Never creates the data folder: a check of a file should leave no trace.
    """
    from reflect.core.models import Settings
    from reflect.paths import data_dir

    root = data_dir(getattr(args, "data_dir", None))
    if not (root / Settings.COLLECTION).is_dir():
        return DEFAULT_WPM
    try:
        from reflect.store import Store

        return Store(root).open().settings().wpm
    except Exception:  # noqa: BLE001 - a damaged settings file must not stop a text check
        return DEFAULT_WPM


def run_check(args: argparse.Namespace) -> int:
    """Print the checks (human lines, or JSON)."""
    text = read_script(args.file)
    wpm = args.wpm or planned_pace(args)
    report = check(text, target_seconds=args.target, wpm=wpm, one_liner=args.one_liner)
    if args.json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
        return 0
    band = ", ".join(f"{report.seconds_at[str(p)]:g} s at {p}" for p in PACE_BAND)
    print(f"{report.words} words, about {report.estimated_seconds:g} s at {wpm} wpm ({band})")
    if report.budget is not None:
        print(f"Budget: {report.budget} words" + (" (over)" if report.over_budget else ""))
    lines = report.warnings()
    for line in lines:
        print(f"- {line}")
    if not lines:
        print("No problems found.")
    return 0
