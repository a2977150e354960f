"""`reflect insights`: the insights as a readable summary or as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from reflect.cli.common import int_in_range, open_store, report_problems
from reflect.core.prose import counted


def register(sub: argparse._SubParsersAction) -> None:
    """Add `insights`."""
    p = sub.add_parser("insights", help="patterns in mood and energy: peak hours, tag effects, streaks")
    p.add_argument("--days", type=int_in_range("--days", 1, 36500), metavar="N",
                   help="limit tag effects and hours to the last N days (default: the whole journal)")
    p.add_argument("--json", action="store_true", help="print the JSON object (schema in the README)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Compute and print."""
    from reflect.core.journal_day import journal_day, parse_day_start
    from reflect.services.insight_cache import load_and_compute

    store = open_store(args)
    day_start = parse_day_start(store.settings().day_start)
    result = load_and_compute(store, journal_day(store.clock.now(), day_start), args.days, day_start)
    report_problems(store)
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(summary(result))
    return 0


def summary(ins: dict[str, Any]) -> str:
    """A plain-text summary for the terminal."""
    scope = f"the last {ins['days']} days" if ins["days"] else "the whole journal"
    lines = [f"Insights up to {ins['today']}: {counted(ins['checkins'], 'check-in')} on {counted(ins['days_with_checkins'], 'day')} in {scope}."]
    if not ins["days_with_checkins"]:
        lines.append("No check-ins yet: `reflect log --mood N --energy N` or press m in the app.")
    s = ins["streak"]
    lines.append(f"Streak: {counted(s['current'], 'day')} (longest {s['longest']:,}).")
    for window, series in ins["series"].items():
        if series["days_with_data"]:
            energy = series["energy_mean"] if series["energy_mean"] is not None else "–"
            lines.append(f"Last {window} days: mood {series['mood_mean']}, energy {energy}"
                         f" ({counted(series['days_with_data'], 'day')} with check-ins).")
    peaks = ins["peak_energy_hours"]
    lines.append("Peak energy hours: " + (", ".join(f"{h:02d}:00" for h in peaks) if peaks
                                          else "not enough data yet (3 check-ins with energy per hour)."))
    need = ins["min_days_each_side"]
    if ins["tag_effects"]:
        lines.append("Tag effects (each with your other frequent tags and the weekday held fixed;"
                     " 'goes with', not 'causes'):")
        for e in ins["tag_effects"]:
            lines.append(f"  {e['phrase']} [{counted(e['n_with'], 'day')} with, {e['n_without']:,} without]")
        lines.append(f"  ('could be chance': not past the false-discovery check across all {len(ins['tag_effects'])} effects tested.)")
    else:
        lines.append(f"Tag effects: not enough data yet ({need} days with a tag and {need} without).")
    short = [w for w in ins["tags_waiting"] if "reason" not in w]
    if short:
        lines.append("Waiting for data: " + ", ".join(
            f"#{w['tag']} ({w['n_with']:,} with, {w['n_without']:,} without)" for w in short[:10]))
    lines.extend(f"Not estimated: #{w['tag']}: {w['reason']}." for w in ins["tags_waiting"] if "reason" in w)
    for slot in ins["on_this_day"][:3]:
        moods = [c["mood"] for c in slot["checkins"]]
        mood = f"mood {sum(moods) / len(moods):.1f} over {counted(len(moods), 'check-in')}" if moods else "a reflection"
        lines.append(f"On this day, {slot['date']} ({slot['years_ago']}y ago): {mood}.")
    focus = ins.get("focus") or {}
    if focus.get("window_words"):
        lines.append(f"Focus: {focus['window_words']}")
    elif focus.get("blocks"):
        lines.append("Focus: not enough finished blocks yet to name your best window.")
    minutes = focus.get("minutes") or {}
    if minutes:
        lines.append(f"Focus minutes: today {minutes.get('today', 0):.0f}, this week {minutes.get('this_week', 0):.0f}.")
    lines.extend(f"Focus advice: {line}" for line in (focus.get("energy") or {}).get("advice") or [])
    warning = ins["balance"]["warning"]
    lines.append(f"Balance: {warning}" if warning else
                 f"Balance: no late-night or weekend work logged in the last {ins['balance']['window_days']} days.")
    return "\n".join(lines) + "\n"
