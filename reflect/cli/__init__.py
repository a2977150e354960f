"""The command line: `reflect` opens the TUI; subcommands script the journal.

Nothing here imports Textual, so `reflect log` starts fast. Each subcommand lives in its own module
with a `register(subparsers)` function that adds its parser and sets `func`.
"""

from __future__ import annotations

import io
import os
import sys
from types import SimpleNamespace

TYPE_CHECKING = False  # not typing's: `reflect --version` must not pay for importing typing
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from typing import TextIO

COMMANDS: dict[str, tuple[str, str]] = {
    "log": ("reflect.cli.log", "record a check-in: mood and energy 1-9, tags, a note"),
    "export": ("reflect.cli.data", "write the journal as JSON, CSV or Markdown"),
    "import": ("reflect.cli.data", "bring records in from reflect, Daylio or jrnl exports"),
    "sync": ("reflect.cli.data", "merge the conflict copies a sync tool left in the data folder"),
    "doctor": ("reflect.cli.doctor", "check the data folder, files, quarantine, backups, notifications"),
    "feedback": ("reflect.cli.feedback", "import replies about your strengths; see the themes"),
    "insights": ("reflect.cli.insights", "patterns in mood and energy: peak hours, tag effects, streaks"),
    "pitch": ("reflect.cli.pitch", "check a pitch script: length, pace, fillers, call to action"),
    "focus": ("reflect.cli.focus", "run a focus block: start, status, stop"),
    "demo": ("reflect.cli.demo", "open the app on a generated sample journal in a temporary folder"),
    "remind": ("reflect.cli.remind", "reminders to check in and reflect: install, remove, run"),
    "search": ("reflect.cli.search", "find text in check-in notes, reflections, feedback and the story"),
}
"""Every subcommand: the module whose `register` adds it, and its one-line help.

The help is repeated here so `reflect --help` lists every command without importing any command
module (they bring in the domain and pydantic); tests/unit/test_cli_parser.py checks it matches.
"""

COMMAND_MODULES = list(dict.fromkeys(module for module, _ in COMMANDS.values()))
"""Modules that each add one or more subcommands."""


class SafeStream(io.TextIOBase):
    """A text stream that passes everything through `for_terminal` on its way out.

    Every subcommand prints through it (stdout and stderr), so no file name, label, tag or error
    taken from outside can put an escape sequence on the user's terminal.
    """

    def __init__(self, inner: TextIO) -> None:
        from reflect.core.text import for_terminal

        self.inner = inner
        self._clean = for_terminal

    def write(self, text: str) -> int:  # type: ignore[override]
        """Write the text with its control characters made visible."""
        self.inner.write(self._clean(text))
        return len(text)

    def write_control(self, text: str) -> None:
        """Write the command's own terminal control (a countdown's carriage return) as it is."""
        self.inner.write(text)

    def flush(self) -> None:
        """Flush the wrapped stream."""
        self.inner.flush()

    def isatty(self) -> bool:
        """Whether the wrapped stream is a terminal."""
        return self.inner.isatty()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        """The wrapped stream's encoding."""
        return getattr(self.inner, "encoding", "utf-8")


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser (see `reflect.cli.parser.build_parser`)."""
    from reflect.cli.parser import build_parser as build

    return build(argv)


def run_tui(args: argparse.Namespace) -> int:
    """Open the full-screen app on the chosen data folder."""
    from reflect.app import make_app

    app = make_app(data_dir=args.data_dir)  # the store is built after the first frame
    app.run()
    return int(app.return_code or 0)


def tui_only(argv: Sequence[str]) -> argparse.Namespace | None:
    """The arguments when they only open the app (`reflect [--data-dir DIR]`), else None.

    Opening the app is the path a person waits on, so it skips building the full parser, whose
    subcommand modules bring in the domain and pydantic before the first frame.
    """
    data_dir = None
    rest = list(argv)
    while rest:
        head = rest.pop(0)
        if head == "--data-dir" and rest:
            data_dir = rest.pop(0)
        elif head.startswith("--data-dir="):
            data_dir = head.split("=", 1)[1]
        else:
            return None
    return SimpleNamespace(data_dir=data_dir, command=None)  # type: ignore[return-value]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `reflect` command. Returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = tui_only(argv)
    if args is None:
        args = build_parser(argv).parse_args(argv)
    func = getattr(args, "func", None) or run_tui
    tui = func is run_tui or getattr(args, "opens_app", False)
    saved = sys.stdout, sys.stderr
    if not tui:  # the app itself writes escape sequences; everything else goes through the sanitiser
        sys.stdout, sys.stderr = SafeStream(sys.stdout), SafeStream(sys.stderr)
    try:
        return _run(func, args)
    finally:
        sys.stdout, sys.stderr = saved


def _run(func, args: argparse.Namespace) -> int:
    """Run one command; every error becomes one line and an exit code."""
    from reflect.core.errors import ReflectError
    from reflect.paths import check_data_dir

    try:
        check_data_dir(getattr(args, "data_dir", None))
        return int(func(args) or 0)
    except ReflectError as exc:
        print(f"reflect: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("reflect: interrupted; nothing already saved was lost", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"reflect: {exc.strerror or exc}; nothing already saved was lost", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the user gets one line, never a traceback
        if os.environ.get("REFLECT_DEBUG"):
            raise
        print(f"reflect: unexpected error ({type(exc).__name__}: {exc}); nothing already saved was lost", file=sys.stderr)
        return 1
