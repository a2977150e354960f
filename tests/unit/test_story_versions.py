"""Story versions, word-level diffs, restore, variants out of date, evidence, export."""

from __future__ import annotations

from datetime import timedelta

from reflect.core.story import story as sc
from reflect.services.evidence import gather
from reflect.core.models import (
    Answer,
    FeedbackResponse,
    FocusBlock,
    Person,
    Reflection,
    Story,
    TaggedPassage,
    Variant,
    VariantVersion,
)
from reflect.core.story.pitch_export import markdown, plain

STEPS = {
    "positioning": "For whom: small online shops\nTheir need: lose sales at checkout\nWhat I do: I redesign checkouts.\nUnlike: a big agency\nWhy me: I stay until the numbers move",
    "oneliner": "Problem: shops lose sales at checkout\nSolution: I fix the checkout\nResult: more orders",
    "proof": "Situation: A bakery lost orders\nAction: I removed three steps\nResult: orders went up 40%\n\nSituation: A shop had slow pages\nResult: twice as fast",
    "cta": "Who do you know who runs a shop online?",
}


def test_assemble_builds_one_paragraph_per_section() -> None:
    master = sc.assemble(STEPS)
    assert master.split("\n\n") == [
        "Shops lose sales at checkout. I fix the checkout. More orders.",
        "I work with small online shops who lose sales at checkout. I redesign checkouts. Unlike a big agency, I stay until the numbers move.",
        "A bakery lost orders. I removed three steps. Orders went up 40%.",
        "A shop had slow pages. Twice as fast.",
        "Who do you know who runs a shop online?",
    ]
    assert sc.assemble({"cta": "Call me."}) == "Call me."
    assert sc.assemble({}) == ""


def test_every_save_is_a_version_and_unchanged_saves_add_none(clock) -> None:
    s = Story()
    s1 = sc.save_version(s, clock.now(), {"cta": "Call me."}, "Call me.", "first")
    clock.advance(60)
    s2 = sc.save_version(s1, clock.now(), {"cta": "Email me."}, "Email me.", "warmer")
    assert [v.n for v in s2.versions] == [1, 2]
    assert s2.versions[1].why == "warmer" and s2.master == "Email me."
    assert sc.save_version(s2, clock.now(), {"cta": "Email me."}, "Email me.") is s2


def test_restore_brings_back_an_old_version_as_a_new_one(clock) -> None:
    s = sc.save_version(Story(), clock.now(), {"cta": "Call me."}, "Call me.")
    s = sc.save_version(s, clock.now(), {"cta": "Email me."}, "Email me.")
    restored = sc.restore_version(s, 1, clock.now())
    assert restored.master == "Call me." and restored.steps == {"cta": "Call me."}
    assert [v.n for v in restored.versions] == [1, 2, 3]
    assert restored.versions[-1].why == "Restored version 1"
    assert restored.versions[1].master == "Email me."  # nothing in between is lost


def test_word_level_diff() -> None:
    old = "I help small shops sell online."
    new = "I help busy small shops sell more online."
    assert sc.diff_plain(old, new) == "I help {+busy +}small shops sell {+more +}online."
    assert sc.diff_plain("Call me today.", "Email me today.") == "[-Call -]{+Email +}me today."
    ops = sc.diff_ops("a b", "a c")
    assert ops == [("=", "a "), ("-", "b"), ("+", "c")]


def test_variant_out_of_date_when_master_changed(clock) -> None:
    s = sc.save_version(Story(), clock.now(), {}, "Master one.")
    v = Variant(length="30s", text="Cut one.", from_version=1)
    s = s.model_copy(update={"variants": [v]})
    assert not sc.is_out_of_date(s, v)
    s = sc.save_version(s, clock.now(), {"cta": "x"}, "Master one.")  # steps changed, master not
    assert not sc.is_out_of_date(s, s.variants[0])
    s = sc.save_version(s, clock.now(), {"cta": "x"}, "Master two.")
    assert sc.is_out_of_date(s, s.variants[0])
    s = sc.save_variant(s, v.id, "Cut two.", clock.now(), "follow master")
    fresh = s.variants[0]
    assert not sc.is_out_of_date(s, fresh)
    assert fresh.from_version == 3 and [x.n for x in fresh.versions] == [1]
    s = sc.save_variant(s, v.id, "Cut three.", clock.now())
    s = sc.restore_variant(s, v.id, 1, clock.now())
    assert s.variants[0].text == "Cut two." and [x.n for x in s.variants[0].versions] == [1, 2, 3]


def test_old_records_without_variant_versions_still_load() -> None:
    doc = {"kind": "story", "variants": [{"length": "60s", "audience": "peer", "text": "Hi."}]}
    s = Story.model_validate(doc)
    assert s.variants[0].versions == []


def test_evidence_with_no_feedback_at_all(store, clock) -> None:
    ev = gather(store, clock.now().date())
    assert ev.strengths == [] and ev.wins == [] and ev.focus_done == []


def _feedback(store) -> tuple[FeedbackResponse, FeedbackResponse]:
    p = store.add(Person(name="Client A", relation="client"))
    quotable = FeedbackResponse(person_id=p.id, relation="client", quotable=True,
                                answers=[Answer(text="She fixed our checkout in a week.")],
                                strengths=[TaggedPassage(strength="reliable", answer=0, start=4, end=33),
                                           TaggedPassage(strength="Reliable", answer=0)])
    private = FeedbackResponse(from_name="A former colleague", relation="colleague", quotable=False,
                               answers=[Answer(text="Calm under pressure.")],
                               strengths=[TaggedPassage(strength="Reliable", answer=0), TaggedPassage(strength="Calm", answer=0)])
    return store.add(quotable), store.add(private)


def test_strengths_counted_by_passages_and_distinct_people(store, clock) -> None:
    quotable, private = _feedback(store)
    ev = gather(store, clock.now().date())
    top = ev.strengths[0]
    assert (top.name, top.passages, top.people) == ("reliable", 3, 2)
    assert top.quotes[0].text == "fixed our checkout in a week." and top.quotes[0].author == "Client A"
    assert [q.quotable for q in top.quotes] == [True, True, False]
    assert (ev.strengths[1].name, ev.strengths[1].people) == ("Calm", 1)


def test_wins_and_finished_focus(store, clock) -> None:
    today = clock.now().date()
    store.add(Reflection(session="evening", day=today, answers={"progress": "Shipped the onboarding flow", "mood": "tired"},
                         prompts={"progress": "What moved forward today?", "mood": "How do you feel?"}))
    start = clock.now() - timedelta(hours=2)
    store.add(FocusBlock(intention="Draft the case study", planned_seconds=1500, started_at=start, outcome="done"))
    store.add(FocusBlock(intention="Answer email", planned_seconds=1500, started_at=start, outcome="derailed"))
    ev = gather(store, today)
    assert [w.text for w in ev.wins] == ["Shipped the onboarding flow"]
    assert [w.text for w in ev.focus_done] == ["Draft the case study"]
    assert ev.focus_done[0].source_kind == "focus_block"


def test_export_shows_quotes_only_when_quotable(store, clock) -> None:
    quotable, private = _feedback(store)
    ok = {"kind": "quote", "source_kind": "feedback_response", "source_id": quotable.id, "text": "Fixed it in a week.",
          "author": "Client A", "relation": "client", "strength": "Reliable"}
    no = {"kind": "quote", "source_kind": "feedback_response", "source_id": private.id, "text": "Calm under pressure.",
          "author": "A former colleague", "relation": "colleague", "strength": "Calm"}
    script = f"I fix checkouts. {sc.quote_line(no)} Shall we talk?"
    s = sc.save_version(Story(title="Checkout help"), clock.now(), {}, script)
    s = sc.add_evidence(sc.add_evidence(s, ok), no)
    s = sc.add_evidence(s, {"kind": "win", "source_kind": "reflection", "source_id": quotable.id, "text": "Shipped onboarding"})
    md = markdown(s, None, {quotable.id}, 130)
    assert md.withheld == 1
    assert "Calm under pressure" not in md.text
    assert "> Fixed it in a week." in md.text and "> \u2014 Client A, client" in md.text
    assert md.text.startswith("# Checkout help\n")
    assert "## 1. I fix checkouts..." in md.text and "- Shipped onboarding" in md.text
    txt = plain(s, None, {quotable.id})
    assert txt.text.startswith("I fix checkouts. Shall we talk?")
    assert "\u201cFixed it in a week.\u201d \u2014 Client A" in txt.text
    # permission withdrawn: the quote is gone from the next export
    assert "Fixed it" not in markdown(s, None, set(), 130).text


def test_export_of_a_variant(clock) -> None:
    v = Variant(length="30s", audience="peer", text="Short cut. Call me.", versions=[VariantVersion(n=1, saved_at=clock.now(), text="Short cut. Call me.")])
    s = sc.save_version(Story(), clock.now(), {}, "Long master.").model_copy(update={"variants": [v]})
    md = markdown(s, v, set(), 130).text
    assert "*30 seconds \u00b7 Peer \u00b7 4 words" in md and "Long master" not in md


def test_add_evidence_links_a_source_once_per_step() -> None:
    e = {"kind": "win", "source_kind": "reflection", "source_id": "r1", "step": "step:proof", "text": "x"}
    s = sc.add_evidence(sc.add_evidence(Story(), e), dict(e))
    assert len(s.evidence) == 1
    assert sc.evidenced_strengths(sc.add_evidence(s, {**e, "strength": "Calm"})) == {"Calm"}




def test_diff_view_folds_long_unchanged_stretches_and_is_plain_text() -> None:
    from reflect.widgets.story.diff_view import diff_text

    old = "word " * 100 + "[@click=app.quit] end"
    shown = diff_text(old, "word " * 100 + "[@click=app.quit] finish")
    assert shown.plain.startswith(" \u2026 \n") and shown.plain.endswith("[@click=app.quit] endfinish")
    assert len(shown.plain) < 200
    assert [s.style for s in shown.spans if "strike" in str(s.style)]
    assert diff_text("same", "same").plain == "same"
