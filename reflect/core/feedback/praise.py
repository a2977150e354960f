"""Which sentences of a reply may suggest a strength: positive statements about the person, read as sentences.

A word like "documentation" or "bold" says nothing by itself: "the documentation came late" is a
criticism and "[bold red]" is markup. A match suggests a strength only when:
  - markup (Rich `[tags]`, HTML `<tags>`) was blanked out first, so words inside it never match;
  - the question does not ask for criticism ("Stop doing", "What I could have done better");
  - VADER (a sentiment lexicon and rules made for short informal text, shipped with its data) does
    not score the sentence critical (compound > `CRITICAL`), and either the question asked for
    strengths ("What I do well"), or the sentence is clearly positive (compound >= `POSITIVE`), or
    the person is its subject: "you", "she", "your"... among the `SUBJECT_WINDOW` words before the
    match ("You led the migration");
  - it is not advice or a question ("could be more decisive", "should plan more", "...?");
  - the word is not negated (a negation earlier in its clause: "I wouldn't call it clear") and is
    not part of a proper noun (capitalised next to another capitalised word, as in a company's name).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

POSITIVE = 0.4
"""Least VADER compound score (-1..1) of a sentence that suggests a strength wherever the word is."""

CRITICAL = -0.3
"""A sentence scoring at or below this is critical: it suggests nothing."""

SUBJECT_WINDOW = 4
"""Words before the match searched for the person as subject ("you", "she", "your"...)."""

_PERSON = frozenset("you your you're youre she her he his they their them".split())
_CLAUSE = re.compile(r"[,;:]|\b(?:but|though|although|however|yet)\b", re.I)

_MARKUP = re.compile(r"\[/?[A-Za-z@#/][^\[\]\n]{0,60}\]|\[/\]|<[^<>\n]{1,60}>")
_ADVICE = re.compile(
    r"\b(?:should|could be|could have|would be (?:nice|good|better|great) if|wish|needs? to|need more|next time"
    r"|try to|more often|be more|less of|work on|improve)\b|\?\s*$",
    re.I,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_NEGATIONS = frozenset(
    "not no never none nobody nothing neither nor cannot cant can't don't dont didn't didnt isn't isnt wasn't wasnt"
    " aren't arent weren't werent won't wont wouldn't wouldnt couldn't couldnt shouldn't shouldnt hardly barely"
    " without lack lacked lacking".split()
)


@cache
def _analyzer() -> Any:  # the third-party type
    """VADER's analyser, loaded once (its lexicon ships inside the package: no network)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def blank_markup(text: str) -> str:
    """`text` with markup tags replaced by spaces of the same length (offsets stay valid)."""
    return _MARKUP.sub(lambda m: " " * len(m.group()), text)


IDIOMS = {
    "stood out": "excelled", "stands out": "excels", "stand out": "excel", "standing out": "excelling",
    "shone": "excelled", "shines": "excels", "shine": "excel", "shining": "excelling",
}
"""Feedback idioms VADER's general lexicon scores as neutral, read as the plain word they mean."""

_IDIOM = re.compile(r"\b(" + "|".join(sorted(IDIOMS, key=len, reverse=True)) + r")\b", re.IGNORECASE)


def sentiment(sentence: str) -> float:
    """VADER's compound score of a sentence, -1 (very negative) to 1 (very positive).

    Praise idioms ("stood out", "shines") are first put in plain words, so "Leadership is what stood
    out" reads as positive; a negated one ("never stood out") then reads as negative, as it should.
    """
    plain = _IDIOM.sub(lambda m: IDIOMS[m.group(1).lower()], sentence)
    return float(_analyzer().polarity_scores(plain)["compound"])


def is_advice(sentence: str) -> bool:
    """True for advice or a question ("could be more decisive", "should plan more", "...?")."""
    return bool(_ADVICE.search(sentence))


def about_person(sentence: str, start: int) -> bool:
    """True when the person ("you", "she", "your"...) is among the few words before `start`."""
    before = [w.lower().replace("’", "'") for w in _WORD.findall(sentence[:start])][-SUBJECT_WINDOW:]
    return any(w in _PERSON for w in before)


def negated(sentence: str, start: int) -> bool:
    """True when a negation ("not", "never", "wouldn't", "hardly"...) comes earlier in the clause of `start`."""
    clause_start = 0
    for m in _CLAUSE.finditer(sentence, 0, start):
        clause_start = m.end()
    words = [w.lower().replace("’", "'") for w in _WORD.findall(sentence[clause_start:start])]
    return any(w in _NEGATIONS for w in words)


_STARTERS = frozenset("i you she he they we it this that the a an your her his our their my so very".split())


def _title(word: str) -> bool:
    """Capitalised like a name ("Digital"), not shouted ("CALM") nor the pronoun "I"."""
    return word[:1].isupper() and not word.isupper() and word != "I"


def proper_noun(sentence: str, start: int, end: int) -> bool:
    """True when sentence[start:end] looks like part of a name: capitalised, next to another
    capitalised word ("Hanse Digital", "Bold Ventures") that is not just a sentence's first word."""
    if not _title(sentence[start:end]):
        return False
    words = list(_WORD.finditer(sentence))
    at = next((i for i, m in enumerate(words) if m.start() == start), None)
    if at is None:
        return False
    for i in (at - 1, at + 1):
        if 0 <= i < len(words) and _title(words[i].group()):
            if i == 0 and words[i].group().lower() in _STARTERS:
                continue
            return True
    return False


PRAISE_QUESTIONS = frozenset(
    {"story-1", "story-2", "strength-word", "strengths", "rely-on", "underused", "continue", "best-part",
     "recommend-for", "quote-text"}
)
"""Questions that ask for what the person does well: their answers are praise unless they read as critical."""

CRITIQUE_QUESTIONS = frozenset({"start", "stop", "improve"})
"""Questions that ask for criticism or advice: their answers never suggest a strength."""


def can_suggest(sentence: str, start: int, end: int, qid: str = "") -> bool:
    """True when the match sentence[start:end], in the answer to question `qid`, may suggest a
    strength (see the module docstring; the question sets how positive the sentence must read)."""
    if qid in CRITIQUE_QUESTIONS or not sentence.strip():
        return False
    if is_advice(sentence) or negated(sentence, start) or proper_noun(sentence, start, end):
        return False
    score = sentiment(sentence)
    if qid in PRAISE_QUESTIONS:
        return score > CRITICAL
    return score >= POSITIVE or (score > CRITICAL and about_person(sentence, start))
