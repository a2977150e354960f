"""Export a story or a variant: a Markdown script (video or web page) and plain text.

Quotes appear as testimonials only when their author said they may be quoted; the check is made
again at export time, so a permission withdrawn later also removes the quote from the script.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reflect.core.errors import BadInput
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


def _scrub(text: str, story: Story, quotable: set[str]) -> tuple[str, int]:
    """Remove quotes whose source may not be quoted from `text`."""
    withheld = 0
    for e in story.evidence:
        if e.get("kind") == "quote" and e.get("source_id") not in quotable:
            line = quote_line(e)
            if line in text:
                text = text.replace(line, "").replace("  ", " ")
                withheld += 1
    return text.strip(), withheld


def testimonials(story: Story, quotable: set[str]) -> list[dict]:
    """Linked quotes whose authors allow quoting, one per distinct text."""
    seen: set[str] = set()
    out = []
    for e in story.evidence:
        if e.get("kind") == "quote" and e.get("source_id") in quotable and e.get("text") and e["text"] not in seen:
            seen.add(e["text"])
            out.append(e)
    return out


def markdown(story: Story, variant: Variant | None, quotable: set[str], wpm: float = DEFAULT_WPM) -> Export:
    """A Markdown script: sections with cue labels, timing, testimonials and proof."""
    text, withheld = _scrub(_script(story, variant), story, quotable)
    n = word_count(text)
    label = variant_label(variant) if variant else "Master story"
    out = [f"# {story.title}", "", f"*{label} \u00b7 {n} words \u00b7 about {speaking_seconds(n, wpm):g} s at {wpm:g} words per minute*", ""]
    for i, sec in enumerate(sections(text), 1):
        out += [f"## {i}. {section_label(sec)}", "", sec, ""]
    quotes = testimonials(story, quotable)
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


def plain(story: Story, variant: Variant | None, quotable: set[str]) -> Export:
    """Plain text: the script, then the testimonials."""
    text, withheld = _scrub(_script(story, variant), story, quotable)
    out = [text, ""]
    for q in testimonials(story, quotable):
        who = q.get("author") or "Someone I worked with"
        out += [f"\u201c{q['text']}\u201d \u2014 {who}", ""]
    return Export("\n".join(out).rstrip() + "\n", withheld)


def write_export(story: Story, variant: Variant | None, fmt: str, path: Path, quotable: set[str], wpm: float = DEFAULT_WPM) -> int:
    """Write a Markdown (`md`) or plain-text (`txt`) export atomically; returns how many quotes were withheld.

    Blocking: call it off the event loop. A missing folder is BadInput; write failures are StoreErrors.
    """
    from reflect.store.storage import atomic_write

    result = markdown(story, variant, quotable, wpm) if fmt == "md" else plain(story, variant, quotable)
    if not path.parent.is_dir():
        raise BadInput(f"File: the folder {path.parent} does not exist; nothing was written")
    atomic_write(path, result.text.encode("utf-8"))
    return result.withheld
