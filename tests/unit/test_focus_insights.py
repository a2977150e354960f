"""Focus insights over plain dicts: rates by hour and weekday, the best window, energy advice, speed."""

from __future__ import annotations

import json
import random
import time
from datetime import date, datetime, timedelta, timezone

from reflect.core.focus.insights import focus_insights

TZ = timezone(timedelta(hours=-7))


def block(start: datetime, minutes: float, outcome: str = "done", **extra) -> dict:
    end = start + timedelta(minutes=minutes)
    doc = {"block_type": "focus", "started_at": start.isoformat(), "ended_at": end.isoformat(),
           "planned_seconds": minutes * 60, "outcome": outcome, "pauses": [], "interruptions": []}
    doc.update(extra)
    return doc


def test_best_window_rates_by_hour_and_weekday():
    blocks = []
    day0 = datetime(2026, 3, 2, tzinfo=TZ)  # a Monday
    for d in range(10):
        day = day0 + timedelta(days=d)
        blocks.append(block(day.replace(hour=9), 25, "done", focus_quality=5))
        blocks.append(block(day.replace(hour=10), 25, "done", focus_quality=4))
        blocks.append(block(day.replace(hour=15), 25, "derailed" if d % 2 else "done", focus_quality=2))
    blocks.append(block(day0.replace(hour=11), 25, "discarded"))  # not counted
    out = focus_insights(blocks, [], date(2026, 3, 11), None)
    assert out["blocks"] == 30 and out["finished"] == 30
    assert out["by_hour"]["15"] == {"blocks": 10, "completion": 0.5, "quality": 2.0}
    assert out["best_window"]["start_hour"] == 9 and out["best_window"]["end_hour"] == 11
    assert "09:00-11:00 (morning)" in out["best_window"]["words"]
    assert out["heatmap"][0][9] == 1.0 and out["heatmap_blocks"][0][15] == 2
    assert out["minutes"]["today"] == 75 and out["minutes"]["per_week"]["2026-03-02"] == 525
    json.dumps(out)


def test_window_and_days_filter_and_too_little_data_gives_no_window():
    blocks = [block(datetime(2026, 3, 10, 9, tzinfo=TZ), 25), block(datetime(2026, 1, 1, 9, tzinfo=TZ), 25)]
    out = focus_insights(blocks, [], date(2026, 3, 11), 7)
    assert out["blocks"] == 1 and out["best_window"] is None and out["energy"]["advice"] == []


def test_energy_advice_from_own_rating_or_the_nearest_checkin():
    blocks, checkins = [], []
    start = datetime(2026, 3, 2, 8, tzinfo=TZ)
    for i in range(10):
        t = start + timedelta(days=i)
        blocks.append(block(t, 50, "done" if i < 3 else "abandoned", energy_before=2))
        t2 = t.replace(hour=14)
        checkins.append({"at": (t2 - timedelta(minutes=30)).isoformat(), "energy": 3})
        blocks.append(block(t2, 25, "done" if i < 8 else "partial"))
    out = focus_insights(blocks, checkins, date(2026, 3, 12), None)
    low = out["energy"]["by_band"]["low"]
    assert low["medium"] == {"blocks": 10, "completion": 0.3} and low["short"] == {"blocks": 10, "completion": 0.8}
    assert out["energy"]["advice"] == [
        "At energy 3 or less your 31-to-60-minute blocks finish 30% of the time; up-to-30-minute ones 80%."
    ]


def test_interruptions_by_hour_and_kind_and_paused_minutes():
    t = datetime(2026, 3, 2, 9, tzinfo=TZ)
    b = block(t, 30, interruptions=[{"at": t.replace(minute=5).isoformat(), "source": "internal"},
                                    {"at": t.replace(hour=10).isoformat(), "source": "external"}],
              pauses=[{"start": t.replace(minute=10).isoformat(), "end": t.replace(minute=15).isoformat()}])
    out = focus_insights([b], [], date(2026, 3, 2), None)
    assert out["interruptions"]["by_hour"] == {"9": {"internal": 1, "external": 0}, "10": {"internal": 0, "external": 1}}
    assert out["interruptions"]["per_block"] == 2
    assert out["minutes"]["today"] == 25


def test_ten_years_of_blocks_compute_quickly():
    rng = random.Random(4)
    start = datetime(2016, 3, 1, tzinfo=TZ)
    blocks = []
    for i in range(21_900):
        t = start + timedelta(days=i // 6, hours=8 + (i % 6) * 1.5)
        blocks.append(block(t, rng.choice((25, 50, 90)), rng.choice(("done", "done", "partial", "abandoned")),
                            focus_quality=rng.randint(1, 5), energy_before=rng.choice((None, 3, 7))))
    checkins = [{"at": (start + timedelta(hours=8 * i)).isoformat(), "energy": rng.randint(1, 9)} for i in range(36_500)]
    began = time.perf_counter()
    out = focus_insights(blocks, checkins, date(2026, 3, 1), None)
    took = time.perf_counter() - began
    print(f"focus_insights over {len(blocks)} blocks and {len(checkins)} check-ins: {took * 1000:.0f} ms")
    assert out["blocks"] == 21_900 and out["best_window"] is not None


def test_widget_text_renders_the_dict():
    from reflect.widgets.focus.insights import heatmap_text, summary_text

    blocks = [block(datetime(2026, 3, 2, 9, tzinfo=TZ) + timedelta(days=d), 25, "done" if d % 3 else "partial",
                    interruptions=[{"at": datetime(2026, 3, 2, 9, 5, tzinfo=TZ).isoformat(), "source": "external"}])
              for d in range(14)]
    data = focus_insights(blocks, [], date(2026, 3, 15), None)
    summary = summary_text(data).plain
    assert "best focus window is 08:00-10:00" in summary or "best focus window is 09:00-11:00" in summary
    assert "14 external" in summary and "most around 09:00" in summary
    grid = heatmap_text(data).plain.splitlines()
    assert grid[1].startswith("Mon") and "▒▒" in grid[1] and "██" in grid[2]  # Mon 1 of 2 done, Tue all
    assert summary_text({}).plain == "No focus blocks yet. Press f to start one."
