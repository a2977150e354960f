"""`reflect doctor`: the health of the data folder, in plain lines (the checks live in doctor_checks)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Add `doctor`."""
    p = sub.add_parser("doctor", help="check the data folder, files, quarantine, backups, notifications")
    p.add_argument("--notify-test", action="store_true", help="send a test notification and say which path it took")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the report; exit 1 when something needs the user's attention."""
    from reflect.cli.doctor_checks import run as run_checks  # heavy imports only when doctor runs

    return run_checks(args)
