"""Evidence for the story: strengths others see (with quotes), wins from reflections, finished focus.

Reads the feedback records directly through the store (works with no feedback at all). Only quotes
from replies marked quotable are offered as testimonials; the others still count as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from reflect import content
from reflect.core.models import FeedbackResponse, FocusBlock, Person, Reflection, Strength
from reflect.store import Store

RECENT_DAYS = 365
"""How far back wins and finished focus intentions are looked for."""

MAX_WINS = 30
"""The most wins (and focus intentions) offered."""


@dataclass
class Quote:
    """A passage of a reply, tagged with a strength."""

    response_id: str
    author: str
    relation: str
    strength: str
    text: str
    quotable: bool
    anonymous: bool = False
    """Quotable only without the author's name: inserted and exported as "someone I worked with"."""


@dataclass
class StrengthEvidence:
    """One strength: how many tagged passages, from how many people, and its quotes."""

    name: str
    passages: int = 0
    people: int = 0
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class Win:
    """A win noted in a reflection or a focus block finished as intended."""

    source_kind: str
    source_id: str
    day: date
    text: str


@dataclass
class Evidence:
    """Everything the evidence panel offers."""

    strengths: list[StrengthEvidence] = field(default_factory=list)
    wins: list[Win] = field(default_factory=list)
    focus_done: list[Win] = field(default_factory=list)

    def strength_names(self) -> list[str]:
        """Every strength name known (from feedback tags and the user's vocabulary)."""
        return [s.name for s in self.strengths]


def passage_text(response: FeedbackResponse, answer: int, start: int, end: int) -> str:
    """The tagged passage of a reply (the whole answer when the passage has no span)."""
    if not 0 <= answer < len(response.answers):
        return ""
    text = response.answers[answer].text
    if 0 <= start < end <= len(text):
        text = text[start:end]
    return " ".join(text.split())


def strengths_from(responses: list[FeedbackResponse], people: dict[str, Person], vocab: list[Strength]) -> list[StrengthEvidence]:
    """Strengths ranked by how many distinct people named them, then by passages."""
    canon = {s.name.casefold(): s.name for s in vocab}
    for s in vocab:
        for syn in s.synonyms:
            canon.setdefault(syn.casefold(), s.name)
    found: dict[str, StrengthEvidence] = {}
    who: dict[str, set[str]] = {}
    said: set[tuple[str, str, str]] = set()
    """(strength, person, passage) already counted: the same words from the same person for the same
    strength (tagged twice, or sent in two replies) are one piece of evidence, shown once."""
    for r in sorted(responses, key=lambda r: not r.quotable):  # a quotable copy of the words is the one kept
        person = people.get(r.person_id or "")
        author = r.from_name or (person.name if person else "") or "Someone"
        relation = r.relation if r.relation != "other" or not person else person.relation
        for p in r.strengths:
            if not p.confirmed:
                continue
            name = canon.get(p.strength.casefold(), p.strength)
            person_key = r.person_id or r.from_name or r.id
            text = passage_text(r, p.answer, p.start, p.end)
            if text:
                key = (name.casefold(), person_key, text.casefold())
                if key in said:
                    continue
                said.add(key)
            ev = found.setdefault(name.casefold(), StrengthEvidence(name))
            ev.passages += 1
            who.setdefault(name.casefold(), set()).add(person_key)
            if text:
                ev.quotes.append(Quote(r.id, author, relation, name, text, r.quotable, r.quotable and r.anonymous))
    for key, ev in found.items():
        ev.people = len(who[key])
        ev.quotes.sort(key=lambda q: not q.quotable)
    return sorted(found.values(), key=lambda e: (-e.people, -e.passages, e.name.casefold()))


def _is_win_prompt(prompt_id: str, wording: str, keys: list[str], ids: Collection[str]) -> bool:
    """A shipped win prompt (by id), or a prompt whose wording names a win as whole words ("showing"
    holds "win" but is not about one; "progress_pattern" asks what good days had in common)."""
    if prompt_id in ids:
        return True
    return any(re.search(rf"\b{re.escape(k)}\b", wording, re.IGNORECASE) for k in keys)


def wins_from(reflections: list[dict[str, Any]], keys: list[str], ids: Collection[str] | None = None) -> list[Win]:
    """Answers to win/progress prompts, newest first (`ids`: the shipped win prompts' ids)."""
    if ids is None:
        ids = content.load("pitch_words").get("win_prompt_ids", [])
    out: list[Win] = []
    for doc in reflections:
        if doc.get("deleted_at"):
            continue
        prompts = doc.get("prompts") or {}
        for pid, answer in (doc.get("answers") or {}).items():
            if isinstance(answer, str) and answer.strip() and _is_win_prompt(pid, str(prompts.get(pid, "")), keys, ids):
                out.append(Win("reflection", doc["id"], date.fromisoformat(doc["day"]), " ".join(answer.split())))
    out.sort(key=lambda w: w.day, reverse=True)
    return out[:MAX_WINS]


def focus_done_from(blocks: list[dict[str, Any]]) -> list[Win]:
    """Intentions of focus blocks finished as planned (outcome done), newest first, one per intention."""
    out: list[Win] = []
    seen: set[str] = set()
    for doc in sorted(blocks, key=lambda d: d.get("started_at", ""), reverse=True):
        intention = " ".join(str(doc.get("intention") or "").split())
        if doc.get("deleted_at") or doc.get("outcome") != "done" or doc.get("block_type", "focus") != "focus":
            continue
        if not intention or intention.casefold() in seen:
            continue
        seen.add(intention.casefold())
        out.append(Win("focus_block", doc["id"], date.fromisoformat(doc["started_at"][:10]), intention))
        if len(out) >= MAX_WINS:
            break
    return out


def gather(store: Store, today: date) -> Evidence:
    """The evidence panel's content, read from the store (blocking: call it off the event loop)."""
    responses = [r for r in store.list(FeedbackResponse) if not r.deleted]
    people = {p.id: p for p in store.list(Person)}
    vocab = store.list(Strength)
    since = today - timedelta(days=RECENT_DAYS)
    keys = content.load("pitch_words")["win_prompt_words"]
    return Evidence(
        strengths=strengths_from(responses, people, vocab),
        wins=wins_from(store.raw_docs(Reflection, since, today), keys),
        focus_done=focus_done_from(store.raw_docs(FocusBlock, since, today)),
    )


def quotable_ids(store: Store) -> set[str]:
    """Ids of the replies whose authors said they may be quoted (checked again at export)."""
    return {r.id for r in store.list(FeedbackResponse) if r.quotable and not r.deleted}


def anonymous_ids(store: Store) -> set[str]:
    """Ids of the quotable replies whose authors asked to be quoted without their name."""
    return {r.id for r in store.list(FeedbackResponse) if r.quotable and r.anonymous and not r.deleted}
