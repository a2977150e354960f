"""`reflect log`: record a check-in from the shell."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from reflect.cli.common import int_in_range, moment_arg, open_store, report_problems
from reflect.core.errors import BadInput, one_line

if TYPE_CHECKING:
    from reflect.core.checkin.model import CheckIn
    from reflect.store import Store


def register(sub: argparse._SubParsersAction) -> None:
    """Add `log`."""
    p = sub.add_parser("log", help="record a check-in: mood and energy 1-9, tags, a note")
    p.add_argument("--mood", required=True, type=int_in_range("mood", 1, 9), help="pleasantness, 1-9")
    p.add_argument("--energy", type=int_in_range("energy", 1, 9), help="energy, 1-9")
    p.add_argument("--emotion", metavar="WORD", help="a word for the feeling")
    p.add_argument("--tag", action="append", default=[], metavar="T", help="a tag, may hold spaces (repeat, or separate with commas, for more)")
    p.add_argument("--note", default="", metavar="TEXT", help="a note")
    p.add_argument("--at", type=moment_arg, metavar="ISO", help="when (default now), e.g. 2026-03-14T21:05")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Validate, store, confirm in one line.

    Plain input is written as a document built without pydantic (`reflect.core.checkin.quick`,
    held to the model by a property test); anything else goes through the `CheckIn` model.
    """
    from reflect.core.checkin.checkins import check_not_future
    from reflect.core.checkin.quick import KIND, checkin_doc

    store = open_store(args)
    now = store.clock.now()
    if args.at is not None:
        check_not_future(args.at, now, "--at")
    doc = checkin_doc(
        now, mood=args.mood, energy=args.energy, emotion=args.emotion, tags=args.tag, note=args.note, at=args.at
    )
    if doc is not None:
        at = args.at or now
        store.add_doc(KIND, doc, moment=at)
        mood, energy = doc["mood"], doc["energy"]
    else:
        checkin = _with_model(store, args)
        mood, energy, at = checkin.mood, checkin.energy, checkin.at
    report_problems(store)
    shown_energy = f", energy {energy}" if energy is not None else ""
    print(f"Logged mood {mood}{shown_energy} at {at.strftime('%Y-%m-%d %H:%M')}.")
    return 0  # the day's snapshot was made by the store before its first write today


def _with_model(store: Store, args: argparse.Namespace) -> CheckIn:
    """Build the check-in as a model (it gives the one-line error for a bad value) and store it."""
    from pydantic import ValidationError

    from reflect.core.checkin.checkins import new_checkin, tag_list

    try:
        checkin = new_checkin(
            store.clock,
            mood=args.mood,
            energy=args.energy,
            emotion=args.emotion,
            tags=tag_list(args.tag),
            note=args.note,
            at=args.at,
        )
    except ValidationError as exc:
        raise BadInput(one_line(exc)) from None
    return store.add(checkin)
