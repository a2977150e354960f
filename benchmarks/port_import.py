"""Figures for import, export and sync with years of history: prints seconds per step.

Usage: python benchmarks/port_import.py [YEARS]   (default 10: about 36,500 Daylio rows)
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from reflect.core.clock import FakeClock
from reflect.store import Store
from reflect.portability.exporters import csv_files, markdown_text
from reflect.portability.transfer import apply_plan, export_json, plan_file
from reflect.portability.sync import merge_conflicts

LABELS = ["rad", "good", "meh", "bad", "awful"]
ACTIVITIES = ["work", "reading", "exercise", "friends", "family", "cooking", "walk", "music"]


def daylio_csv(years: int) -> str:
    """A synthetic Daylio export: ten rows a day, newest first."""
    rng = random.Random(7)
    rows = ["full_date,date,weekday,time,mood,activities,note_title,note"]
    day = date(2026, 3, 14)
    for _ in range(years * 365):
        for hour in range(21, 11, -1):
            acts = " | ".join(rng.sample(ACTIVITIES, rng.randint(0, 3)))
            note = f"Note {rng.randint(0, 10**6)}<br>second line &amp; more"
            h12 = f"{(hour - 1) % 12 + 1}:{rng.randint(0, 59):02d} {'pm' if hour >= 12 else 'am'}"
            rows.append(f"{day.isoformat()},{day:%B %d},{day:%A},{h12},{rng.choice(LABELS)},{acts},,\"{note}\"")
        day -= timedelta(days=1)
    return "\n".join(rows) + "\n"


def timed(label: str, func, *args):
    """Run and print wall and CPU seconds (CPU time is steadier on a shared machine)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = func(*args)
    print(f"{label:<40} {time.perf_counter() - start:8.2f} s wall {time.process_time() - cpu:8.2f} s cpu")
    return result


def main() -> None:
    years = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    text = daylio_csv(years)
    print(f"{years} years: {text.count(chr(10)) - 1} Daylio rows, {len(text) / 1e6:.1f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "data", FakeClock()).open()
        plan = timed("plan (dry run) into an empty folder", plan_file, store, text, "daylio")
        timed("write (put_many, one write per month)", apply_plan, store, plan)
        again = timed("plan again (everything skipped)", plan_file, Store(store.root, FakeClock()).open(), text)
        assert not again.to_write
        fresh = Store(store.root, FakeClock()).open()
        timed("export json", export_json, fresh)
        timed("export csv", csv_files, Store(store.root, FakeClock()).open())
        timed("export markdown", markdown_text, Store(store.root, FakeClock()).open())
        shard = store.root / "checkins" / "2026-03.json"
        doc = json.loads(shard.read_text())
        for row in doc["checkin"].values():
            row["note"] += " (edited on the other machine)"
            row["updated_at"] = "2026-03-20T10:00:00-07:00"
        (shard.parent / "2026-03.sync-conflict-20260320-100000-ABCDEF7.json").write_text(json.dumps(doc))
        report = timed("sync: merge one month's conflict copy", merge_conflicts, Store(store.root, FakeClock()).open())
        assert report.merged and report.merged[0].replaced


if __name__ == "__main__":
    main()
