"""Export a story or a variant: a Markdown script (video or web page) and plain text.

Quotes appear as testimonials only when their author said they may be quoted; the check is made
again at export time, so a permission withdrawn later also removes the quote from the script. A
quote whose author asked to leave their name out is credited to "someone I worked with".
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from typing import Any

from reflect.core.models import Story, Variant
from reflect.core.story.pitch import DEFAULT_WPM, sections, speaking_seconds, word_count
from reflect.core.story.rehearsal import section_label
from reflect.core.story.story import quote_line, signature_relation, variant_label


@dataclass
class Export:
    """The exported text and what was left out."""

    text: str
    withheld: int
    """Quotes removed because their author has not said they may be quoted."""


def _script(story: Story, variant: Variant | None) -> str:
    return (variant.text if variant else story.master).strip()


def _nameless(entry: dict[str, Any]) -> dict[str, Any]:
    """A quote entry without its author's name (the relation stays: "a client" names nobody)."""
    return {**entry, "author": ""}


def _scrub(text: str, story: Story, quotable: set[str], anonymous: Set[str] = frozenset()) -> tuple[str, int]:
    """Remove quotes whose source may not be quoted from `text`, and the names of those who asked
    to stay anonymous."""
    withheld = 0
    for e in story.evidence:
        if e.get("kind") != "quote":
            continue
        line = quote_line(e)
        if e.get("source_id") not in quotable:
            if line in text:
                text = text.replace(line, "").replace("  ", " ")
                withheld += 1
        elif e.get("source_id") in anonymous:
            text = text.replace(line, quote_line(_nameless(e)))
    return text.strip(), withheld


def testimonials(story: Story, quotable: set[str], anonymous: Set[str] = frozenset()) -> list[dict[str, Any]]:
    """Linked quotes whose authors allow quoting, one per distinct text, nameless where asked."""
    seen: set[str] = set()
    out = []
    for e in story.evidence:
        if e.get("kind") == "quote" and e.get("source_id") in quotable and e.get("text") and e["text"] not in seen:
            seen.add(e["text"])
            out.append(_nameless(e) if e.get("source_id") in anonymous else e)
    return out


def markdown(
    story: Story, variant: Variant | None, quotable: set[str], wpm: float = DEFAULT_WPM, anonymous: Set[str] = frozenset()
) -> Export:
    """A Markdown script: sections with cue labels, timing, testimonials and proof (`anonymous`:
    ids of the replies quoted without their author's name)."""
    text, withheld = _scrub(_script(story, variant), story, quotable, anonymous)
    n = word_count(text)
    label = variant_label(variant) if variant else "Master story"
    out = [f"# {story.title}", "", f"*{label} \u00b7 {n} words \u00b7 about {speaking_seconds(n, wpm):g} s at {wpm:g} words per minute*", ""]
    for i, sec in enumerate(sections(text), 1):
        out += [f"## {i}. {section_label(sec)}", "", sec, ""]
    quotes = testimonials(story, quotable, anonymous)
    if quotes:
        out += ["## What people say", ""]
        for q in quotes:
            who = q.get("author") or "Someone I worked with"
            rel = signature_relation(q.get("relation"))
            out += [f"> {q['text']}", ">", f"> \u2014 {who}{rel}", ""]
    wins = [e for e in story.evidence if e.get("kind") in ("win", "focus") and e.get("text")]
    if wins:
        out += ["## Proof", ""] + [f"- {e['text']}" for e in wins] + [""]
    return Export("\n".join(out).rstrip() + "\n", withheld)


def plain(story: Story, variant: Variant | None, quotable: set[str], anonymous: Set[str] = frozenset()) -> Export:
    """Plain text: the script, then the testimonials (nameless for the `anonymous` reply ids)."""
    text, withheld = _scrub(_script(story, variant), story, quotable, anonymous)
    out = [text, ""]
    for q in testimonials(story, quotable, anonymous):
        who = q.get("author") or "Someone I worked with"
        out += [f"\u201c{q['text']}\u201d \u2014 {who}", ""]
    return Export("\n".join(out).rstrip() + "\n", withheld)


def render(
    story: Story, variant: Variant | None, fmt: str, quotable: set[str], wpm: float = DEFAULT_WPM,
    anonymous: Set[str] = frozenset(),
) -> Export:
    """The export as Markdown (`md`) or plain text (anything else); writing it is the caller's."""
    return markdown(story, variant, quotable, wpm, anonymous) if fmt == "md" else plain(story, variant, quotable, anonymous)
