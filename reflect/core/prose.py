"""Sentences assembled from pieces the user typed: one end mark each, a capital at the start.

The story builder and the portrait draft join fragments such as "small shops that leak
customers." and "who find out too late" into sentences. Fragments arrive with or without their
own full stop, comma or ellipsis; these helpers take such marks off a piece before it is embedded
in a longer sentence and put exactly one end mark on a finished sentence, so the output never
reads "customers. who" or "team., 10 years".
"""

from __future__ import annotations

import re

_CLOSERS = "\"'\u201d\u2019)]"
"""Closing quotes and brackets that may stand after a sentence's end mark."""

_TRAILING = re.compile(r"[\s.,;:!?\u2026\-\u2013\u2014]+$")
"""Marks at the end of a fragment: stripped before it is embedded or given its one end mark."""

_RELATIVE = ("who ", "that ", "which ", "whose ", "where ")
"""Words that already start a relative clause ("who find out too late")."""


def _split_closers(text: str) -> tuple[str, str]:
    """`text` without the closing quotes and brackets at its end, and those closers."""
    end = len(text)
    while end and text[end - 1] in _CLOSERS:
        end -= 1
    return text[:end], text[end:]


def fragment(text: str) -> str:
    """`text` as a piece to embed in a sentence: spaces collapsed, end marks ("." "," "?" "…") removed.

    Marks just inside closing quotes go too ('the "best."' becomes 'the "best"').
    """
    body, closers = _split_closers(" ".join(text.split()))
    body = _TRAILING.sub("", body)
    return body + closers if body else ""


def lower_first(text: str) -> str:
    """`text` with its first letter lower-cased, unless the first word is an acronym ("SaaS", "EU") or "I"."""
    word = text.split(" ", 1)[0]
    if len(word) > 1 and any(c.isupper() for c in word[1:]):
        return text
    if word == "I" or word[:2] in ("I'", "I\u2019"):
        return text  # the pronoun keeps its capital
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    """`text` with its first letter (after any opening quote or bracket) upper-cased."""
    for i, ch in enumerate(text):
        if ch.isalnum():
            return text[:i] + ch.upper() + text[i + 1 :]
    return text


def sentence(text: str) -> str:
    """`text` as one sentence: capital first letter, one end mark (its own ! or ?, else a full stop).

    Empty text stays empty. Commas, colons, dashes, extra stops or an ellipsis at the end become
    one full stop; an end mark inside closing quotes ('... said “yes.”') is kept where it is.
    """
    body, closers = _split_closers(" ".join(text.split()))
    if closers and body and body[-1] in ".!?" and body.rstrip(".!?"):
        return upper_first(body + closers)
    if closers:
        core = fragment(body)
        return upper_first(core + closers + ".") if core else ""
    ends = re.search(r"[!?][\s.,;:!?…]*$", body)
    end = ends.group(0)[0] if ends else "."
    core = fragment(body)
    return upper_first(core + end) if core else ""


def relative_clause(need: str) -> str:
    """" who find out too late" from "find out too late" or "who find out too late." ("" for none)."""
    need = fragment(need)
    if not need:
        return ""
    need = lower_first(need)
    return f" {need}" if need.lower().startswith(_RELATIVE) else f" who {need}"


def sentences(pieces: list[str]) -> str:
    """The non-empty `pieces`, each made a sentence, joined by spaces."""
    return " ".join(s for s in (sentence(p) for p in pieces) if s)


def counted(n: int | float, noun: str, plural: str | None = None) -> str:
    """`n` and the noun in the number it takes: "1 day", "2 days", "1 reply", "0 replies".

    The plural adds "s" ("ies" after a consonant and "y"); pass `plural` for any other
    ("1 person", "2 people"). A count of exactly one (1, 1.0) is singular; every other is plural.
    Thousands are grouped with commas ("36,540 check-ins"), as every count the app shows.
    """
    if n == 1:
        return f"{n:g} {noun}" if isinstance(n, float) else f"{n} {noun}"
    if plural is None:
        if noun.endswith("y") and len(noun) > 1 and noun[-2] not in "aeiou":
            plural = noun[:-1] + "ies"
        else:
            plural = noun + "s"
    return f"{n:,g} {plural}" if isinstance(n, float) else f"{n:,} {plural}"
