"""`reflect remind install|remove|run`: reminders to check in and reflect, also with the app closed."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta

from reflect.cli.common import moment_arg, open_store, report_problems
from reflect.core.errors import BadInput


def _times(field: str):
    def parse(text: str) -> str:
        from reflect.core.reminders import parse_times

        try:
            return ", ".join(parse_times(text, field))
        except BadInput as exc:
            raise argparse.ArgumentTypeError(str(exc).removeprefix(f"{field} ")) from None

    return parse


def register(sub: argparse._SubParsersAction) -> None:
    """Add `remind` with `install`, `remove`, `run`."""
    p = sub.add_parser("remind", help="reminders to check in and reflect: install, remove, run")
    actions = p.add_subparsers(dest="remind_action", metavar="ACTION", parser_class=type(p))
    actions.required = True
    install = actions.add_parser("install", help="set up a systemd user timer (else crontab lines) at the reminder times")
    install.add_argument("--checkin", type=_times("--checkin"), metavar="TIMES", help="check-in reminder times, e.g. '10:00,15:00' (saved in the settings)")
    install.add_argument("--reflect", type=_times("--reflect"), metavar="TIMES", help="reflection reminder times, e.g. '08:30,21:00' (saved)")
    install.set_defaults(func=run_install)
    remove = actions.add_parser("remove", help="take the timer or crontab lines away")
    remove.set_defaults(func=run_remove)
    run = actions.add_parser("run", help="remind now if a reminder is due and not yet done (what the timer calls)")
    run.add_argument("--at", type=moment_arg, metavar="ISO", help="decide as if it were this moment (default: now)")
    run.add_argument("--dry-run", action="store_true", help="print the reminders instead of sending them")
    run.set_defaults(func=run_run)


def _command(store) -> list[str]:
    """How the timer calls this very installation of reflect on this data folder."""
    return [sys.executable, "-m", "reflect", "--data-dir", str(store.root), "remind", "run"]


def run_install(args: argparse.Namespace) -> int:
    """Save the given times, then install the scheduler for all of them."""
    from reflect.core.reminders import parse_times
    from reflect.services import remind

    store = open_store(args)
    report_problems(store)
    settings = store.settings()
    update = {k: v for k, v in (("remind_checkin", args.checkin), ("remind_reflect", args.reflect)) if v is not None}
    if update:
        settings = store.save_settings(settings.model_copy(update=update))
    times = sorted(set(parse_times(settings.remind_checkin, "check-in reminder times") + parse_times(settings.remind_reflect, "reflection reminder times")))
    if not times:
        raise BadInput("no reminder times: give --checkin TIMES and/or --reflect TIMES (or set them in the app's settings)")
    print(f"reflect: {remind.install(_command(store), times)}")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    """Remove the scheduler (the times stay in the settings)."""
    from reflect.services import remind

    print(f"reflect: {remind.remove()}")
    return 0


def run_run(args: argparse.Namespace) -> int:
    """Send the reminders due now that the journal does not make unnecessary; print one line each."""
    from reflect.core.journal_day import journal_day, parse_day_start
    from reflect.core.models import CheckIn, Reflection
    from reflect.core.reminders import due_checkin, due_reflection, parse_times

    store = open_store(args)
    report_problems(store)
    settings = store.settings()
    now = args.at or store.clock.now()
    day_start = parse_day_start(settings.day_start)
    today = journal_day(now, day_start)
    checkins = store.list(CheckIn, today, today + timedelta(days=1))
    reflections = store.list(Reflection, today, today)
    due = [
        ("reflect: check in", due_checkin(now, parse_times(settings.remind_checkin, "check-in reminder times"), day_start, checkins)),
        ("reflect: reflect", due_reflection(now, parse_times(settings.remind_reflect, "reflection reminder times"), day_start, reflections)),
    ]
    sent = [(title, body) for title, body in due if body]
    if not sent:
        print("reflect: no reminder due (not a reminder time, or already done)")
        return 0
    if args.dry_run:
        for title, body in sent:
            print(f"{title}: {body}")
        return 0
    from reflect.services.notify import Notifier

    notifier = Notifier.from_settings(settings)
    for title, body in sent:
        print(f"{title}: sent by {notifier.send(title, body)}")
    return 0
