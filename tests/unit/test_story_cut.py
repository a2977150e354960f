"""The suggested cut of a new variant: one-liner, strongest proof story, call to action, within budget."""

from __future__ import annotations

from reflect.core.story import story as sc
from reflect.core.story.cut import suggest_cut
from reflect.core.story.pitch import budget_for
from tests.ui.story_seed import STEPS

PROOFS = (
    "Situation: A dentist had an empty calendar\nAction: I rewrote the booking page\n\n"
    "Situation: A bakery lost half its online orders\nAction: I watched five customers buy and removed three steps\n"
    "Result: orders went up 40% in a month\n\n"
    "Situation: A school wanted more sign-ups\nResult: more parents signed up"
)


def test_the_cut_keeps_the_one_liner_the_strongest_proof_and_the_ask() -> None:
    steps = {**STEPS, "proof": PROOFS}
    text = suggest_cut(steps, sc.assemble(steps), "60s", "client")
    paragraphs = text.split("\n\n")
    assert paragraphs[0] == sc.assemble({"oneliner": steps["oneliner"]})
    assert "40% in a month" in paragraphs[1] and "dentist" not in text and "school" not in text
    assert paragraphs[-1] == steps["cta"]
    assert "Unlike a big agency" not in text  # the positioning is dropped


def test_the_cut_fits_a_short_budget_by_dropping_the_middle_of_the_proof() -> None:
    steps = {**STEPS, "proof": PROOFS.replace("I watched five customers buy and removed three steps",
                                              "I watched " + "many " * 40 + "customers buy")}
    text = suggest_cut(steps, "", "30s", "client")
    assert "many many" not in text and "40% in a month" in text
    assert len(text.split()) <= budget_for("30s")


def test_referral_and_peer_cuts_say_whom_you_serve() -> None:
    master = sc.assemble(STEPS)
    assert "I work with small online shops" in suggest_cut(STEPS, master, "60s", "referral")
    assert "I work with" not in suggest_cut(STEPS, master, "60s", "networking")


def test_a_story_written_only_as_a_master_is_cut_by_paragraphs() -> None:
    master = "Hook.\n\nWho I serve.\n\nA long story without numbers at all here.\n\nOrders rose 40%.\n\nShall we talk?"
    assert suggest_cut({}, master, "60s", "client") == "Hook.\n\nOrders rose 40%.\n\nShall we talk?"
    assert suggest_cut({}, master, "one-liner", "client") == "Hook."
