"""Moving a record to another month's file, so that a crash never leaves it in two files.

An edit that changes a record's month (a check-in's time moved from March to February) writes two
files: the new month's gets the record, then the old month's loses it. `reflect sync` does the same
when a record that one machine moved to another month is merged with its copies (`move_doc`).
Before the first write a small intent file `<collection>/.move.json` names the record, its new
`updated_at`, the new file and the old ones (for a sync move also a digest of the exact document,
since the new file may already hold the winning version without the losers merged into it); after
the last write it is removed. All of it happens under the collection's lock. If the process dies in
between, the next store that opens the folder (`repair`) finishes the move when the new file holds
the record as the intent describes it (or a later edit of it; the old copies are removed), and
otherwise rolls it back (the new copy was never written; the old ones stay, and a sync's conflict
copy, removed only after its merge, is merged again by the next sync). Either way a crash leaves
the record in one month's file once the folder is opened again.
"""

from __future__ import annotations

import hashlib
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


def digest(doc: dict[str, Any]) -> str:
    """A fingerprint of one raw document (as JSON, keys sorted)."""
    text = json.dumps(doc, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@contextmanager
def moving(
    store: Store, cls: type[Record], doc: dict[str, Any], to: Path, old: list[Path], *, exact: bool = False
) -> Iterator[None]:
    """Hold the lock and keep an intent file while the record `doc` is written to `to` and removed
    from `old`. `exact`: the move has landed only when `to` holds this very document (or a later one)."""
    intent = store.folder(cls) / INTENT
    with store._locked(cls):
        payload = {"id": doc["id"], "updated_at": doc.get("updated_at"), "to": to.name, "from": [p.name for p in old]}
        if exact:
            payload["digest"] = digest(doc)
        atomic_write(intent, json.dumps(payload).encode("utf-8"))
        yield
        try:
            intent.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise translate_os_error(exc, f"{cls.COLLECTION}/{INTENT}") from None


def move_doc(store: Store, cls: type[Record], doc: dict[str, Any], to: Path, old: list[Path]) -> None:
    """Put the raw record `doc` in `to` (in place of its copy there, if any) and remove its id from the
    `old` files, under an intent file: a sync's move of a record between months. The caller holds
    the collection's lock from reading the copies it merged into `doc` until this returns."""
    rid = doc["id"]

    def put(table: dict[Any, Any]) -> None:
        keys = [k for k, d in table.items() if isinstance(d, dict) and d.get("id") == rid]
        for extra in keys[1:]:
            del table[extra]
        table[keys[0] if keys else max((int(k) for k in table if str(k).isdigit()), default=0) + 1] = doc

    def drop(table: dict[Any, Any]) -> None:
        for key in [k for k, d in table.items() if isinstance(d, dict) and d.get("id") == rid]:
            del table[key]

    with moving(store, cls, doc, to, old, exact=True):
        store.write_raw(cls, put, to)
        for path in old:
            store.write_raw(cls, drop, path)


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
        landed = any(_landed(plan, doc) for doc in (target.get(cls.KIND) or {}).values())
        if landed:
            for name in plan["from"]:
                if name != plan["to"] and (folder / name).exists():
                    store._write(cls, folder / name, [], removes=[plan["id"]])
        intent.unlink()
    return "finished" if landed else "rolled back"


def _landed(plan: dict[str, Any], doc: Any) -> bool:
    """True when `doc` in the new file is the moved record as planned, or a later edit of it (by a
    process that was running meanwhile)."""
    if not isinstance(doc, dict) or doc.get("id") != plan["id"]:
        return False
    if "digest" in plan:
        return later(doc, plan) or digest(doc) == plan["digest"]
    return not later(plan, doc)


def _read(intent: Path) -> dict[str, Any] | None:
    """The intent as written by `moving`, or None when it is missing or not one of ours."""
    try:
        plan = json.loads(intent.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    names_ok = isinstance(plan, dict) and isinstance(plan.get("to"), str) and isinstance(plan.get("from"), list)
    if not names_ok or not isinstance(plan.get("id"), str) or not isinstance(plan.get("digest", ""), str):
        return None
    if any(not isinstance(n, str) or "/" in n or n.startswith(".") for n in [plan["to"], *plan["from"]]):
        return None
    return dict(plan)
