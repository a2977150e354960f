"""A suggested cut of the story for a new variant, toward its length and audience, for the user to edit.

The cut keeps the one-liner, the strongest proof story and the call to action and drops the rest.
The strongest proof story is the one whose result has a number in it (a measured result), else one
with a result, else the longest. For a referral partner or a peer, who need to recognise whom you
serve or what your craft is, the first sentence of the positioning is kept too when it fits the
budget. A cut over the word budget loses the proof story's middle (task and action) first, so its
situation and result remain. A story written only as a master text is cut by its paragraphs: the
first, the strongest of the middle ones and the last.
"""

from __future__ import annotations

import re

from reflect.core.story.pitch import DEFAULT_WPM, budget_for
from reflect.core.story.story import _sentence, assemble, parse_fields, steps

_NUMBER = re.compile(r"\d")
_WORD = re.compile(r"\S+")


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _strength(block: dict[str, str]) -> tuple[int, int, int]:
    result = block.get("Result", "")
    return (bool(_NUMBER.search(result)), bool(result), _words(" ".join(block.values())))


def _proof_text(block: dict[str, str], keys: tuple[str, ...]) -> str:
    return " ".join(_sentence(block[k]) for k in keys if block.get(k))


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", text.strip(), re.S)
    return match.group(1) if match else text.strip()


def suggest_cut(story_steps: dict[str, str], master: str, length: str, audience: str, wpm: float = DEFAULT_WPM) -> str:
    """The suggested text of a new variant of this length and audience."""
    if length == "one-liner":
        return assemble({"oneliner": story_steps.get("oneliner", "")}) or _first_sentence(master)
    budget = budget_for(length, wpm)
    fields = {s.id: s.fields for s in steps()}
    hook = assemble({"oneliner": story_steps.get("oneliner", "")})
    cta = " ".join(story_steps.get("cta", "").split())
    blocks = parse_fields(story_steps.get("proof", ""), fields.get("proof", ())) if story_steps.get("proof", "").strip() else []
    if not (hook or blocks or cta):
        return _cut_paragraphs(master)
    best = max(blocks, key=_strength) if blocks else {}
    full = ("", "Situation", "Task", "Action", "Result")
    proof = _proof_text(best, full)
    if _words(" ".join((hook, proof, cta))) > budget:
        proof = _proof_text(best, ("", "Situation", "Result")) or proof
    parts = [hook]
    if audience in ("referral", "peer"):
        who = _first_sentence(assemble({"positioning": story_steps.get("positioning", "")}))
        if who and _words(" ".join((hook, who, proof, cta))) <= budget:
            parts.append(who)
    paragraphs = [" ".join(p for p in parts if p), proof, cta]
    return "\n\n".join(p for p in paragraphs if p)


def _cut_paragraphs(master: str) -> str:
    paragraphs = [p.strip() for p in master.split("\n\n") if p.strip()]
    if len(paragraphs) <= 3:
        return "\n\n".join(paragraphs)
    middle = paragraphs[1:-1]
    best = max(middle, key=lambda p: (bool(_NUMBER.search(p)), _words(p)))
    return "\n\n".join((paragraphs[0], best, paragraphs[-1]))
