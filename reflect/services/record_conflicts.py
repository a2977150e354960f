"""Records of any kind that hold another copy in their `history`: list them, keep either copy.

A sync merge (`reflect.portability.sync`) or an edit that met a change made elsewhere keeps the
losing copy of a record in the record's `history`. Those copies are shown by the Conflicts screen
and named by `reflect sync` and `reflect doctor`. Keeping a copy from the history makes it the
current record (stamped now, so a later sync does not undo the choice) and puts the copy that was
current into the history in its place: nothing is dropped. Keeping the current copy leaves the
other in the history. Either way the copy not kept is marked as seen (its fingerprint goes into
the record's `resolved` list), so the screen no longer lists it but the history still holds it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from reflect.core.errors import StoreError
from reflect.core.models import RECORD_TYPES, Record
from reflect.core.text import strip_controls
from reflect.store.repository import Store
from reflect.store.storage import AtomicJSONStorage, CorruptFile
from reflect.store.writes import Changed

HIDDEN = frozenset({"id", "v", "history", "conflicts", "rev", "resolved"})
"""Fields that say nothing to the user when two copies are compared."""


@dataclass
class RecordConflict:
    """One record with other copies: its kind, the current copy, the copies not yet seen, the whole history."""

    cls: type[Record]
    id: str
    current: dict[str, Any]
    copies: list[dict[str, Any]]
    history: list[Any]

    @property
    def label(self) -> str:
        """A short plain name: the kind and the record's own moment."""
        when = next((str(self.current[k]) for k in ("at", "day", "started_at", "received_at", "created_at")
                     if self.current.get(k)), "")
        return strip_controls(f"{self.cls.KIND} {when[:16].replace('T', ' ')}".strip())


def _copy(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "history"}


def _canon(doc: dict[str, Any]) -> str:
    return json.dumps(_copy(doc), sort_keys=True, ensure_ascii=False, default=str)


def fingerprint(doc: dict[str, Any]) -> str:
    """A short stable name of one copy (its content, history aside)."""
    return hashlib.sha256(_canon(doc).encode()).hexdigest()[:16]


def find(store: Store) -> list[RecordConflict]:
    """Every record of every kind whose `history` holds another copy, tombstones included."""
    out = []
    for cls in RECORD_TYPES:
        for doc in store.raw_docs(cls, with_deleted=True):
            history = doc.get("history")
            if not isinstance(history, list) or not isinstance(doc.get("id"), str):
                continue
            seen = doc.get("resolved") if isinstance(doc.get("resolved"), list) else []
            copies = [c for c in history if isinstance(c, dict) and fingerprint(c) not in seen]
            if copies:
                out.append(RecordConflict(cls, doc["id"], _copy(doc), copies, history))
    return out


def count(store: Store) -> int:
    """How many records hold another copy (for `reflect sync` and `reflect doctor`)."""
    return len(find(store))


def _plain(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def shown(doc: dict[str, Any], other: dict[str, Any] | None = None) -> str:
    """One copy as plain text, a field a line (controls stripped; never markup).

    With `other`, the fields that differ from it are marked with `*`.
    """
    lines = []
    for key, value in doc.items():
        if key in HIDDEN or value in (None, "", [], {}):
            continue
        mark = "*" if other is not None and other.get(key) != value else " "
        lines.append(strip_controls(f"{mark} {key}: {_plain(value)}"))
    return "\n".join(lines) or "(empty)"


def keep(store: Store, conflict: RecordConflict, index: int, *, other: bool) -> None:
    """Resolve copy `index` of `conflict.copies`: keep it (`other`) or keep the current copy.

    Keeping the other copy makes it current (stamped now) and puts the current one in the history.
    Raises Changed (nothing written) when the record changed on disk since it was listed.
    """
    chosen = conflict.copies[index]
    found = False

    def resolve(table: dict[int, Any]) -> None:
        nonlocal found
        for key, doc in table.items():
            if not (isinstance(doc, dict) and doc.get("id") == conflict.id):
                continue
            if _canon(doc) != _canon(conflict.current) or doc.get("history") != conflict.history:
                raise Changed(dict(doc))
            seen = [s for s in (doc.get("resolved") or []) if isinstance(s, str)]
            if other:
                rest = [c for c in conflict.history if c is not chosen]
                kept = {**_copy(chosen), "updated_at": store.clock.now().isoformat()}
                table[key] = {**kept, "history": [*rest, _copy(doc)],
                              "resolved": [*seen, fingerprint(chosen), fingerprint(doc)]}
            else:
                table[key] = {**doc, "resolved": [*seen, fingerprint(chosen)]}
            found = True
            return

    for path in store.shard_paths(conflict.cls):
        try:
            docs = (AtomicJSONStorage(path).read() or {}).get(conflict.cls.KIND) or {}
        except CorruptFile:
            continue
        if any(isinstance(d, dict) and d.get("id") == conflict.id for d in docs.values()):
            store.write_raw(conflict.cls, resolve, path)
            if found:
                return
    raise StoreError(f"this {conflict.cls.KIND} is no longer stored; nothing was changed")
