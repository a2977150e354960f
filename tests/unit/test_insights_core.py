"""Insight functions against small fixtures whose answers were worked out by hand."""

from __future__ import annotations

import json
from datetime import date

from reflect.core.focus.insights import focus_insights
from reflect.core.insights.mood import compute_insights, streaks
from reflect.core.insights.tag_effects import effects

TODAY = date(2026, 3, 14)  # a Saturday


def ci(at: str, mood: int, energy: int | None = None, tags=(), **extra) -> dict:
    """A raw check-in dict as the store keeps it."""
    return {"kind": "checkin", "at": at, "mood": mood, "energy": energy, "tags": list(tags), **extra}


def test_nothing_at_all_says_not_enough_data() -> None:
    ins = compute_insights([], [], [], TODAY, None)
    assert ins["peak_energy_hours"] == []
    assert ins["tag_effects"] == [] and ins["tags_waiting"] == []
    assert ins["streak"] == {"current": 0, "longest": 0}
    assert ins["series"]["7"]["days_with_data"] == 0 and ins["series"]["7"]["mood_mean"] is None
    assert ins["balance"]["warning"] is None and ins["on_this_day"] == []
    json.dumps(ins)  # JSON-ready


def test_streaks_count_backfilled_days_and_survive_until_today_ends() -> None:
    days = ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05",
            "2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13"]
    assert streaks(days, TODAY) == {"current": 4, "longest": 5}
    assert streaks(days + ["2026-03-14"], TODAY) == {"current": 5, "longest": 5}
    assert streaks([d for d in days if d != "2026-03-13"], TODAY) == {"current": 0, "longest": 5}
    # a check-in written today about yesterday (back-filled) keeps the streak going
    docs = [ci("2026-03-12T20:00:00-07:00", 5), ci("2026-03-13T08:00:00-07:00", 5,
               created_at="2026-03-14T09:00:00-07:00")]
    assert compute_insights(docs, [], [], TODAY)["streak"] == {"current": 2, "longest": 2}


def _tag_days(with_moods, without_moods, tag="walk"):
    docs = []
    for i, m in enumerate(with_moods):
        docs.append(ci(f"2026-02-{i + 1:02d}T10:00:00-07:00", m, m - 1, [tag]))
    for i, m in enumerate(without_moods):
        docs.append(ci(f"2026-03-{i + 1:02d}T10:00:00-07:00", m, m - 1, ["other"] if i % 2 else []))
    return docs


def test_tag_effect_difference_counts_and_interval() -> None:
    # with: 6,8,6,8,6,8,7 -> mean 7; without: 5 x7 and 3 -> 38/8 = 4.75; difference 2.25
    docs = _tag_days([6, 8, 6, 8, 6, 8, 7], [5, 5, 5, 5, 5, 5, 5, 3])
    ins = compute_insights(docs, [], [], TODAY)
    walk = [e for e in ins["tag_effects"] if e["tag"] == "walk"]
    assert sorted(e["outcome"] for e in walk) == ["energy", "mood"]
    mood = next(e for e in walk if e["outcome"] == "mood")
    assert (mood["raw_difference"], mood["n_with"], mood["n_without"]) == (2.25, 7, 8)
    # weekday held fixed: one of each weekday with the tag, so the adjusted effect is near the raw one
    assert mood["low"] < mood["difference"] < mood["high"] and abs(mood["difference"] - 2.25) < 0.6
    assert mood["phrase"].startswith(f"#walk goes with {abs(mood['difference']):.1f} higher mood with your other tags")
    assert "raw difference +2.2" in mood["phrase"]  # 2.25 shown to one decimal
    assert "cause" not in mood["phrase"]
    # 'other' was on 4 days: waiting, with its counts
    assert {"tag": "other", "n_with": 4, "n_without": 11} in ins["tags_waiting"]


def test_tag_effect_needs_seven_days_on_each_side() -> None:
    six = compute_insights(_tag_days([8] * 6, [5] * 8), [], [], TODAY)
    assert [e for e in six["tag_effects"] if e["tag"] == "walk"] == []
    assert {"tag": "walk", "n_with": 6, "n_without": 8} in six["tags_waiting"]
    seven = compute_insights(_tag_days([8] * 7, [5] * 7), [], [], TODAY)
    mood = next(e for e in seven["tag_effects"] if e["tag"] == "walk" and e["outcome"] == "mood")
    # constant sides: no spread at all, so the interval is the difference itself
    assert (mood["difference"], mood["low"], mood["high"]) == (3.0, 3.0, 3.0)


def test_one_tag_interval_is_the_robust_two_sample_interval() -> None:
    """With one tag and no weekdays the model is a difference of means; its HC3 interval is close to
    the unequal-variance (Welch) normal interval on a large sample, and the same every time."""
    import random

    rng = random.Random(3)
    with_v = [rng.gauss(6, 1) for _ in range(40)]
    without_v = [rng.gauss(5, 1) for _ in range(900)]
    rows = [(v, None) for v in with_v + without_v]
    [e] = effects(rows, {"x": list(range(40))})[0]
    assert e == effects(rows, {"x": list(range(40))})[0][0]
    mean_w, mean_o = sum(with_v) / 40, sum(without_v) / 900
    var_w = sum((v - mean_w) ** 2 for v in with_v) / 39
    var_o = sum((v - mean_o) ** 2 for v in without_v) / 899
    se = (var_w / 40 + var_o / 900) ** 0.5
    diff = mean_w - mean_o
    assert e["difference"] == e["raw_difference"] == round(diff, 2)
    assert abs(e["low"] - (diff - 1.96 * se)) < 0.02 and abs(e["high"] - (diff + 1.96 * se)) < 0.02
    assert e["real"] and e["q"] < 0.05


def test_peak_hours_use_each_checkins_own_local_hour() -> None:
    docs = [
        ci("2026-03-09T09:10:00-07:00", 5, 8), ci("2026-03-10T09:40:00+09:00", 5, 8),
        ci("2026-03-11T09:05:00+00:00", 5, 8),
        ci("2026-03-09T14:00:00-07:00", 5, 5), ci("2026-03-10T14:00:00-07:00", 5, 6),
        ci("2026-03-11T14:00:00-07:00", 5, 7),
        ci("2026-03-09T22:00:00-07:00", 5, 9), ci("2026-03-10T22:00:00-07:00", 5, 9),  # only 2: not a peak
    ]
    ins = compute_insights(docs, [], [], TODAY)
    assert ins["peak_energy_hours"] == [9, 14]
    assert ins["energy_by_hour"][14] == {"hour": 14, "energy": 6.0, "n": 3}
    assert ins["heatmap"][0][9] == {"energy": 8.0, "n": 1}  # 2026-03-09 is a Monday
    assert ins["heatmap"][1][22] == {"energy": 9.0, "n": 1}


def test_series_and_year_in_pixels() -> None:
    docs = [ci("2026-03-14T08:00:00-07:00", 8, 4), ci("2026-03-14T20:00:00-07:00", 6, 2),
            ci("2026-03-10T08:00:00-07:00", 3, 3), ci("2026-01-01T08:00:00-07:00", 9, 9)]
    ins = compute_insights(docs, [], [], TODAY)
    week = ins["series"]["7"]
    assert week["daily"][-1] == {"date": "2026-03-14", "mood": 7.0, "energy": 3.0}
    assert week["daily"][0]["date"] == "2026-03-08" and week["daily"][0]["mood"] is None
    assert (week["days_with_data"], week["mood_mean"], week["energy_mean"]) == (2, 5.0, 3.0)
    pixels = ins["year_in_pixels"]
    assert pixels["year"] == 2026 and len(pixels["days"]) == 365
    assert pixels["days"][0] == {"date": "2026-01-01", "mood": 9.0}
    assert pixels["days"][72] == {"date": "2026-03-14", "mood": 7.0}


def test_on_this_day_from_earlier_years_only() -> None:
    docs = [ci("2025-03-14T08:00:00-07:00", 4, 2, emotion="tired", note="long day"),
            ci("2024-03-14T21:00:00-07:00", 8, 7), ci("2026-03-14T08:00:00-07:00", 5, 5),
            ci("2025-03-15T08:00:00-07:00", 1, 1)]
    refl = [{"day": "2024-03-14", "session": "evening", "frog": "send the invoice"}]
    found = compute_insights(docs, [], refl, TODAY)["on_this_day"]
    assert [(s["date"], s["years_ago"]) for s in found] == [("2025-03-14", 1), ("2024-03-14", 2)]
    assert found[0]["checkins"] == [{"time": "08:00", "mood": 4, "energy": 2, "emotion": "tired", "note": "long day"}]
    assert found[1]["reflections"] == [{"session": "evening", "frog": "send the invoice"}]


def test_balance_warns_about_late_nights_and_weekends() -> None:
    def block(start, end, **kw):
        return {"kind": "focus_block", "started_at": start, "ended_at": end, "planned_seconds": 1500, **kw}

    blocks = [
        block("2026-03-09T22:30:00-07:00", "2026-03-09T23:20:00-07:00"),
        block("2026-03-10T23:00:00-07:00", "2026-03-11T00:10:00-07:00"),
        block("2026-03-12T21:00:00-07:00", "2026-03-12T21:50:00-07:00"),  # not late
        block("2026-03-12T01:00:00-07:00", "2026-03-12T01:40:00-07:00"),  # late on the journal day before
        block("2026-03-07T10:00:00-07:00", "2026-03-07T11:00:00-07:00"),  # a Saturday
        block("2026-02-01T23:00:00-07:00", "2026-02-01T23:30:00-07:00"),  # outside the 14 days
        block("2026-03-13T23:00:00-07:00", "2026-03-13T23:30:00-07:00", outcome="discarded"),
    ]
    one = compute_insights([], blocks, [], TODAY)["balance"]
    assert one["late_days"] == ["2026-03-09", "2026-03-10", "2026-03-11"]  # 23:00-00:10 is one late night
    assert one["weekend_days"] == ["2026-03-07"]
    assert one["warning"] == "Work logged late at night (22:00-05:00) on 3 of the last 14 days."
    docs = [ci("2026-03-08T10:00:00-07:00", 5, 5, ["work"]), ci("2026-03-08T11:00:00-07:00", 5, 5, ["walk"])]
    both = compute_insights(docs, blocks, [], TODAY)["balance"]
    assert both["weekend_days"] == ["2026-03-07", "2026-03-08"]
    assert both["warning"].endswith("and on 2 weekend days.")
    assert compute_insights([], blocks[:1], [], TODAY)["balance"]["warning"] is None


def test_after_midnight_work_is_late_night_of_the_journal_day_before() -> None:
    def block(start, end):
        return {"kind": "focus_block", "started_at": start, "ended_at": end, "planned_seconds": 1500}

    friday_night = block("2026-03-07T00:30:00-07:00", "2026-03-07T01:20:00-07:00")  # Saturday by the calendar
    sunday_night = block("2026-03-09T01:00:00-07:00", "2026-03-09T01:50:00-07:00")  # Monday by the calendar
    found = compute_insights([], [friday_night, sunday_night], [], TODAY)["balance"]
    assert found["late_days"] == ["2026-03-06", "2026-03-08"]
    assert found["weekend_days"] == ["2026-03-08"]
    nights = [{**block(f"2026-03-0{d}T0{h}:{m}:00-07:00", f"2026-03-0{d}T0{h}:{m[0]}9:00-07:00"), "outcome": "done"}
              for d in range(1, 10) for h in (0, 1) for m in ("10", "40")]
    afternoons = [{**block(f"2026-03-0{d}T15:00:00-07:00", f"2026-03-0{d}T15:20:00-07:00"), "outcome": "abandoned"}
                  for d in range(1, 10)]
    text = focus_insights(nights + afternoons, [], TODAY, None)
    assert text["best_window"] is not None
    assert "morning" not in str(text) and "00:00-02:00 (night)" in str(text)


def test_days_limits_the_analysis_window_and_bad_records_are_skipped() -> None:
    docs = _tag_days([8] * 7, [5] * 7) + [
        ci("2026-03-13T10:00:00-07:00", 12, 5), {"at": 5, "mood": 5}, {"mood": 5},
        ci("2026-03-13T10:00:00-07:00", 5, "high"), ci("2026-03-13T10:00:00-07:00", 5, 5, [{"x": 1}]),
        ci("2026-03-20T10:00:00-07:00", 5, 5),  # after today: ignored
    ]
    ins = compute_insights(docs, [], [], TODAY, days=7)
    assert ins["days"] == 7 and ins["tag_effects"] == []
    assert ins["checkins"] == 2  # in 03-08..03-14 only the odd energy and the odd tags one are usable
    whole = compute_insights(docs, [], [], TODAY)
    assert any(e["tag"] == "walk" for e in whole["tag_effects"])


def test_phrases_never_say_minus_zero_or_a_zero_sized_difference() -> None:
    from reflect.core.insights.tag_effects import describe

    assert describe("admin", "energy", -0.04, -0.73, 0.66) == (
        "#admin goes with no different energy (95% interval -0.7 to +0.7; could be chance)")
    assert describe("deep-work", "mood", -0.81, -1.6, -0.04) == (
        "#deep-work goes with 0.8 lower mood (95% interval -1.6 to -0.04)")
    assert describe("x", "mood", 0.5, 0.001, 1.0).endswith("(95% interval 0.0 to +1.0)")


def test_on_this_day_goes_by_journal_day_so_a_late_night_stays_with_its_evening() -> None:
    docs = [ci("2025-03-14T21:00:00-07:00", 6), ci("2025-03-15T01:30:00-07:00", 3, note="still at the launch"),
            ci("2025-03-14T02:00:00-07:00", 2, note="the night before"), ci("2025-03-15T09:00:00-07:00", 7)]
    [slot] = compute_insights(docs, [], [], TODAY)["on_this_day"]
    assert slot["date"] == "2025-03-14"
    assert [(c["time"], c["mood"]) for c in slot["checkins"]] == [("21:00", 6), ("01:30", 3)]


def test_a_narrow_interval_is_never_shown_as_a_single_point() -> None:
    """Ten years of days give intervals narrower than a tenth: "-1.6 to -1.6" read as no
    uncertainty at all, so both ends get a second decimal when one would make them equal."""
    from reflect.core.insights.tag_effects import describe

    assert describe("poor-sleep", "energy", -1.59, -1.62, -1.56, True).endswith("(95% interval -1.62 to -1.56)")
    assert describe("walk", "mood", 0.8, 0.7, 0.9, True).endswith("(95% interval +0.7 to +0.9)")  # one decimal will do
