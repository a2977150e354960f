"""Forward-only schema migrations, per kind and version.

A migration takes the raw dict of a record at version `v` and returns it at `v + 1`. Records are
migrated in memory when read; a shard holding old records is rewritten migrated on its next write,
after a copy of the unmigrated file is put in the backups folder. A record with a newer `v` than
this build knows is never migrated and never edited: it is written back unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Migration = Callable[[dict[str, Any]], dict[str, Any]]

MIGRATIONS: dict[str, dict[int, Migration]] = {}
"""kind -> {from_version: function}. Empty while every kind is at version 1."""


def migrate(doc: dict[str, Any], target: int, table: dict[str, dict[int, Migration]] | None = None) -> dict[str, Any]:
    """Return `doc` migrated up to version `target` (a new dict; `doc` is left as it was).

    Raises ValueError when a step is missing.
    """
    steps = (MIGRATIONS if table is None else table).get(str(doc.get("kind")), {})
    out = dict(doc)
    version = int(out.get("v", 1))
    while version < target:
        step = steps.get(version)
        if step is None:
            raise ValueError(f"no migration for {doc.get('kind')} from v{version}")
        out = step(dict(out))
        version += 1
        out["v"] = version
    return out
