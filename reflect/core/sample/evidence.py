"""The sample journal's people, feedback, stories and rehearsals (see `reflect.core.sample.journal`)."""

from __future__ import annotations

import re
import uuid

from datetime import date, timedelta

from reflect.core.story.story import assemble
from reflect.core.models import (
    Answer,
    FeedbackRequest,
    FeedbackResponse,
    Person,
    PitchUse,
    Rehearsal,
    Story,
    StoryVersion,
    TaggedPassage,
    Variant,
)
from reflect.core.sample.base import (
    PER_YEAR,
    PRAISE,
    QUESTIONS,
    ROLES,
    STRENGTHS,
    VARIANTS,
    _Context,
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
        person.last_asked = max((r.sent_at for r in ctx.records
                                 if isinstance(r, FeedbackRequest) and person.id in r.person_ids and r.sent_at is not None), default=None)


def _story_steps(strengths: list[str]) -> dict[str, str]:
    """The five guided steps as the user would fill them in, around two strengths and what people
    said of them."""
    first, second = strengths
    return {
        "portrait": (f"When I am at my best, I am the person people describe with \"{first.lower()}\": "
                     f"a client told me {PRAISE[first]}.\n\n"
                     f"I also rely on {second.lower()}. Someone I worked with said {PRAISE[second]}."),
        "positioning": ("For whom: founders of small software companies\n"
                        "Their need: cannot yet explain why their product matters\n"
                        "What I do: I run their first customer conversations with them and turn what customers say into their pitch\n"
                        "Unlike: an agency that hands over a slide deck\n"
                        f"Why me: clients name me for {first.lower()} and {second.lower()}"),
        "oneliner": ("Problem: founders cannot say why their product matters\n"
                     "Solution: I turn their first customer conversations into a pitch\n"
                     "Result: customers repeat it in their own words"),
        "proof": ("Situation: a founder had a working product and no sales\n"
                  "Task: find the sentence customers would repeat\n"
                  "Action: I sat in on ten customer calls and wrote down what they said\n"
                  f"Result: three new customers in a month, and a client said {PRAISE[first]}"),
        "cta": "Would a thirty-minute call about your next customer conversation help?",
    }


def _stories(ctx: _Context, days: list[date]) -> None:
    """One value story, rewritten a few times a year (the same record all along, as the app keeps
    it), its four pitch variants rehearsed weekly and used now and then."""
    rng = ctx.rng
    years = len(days) / 365.25
    n_versions = max(1, round(PER_YEAR["story_versions"] * years))
    n_rehearsals = round(PER_YEAR["rehearsals"] * years)
    versions: list[StoryVersion] = []
    steps: dict[str, str] = {}
    for n in range(1, n_versions + 1):
        day = days[min(len(days) - 1, (n - 1) * len(days) // n_versions)]
        steps = _story_steps(rng.sample(STRENGTHS, 2))
        versions.append(
            StoryVersion(id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"sample:story/{n}/{ctx.at(day, 21).isoformat()}")),
                         n=n, saved_at=ctx.at(day, 21), why=rng.choice(("first draft", "new evidence", "shorter", "clearer opening")),
                         steps=steps, master=assemble(steps))
        )
    master = versions[-1].master
    variants = [
        Variant(id=ctx.uid(), length=length, audience=audience, text=_sentences(master, target * 2 + 40),
                from_version=len(versions), updated_at=versions[-1].saved_at)
        for length, audience, target in VARIANTS
    ]
    story = Story(**ctx.stamp(ctx.at(days[0], 20)), title="My value story", framework="problem-action-result",
                  steps=steps, master=master, versions=versions, variants=variants)
    story.updated_at = versions[-1].saved_at
    ctx.records.append(story)
    for k in range(n_rehearsals):
        day = days[min(len(days) - 1, k * len(days) // max(1, n_rehearsals) + rng.randrange(3))]
        version = sum(1 for v in versions if v.saved_at.date() <= day) or 1
        variant_index = rng.randrange(len(variants))
        variant, target = variants[variant_index], VARIANTS[variant_index][2]
        skill = min(1.0, (k % 60 + 1) / 60 * 1.5)  # practice pays off, and a rewrite costs some of it
        started = ctx.at(day, rng.uniform(8, 19))
        ctx.records.append(
            Rehearsal(
                **ctx.stamp(started),
                story_id=story.id,
                variant_id=variant.id,
                version=version,
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


def _sentences(text: str, limit: int) -> str:
    """The first whole sentences of `text` that fit in `limit` characters (at least the first one):
    a sample variant is a cut of the master story, never a cut through a word."""
    out = ""
    for sentence in re.split(r"(?<=[.!?])\s+", text.strip()):
        if out and len(out) + 1 + len(sentence) > limit:
            break
        out = f"{out} {sentence}" if out else sentence
    return out
