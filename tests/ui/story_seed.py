"""Fixed data for the story-area UI tests and snapshots (roles, never invented names)."""

from __future__ import annotations

from datetime import timedelta

from reflect.core.story import story as sc
from reflect.core.models import Answer, FeedbackResponse, FocusBlock, Person, Reflection, Story, TaggedPassage, Variant, VariantVersion

STEPS = {
    "portrait": "When I am at my best, I make messy things simple.",
    "positioning": "For whom: small online shops\nTheir need: lose sales at checkout\nWhat I do: I redesign checkouts in two weeks.\nUnlike: a big agency\nWhy me: I stay until the numbers move",
    "oneliner": "Problem: small shops lose sales at checkout\nSolution: I fix the checkout in two weeks\nResult: more orders",
    "proof": "Situation: A bakery lost half its online orders\nAction: I watched five customers buy and removed three steps\nResult: orders went up 40% in a month",
    "cta": "Who do you know who runs a shop online?",
}

VARIANT_TEXT = (
    "Um, small shops lose sales at checkout. I basically fix the checkout in two weeks.\n\n"
    "A bakery lost half its online orders. I removed three steps. Orders went up 40% in a month.\n\n"
    "Who do you know who runs a shop online?"
)

HOSTILE_QUOTE = "She untangled our checkout [@click=app.quit] in a week [bold]really[/]."


def seed(store, clock, *, feedback: bool = True, variant_length: str = "30s") -> Story:
    """A story with every step, a master version and one variant; evidence with a hostile quote."""
    now = clock.now()
    if feedback:
        person = store.add(Person(name="Client A", relation="client"))
        store.add(FeedbackResponse(person_id=person.id, from_name="Client A", relation="client", quotable=True,
                                   received_at=now, answers=[Answer(text=HOSTILE_QUOTE)],
                                   strengths=[TaggedPassage(strength="Reliable", answer=0)]))
        store.add(FeedbackResponse(from_name="A former colleague", relation="colleague", quotable=False, received_at=now,
                                   answers=[Answer(text="Calm under pressure.")],
                                   strengths=[TaggedPassage(strength="Calm", answer=0)]))
        store.add(Reflection(session="evening", day=now.date(), answers={"win": "Shipped the onboarding flow"},
                             prompts={"win": "What was today's win?"}))
        store.add(FocusBlock(intention="Draft the case study", planned_seconds=1500,
                             started_at=now - timedelta(hours=3), ended_at=now - timedelta(hours=2, minutes=35),
                             outcome="done"))
    story = sc.save_version(Story(created_at=now, updated_at=now), now, dict(STEPS), sc.assemble(STEPS), "First draft")
    variant = Variant(length=variant_length, audience="client", text=VARIANT_TEXT, from_version=1, updated_at=now,
                      versions=[VariantVersion(n=1, saved_at=now, text=VARIANT_TEXT, from_version=1)])
    story = story.model_copy(update={"variants": [variant]})
    return store.put(story)
