"""Strengths: the vocabulary (shipped plus the user's own), suggestions found in replies, themes
ranked by how many different people named them, blind spots against self-ratings, and the
best-self portrait drafted from the themes. Pure functions.
"""

from __future__ import annotations

from typing import Any

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from reflect import content
from reflect.core import prose
from reflect.core.feedback import praise
from reflect.core.models import FeedbackResponse, Person, Portrait, PortraitVersion, Strength, TaggedPassage
from reflect.core.text import strip_controls

HIGH = 4
"""A self-rating at or above this means "I see this in myself"."""
LOW = 2
"""A self-rating at or below this (or none) means "I don't see this in myself"."""


@dataclass
class StrengthDef:
    """One strength: its name, the words that point to it, the portrait phrase, the self-rating."""

    name: str
    synonyms: list[str] = field(default_factory=list)
    portrait: str = ""
    self_rating: int | None = None
    custom: bool = False

    @property
    def key(self) -> str:
        """The case-insensitive identity of the strength."""
        return self.name.strip().lower()


@cache
def _shipped() -> tuple[tuple[str, tuple[str, ...], str], ...]:
    return tuple((s["name"], tuple(s["synonyms"]), s.get("portrait", "")) for s in content.load("strengths")["strengths"])


def vocabulary(own: Iterable[Strength] = ()) -> list[StrengthDef]:
    """The shipped strengths merged with the user's records (which add synonyms and a self-rating)."""
    out: dict[str, StrengthDef] = {}
    for name, syns, portrait in _shipped():
        d = StrengthDef(name, list(syns), portrait)
        out[d.key] = d
    for rec in own:
        if rec.deleted:
            continue
        key = rec.name.strip().lower()
        have = out.get(key)
        if have is None:
            have = out[key] = StrengthDef(rec.name, [], "", custom=True)
        have.synonyms.extend(s for s in rec.synonyms if s not in have.synonyms)
        have.self_rating = rec.self_rating
    return list(out.values())


IRREGULAR = {
    "lead": ("led",), "teach": ("taught",), "speak": ("spoke", "spoken"), "write": ("wrote", "written"),
    "think": ("thought",), "bring": ("brought",), "understand": ("understood",), "hear": ("heard",),
    "build": ("built",), "keep": ("kept",), "find": ("found",), "make": ("made",), "take": ("took", "taken"),
}
"""Irregular forms of verbs that strength words use: "led" is a form of "lead"."""

_INFLECTION = r"(?:s|es|ed|d|ing|ly)?"


def _pattern(word: str) -> str:
    """A whole-word pattern: `word*` matches any ending; a single word also matches its regular
    inflections (s, ed, ing, ly) and its irregular forms; a phrase matches as written."""
    word = word.strip()
    if word.endswith("*"):
        return r"(?<!\w)" + re.escape(word[:-1]).replace(r"\ ", r"\s+") + r"\w*"
    if " " not in word:
        forms = [re.escape(word) + _INFLECTION] + [re.escape(f) for f in IRREGULAR.get(word.lower(), ())]
        return r"(?<!\w)(?:" + "|".join(forms) + r")(?!\w)"
    return r"(?<!\w)" + re.escape(word).replace(r"\ ", r"\s+") + r"(?!\w)"


def matcher(strength: StrengthDef) -> re.Pattern[str]:
    """A whole-word, case-insensitive pattern for the strength's name and synonyms and their forms."""
    words = [strength.name, *strength.synonyms]
    return re.compile("|".join(_pattern(w) for w in words if w.strip()), re.I)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n|\n(?=\s*[-*•])")


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence (or bullet) that holds text[start:end]."""
    lo, hi = 0, len(text)
    for m in _SENTENCE_END.finditer(text):
        if m.end() <= start:
            lo = m.end()
        elif m.start() >= end:
            hi = m.start()
            break
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def suggest(response: FeedbackResponse, vocab: Sequence[StrengthDef]) -> list[TaggedPassage]:
    """Strengths suggested by the reply's answers, one per strength and answer, not yet confirmed.

    Only a positive statement suggests a strength (`praise.can_suggest`: markup blanked out,
    negated, critical, advice and proper-noun matches skipped). Strengths already tagged on that
    answer, or dismissed by the user for this reply, are skipped. The passage is the sentence
    holding the first match that qualifies.
    """
    dismissed = {d.lower() for d in response.dismissed}
    have = {(t.strength.lower(), t.answer) for t in response.strengths}
    out = []
    for i, ans in enumerate(response.answers):
        if ans.qid in ("quote-ok", "attribution"):
            continue
        text = praise.blank_markup(ans.text)
        verdicts: dict[tuple[int, int, int], bool] = {}
        for s in vocab:
            if s.key in dismissed or (s.key, i) in have:
                continue
            for m in matcher(s).finditer(text):
                lo, hi = sentence_around(ans.text, m.start(), m.end())  # the passage keeps its words as written
                key = (lo, m.start(), m.end())
                if key not in verdicts:
                    verdicts[key] = praise.can_suggest(text[lo:hi], m.start() - lo, m.end() - lo, ans.qid)
                if verdicts[key]:
                    out.append(TaggedPassage(strength=s.name, answer=i, start=lo, end=hi, confirmed=False))
                    break
    return out


def passage_text(response: FeedbackResponse, tag: TaggedPassage) -> str:
    """The quoted words of a tagged passage (the whole answer when the span is empty or stale)."""
    if not 0 <= tag.answer < len(response.answers):
        return ""
    text = response.answers[tag.answer].text
    if 0 <= tag.start < tag.end <= len(text):
        return text[tag.start : tag.end].strip()
    return text.strip()


def person_key(response: FeedbackResponse) -> str:
    """Who gave the reply: the person's id, or their name when the reply is linked to nobody."""
    return response.person_id or "name:" + response.from_name.strip().lower()


@dataclass
class Theme:
    """A strength others named: how many different people, and their words."""

    strength: str
    people: int
    quotes: list[dict[str, str]]
    self_rating: int | None = None


def themes(responses: Iterable[FeedbackResponse], people: Iterable[Person], own: Iterable[Strength] = ()) -> list[Theme]:
    """Strengths ranked by how many DIFFERENT people named them (then by quotes, then by name).

    Only confirmed passages count (suggestions wait apart, see `pending`); a person who named a
    strength five times counts once. Quotes are `{text, from}`, each passage once.
    """
    names = {p.id: p.name for p in people}
    vocab = {d.key: d for d in vocabulary(own)}
    who: dict[str, set[str]] = {}
    quotes: dict[str, list[dict[str, str]]] = {}
    display: dict[str, str] = {}
    for resp in responses:
        if resp.deleted:
            continue
        sender = names.get(resp.person_id or "", resp.from_name) or "someone"
        for tag in resp.strengths:
            key = tag.strength.strip().lower()
            if not key or not tag.confirmed:
                continue
            display.setdefault(key, vocab[key].name if key in vocab else tag.strength)
            who.setdefault(key, set()).add(person_key(resp))
            text = passage_text(resp, tag)
            q = {"text": text, "from": sender}
            if text and q not in quotes.setdefault(key, []):
                quotes[key].append(q)
    ranked = sorted(who, key=lambda k: (-len(who[k]), -len(quotes.get(k, [])), display[k].lower()))
    return [Theme(display[k], len(who[k]), quotes.get(k, []), vocab[k].self_rating if k in vocab else None) for k in ranked]


def pending(responses: Iterable[FeedbackResponse]) -> list[tuple[str, int]]:
    """Suggested strengths not yet accepted, as (strength, replies suggesting it), most first.

    They are shown apart from the themes and count nowhere until the user confirms them."""
    count: dict[str, int] = {}
    for resp in responses:
        if resp.deleted:
            continue
        confirmed = {t.strength.strip().lower() for t in resp.strengths if t.confirmed}
        for name in {t.strength for t in resp.strengths if not t.confirmed and t.strength.strip().lower() not in confirmed}:
            count[name] = count.get(name, 0) + 1
    return sorted(count.items(), key=lambda kv: (-kv[1], kv[0].lower()))


def themes_json(ranked: Iterable[Theme]) -> list[dict[str, Any]]:
    """The `reflect feedback themes --json` shape: `[{strength, people, quotes: [{text, from}]}]`."""
    return [{"strength": t.strength, "people": t.people, "quotes": t.quotes} for t in ranked]


def blind_spots(ranked: Sequence[Theme], own: Iterable[Strength]) -> tuple[list[str], list[str]]:
    """("others see, you don't", "you see, others don't") against the user's self-ratings.

    Others see: named by someone, rated by the user at most LOW or not at all. You see: rated at
    least HIGH by the user and named by nobody. Both are empty until the user rates a strength.
    """
    rated = {d.key: d for d in vocabulary(own) if d.self_rating is not None}
    if not rated:
        return [], []
    named = {t.strength.lower() for t in ranked}
    others_see = [t.strength for t in ranked if (t.self_rating or 0) <= LOW]
    you_see = sorted((d.name for k, d in rated.items() if (d.self_rating or 0) >= HIGH and k not in named), key=str.lower)
    return others_see, you_see


def draft_portrait(ranked: Sequence[Theme], own: Iterable[Strength] = (), top: int = 4) -> str:
    """A first draft of "When I am at my best, I..." from the top themes, with one quote each."""
    if not ranked:
        return (
            "When I am at my best, I ...\n\n"
            "(No themes yet: ask a few people for stories, tag the strengths in their replies, then draft again.)"
        )
    vocab = {d.key: d for d in vocabulary(own)}
    chosen = list(ranked[:top])
    clauses = []
    for t in chosen:
        d = vocab.get(t.strength.lower())
        if d and d.portrait:
            clauses.append(f"I {prose.fragment(d.portrait)}")
        else:  # a strength of the user's own, with no phrase written for it
            clauses.append(f"people count on me for {prose.lower_first(prose.fragment(t.strength))}")
    paras = [prose.sentences([f"When I am at my best, {clauses[0]}", *clauses[1:]])]
    for t in chosen:
        if t.quotes:
            q = t.quotes[0]
            text = q["text"] if len(q["text"]) <= 240 else q["text"][:237].rstrip() + "..."
            people = "one person" if t.people == 1 else f"{t.people} people"
            paras.append(f"{t.strength} ({people}): {q['from']} said, \u201c{text}\u201d")
    paras.append("What this means for how I shape my work: ...")
    return "\n\n".join(paras)


def save_version(portrait: Portrait, text: str, now: datetime) -> bool:
    """Make `text` the portrait's current text and append it as a new version.

    Returns False (and changes nothing) when it equals the newest version.
    """
    text = strip_controls(text).strip()
    if portrait.versions and portrait.versions[-1].text == text:
        return False
    n = portrait.versions[-1].n + 1 if portrait.versions else 1
    portrait.versions.append(PortraitVersion(n=n, saved_at=now, text=text))
    portrait.text = text
    return True
