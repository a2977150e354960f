"""Saving an edit of a stored record as a compare-and-swap, merging a change made elsewhere.

An editor (the check-in dialog, the reflection session) keeps an `EditTracker` per record: the
record as the editor last saw it on disk. Each save is a compare-and-swap on its `edit_stamp`
(`updated_at` and the sync `history`). When the record changed underneath (another window,
`reflect sync`, a sync tool replacing the file), the stored copy is re-read and merged field by
field (dicts such as a reflection's answers key by key): a field only one side changed takes that
side's value. When both sides changed the same field differently, the edit is saved and the other
copy is kept in the record's `history`, where the Conflicts screen shows it. The save then returns
a one-line note for the user; nothing is overwritten silently.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from reflect.core.errors import StoreError
from reflect.core.models import Record
from reflect.store.repository import Store
from reflect.store.writes import Changed, edit_stamp

R = TypeVar("R", bound=Record)

META = frozenset({"updated_at", "history", "resolved"})
"""Fields that are bookkeeping, not edits: never merged field by field."""

HISTORY_MAX = 20
"""At most this many other copies are kept in one record's history (as a sync merge keeps)."""

_MISSING = object()


def _merge(base: Any, ours: Any, theirs: Any) -> tuple[Any, bool]:
    """A three-way merge of one value: (merged, True when both sides changed it differently)."""
    if ours == base or ours == theirs:
        return theirs, False
    if theirs == base:
        return ours, False
    if all(isinstance(v, dict) for v in (base, ours, theirs)):
        out: dict[str, Any] = {}
        clash = False
        for key in dict.fromkeys([*base, *ours, *theirs]):
            value, bad = _merge(base.get(key, _MISSING), ours.get(key, _MISSING), theirs.get(key, _MISSING))
            clash = clash or bad
            if value is not _MISSING:
                out[key] = value
        return out, clash
    return ours, True


def merge_fields(base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """Our edit of `base` merged with theirs, field by field; True when some field clashed (ours kept there)."""
    merged, clash = _merge({k: v for k, v in base.items() if k not in META},
                           {k: v for k, v in ours.items() if k not in META},
                           {k: v for k, v in theirs.items() if k not in META})
    history = theirs.get("history")
    if history:
        merged["history"] = history
    if theirs.get("resolved"):
        merged["resolved"] = theirs["resolved"]
    return merged, clash


def keep_both(ours: dict[str, Any], theirs: dict[str, Any]) -> dict[str, Any]:
    """Our edit, with the stored copy it clashed with added to the history (both histories kept)."""
    seen: dict[str, dict[str, Any]] = {}
    for old in [*(theirs.get("history") or []), *(ours.get("history") or []), theirs]:
        if isinstance(old, dict):
            copy = {k: v for k, v in old.items() if k != "history"}
            seen.setdefault(json.dumps(copy, sort_keys=True, default=str), copy)
    return {**ours, "history": list(seen.values())[-HISTORY_MAX:]}


def _normal(cls: type[Record], doc: dict[str, Any]) -> dict[str, Any]:
    """A stored document as this version writes it (so equal values compare equal), when it validates."""
    try:
        return cls.model_validate(doc).to_doc()
    except ValueError:
        return doc


@dataclass
class EditTracker(Generic[R]):
    """One editor's view of one record: what its next save is compared and merged against.

    `base` is the editor's own last saved state (None: a new record), `stored` the record on disk
    after that save (it differs from `base` when a change from elsewhere was merged in).
    """

    base: dict[str, Any] | None
    stored: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        """A tracker starts with the record as read from disk."""
        if self.stored is None:
            self.stored = self.base

    def save(self, store: Store, edited: R) -> tuple[R, str | None]:
        """Store `edited` unless the record changed on disk; then merge, or keep both. Returns (stored, note)."""
        cls = type(edited)
        ours = edited.to_doc()
        theirs = self.stored
        expect = edit_stamp(theirs)
        note = None
        for _ in range(20):
            doc = ours
            if self.base is not None and theirs is not None:
                doc, clash = merge_fields(self.base, ours, theirs)
                if clash:
                    doc = keep_both(ours, theirs)
            try:
                stored = store.put(cls.model_validate(doc), expect_stamp=expect)
            except Changed as exc:
                if exc.current is None:  # not in the shard written: the edit moves it to another month
                    found = store.get(cls, edited.id, include_deleted=True)
                    now = found.to_doc() if found is not None else None
                    if now is None or edit_stamp(now) == edit_stamp(theirs):
                        expect = None  # the copy elsewhere is the one merged against (or none is left)
                        continue
                else:
                    now = _normal(cls, exc.current)
                theirs, expect = now, edit_stamp(now)
                clash = self.base is not None and merge_fields(self.base, ours, theirs)[1]
                note = (f"This {cls.KIND} was also changed elsewhere: both copies are kept, Conflicts (ctrl+p) shows them."
                        if clash else f"This {cls.KIND} was also changed elsewhere: both changes are kept.")
                continue
            self.base, self.stored = ours, stored.to_doc()
            return stored, note
        raise StoreError(f"this {cls.KIND} keeps changing elsewhere; nothing was saved, try again")


@dataclass
class Tracked:
    """A record to save through an `EditTracker` (the app's save queue takes these as well)."""

    tracker: EditTracker[Any]
    record: Any

    @property
    def id(self) -> str:
        """The record's id (the save queue's key)."""
        return str(self.record.id)
