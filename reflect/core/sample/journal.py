"""A deterministic synthetic journal: the design's heavy user, for `reflect demo` and the benchmarks.

`generate(end, years, seed)` returns the records of an independent worker who used the app every day
for `years` years up to `end`: about ten check-ins a day, six focus blocks on a working day, one
reflection a day, two rounds of feedback requests a year, a value story rewritten a few times a year
and rehearsed about once a week. The same arguments always give the same records (ids included).

The data has patterns for insights to find: energy follows a daily rhythm (a late-morning peak, an
after-lunch dip, an evening decline); exercise, time outdoors and weekends lift mood; poor sleep
lowers energy; deadlines raise energy and lower mood; focus is best in the morning and suffers from
interruptions. Times keep their local UTC offset, which moves by an hour twice a year (a DST-like
change). People are roles ("Client A", "Colleague B"), never invented names.

The words come from the shipped `data/sample_journal.json` and `data/emotions.json`.
`fill(store, ...)` writes everything with `Store.put_many` (one write per monthly shard), so ten
years take seconds.
"""
from __future__ import annotations

import math
import random
from datetime import date, datetime, timedelta
from typing import Any

from reflect.core.models import CheckIn, Episode, FocusBlock, Interruption, Pause, Record, Reflection, Story, Strength
from reflect.core.sample.base import (
    ANSWER_BITS,
    CONTEXTS,
    DAY_TAGS,
    EVENING,
    FROGS,
    INTENTIONS,
    INTERRUPTIONS,
    MORNING,
    NOTES,
    PER_YEAR,
    STRENGTHS,
    WEEKLY,
    _WORDS,
    _clamp,
    _Context,
    _days,
    energy_rhythm,
    local_offset,
)
from reflect.core.sample.evidence import _feedback, _people, _stories

__all__ = ["PER_YEAR", "counts", "energy_rhythm", "fill", "generate", "local_offset"]


def _checkins(ctx: _Context, day: date, day_tags: list[str], day_mood: float, energy_shift: float, mood_shift: float) -> None:
    rng = ctx.rng
    working = day.weekday() < 5
    count = rng.randint(8, 12)
    hours = sorted(rng.uniform(7.0, 22.5) for _ in range(count))
    for hour in hours:
        tags = [t for t in day_tags if rng.random() < 0.7]
        mood = 5.4 + day_mood + mood_shift + rng.gauss(0, 0.7)
        energy = 5.0 + energy_rhythm(hour) + energy_shift + rng.gauss(0, 0.6)
        if working and 8.5 <= hour <= 18.5:
            for tag, chance, dm, de in CONTEXTS:
                if rng.random() < chance:
                    tags.append(tag)
                    mood += dm
                    energy += de
        mood += 0.25 * energy_rhythm(hour)
        m, e = _clamp(mood), _clamp(energy)
        moment = ctx.at(day, hour)
        ctx.records.append(
            CheckIn(
                **ctx.stamp(moment),
                at=moment,
                mood=m,
                energy=None if rng.random() < 0.02 else e,
                emotion=rng.choice(_WORDS[(m, e)]) if rng.random() < 0.6 else None,
                tags=tags,
                note=rng.choice(NOTES) if rng.random() < 0.15 else "",
            )
        )


def _focus_quality(hour: float, interruptions: int, tired: bool) -> int:
    score = 3.0 + 1.2 * math.exp(-(((hour - 10.0) / 1.8) ** 2)) - 0.8 * math.exp(-(((hour - 14.5) / 1.2) ** 2))
    return max(1, min(5, round(score - 0.7 * interruptions - (0.8 if tired else 0.0))))


def _focus_blocks(ctx: _Context, day: date, day_tags: list[str], energy_shift: float) -> None:
    rng = ctx.rng
    working = day.weekday() < 5
    count = rng.choice((6, 7, 7, 8, 8, 9)) if working else rng.choice((1, 2, 3, 3, 4))
    hour = rng.uniform(8.25, 9.5) if working else rng.uniform(9.5, 11.0)
    tired = "poor-sleep" in day_tags
    for _ in range(count):
        if hour > 20.5:
            break
        planned = rng.choice((25, 25, 25, 50, 50, 90)) * 60.0
        start = ctx.at(day, hour)
        n_int = min(4, int(rng.expovariate(1.0 / (0.4 + 0.4 * (hour > 13)))))
        interruptions = [
            Interruption(at=start + timedelta(seconds=rng.uniform(60, planned - 60)), source=src, reason=why)
            for src, why in (rng.choice(INTERRUPTIONS) for _ in range(n_int))
        ]
        interruptions.sort(key=lambda i: i.at)
        pauses: list[Pause] = []
        paused = 0.0
        if rng.random() < 0.1:
            p_start = start + timedelta(seconds=rng.uniform(120, planned / 2))
            paused = rng.uniform(120, 480)
            pauses.append(Pause(start=p_start, end=p_start + timedelta(seconds=paused)))
        outcome, reason, worked = "done", "", planned
        roll = rng.random()
        if roll < 0.05:
            outcome, reason, worked = "abandoned", rng.choice(("urgent client request", "too tired", "wrong task")), planned * rng.uniform(0.2, 0.7)
        elif n_int >= 2 or roll < 0.18:
            outcome = "partial" if n_int < 3 else "derailed"
        ended = start + timedelta(seconds=worked + paused)
        e_before = _clamp(5 + energy_rhythm(hour) + energy_shift + rng.gauss(0, 0.6))
        ctx.records.append(
            FocusBlock(
                **ctx.stamp(start),
                intention=rng.choice(INTENTIONS),
                planned_seconds=planned,
                started_at=start,
                pauses=pauses,
                interruptions=interruptions,
                ended_at=ended,
                outcome=outcome,
                abandon_reason=reason,
                focus_quality=_focus_quality(hour, n_int, tired),
                energy_before=e_before,
                energy_after=_clamp(e_before - 0.5 + rng.gauss(0, 0.7)),
            )
        )
        hour += (worked + paused) / 3600 + rng.choice((5, 5, 10, 15, 30, 60)) / 60


def _answer(rng: random.Random, n: int = 2) -> str:
    return ". ".join(rng.sample(ANSWER_BITS, n)) + "."


def _reflection(ctx: _Context, day: date) -> None:
    rng = ctx.rng
    if day.weekday() == 6:
        session, prompts, hour = "weekly", WEEKLY, rng.uniform(17, 20)
    elif rng.random() < 0.3:
        session, prompts, hour = "morning", MORNING, rng.uniform(7, 9)
    else:
        session, prompts, hour = "evening", EVENING, rng.uniform(20, 22.5)
    moment = ctx.at(day, hour)
    episodes: list[Episode] = []
    if session == "evening" and rng.random() < 0.1:
        episodes = [
            Episode(activity="Deep work", start="09:00", end="11:30", feeling=_clamp(rng.gauss(7, 1))),
            Episode(activity="Calls", start="13:30", end="15:00", feeling=_clamp(rng.gauss(5, 1.2))),
        ]
    ctx.records.append(
        Reflection(
            **ctx.stamp(moment),
            session=session,
            day=day,
            prompt_set=f"{session}-basic",
            answers={pid: _answer(rng, rng.randint(1, 2)) for pid in prompts},
            prompts=dict(prompts),
            position=len(prompts),
            status="done",
            frog=rng.choice(FROGS) if session in ("morning", "evening") else None,
            episodes=episodes,
        )
    )


def generate(end: date | datetime, years: float, seed: int = 2026) -> list[Record]:
    """The heavy user's records for `years` years ending on `end` (a datetime also cuts the last
    day at that moment). The same arguments give the same records."""
    cut = end if isinstance(end, datetime) else None
    end_day = end.date() if isinstance(end, datetime) else end
    ctx = _Context(random.Random(seed))
    days = _days(end_day, years)
    day_mood = 0.0
    for day in days:
        day_mood = 0.6 * day_mood + ctx.rng.gauss(0, 0.6)
        tags, mood_shift, energy_shift = [], 0.5 if day.weekday() >= 5 else 0.0, 0.0
        for tag, chance, dm, de, weekdays in DAY_TAGS:
            if (not weekdays or day.weekday() < 5) and ctx.rng.random() < chance:
                tags.append(tag)
                mood_shift += dm
                energy_shift += de
        _checkins(ctx, day, tags, day_mood, energy_shift, mood_shift)
        _focus_blocks(ctx, day, tags, energy_shift)
        _reflection(ctx, day)
    people = _people(ctx, max(12, round(4 * len(days) / 365.25) + 4), days[0])
    _feedback(ctx, days, people)
    _stories(ctx, days)
    strengths = [
        Strength(**ctx.stamp(ctx.at(days[0], 12)), name=name, self_rating=ctx.rng.randint(2, 5)) for name in STRENGTHS
    ]
    records = [*people, *strengths, *ctx.records]
    if cut is not None:  # up to the same local wall-clock time on the last day
        wall = cut.replace(tzinfo=None)
        records = [r for r in records if _moment(r).replace(tzinfo=None) <= wall]
    return records


def _moment(record: Record) -> datetime:
    return record.shard_time() or record.created_at


def counts(records: list[Record]) -> dict[str, int]:
    """How many records of each collection (story versions counted as `story_versions`)."""
    out: dict[str, int] = {}
    for r in records:
        out[r.COLLECTION] = out.get(r.COLLECTION, 0) + 1
        if isinstance(r, Story):
            out["story_versions"] = out.get("story_versions", 0) + len(r.versions)
    return out


def fill(store: Any, end: date | datetime, years: float, seed: int = 2026) -> dict[str, int]:
    """Generate the sample journal and write it with `store.put_many`; returns the counts."""
    records = generate(end, years, seed)
    store.put_many(records)
    return counts(records)
