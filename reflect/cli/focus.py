"""`reflect focus start|status|stop`: run a focus block from the shell, shared with the TUI."""

from __future__ import annotations

import argparse
import sys
import time

from pydantic import ValidationError

from reflect.cli.common import open_store, report_problems, write_control
from reflect.core.focus import timer as F
from reflect.core.errors import BadInput, ReflectError, one_line
from reflect.core.models import LINE_MAX
from reflect.core.text import clean_line

RECHECK_SECONDS = 1.0
"""How often the running command re-reads the block (another window may pause or stop it)."""


def _minutes(text: str) -> float:
    try:
        return F.parse_minutes(text, "--minutes")
    except BadInput as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--minutes ")) from None


def register(sub: argparse._SubParsersAction) -> None:
    """Add `focus` with `start`, `status`, `stop`."""
    p = sub.add_parser("focus", help="run a focus block: start, status, stop")
    actions = p.add_subparsers(dest="focus_action", metavar="ACTION", parser_class=type(p))
    actions.required = True
    start = actions.add_parser("start", help="start a block and count down to its end")
    start.add_argument("--minutes", type=_minutes, help="length in minutes, may be fractional (default: settings, 25)")
    start.add_argument("--intention", default="", metavar="TEXT", help="what this block is for")
    start.set_defaults(func=run_start)
    status = actions.add_parser("status", help="show the running (or unreconciled) block")
    status.set_defaults(func=run_status)
    stop = actions.add_parser("stop", help="end the running block now")
    stop.add_argument("--discard", action="store_true", help="do not count the block as focus")
    stop.set_defaults(func=run_stop)


def _open(args: argparse.Namespace):
    store = open_store(args)
    report_problems(store)
    return store, F.find_open(store, store.clock.now().date())


def _save(store, block):
    try:
        return store.put(block)
    except ReflectError:
        raise
    except OSError as exc:
        raise ReflectError(f"could not save the block ({exc.strerror or exc}); nothing already saved was lost") from None


def run_start(args: argparse.Namespace) -> int:
    """Start a block, count down on one line, notify at the end, record it as done."""
    store, running = _open(args)
    if running is not None:
        what = f" ({running.intention})" if running.intention else ""
        raise ReflectError(f"a focus block is already running{what}; see `reflect focus status` or `reflect focus stop`")
    settings = store.settings()
    minutes = args.minutes if args.minutes is not None else settings.focus_minutes
    intention = clean_line(args.intention)
    if len(intention) > LINE_MAX:
        raise BadInput(f"--intention must be at most {LINE_MAX} characters, not {len(intention)}")
    try:
        block = F.start_block(store.clock, minutes * 60, intention)
    except ValidationError as exc:
        raise BadInput(one_line(exc)) from None
    block = _save(store, block)
    from reflect.services.notify import Notifier

    notifier = Notifier.from_settings(settings)
    tty = sys.stdout.isatty()
    label = block.intention or "Focus block"
    try:
        block = _countdown(store, block, tty, label)
    except KeyboardInterrupt:
        now = store.clock.now()
        current = store.get(type(block), block.id) or block
        if current.ended_at is None:
            _save(store, F.abandon(current, now, "stopped with Ctrl-C"))
        if tty:
            write_control("\r\x1b[K")
        print(f"Focus block abandoned after {F.describe_seconds(F.elapsed(current, now))}; recorded.", file=sys.stderr)
        return 130
    if tty:
        write_control("\r\x1b[K")
    if block.outcome == "done" and block.ended_at is not None:
        delivery = notifier.send("Focus block done", label)
        print(f"Focus block done: {label} ({F.describe_seconds(F.elapsed(block, block.ended_at))}); notified by {delivery.path}.")
    elif block.ended_at is None:
        notifier.send("Focus block ended while away", label)
        print("The block's end passed while the machine slept; run `reflect` to count the away time.")
    else:
        print(f"Focus block ended elsewhere ({block.outcome or 'ended'}).")
    return 0


def _countdown(store, block, tty: bool, label: str):
    """Tick until the block ends; re-read it now and then in case another window changed it."""
    timer = F.FocusTimer(store.clock, block)
    next_check = time.monotonic() + RECHECK_SECONDS
    shown = ""
    while True:
        tick = timer.tick()
        if tick.state in ("away", "expired"):
            return timer.block  # the end passed unseen (the machine slept): the user decides later
        if tick.state == "ended":
            done = F.finish(timer.block, store.clock.now(), "done")
            return _save(store, done)
        if tty:
            text = f"{'paused ' if tick.state == 'paused' else ''}{F.describe_seconds(tick.remaining)}  {label[:50]}"
            if text != shown:
                write_control("\r")
                sys.stdout.write(text)  # the label is the user's text: through the sanitiser
                write_control("\x1b[K")
                sys.stdout.flush()
                shown = text
        if time.monotonic() >= next_check:
            next_check = time.monotonic() + RECHECK_SECONDS
            current = store.get(type(block), block.id)
            if current is None or current.ended_at is not None:
                return current or block
            timer.watch(current)
        step = 0.2 if tick.state == "paused" else min(0.2, max(0.005, tick.remaining))
        time.sleep(step)


def run_status(args: argparse.Namespace) -> int:
    """Print the running or unreconciled block, or say there is none."""
    store, block = _open(args)
    if block is None:
        print("No focus block is running.")
        return 0
    now = store.clock.now()
    st = F.state(block, now)
    label = block.intention or "(no intention)"
    kind = "Break" if block.block_type == "break" else "Focus block"
    if st == "running":
        print(f"{kind} running: {label}; {F.describe_seconds(F.remaining(block, now))} left of {F.describe_seconds(block.planned_seconds)}.")
    elif st == "paused":
        print(f"{kind} paused: {label}; {F.describe_seconds(F.remaining(block, now))} left.")
    else:
        ago = (now - F.planned_end(block, now)).total_seconds()
        state_word = "expired" if st == "expired" else "ended"
        print(f"{kind} {state_word} {F.describe_ago(ago)} while away: {label}; open reflect to count the away time.")
    return 0


def run_stop(args: argparse.Namespace) -> int:
    """End the running block now (as done, or discarded)."""
    store, block = _open(args)
    if block is None:
        print("No focus block is running.")
        return 0
    now = store.clock.now()
    if args.discard:
        ended = F.finish(block, now, "discarded")
    elif F.state(block, now) in ("due", "expired"):
        ended = F.reconcile(block, "break", now)
    else:
        ended = F.finish(block, now, "done" if F.remaining(block, now) <= 0 else "partial")
    _save(store, ended)
    print(f"Stopped: {block.intention or 'focus block'} after {F.describe_seconds(F.elapsed(ended, ended.ended_at))} ({ended.outcome}).")
    return 0
