"""The full argument parser: every subcommand, or only the one a command line names.

Kept apart from `reflect.cli` so that opening the app (`reflect [--data-dir DIR]`) never imports
argparse.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence

from reflect import __version__
from reflect.cli import COMMAND_MODULES, COMMANDS


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        """Print `reflect <command>: <message>` and exit 2."""
        self.exit(2, f"{self.prog}: {message}\n")


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser, with the full parser of only the command `argv` names.

    Without `argv` every command module is registered. With it, only the module of the command
    named in `argv` is imported; every other command gets a bare entry (its name and help), enough
    for `reflect --help` and for argparse's "invalid choice" message.
    """
    parser = OneLineParser(
        prog="reflect",
        description="A private journal for independent workers: check-ins, reflection, focus, feedback, pitch.",
    )
    parser.add_argument("--version", action="version", version=f"reflect {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="data folder (default: $REFLECT_DATA_DIR, else the platform's user data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    wanted = COMMAND_MODULES if argv is None else [COMMANDS[name][0] for name in _command_named(argv)]
    for module in wanted:
        importlib.import_module(module).register(sub)
    for name, (_, help_text) in COMMANDS.items():
        if name not in sub.choices:
            sub.add_parser(name, help=help_text)
    _order_commands(sub)
    return parser


def _command_named(argv: Sequence[str]) -> list[str]:
    """The subcommand `argv` names (at most one), skipping the top-level options before it."""
    rest = list(argv)
    while rest:
        head = rest.pop(0)
        if head == "--data-dir":
            if rest:
                rest.pop(0)
        elif head.startswith("-"):
            continue
        else:
            return [head] if head in COMMANDS else []
    return []


def _order_commands(sub: argparse._SubParsersAction) -> None:
    """Put the commands in `COMMANDS` order in the help, whichever were registered first."""
    order = list(COMMANDS)
    sub._choices_actions.sort(key=lambda action: order.index(action.dest) if action.dest in order else len(order))
