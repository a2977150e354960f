"""Tag effects on generated journals whose truth is set: present effects are found, absent ones
(confounded by another tag or by the weekday, or simply independent) are not claimed in 95 of 100
seeds, with few days and with many tags."""

from __future__ import annotations

import random

from reflect.core.insights.tag_effects import effects

SEEDS = range(100)


def journal(seed: int, days: int, tags: dict[str, object], mood_effect: dict[str, float], weekend_lift: float = 0.0):
    """(rows, tag_days, weekdays): `tags` maps a tag to its daily chance, or to a function of the
    day's other tags and weekday giving that chance; mood = 5 + effects + weekend lift + noise."""
    rng = random.Random(seed)
    rows, tag_days, weekdays = [], {t: [] for t in tags}, []
    for i in range(days):
        wd = i % 7
        today: set[str] = set()
        for tag, chance in tags.items():
            p = chance(today, wd) if callable(chance) else chance
            if rng.random() < p:
                today.add(tag)
                tag_days[tag].append(i)
        mood = 5 + sum(mood_effect.get(t, 0.0) for t in today) + (weekend_lift if wd >= 5 else 0) + rng.gauss(0, 1.2)
        energy = 5 + rng.gauss(0, 1.0)  # no tag moves energy
        rows.append((min(9.0, max(1.0, mood)), min(9.0, max(1.0, energy))))  # a day's mean is on the 1..9 scale
        weekdays.append(wd)
    return rows, tag_days, weekdays


def claimed(found: list[dict], tag: str, outcome: str = "mood") -> bool:
    return any(e["tag"] == tag and e["outcome"] == outcome and e["real"] for e in found)


def test_an_effect_present_is_found_and_its_interval_holds_the_truth() -> None:
    found_in = covered = 0
    for seed in SEEDS:
        rows, tag_days, wd = journal(seed, 150, {"exercise": 0.4}, {"exercise": 1.0})
        found, _ = effects(rows, tag_days, weekdays=wd)
        e = next(e for e in found if e["tag"] == "exercise" and e["outcome"] == "mood")
        found_in += e["real"] and e["difference"] > 0
        covered += e["low"] <= 1.0 <= e["high"]
    assert found_in >= 95
    assert covered >= 90  # a 95% interval


def test_a_tag_that_only_travels_with_the_real_one_is_not_claimed() -> None:
    """Coffee on 80% of exercise days and 20% of the others, no effect of its own: the raw
    difference says coffee lifts mood; with exercise held fixed it is not claimed."""
    tags = {"exercise": 0.4, "coffee": lambda today, wd: 0.8 if "exercise" in today else 0.2}
    coffee_claimed = raw_would = exercise_found = 0
    for seed in SEEDS:
        rows, tag_days, wd = journal(seed, 200, tags, {"exercise": 1.0})
        found, _ = effects(rows, tag_days, weekdays=wd)
        coffee = next(e for e in found if e["tag"] == "coffee" and e["outcome"] == "mood")
        coffee_claimed += coffee["real"]
        raw_would += coffee["raw_difference"] > 0.3
        exercise_found += claimed(found, "exercise")
        assert "with your other tags taken into account" in coffee["phrase"]
        assert "raw difference" in coffee["phrase"]
    assert coffee_claimed <= 5
    assert raw_would >= 90  # the confounding is real: the old plain difference fell for it
    assert exercise_found >= 90


def test_a_tag_that_only_travels_with_the_weekend_is_not_claimed() -> None:
    tags = {"gym": lambda today, wd: 0.7 if wd >= 5 else 0.2}
    claims = 0
    for seed in SEEDS:
        rows, tag_days, wd = journal(seed, 140, tags, {}, weekend_lift=1.5)
        claims += claimed(effects(rows, tag_days, weekdays=wd)[0], "gym")
    assert claims <= 5


def test_an_independent_tag_without_effect_is_not_claimed_on_either_outcome() -> None:
    absent = {("reading", "mood"): 0, ("reading", "energy"): 0, ("exercise", "energy"): 0}
    for seed in SEEDS:
        rows, tag_days, wd = journal(seed, 120, {"reading": 0.3, "exercise": 0.4}, {"exercise": 1.0})
        found, _ = effects(rows, tag_days, weekdays=wd)
        for tag, outcome in absent:
            absent[tag, outcome] += claimed(found, tag, outcome)
    assert max(absent.values()) <= 5, absent


def test_few_days_claim_nothing_absent() -> None:
    claims = 0
    for seed in SEEDS:
        rows, tag_days, wd = journal(seed, 20, {"a": 0.5, "b": 0.5}, {})
        found, _ = effects(rows, tag_days, weekdays=wd)
        claims += any(e["real"] for e in found)
    assert claims <= 5


def test_many_tags_without_effect_stay_unclaimed_and_the_one_real_one_is_found() -> None:
    """Each absent tag is claimed (on mood) in at most 5 of 100 seeds."""
    tags: dict[str, object] = {f"t{k:02d}": 0.15 + 0.02 * k for k in range(25)}
    tags["exercise"] = 0.4
    per_tag = dict.fromkeys(tags, 0)
    found_real = 0
    for seed in SEEDS:
        rows, tag_days, wd = journal(seed, 200, tags, {"exercise": 1.0})
        found, _ = effects(rows, tag_days, weekdays=wd)
        for tag in tags:
            per_tag[tag] += claimed(found, tag)
        found_real += claimed(found, "exercise")
    assert max(n for t, n in per_tag.items() if t != "exercise") <= 5, per_tag
    assert found_real >= 90


def test_same_journal_same_answer_whatever_the_tag_order() -> None:
    rows, tag_days, wd = journal(7, 90, {"a": 0.3, "b": 0.5, "c": 0.4}, {"b": 0.8})
    first = effects(rows, tag_days, weekdays=wd)
    again = effects(rows, dict(reversed(list(tag_days.items()))), weekdays=wd)
    assert first == again


def test_a_tag_always_with_another_waits_with_a_reason() -> None:
    rows, tag_days, wd = journal(1, 60, {"a": 0.5}, {"a": 1.0})
    tag_days["twin"] = list(tag_days["a"])
    found, waiting = effects(rows, tag_days, weekdays=wd)
    assert {e["tag"] for e in found} == {"a"}
    twin = next(w for w in waiting if w["tag"] == "twin")
    assert "cannot be told apart" in twin["reason"]


def test_the_summary_and_the_screen_show_adjusted_effects_with_intervals_and_n() -> None:
    from reflect.cli.insights import summary
    from reflect.widgets.insight_views import render_tags

    rows, tag_days, wd = journal(3, 120, {"exercise": 0.4}, {"exercise": 1.0})
    tag_days["twin"] = list(tag_days["exercise"])
    found, waiting = effects(rows, tag_days, weekdays=wd)
    ins = {"tag_effects": found, "tags_waiting": waiting, "min_days_each_side": 7}
    shown = render_tags(ins).plain
    mood = next(e for e in found if e["outcome"] == "mood")
    assert mood["phrase"] in shown and f"[{mood['n_with']} days with, {mood['n_without']} without]" in shown
    assert "with your other tags taken into account (95% interval" in shown
    assert "#twin: always with other tags" in shown
    text = summary({**ins, "today": "2026-03-14", "days": None, "checkins": 120, "days_with_checkins": 120,
                    "streak": {"current": 1, "longest": 1}, "series": {}, "peak_energy_hours": [], "on_this_day": [],
                    "focus": {}, "balance": {"warning": None, "window_days": 14}})
    assert mood["phrase"] in text and "Not estimated: #twin" in text


def test_the_same_inputs_again_reuse_the_answer_and_other_inputs_are_fitted(monkeypatch) -> None:
    import random

    from reflect.core.insights import tag_effects

    rng = random.Random(3)
    rows = [(float(rng.randint(3, 8)), float(rng.randint(2, 9))) for _ in range(120)]
    tag_days = {"run": [i for i in range(120) if i % 3 == 0], "late": [i for i in range(120) if i % 5 == 1]}
    weekdays = [i % 7 for i in range(120)]
    first = tag_effects.effects(rows, tag_days, weekdays=weekdays)
    fits: list[int] = []
    real = tag_effects._outcome_effects
    monkeypatch.setattr(tag_effects, "_outcome_effects", lambda *a: fits.append(1) or real(*a))
    first[0].clear()  # a caller changing its copy changes nothing kept
    again = tag_effects.effects(list(rows), {k: list(v) for k, v in tag_days.items()}, weekdays=list(weekdays))
    assert fits == [] and again != first and again[0]
    assert again == tag_effects.effects(rows, tag_days, weekdays=weekdays)
    rows[0] = (1.0, None)
    changed = tag_effects.effects(rows, tag_days, weekdays=weekdays)
    assert fits == [1, 1]
    assert changed == tag_effects._effects(rows, tag_days, tag_effects.MIN_DAYS, weekdays)
