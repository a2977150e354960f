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
        for hour, minute in ((9, 0), (9, 30), (10, 0), (10, 30)):
            blocks.append(block(day.replace(hour=hour, minute=minute), 25, "done", focus_quality=5 if hour == 9 else 4))
        for i, minute in enumerate((0, 30)):
            blocks.append(block(day.replace(hour=15, minute=minute), 25, "derailed" if i else "done", focus_quality=2))
    blocks.append(block(day0.replace(hour=11), 25, "discarded"))  # not counted
    out = focus_insights(blocks, [], date(2026, 3, 11), None)
    assert out["blocks"] == 60 and out["finished"] == 60
    assert out["by_hour"]["15"] == {"blocks": 20, "completion": 0.5, "quality": 2.0}
    best = out["best_window"]
    assert (best["start_hour"], best["end_hour"], best["blocks"], best["completion"]) == (9, 11, 40, 1.0)
    assert best["others"] == {"blocks": 20, "completion": 0.5} and best["low"] < 1.0 == best["high"]
    assert best["words"] == out["window_words"] == (
        "Your best focus window is 09:00-11:00 (morning): 100% of 40 blocks finished, against 50% of your"
        " other 20; focus quality 4.5 of 5 on average.")
    assert out["heatmap"][0][9] == 1.0 and out["heatmap_blocks"][0][15] == 4
    assert out["minutes"]["today"] == 150 and out["minutes"]["per_week"]["2026-03-02"] == 1050
    json.dumps(out)


def test_window_and_days_filter_and_too_little_data_gives_no_window():
    blocks = [block(datetime(2026, 3, 10, 9, tzinfo=TZ), 25), block(datetime(2026, 1, 1, 9, tzinfo=TZ), 25)]
    out = focus_insights(blocks, [], date(2026, 3, 11), 7)
    assert out["blocks"] == 1 and out["best_window"] is None and out["energy"]["advice"] == []


def test_energy_advice_from_own_rating_or_the_nearest_checkin():
    blocks, checkins = [], []
    start = datetime(2026, 3, 2, 8, tzinfo=TZ)
    for i in range(40):
        t = start + timedelta(days=i)
        blocks.append(block(t, 50, "done" if i < 12 else "abandoned", energy_before=2))
        t2 = t.replace(hour=14)
        checkins.append({"at": (t2 - timedelta(minutes=30)).isoformat(), "energy": 3})
        blocks.append(block(t2, 25, "done" if i < 32 else "partial"))
    out = focus_insights(blocks, checkins, date(2026, 4, 12), None)
    low = out["energy"]["by_band"]["low"]
    assert low["medium"] == {"blocks": 40, "completion": 0.3} and low["short"] == {"blocks": 40, "completion": 0.8}
    assert out["energy"]["advice"] == [
        "At energy 3 or less your 31-to-60-minute blocks finish 30% of the time (of 40); up-to-30-minute ones 80% (of 40)."
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
    assert out["blocks"] == 21_900 and out["window_words"] is not None
    # every hour finishes alike (outcomes are drawn the same way at every hour): no window is named
    assert out["best_window"] is None and out["window_words"].startswith("No two-hour window stands out yet")


def test_widget_text_renders_the_dict():
    from reflect.widgets.focus.insights import heatmap_text, summary_text

    blocks = [block(datetime(2026, 3, 2, 9, tzinfo=TZ) + timedelta(days=d), 25, "done" if d % 3 else "partial",
                    interruptions=[{"at": datetime(2026, 3, 2, 9, 5, tzinfo=TZ).isoformat(), "source": "external"}])
              for d in range(14)]
    data = focus_insights(blocks, [], date(2026, 3, 15), None)
    summary = summary_text(data).plain
    assert summary.startswith("Not enough blocks in any two-hour window yet")  # 14 blocks
    assert "14 external" in summary and "most around 09:00" in summary
    grid = heatmap_text(data).plain.splitlines()
    assert grid[1].startswith("Mon") and "▒▒" in grid[1] and "██" in grid[2]  # Mon 1 of 2 done, Tue all
    assert summary_text({}).plain == "No focus blocks yet. Press f to start one."


# The findings' rule: enough blocks, a real share of them, and a difference larger than chance.

TEN_YEARS_BY_HOUR = {  # hour: (finished blocks, completion, mean quality), as the 10-year sample journal has them
    8: (1759, 0.812, 3.69), 9: (2993, 0.808, 3.78), 10: (3433, 0.822, 3.77), 11: (3029, 0.81, 3.5),
    12: (2928, 0.812, 2.8), 13: (2568, 0.757, 2.33), 14: (2091, 0.747, 1.79), 15: (1557, 0.745, 2.31),
    16: (1021, 0.75, 2.55), 17: (585, 0.762, 2.51), 18: (247, 0.721, 2.55), 19: (79, 0.785, 2.62),
    20: (18, 0.889, 2.67),
}


def from_cells(cells: dict[tuple[int, int], tuple[int, int]], quality: int = 3,
               energy: dict[tuple[int, int], tuple[int, int]] | None = None) -> dict:
    """`focus_from_totals` over sums made by hand: (weekday, hour) -> (finished, done), every block
    rated `quality`; `energy`: (band, length) -> (finished, done)."""
    from reflect.core.focus.insights import focus_from_totals
    from reflect.core.insights.totals import Totals

    totals = Totals("", "2026-03-01")
    for (d, h), (n, done) in cells.items():
        k = d * 24 + h
        for i, add in enumerate((n, done, quality * n, n)):
            totals.cells[i][k] += add
    totals.focus_days = {"2026-03-01": [sum(n for n, _ in cells.values()), 25.0]}
    for (band, length), (n, done) in (energy or {}).items():
        totals.energy[band * 3 + length] = [n, done]
    return focus_from_totals(totals, date(2026, 3, 1), None)


def test_a_handful_of_evening_blocks_never_beat_thousands_in_the_morning():
    """The 10-year sample: 18 blocks at 20:00 (none at 21:00) finished 89%, the mornings' 9,400 about 81%."""
    cells = {(0, h): (n, round(n * rate)) for h, (n, rate, _q) in TEN_YEARS_BY_HOUR.items()}
    best = from_cells(cells)["best_window"]
    assert best is not None and best["start_hour"] in (9, 10), best
    assert best["blocks"] == cells[(0, best["start_hour"])][0] + cells[(0, best["start_hour"] + 1)][0]
    assert f"of {best['blocks']:,} blocks" in best["words"]


def test_a_window_is_described_by_the_hours_that_hold_its_blocks():
    cells = {(0, h): (100, 60) for h in range(8, 20)}
    cells[(0, 20)] = (300, 300)  # and nothing at 21:00: the window is 20:00-21:00, not 20:00-22:00
    best = from_cells(cells)["best_window"]
    assert best is not None and (best["start_hour"], best["end_hour"], best["blocks"]) == (20, 21, 300)
    assert "20:00-21:00 (evening): 100% of 300 blocks finished" in best["words"]
    cells[(0, 21)] = (20, 20)  # a fifth of a window's blocks in each hour makes it two hours
    assert from_cells(cells)["best_window"]["end_hour"] == 21
    cells[(0, 21)] = (80, 80)
    assert from_cells(cells)["best_window"]["end_hour"] == 22


def test_a_window_needs_a_real_share_of_the_blocks():
    """80 evening blocks that all finished are under 1% of 10,000: not "your" window."""
    cells = {(0, h): (1000, 750) for h in range(8, 18)}
    cells[(0, 18)] = cells[(0, 19)] = (40, 40)
    out = from_cells(cells)
    assert out["best_window"] is None


def test_a_weekday_with_a_few_blocks_is_not_the_best_day():
    cells = {(d, h): (50, 30) for d in range(5) for h in range(8, 18)}
    for d in range(5):
        cells[(d, 9)] = cells[(d, 10)] = (50, 48)
    cells[(6, 10)] = (6, 6)  # Sunday: six blocks, all finished
    best = from_cells(cells)["best_window"]
    assert best is not None and best["start_hour"] == 9
    assert best["best_weekday"] is None


def test_energy_advice_needs_enough_blocks_and_a_difference_beyond_chance():
    cells = {(0, 9): (100, 80)}
    few = from_cells(cells, energy={(0, 0): (6, 6), (0, 1): (6, 0)})  # 100% against 0%, six blocks each
    assert few["energy"]["advice"] == []
    close = from_cells(cells, energy={(1, 0): (40, 30), (1, 1): (40, 24)})  # 75% against 60%: chance could do it
    assert close["energy"]["advice"] == []
    clear = from_cells(cells, energy={(1, 0): (200, 160), (1, 1): (200, 100)})
    assert clear["energy"]["advice"] == [
        "At energy 4 to 6 your 31-to-60-minute blocks finish 50% of the time (of 200); up-to-30-minute ones 80% (of 200)."
    ]


def test_when_no_window_stands_out_the_text_says_so_with_the_count():
    from reflect.widgets.focus.insights import summary_text

    cells = {(0, h): (200, 150) for h in range(8, 18)}  # 75% at every hour
    out = from_cells(cells)
    assert out["best_window"] is None
    assert "No two-hour window stands out yet" in out["window_words"] and "2,000 blocks" in out["window_words"]
    assert out["window_words"] in summary_text(out).plain


def test_too_few_blocks_in_any_window_says_not_enough_yet():
    from reflect.widgets.focus.insights import summary_text

    out = from_cells({(0, 9): (12, 12), (0, 10): (10, 9)})
    assert out["best_window"] is None
    assert out["window_words"].startswith("Not enough blocks in any two-hour window yet")
    assert out["window_words"] in summary_text(out).plain


def test_a_cell_with_blocks_and_none_finished_is_drawn_and_explained():
    from reflect.widgets.focus.insights import heatmap_text

    data = from_cells({(0, 9): (1, 0), (0, 10): (2, 2), (0, 11): (10, 1)})
    lines = heatmap_text(data).plain.splitlines()
    monday = lines[1]
    cell = 2  # shade characters per cell at the default width of 56
    step = cell + 1
    eight, nine, ten, eleven = (monday[5 + (h - 6) * step:5 + (h - 6) * step + cell] for h in (8, 9, 10, 11))
    assert eight.strip() == "·"  # no blocks
    assert nine.strip() not in ("", "·") and nine != ten  # 0% of one block: a mark of its own
    assert ten == "██" and eleven == "░░"  # 1 of 10 finished: the lightest shade, never blank or "none"
    legend = "\n".join(lines[8:])
    assert nine.strip()[0] in legend and "·" in legend


def test_a_day_that_finishes_more_than_the_others_is_named_with_its_count():
    cells = {(d, h): (40, 24) for d in range(5) for h in range(8, 18)}  # weekdays: 60%
    for d in range(5):
        cells[(d, 9)] = cells[(d, 10)] = (40, 38)
    for h in range(9, 13):
        cells[(5, h)] = (50, 45)  # Saturday: 90% of 200
    out = from_cells(cells)
    assert out["best_weekday"]["weekday"] == "Saturday" and out["best_weekday"]["blocks"] == 200
    assert out["window_words"].endswith(" Your best day is Saturday: 90% of 200 blocks finished, against 67% of your other 2,000.")
    assert out["best_window"]["best_weekday"] == "Saturday"


def test_a_cell_of_a_few_blocks_is_drawn_dim_and_the_legend_says_why():
    """Two blocks both finished make a full shade, the same as two hundred: such a cell is drawn dim,
    so the picture does not claim more than its blocks hold."""
    from reflect.widgets.focus.insights import FEW_BLOCKS, heatmap_text

    data = from_cells({(0, 10): (2, 2), (0, 11): (200, 200)})
    text = heatmap_text(data)
    lines = text.plain.splitlines()
    start = len(lines[0]) + 1 + 5 + (10 - 6) * 3  # Monday's row, the 10:00 cell
    styles = {str(span.style) for span in text.spans if span.start <= start < span.end}
    assert "dim" in " ".join(styles)
    start_11 = start + 3
    assert not any("dim" in str(span.style) for span in text.spans if span.start <= start_11 < span.end)
    assert f"under {FEW_BLOCKS} blocks" in "\n".join(lines[8:])


def test_the_summary_groups_the_thousands_of_its_counts():
    """Every count on the Insights screen groups its thousands; the focus summary's did not."""
    from reflect.widgets.focus.insights import summary_text

    text = summary_text({"blocks": 22315, "minutes": {"today": 60, "this_week": 300, "total": 956_328},
                         "interruptions": {"internal": 2245, "external": 2185, "per_block": 0.2, "worst_hour": 14}}).plain
    assert "in all 15,938.8 h" in text and "Interruptions: 2,245 internal, 2,185 external" in text
