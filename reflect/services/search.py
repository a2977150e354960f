"""Search the whole journal: gathers what the user wrote from the store and asks `core.search`.

Queries go through the derived index in `.cache/` (services.search_index), which re-reads only the
data files that changed since the last search; where the index cannot be used (a read-only data
folder, a full disk) every record is read instead. Both give the same answer.
"""

from __future__ import annotations

from typing import Any

from reflect.core.models import CheckIn, FeedbackResponse, Reflection, Story
from reflect.core.search import Hit, search_docs, words_of
from reflect.core.story.records import PitchVariant, StoryPart

SEARCHED = (CheckIn, Reflection, FeedbackResponse, Story, StoryPart, PitchVariant)
"""The kinds of record that hold the user's writing (and others' replies); the story's texts are in
its parts and variants (a head written by an older version still holds them inline)."""


def search_journal(store: Any, query: str, limit: int | None = 50, *, use_index: bool = True) -> list[Hit]:
    """Every check-in, reflection, feedback reply and story holding all words of `query`, newest first."""
    words = words_of(query)
    if use_index:
        from reflect.services.search_index import IndexUnavailable, search_indexed

        try:
            return search_indexed(store, SEARCHED, words, limit)
        except IndexUnavailable:
            pass  # the same answer, read from every record
    return search_docs(query, (doc for cls in SEARCHED for doc in store.raw_docs(cls)), limit)
