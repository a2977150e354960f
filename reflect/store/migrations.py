"""Forward-only schema migrations, per kind and version.

A migration takes the raw dict of a record at version `v` and returns it at `v + 1`. Records are
migrated in memory when read; a shard holding old records is rewritten migrated on its next write,
after a copy of the unmigrated file is put in the backups folder. A record with a newer `v` than
this build knows is never migrated and never edited: it is written back unchanged. There are no
down-migrations: a record is never turned back into an older version.

The registry is injectable (`Store(..., migrations=...)`) so tests can run a kind at version 2.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Migration = Callable[[dict[str, Any]], dict[str, Any]]
Registry = Mapping[str, Mapping[int, Migration]]
"""kind -> {from_version: function}."""

def _story_v1(doc: dict[str, Any]) -> dict[str, Any]:
    """story v1 -> v2: the record becomes the story's head; its inline steps, master, versions,
    variants (and a sync's `history` of them) stay in it until `services.story_store` splits them
    into separate records the first time the story is opened, which rewrites this file (after the
    pre-migration copy)."""
    return dict(doc)


MIGRATIONS: dict[str, dict[int, Migration]] = {"story": {1: _story_v1}}
"""The shipped registry: kind -> {from_version: step}."""


def target_version(kind: str, model_version: int, table: Registry | None = None) -> int:
    """The version records of `kind` are migrated to: the model's, or past it if the registry goes further."""
    steps = (MIGRATIONS if table is None else table).get(kind, {})
    version = model_version
    while version in steps:
        version += 1
    return max(model_version, version)


def version_of(doc: dict[str, Any]) -> int | None:
    """A record's `v` as an int (missing means 1), or None when it is not a usable number."""
    value = doc.get("v", 1)
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def migrate(doc: dict[str, Any], target: int, table: Registry | None = None) -> dict[str, Any]:
    """Return `doc` migrated up to version `target` (a new dict; `doc` is left as it was).

    Forward only: a doc already at or past `target` is returned as a copy, unchanged.
    Raises ValueError when a step is missing or a step does not return a dict.
    """
    steps = (MIGRATIONS if table is None else table).get(str(doc.get("kind")), {})
    out = dict(doc)
    version = version_of(out)
    if version is None:
        raise ValueError(f"v must be a whole number, not {doc.get('v')!r}")
    while version < target:
        step = steps.get(version)
        if step is None:
            raise ValueError(f"no migration for {doc.get('kind')} from v{version}")
        out = step(dict(out))
        if not isinstance(out, dict):
            raise ValueError(f"the migration of {doc.get('kind')} from v{version} did not return a record")
        version += 1
        out["v"] = version
    return out
