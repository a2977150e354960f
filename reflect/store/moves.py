"""Moving a record to another month's file, so that a crash never leaves it in two files.

An edit that changes a record's month (a check-in's time moved from March to February) writes two
files: the new month's gets the record, then the old month's loses it. Before the first write a
small intent file `<collection>/.move.json` names the record, its new `updated_at`, the new file
and the old ones; after the last write it is removed. All of it happens under the collection's
lock. If the process dies in between, the next store that opens the folder (`repair`) finishes the
move when the new file holds the record as the intent describes it (the old copies are removed),
and otherwise rolls it back (the new copy was never written; the old one stays). Either way the
record is in exactly one month's file again, so no reader has to look for duplicates.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reflect.store.shards import later
from reflect.store.storage import atomic_write, translate_os_error

if TYPE_CHECKING:
    from reflect.core.envelope import Record
    from reflect.store.repository import Store

INTENT = ".move.json"
"""The intent file in a collection's folder while a record is being moved (never a shard)."""


@contextmanager
def moving(store: Store, cls: type[Record], record: Record, to: Path, old: list[Path]) -> Iterator[None]:
    """Hold the lock and keep an intent file while `record` is written to `to` and removed from `old`."""
    intent = store.folder(cls) / INTENT
    with store._locked(cls):
        payload = {"id": record.id, "updated_at": record.to_doc().get("updated_at"),
                   "to": to.name, "from": [p.name for p in old]}
        atomic_write(intent, json.dumps(payload).encode("utf-8"))
        yield
        try:
            intent.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise translate_os_error(exc, f"{cls.COLLECTION}/{INTENT}") from None


def repair(store: Store, cls: type[Record]) -> str | None:
    """Finish or roll back a move that a crash interrupted; returns what was done (None: nothing)."""
    intent = store.folder(cls) / INTENT
    if not intent.exists():
        return None
    with store._locked(cls):
        plan = _read(intent)
        if plan is None:  # gone meanwhile (another process repaired it) or unreadable
            if intent.exists():
                intent.unlink()
            return None
        folder = store.folder(cls)
        target = store._load_for_write(cls, folder / plan["to"]) if (folder / plan["to"]).exists() else {}
        landed = any(  # the new copy, or a later edit of it (by a process that was running meanwhile)
            isinstance(doc, dict) and doc.get("id") == plan["id"] and not later(plan, doc)
            for doc in (target.get(cls.KIND) or {}).values()
        )
        if landed:
            for name in plan["from"]:
                if name != plan["to"] and (folder / name).exists():
                    store._write(cls, folder / name, [], removes=[plan["id"]])
        intent.unlink()
    return "finished" if landed else "rolled back"


def _read(intent: Path) -> dict[str, Any] | None:
    """The intent as written by `moving`, or None when it is missing or not one of ours."""
    try:
        plan = json.loads(intent.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    names_ok = isinstance(plan, dict) and isinstance(plan.get("to"), str) and isinstance(plan.get("from"), list)
    if not names_ok or not isinstance(plan.get("id"), str):
        return None
    if any(not isinstance(n, str) or "/" in n or n.startswith(".") for n in [plan["to"], *plan["from"]]):
        return None
    return dict(plan)
