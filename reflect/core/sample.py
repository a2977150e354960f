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

`fill(store, ...)` writes everything with `Store.put_many` (one write per monthly shard), so ten
years take seconds.
"""

from __future__ import annotations

import math
import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from reflect.core.models import (
    Answer,
    CheckIn,
    Episode,
    FeedbackRequest,
    FeedbackResponse,
    FocusBlock,
    Interruption,
    Pause,
    Person,
    PitchUse,
    Record,
    Reflection,
    Rehearsal,
    Story,
    StoryVersion,
    Strength,
    TaggedPassage,
    Variant,
)

STANDARD = timezone(timedelta(hours=-8))
SUMMER = timezone(timedelta(hours=-7))

EMOTIONS: list[tuple[str, int, int]] = [
    ("ecstatic", 9, 9), ("elated", 9, 8), ("excited", 8, 8), ("energized", 7, 9), ("inspired", 8, 7),
    ("proud", 8, 6), ("happy", 7, 6), ("cheerful", 7, 7), ("focused", 6, 7), ("content", 7, 4),
    ("calm", 7, 3), ("relaxed", 8, 3), ("grateful", 8, 5), ("serene", 8, 2), ("rested", 6, 3),
    ("fine", 5, 5), ("okay", 5, 4), ("restless", 4, 7), ("tense", 3, 7), ("stressed", 2, 8),
    ("anxious", 3, 8), ("irritated", 3, 6), ("frustrated", 2, 6), ("overwhelmed", 2, 7),
    ("tired", 4, 2), ("drained", 3, 2), ("bored", 4, 3), ("flat", 4, 4), ("low", 3, 3),
    ("exhausted", 2, 1), ("discouraged", 2, 3), ("sad", 2, 4),
]
"""Emotion words placed on the affect grid (word, mood, energy)."""

DAY_TAGS: list[tuple[str, float, float, float, bool]] = [
    # tag, chance per day, mood effect, energy effect, weekdays only
    ("exercise", 0.35, 0.8, 1.0, False),
    ("outdoors", 0.20, 0.9, 0.4, False),
    ("poor-sleep", 0.15, -0.7, -1.6, False),
    ("deadline", 0.14, -0.9, 0.6, True),
    ("family", 0.25, 0.6, -0.2, False),
    ("travel", 0.03, -0.3, -0.6, False),
]
"""Tags that describe a whole day, and what they do to mood and energy."""

CONTEXTS: list[tuple[str, float, float, float]] = [
    # tag, chance per check-in on a working day, mood effect, energy effect
    ("client-call", 0.18, -0.2, 0.3),
    ("deep-work", 0.22, 0.5, 0.2),
    ("admin", 0.14, -0.7, -0.4),
    ("email", 0.12, -0.3, -0.2),
    ("invoicing", 0.03, -0.5, -0.3),
    ("networking", 0.04, 0.3, 0.4),
]
"""Tags for what was going on at a check-in."""

NOTES = [
    "Good momentum this morning.",
    "Slow start, coffee helped.",
    "Long call, felt heard.",
    "Inbox took longer than planned.",
    "Walked around the block, head is clearer.",
    "Finally shipped the draft.",
    "Scope creep again; need to say no sooner.",
    "Lunch away from the desk.",
    "Waiting on a reply before I can continue.",
    "Invoice sent, one less thing.",
    "Too many small tasks, nothing big done.",
    "Nice message from a client.",
    "Tired after the workshop.",
    "Quiet afternoon, good for writing.",
]
"""Short notes in the user's voice (no names)."""

INTENTIONS = [
    "Draft the proposal outline", "Fix the reporting bug", "Write the workshop handout",
    "Review the contract terms", "Prepare the client presentation", "Clear the inbox to zero",
    "Sketch the new landing page", "Outline next quarter's offers", "Write the case study",
    "Refactor the import module", "Plan the discovery call", "Edit the newsletter",
    "Update the project estimate", "Research pricing of similar services", "Write tests for the API",
]
"""Focus-block intentions."""

FROGS = [
    "Send the overdue estimate", "Call the accountant", "Finish the proposal", "Chase the unpaid invoice",
    "Write the hard email", "Start the case study", "Ask for the testimonial", "Update the portfolio",
]
"""The frog: the one hard thing for tomorrow."""

INTERRUPTIONS = [
    ("external", "phone call"), ("external", "client message"), ("external", "delivery at the door"),
    ("internal", "checked email"), ("internal", "remembered an errand"), ("internal", "looked at the news"),
]
"""Interruption sources and reasons."""

EVENING = {
    "went_well": "What went well today?",
    "drained": "What drained your energy?",
    "learned": "What did you learn?",
}
MORNING = {"intention": "What matters most today?", "energy_plan": "When will you do the hardest thing?"}
WEEKLY = {"wins": "What were this week's wins?", "lessons": "What would you do differently?",
          "next": "What is the one thing for next week?"}
"""Reflection prompts (id: wording) by session."""

ANSWER_BITS = [
    "Got the hard part of the project done before lunch", "A client said the plan finally made sense",
    "Too many context switches after three", "Saying no to the extra request felt right",
    "Mornings are still my best time for writing", "Meetings back to back left nothing for deep work",
    "A walk at noon reset the afternoon", "Learned a faster way to prepare estimates",
    "Waiting on others slowed everything down", "The workshop went better than expected",
]
"""Fragments the reflection answers are made of."""

STRENGTHS = [
    "Making complex things simple", "Calm under pressure", "Finding the real problem",
    "Reliable follow-through", "Building trust quickly", "Structured thinking",
    "Clear writing", "Creative ideas",
]
"""The user's strengths vocabulary."""

PRAISE = {
    "Making complex things simple": "you explained the system so everyone in the room understood it",
    "Calm under pressure": "you stayed calm when the launch went wrong and got us through it",
    "Finding the real problem": "you asked the question that showed what the real problem was",
    "Reliable follow-through": "you did exactly what you said you would, on time, every time",
    "Building trust quickly": "the team trusted you within the first week",
    "Structured thinking": "you turned a messy brief into a plan with clear steps",
    "Clear writing": "your summary was the document everyone forwarded",
    "Creative ideas": "you came up with an option nobody else had considered",
}
"""What people say when they see a strength (our own words)."""

QUESTIONS = [
    "Tell me about a time I was at my best working with you.",
    "What do you come to me for?",
    "What should I do more of?",
]
"""Questions of the feedback requests."""

ROLES: list[tuple[str, str, float]] = [
    ("Client", "client", 0.45), ("Colleague", "colleague", 0.25), ("Friend", "friend", 0.15),
    ("Mentor", "mentor", 0.08), ("Former manager", "other", 0.07),
]
"""Who the user asks for feedback: label prefix, relation, share."""

VARIANTS = [("one-liner", "client", 8), ("30s", "networking", 30), ("60s", "client", 60), ("2min", "referral", 120)]
"""Pitch variants: length, audience, target seconds."""

PER_YEAR = {
    "checkins": 3650, "focus_blocks": 2190, "reflections": 365, "feedback_responses": 20,
    "story_versions": 5, "rehearsals": 50,
}
"""The heavy user's yearly volume (the design's ten-year figures divided by ten)."""


def local_offset(day: date) -> timezone:
    """The user's UTC offset on a day: -07:00 from the second Sunday of March to the first Sunday
    of November, -08:00 otherwise (a DST-like change twice a year)."""
    march = date(day.year, 3, 8)
    start = march + timedelta(days=(6 - march.weekday()) % 7)
    november = date(day.year, 11, 1)
    end = november + timedelta(days=(6 - november.weekday()) % 7)
    return SUMMER if start <= day < end else STANDARD


def energy_rhythm(hour: float) -> float:
    """How far energy is from the day's level at an hour: a late-morning peak, a dip after lunch,
    a small late-afternoon lift, a decline in the evening."""
    return (
        1.6 * math.exp(-(((hour - 10.5) / 2.0) ** 2))
        - 1.3 * math.exp(-(((hour - 14.5) / 1.2) ** 2))
        + 0.6 * math.exp(-(((hour - 17.5) / 1.5) ** 2))
        - 0.45 * max(0.0, hour - 19.0)
        - 0.9 * max(0.0, 8.0 - hour)
    )


def _nearest_words() -> dict[tuple[int, int], list[str]]:
    grid: dict[tuple[int, int], list[str]] = {}
    for m in range(1, 10):
        for e in range(1, 10):
            best = min((m - wm) ** 2 + (e - we) ** 2 for _, wm, we in EMOTIONS)
            grid[(m, e)] = [w for w, wm, we in EMOTIONS if (m - wm) ** 2 + (e - we) ** 2 == best]
    return grid


_WORDS = _nearest_words()


def _clamp(value: float) -> int:
    return max(1, min(9, round(value)))


@dataclass
class _Context:
    """The generator's state: its random source and what it made so far."""

    rng: random.Random
    records: list[Record] = field(default_factory=list)

    def uid(self) -> str:
        """A UUID4 string from the seeded random source."""
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def at(self, day: date, hour: float) -> datetime:
        """A local moment on `day` at a fractional hour, with the day's offset."""
        minutes = int(hour * 60)
        return datetime.combine(day, time(minutes // 60, minutes % 60, self.rng.randrange(60)), local_offset(day))

    def stamp(self, moment: datetime) -> dict[str, Any]:
        """Envelope fields for a record made at `moment`."""
        return {"id": self.uid(), "created_at": moment, "updated_at": moment}


def _days(end: date, years: float) -> list[date]:
    count = max(1, round(years * 365.25))
    first = end - timedelta(days=count - 1)
    return [first + timedelta(days=i) for i in range(count)]


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


def _people(ctx: _Context, count: int, first: date) -> list[Person]:
    rng = ctx.rng
    people: list[Person] = []
    letters: dict[str, int] = {}
    for _ in range(count):
        label, relation, _share = rng.choices(ROLES, weights=[r[2] for r in ROLES])[0]
        n = letters.get(label, 0)
        letters[label] = n + 1
        suffix = chr(ord("A") + n % 26) + (str(n // 26 + 1) if n >= 26 else "")
        moment = ctx.at(first, 9)
        people.append(Person(**ctx.stamp(moment), name=f"{label} {suffix}", relation=relation))
    return people


def _feedback(ctx: _Context, days: list[date], people: list[Person]) -> None:
    """Two request rounds a year; about ten people answer each."""
    rng = ctx.rng
    target = max(1, round(PER_YEAR["feedback_responses"] * len(days) / 365.25))
    rounds = max(1, round(target / 10))
    step = max(1, len(days) // rounds)
    made = 0
    for r in range(rounds):
        day = days[min(len(days) - 1, r * step + rng.randrange(max(1, step // 2)))]
        sent = ctx.at(day, 10)
        asked = rng.sample(people, min(len(people), 13))
        want = round(target * (r + 1) / rounds) - made
        answering = asked[:want]
        request = FeedbackRequest(
            **ctx.stamp(sent),
            question_set="strengths-stories",
            questions=list(QUESTIONS),
            message="I'm working on how I describe my work. Could you answer three short questions?",
            person_ids=[p.id for p in asked],
            status={p.id: ("answered" if p in answering else rng.choice(("sent", "declined"))) for p in asked},
            sent_at=sent,
            due=day + timedelta(days=14),
        )
        ctx.records.append(request)
        for person in answering:
            got = ctx.at(min(days[-1], day + timedelta(days=rng.randint(1, 12))), rng.uniform(8, 21))
            seen = rng.sample(STRENGTHS, 2)
            answers, passages = [], []
            for i, question in enumerate(QUESTIONS):
                strength = seen[i % 2]
                phrase = PRAISE[strength]
                text = f"When we worked together {phrase}." if i == 0 else f"Mostly because {phrase}."
                if i == 2:
                    text = "Share your process more openly; " + phrase + "."
                start = text.index(phrase)
                answers.append(Answer(question=question, text=text))
                passages.append(TaggedPassage(strength=strength, answer=i, start=start, end=start + len(phrase)))
            ctx.records.append(
                FeedbackResponse(
                    **ctx.stamp(got),
                    person_id=person.id,
                    request_id=request.id,
                    from_name=person.name,
                    relation=person.relation,
                    received_at=got,
                    answers=answers,
                    strengths=passages,
                    quotable=rng.random() < 0.6,
                )
            )
            made += 1
    for person in people:
        person.last_asked = max((r.sent_at for r in ctx.records if isinstance(r, FeedbackRequest) and person.id in r.person_ids), default=None)


def _stories(ctx: _Context, days: list[date]) -> None:
    """One value story per three years or so, rewritten a few times a year, rehearsed weekly."""
    rng = ctx.rng
    years = len(days) / 365.25
    n_versions = max(1, round(PER_YEAR["story_versions"] * years))
    n_stories = max(1, round(years / 3))
    n_rehearsals = round(PER_YEAR["rehearsals"] * years)
    per_story = [n_versions // n_stories + (1 if i < n_versions % n_stories else 0) for i in range(n_stories)]
    span = len(days) // n_stories
    for s, versions_wanted in enumerate(per_story):
        own_days = days[s * span : (s + 1) * span if s < n_stories - 1 else len(days)]
        begun = ctx.at(own_days[0], 20)
        versions: list[StoryVersion] = []
        steps: dict[str, str] = {}
        for n in range(1, versions_wanted + 1):
            day = own_days[min(len(own_days) - 1, (n - 1) * len(own_days) // versions_wanted)]
            strengths = rng.sample(STRENGTHS, 2)
            steps = {
                "who": "Founders of small software companies",
                "problem": "Their product works, but nobody outside the team can explain why it matters.",
                "how": f"I bring {strengths[0].lower()} and {strengths[1].lower()} to their first customer conversations.",
                "proof": f"A client said {PRAISE[strengths[0]]}.",
            }
            versions.append(
                StoryVersion(n=n, saved_at=ctx.at(day, 21), why=rng.choice(("first draft", "new evidence", "shorter", "clearer opening")),
                             steps=steps, master=" ".join(steps.values()))
            )
        master = " ".join(steps.values())
        variants = [
            Variant(id=ctx.uid(), length=length, audience=audience, text=master[: target * 2 + 40],
                    from_version=len(versions), updated_at=versions[-1].saved_at)
            for length, audience, target in VARIANTS
        ]
        story = Story(
            **ctx.stamp(begun),
            title="My value story" if s == n_stories - 1 else f"Value story {s + 1}",
            framework="problem-action-result",
            steps=steps,
            master=master,
            versions=versions,
            variants=variants,
        )
        story.updated_at = versions[-1].saved_at
        ctx.records.append(story)
        want = n_rehearsals * len(own_days) // len(days)
        for k in range(want):
            day = own_days[min(len(own_days) - 1, k * len(own_days) // max(1, want) + rng.randrange(3))]
            variant_index = rng.randrange(len(variants))
            variant, target = variants[variant_index], VARIANTS[variant_index][2]
            skill = min(1.0, (k + 1) / max(1, want) * 1.5)
            started = ctx.at(day, rng.uniform(8, 19))
            ctx.records.append(
                Rehearsal(
                    **ctx.stamp(started),
                    story_id=story.id,
                    variant_id=variant.id,
                    version=len(versions),
                    mode=rng.choice(("read", "teleprompter", "cards")),
                    started_at=started,
                    duration_seconds=round(target * rng.uniform(0.9, 1.4 - 0.3 * skill), 1),
                    target_seconds=float(target),
                    wpm=round(rng.uniform(115, 160), 1),
                    level=min(4, int(skill * 4)),
                    hints=max(0, round(rng.gauss(3 - 3 * skill, 1))),
                    stumbles=max(0, round(rng.gauss(4 - 3 * skill, 1.2))),
                    clarity=max(1, min(5, round(2 + 3 * skill + rng.gauss(0, 0.6)))),
                    confidence=max(1, min(5, round(2 + 3 * skill + rng.gauss(0, 0.7)))),
                    naturalness=max(1, min(5, round(2 + 2.5 * skill + rng.gauss(0, 0.7)))),
                )
            )
            if rng.random() < 0.4:
                ctx.records.append(
                    PitchUse(**ctx.stamp(started + timedelta(days=2)), at=started + timedelta(days=2), story_id=story.id,
                             variant_id=variant.id, where=rng.choice(("meetup", "discovery call", "referral intro", "conference")),
                             to_whom=rng.choice(("a founder", "a product lead", "a former client", "another freelancer")),
                             outcome=rng.choice(("Asked for a follow-up call.", "Polite interest.", "Got a referral.", "")))
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
