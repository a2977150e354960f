"""Helpers shared by the subcommands: opening the store, parsing values, printing problems."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from typing import TYPE_CHECKING

from reflect.core.errors import BadInput
from reflect.paths import data_dir

if TYPE_CHECKING:
    from reflect.store import Store


def open_store(args: argparse.Namespace) -> Store:
    """The store on the folder the user chose, opened (imported here: building the parser stays light)."""
    from reflect.store import Store

    return Store(data_dir(getattr(args, "data_dir", None))).open()


def report_problems(store: Store) -> None:
    """Print, one line each, any damaged files the store found and dealt with."""
    for line in store.problems:
        print(f"reflect: warning: {line}", file=sys.stderr)


def int_in_range(name: str, low: int, high: int):
    """An argparse type: an integer from `low` to `high`, else a one-line error naming `name`."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a whole number from {low} to {high}, not {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{name} must be from {low} to {high}, not {value}")
        return value

    return parse


def positive_float(name: str, high: float):
    """An argparse type: a number above 0 and at most `high`."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a number, not {text!r}") from None
        if not 0 < value <= high or value != value:
            raise argparse.ArgumentTypeError(f"{name} must be above 0 and at most {high:g}, not {text}")
        return value

    return parse


def parse_moment(text: str, field: str = "--at") -> datetime:
    """An ISO 8601 time; one without an offset is read as local time at that moment."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise BadInput(
            f"{field}: {text!r} is not an ISO 8601 time; use for example 2026-03-14T21:05 or 2026-03-14T21:05-07:00"
        ) from None
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment


def moment_arg(text: str) -> datetime:
    """argparse type wrapper for `parse_moment`."""
    try:
        return parse_moment(text)
    except BadInput as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--at: ")) from None
