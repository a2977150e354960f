"""Generated text reads as sentences: the story builder and the portrait draft, on many inputs."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from reflect.core import prose
from reflect.core.feedback import strengths as fs
from reflect.core.models import Strength
from reflect.core.story import story as sc

BAD = re.compile(r"\. who|\.,|,\.|[.,;:!?]\s*[.,;:]|\.\.|,,|\s[.,;:!?]|\?\.|!\.|\.\?|\.!")
"""What must never appear: a stop before "who", a stop and a comma, doubled or floating marks."""


def _assert_reads_well(text: str) -> None:
    for paragraph in text.split("\n\n"):
        assert not BAD.search(paragraph), paragraph
        for sentence in re.split(r"(?<=[.!?])\s+", paragraph):
            first = next((c for c in sentence if c.isalnum()), "")
            assert not first.isalpha() or first.isupper(), (sentence, paragraph)


def test_the_reported_master_story_sentences() -> None:
    master = sc.assemble({
        "positioning": "For whom: small shops that leak customers.\nTheir need: who find out too late\n"
        "What I do: I fix checkouts\nUnlike: a big agency team.\nWhy me: 10 years in retail.",
    })
    assert master == (
        "I work with small shops that leak customers who find out too late. I fix checkouts. "
        "Unlike a big agency team, 10 years in retail."
    )


def test_a_portrait_of_a_strength_without_a_phrase_reads_as_english() -> None:
    ranked = [fs.Theme("User research", 2, [{"text": "Your research changed the plan.", "from": "Ana"}])]
    draft = fs.draft_portrait(ranked, [Strength(name="User research", synonyms=["research*"])])
    assert draft.startswith("When I am at my best, people count on me for user research.")
    assert "I show" not in draft


def test_sentence_puts_exactly_one_end_mark() -> None:
    assert prose.sentence("team.,") == "Team."
    assert prose.sentence("call me...") == "Call me."
    assert prose.sentence("who do you know?!") == "Who do you know?"
    assert prose.sentence('she said "yes."') == 'She said "yes."'
    assert prose.sentence(" , ") == ""
    assert prose.relative_clause("Who find out too late.") == " who find out too late"
    assert prose.lower_first("SaaS teams") == "SaaS teams" and prose.lower_first("I stay") == "I stay"


_WORDS = st.sampled_from(["shops", "Small", "who", "that", "I", "we", "SaaS", "10", "years", "team", "lose", "sales", "Berlin", "fix", "it"])
_MARKS = st.sampled_from(["", ".", ",", ";", ":", "...", "\u2026", "!", "?", ".,", "?!", " .", "., ", " -", "?.?.", "!!", ". ."])


@st.composite
def _piece(draw: st.DrawFn) -> str:
    """A fragment as a user might type it: a few words, odd spaces, any case, any end marks."""
    text = " ".join(draw(st.lists(_WORDS, min_size=1, max_size=6)))
    if draw(st.booleans()):
        text = text[:1].upper() + text[1:]
    return draw(st.sampled_from(["", " ", "  "])) + text + draw(_MARKS) + draw(st.sampled_from(["", " ", "\t"]))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["For whom", "Their need", "What I do", "Unlike", "Why me"]), _piece()),
       st.dictionaries(st.sampled_from(["Problem", "Solution", "Result"]), _piece()),
       st.lists(st.dictionaries(st.sampled_from(["Situation", "Task", "Action", "Result"]), _piece(), min_size=1), max_size=3),
       _piece())
def test_the_master_story_never_has_stray_punctuation(positioning, oneliner, proofs, cta) -> None:
    steps = {
        "positioning": "\n".join(f"{k}: {v}" for k, v in positioning.items()),
        "oneliner": "\n".join(f"{k}: {v}" for k, v in oneliner.items()),
        "proof": "\n\n".join("\n".join(f"{k}: {v}" for k, v in block.items()) for block in proofs),
        "cta": cta,
    }
    _assert_reads_well(sc.assemble(steps))


_SHIPPED = [d.name for d in fs.vocabulary()]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_SHIPPED), _piece()), min_size=1, max_size=4, unique_by=lambda n: n.strip().lower()))
def test_the_portrait_draft_never_has_stray_punctuation(names) -> None:
    shipped = {n.lower() for n in _SHIPPED}
    own = [Strength(name=n.strip(), synonyms=["x"]) for n in names if n.strip() and n.strip().lower() not in shipped]
    ranked = [fs.Theme(n.strip(), 1, []) for n in names if n.strip()]
    if ranked:
        _assert_reads_well(fs.draft_portrait(ranked, own).split("\n\n")[0])


def test_counted_takes_the_number_of_its_count() -> None:
    from reflect.core.prose import counted

    assert counted(1, "day") == "1 day"
    assert counted(4, "check-in") == "4 check-ins"
    assert counted(0, "reply") == "0 replies" and counted(1, "reply") == "1 reply"
    assert counted(2, "day") == "2 days" and counted(3, "key") == "3 keys"
    assert counted(1, "person", "people") == "1 person" and counted(2, "person", "people") == "2 people"
    assert counted(1.0, "year") == "1 year" and counted(0.5, "year") == "0.5 years"
