"""Search everything the user wrote: check-in notes, reflections, feedback replies, the story.

Pure: `search_docs` takes records as plain dicts (the store's fast `raw_docs` path) and returns
hits, newest first. Every word of the query must appear (case-insensitive) somewhere in the
record's text; the record's text is every string in it except ids, kinds and timestamps, so new
fields are searched without changes here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from reflect.core.errors import BadInput
from reflect.core.text import strip_controls

SKIP_KEYS = frozenset({"id", "kind", "v", "created_at", "updated_at", "deleted_at", "at", "day", "started_at",
                       "ended_at", "received_at", "saved_at", "person_id", "request_id", "qid", "source",
                       "session", "status", "prompt_set", "relation", "length", "audience", "framework",
                       "story_id", "variant_id", "item", "rev", "lineage", "position", "from_version"})
"""Keys whose values are not the user's writing."""
KIND_LABELS = {"checkin": "Check-in", "reflection": "Reflection", "feedback_response": "Feedback", "story": "Story",
               "story_part": "Story", "variant": "Pitch"}
"""How each kind of record is named in the results."""
SNIPPET = 60
"""Characters of context on each side of the first match."""


@dataclass(frozen=True)
class Hit:
    """One record that matches: what it is, when, and the text around the first match."""

    kind: str
    record_id: str
    when: str
    snippet: str

    @property
    def label(self) -> str:
        """The kind as the user knows it."""
        return KIND_LABELS.get(self.kind, self.kind)


def words_of(query: str) -> list[str]:
    """The query's words, case-folded; BadInput when there are none."""
    words = strip_controls(query).casefold().split()
    if not words:
        raise BadInput("search text must have at least one word")
    return words


def _strings(value: Any, key: str = "") -> Iterator[str]:
    if key in SKIP_KEYS:
        return
    if isinstance(value, str):
        if value:
            yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, k if isinstance(k, str) else "")
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _when(doc: dict[str, Any]) -> str:
    for key in ("at", "received_at", "day", "updated_at"):
        value = doc.get(key)
        if isinstance(value, str) and value:
            return value[:16].replace("T", " ")
    return ""


def _snippet(text: str, word: str) -> str:
    folded = text.casefold()
    i = max(0, folded.find(word))
    start, end = max(0, i - SNIPPET), min(len(text), i + len(word) + SNIPPET)
    body = " ".join(strip_controls(text[start:end]).split())
    return ("…" if start else "") + body + ("…" if end < len(text) else "")


@dataclass(frozen=True)
class Searchable:
    """What search needs of one record: its identity, when, its texts and their case-folded join."""

    kind: str
    record_id: str
    when: str
    texts: list[str]
    folded: str


def searchable(doc: dict[str, Any]) -> Searchable | None:
    """The searchable form of a stored record, None when it holds no text."""
    texts = list(_strings(doc))
    if not texts:
        return None
    return Searchable(str(doc.get("kind", "")), str(doc.get("id", "")), _when(doc), texts, "\n".join(texts).casefold())


def hit(item: Searchable, first_word: str) -> Hit:
    """The result line for a record that matched: the text around the first word's first match."""
    where = next((t for t in item.texts if first_word in t.casefold()), "\n".join(item.texts))
    return Hit(item.kind, item.record_id, item.when, _snippet(where, first_word))


def newest_first(hits: list[Hit], limit: int | None) -> list[Hit]:
    """Hits by time, newest first (records of one moment keep their order), at most `limit`."""
    hits.sort(key=lambda h: h.when, reverse=True)
    return hits[:limit] if limit else hits


def search_docs(query: str, docs: Iterable[dict[str, Any]], limit: int | None = 50) -> list[Hit]:
    """Records whose text holds every word of `query`, newest first (at most `limit`)."""
    words = words_of(query)
    hits: list[Hit] = []
    first = words[0]
    for doc in docs:
        item = searchable(doc)
        if item is None or not all(w in item.folded for w in words):
            continue
        hits.append(hit(item, first))
    return newest_first(hits, limit)
