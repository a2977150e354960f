"""Search the whole journal: gathers what the user wrote from the store and asks `core.search`."""

from __future__ import annotations

from typing import Any

from reflect.core.models import CheckIn, FeedbackResponse, Reflection, Story
from reflect.core.story.records import PitchVariant, StoryPart
from reflect.core.search import Hit, search_docs

SEARCHED = (CheckIn, Reflection, FeedbackResponse, Story, StoryPart, PitchVariant)
"""The kinds of record that hold the user's writing (and others' replies); the story's texts are in
its parts and variants (a head written by an older version still holds them inline)."""


def search_journal(store: Any, query: str, limit: int | None = 50) -> list[Hit]:
    """Every check-in, reflection, feedback reply and story holding all words of `query`, newest first."""
    def docs():
        for cls in SEARCHED:
            yield from store.raw_docs(cls)

    return search_docs(query, docs(), limit)
