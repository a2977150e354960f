"""Helpers shared by the subcommands: opening the store, parsing values, printing problems."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from typing import TYPE_CHECKING

from reflect.core.clock import local_moment, year_problem
from reflect.core.errors import BadInput, StoreError
from reflect.cli import SafeStream
from reflect.paths import data_dir, shown

if TYPE_CHECKING:
    from reflect.store import Store


def open_store(args: argparse.Namespace) -> Store:
    """The store on the folder the user chose, opened (imported here: building the parser stays light)."""
    from reflect.store import Store

    return Store(data_dir(getattr(args, "data_dir", None))).open()


def write_control(text: str) -> None:
    """Write reflect's own terminal control sequence to stdout, past the sanitiser (never outside text)."""
    out = sys.stdout
    (out.write_control if isinstance(out, SafeStream) else out.write)(text)


def report_problems(store: Store) -> None:
    """Print, one line each, any damaged files the store found; exit 1 if some could not be read.

    A file that could not be read was left out of what was shown or counted, so the command must
    not look successful: the message names every such file.
    """
    for line in store.problems:
        print(f"reflect: warning: {line}", file=sys.stderr)
    if store.unreadable:
        names = ", ".join(sorted(store.unreadable))
        raise StoreError(f"could not read {names} (see the warnings above); everything else was read and nothing was lost")


def int_in_range(name: str, low: int, high: int):
    """An argparse type: an integer from `low` to `high`, else a one-line error naming `name`."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a whole number from {low} to {high}, not {shown(text)}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{name} must be from {low} to {high}, not {text.strip() if len(text) <= 20 else shown(text)}")
        return value

    return parse


def positive_float(name: str, high: float):
    """An argparse type: a number above 0 and at most `high`."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a number, not {shown(text)}") from None
        if not 0 < value <= high or value != value:
            raise argparse.ArgumentTypeError(f"{name} must be above 0 and at most {high:g}, not {shown(text)}")
        return value

    return parse




def parse_moment(text: str, field: str = "--at") -> datetime:
    """An ISO 8601 time; one without an offset is a wall time in the local zone (`local_moment`).

    An offset must be whole minutes (a stored time never has seconds in its offset).
    """
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise BadInput(
            f"{field}: {shown(text, 40)} is not an ISO 8601 time; use for example 2026-03-14T21:05 or 2026-03-14T21:05-07:00"
        ) from None
    if problem := year_problem(moment):
        raise BadInput(f"{field}: {problem}")
    if moment.tzinfo is None:
        try:
            return local_moment(moment)
        except ValueError as exc:
            raise BadInput(f"{field}: {exc}") from None
    offset = moment.utcoffset()
    if offset is not None and (offset.seconds % 60 or offset.microseconds):
        raise BadInput(f"{field}: the UTC offset must be whole minutes (like +05:30), not {shown(text, 40)}")
    return moment


def moment_arg(text: str) -> datetime:
    """argparse type wrapper for `parse_moment`."""
    try:
        return parse_moment(text)
    except BadInput as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--at: ")) from None


def conflicts_line(store: Store) -> str | None:
    """A line naming the Conflicts screen when records hold another copy, and one naming Story's
    conflicts view when story texts do; None when nothing does."""
    from reflect.core.prose import counted
    from reflect.core.story.records import PitchVariant, StoryPart
    from reflect.services.record_conflicts import count

    lines = []
    n = count(store)
    if n:
        lines.append(f"{counted(n, 'record')} edited in two places keep{'s' if n == 1 else ''} the other copy: "
                     "open Conflicts in the app (ctrl+p, Conflicts) to compare and keep either")
    texts = sum(1 for cls in (StoryPart, PitchVariant) for r in store.list(cls) if r.conflicts)
    if texts:  # the story's texts keep theirs on the record itself, shown by Story's own conflicts view
        lines.append(f"{counted(texts, 'story text')} edited in two places keep{'s' if texts == 1 else ''} both copies: "
                     "open Story in the app and press ctrl+b to compare and keep either")
    return "\n".join(lines) or None


def print_conflicts(store: Store) -> None:
    """Print `conflicts_line` when there is one."""
    line = conflicts_line(store)
    if line:
        print(line)
