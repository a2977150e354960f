"""One best-self portrait: the Portrait step of the story, shown under People and under Story.

The text is the story's `step:portrait` part, so editing it in either place edits the same record.
People sees it as a `Portrait` (its text, and its versions: each saved story version in which the
portrait changed). A separate `Portrait` record written by an earlier version is folded in once,
when the story is opened: its text becomes the step's text (or, when the step already says
something else, a conflicting copy the story screen shows), its versions become story versions, and
the old record is tombstoned.
"""

from __future__ import annotations

from typing import Any

from reflect.core.models import Portrait, PortraitVersion, Story
from reflect.core.story import story as sc
from reflect.core.story.records import StoryPart, StoryVersionRecord
from reflect.store.repository import Store

ITEM = "step:portrait"
WHY = "Portrait saved under People"


def fold_in(store: Store, story: Story, parts: dict[str, StoryPart]) -> bool:
    """Fold separate Portrait records into the story's portrait step (blocking). True when any was."""
    from reflect.services.story_store import PART_FIELDS, derived_id, part_id, put_revised

    olds = [p for p in store.list(Portrait) if p.text.strip() or p.versions]
    if not olds:
        return False
    part = parts.get(ITEM)
    steps = {k[5:]: p.text for k, p in parts.items() if k.startswith("step:")}
    master = parts["master"].text if "master" in parts else ""
    for old in olds:
        versions = [StoryVersionRecord(id=derived_id(old.id, "portrait", v.n), story_id=story.id, n=v.n, saved_at=v.saved_at,
                                       why=WHY, steps={**steps, "portrait": v.text}, master=master,
                                       created_at=v.saved_at, updated_at=v.saved_at) for v in old.versions]
        fresh = [r for r in versions if store.get(StoryVersionRecord, r.id) is None]
        if fresh:
            store.put_many(fresh)
        if part is None or not part.text.strip():
            new = StoryPart(id=part_id(story.id, ITEM), story_id=story.id, item=ITEM, text=old.text,
                            draft=part.draft if part else None, conflicts=part.conflicts if part else [])
            part = put_revised(store, part, new, PART_FIELDS)  # type: ignore[assignment]
        elif part.text.strip() != old.text.strip():
            copy: dict[str, Any] = {"rev": f"portrait-{old.id}", "text": old.text, "updated_at": old.updated_at.isoformat()}
            new = part.model_copy(update={"conflicts": [*part.conflicts, copy]})
            part = put_revised(store, part, new, (*PART_FIELDS, "conflicts"))  # type: ignore[assignment]
        store.delete(old)
    return True


def view(story: Story | None) -> Portrait | None:
    """The portrait as People shows it: the step's text and the versions in which it changed."""
    if story is None:
        return None
    versions: list[PortraitVersion] = []
    for v in story.versions:
        text = v.steps.get("portrait", "")
        if text and (not versions or versions[-1].text != text):
            versions.append(PortraitVersion(n=len(versions) + 1, saved_at=v.saved_at, text=text))
    text = story.steps.get("portrait", "")
    if not text and not versions:
        return None
    return Portrait(id=story.id, text=text, versions=versions, created_at=story.created_at, updated_at=story.updated_at)


def set_aside(store: Store, text: str, at: Any) -> bool:
    """Keep `text`, an unsaved portrait older than the saved one, beside the Portrait step as a copy
    the Story screen's Conflicts list offers (blocking). False when there is no step to keep it by."""
    from reflect.services import story_store
    from reflect.services.story_store import PART_FIELDS, put_revised

    loaded = story_store.load(store)
    part = loaded.parts.get(ITEM) if loaded is not None else None
    if part is None:
        return False
    if any(c.get("text") == text for c in part.conflicts):
        return True
    copy: dict[str, Any] = {"rev": f"draft-{at.isoformat()}", "text": text, "updated_at": at.isoformat()}
    put_revised(store, part, part.model_copy(update={"conflicts": [*part.conflicts, copy]}), (*PART_FIELDS, "conflicts"))
    return True


def save(store: Store, text: str, now: Any) -> int | None:
    """Save `text` as the portrait (a new story version); the portrait's version number, or None
    when it equals the current text (blocking)."""
    from reflect.services import story_store

    loaded = story_store.load(store)
    if loaded is None:
        story = Story(created_at=now, updated_at=now)
        loaded = story_store.Loaded(story, {}, {}, [])
    story = loaded.story
    text = text.strip()
    current = view(story)
    if current is not None and current.versions and current.versions[-1].text == text and story.steps.get("portrait") == text:
        return None
    saved = sc.save_version(story, now, {**story.steps, "portrait": text}, story.master, WHY)
    story_store.save(store, loaded, saved)
    again = story_store.load(store)
    shown = view(again.story if again else None)
    return len(shown.versions) if shown else None
