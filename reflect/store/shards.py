"""Shard files: their names, and turning one file's raw document into validated records.

A shard is one TinyDB file: `<collection>/YYYY-MM.json` for kinds sharded by month, else
`<collection>/all.json`. Conflict copies from sync tools (`2026-11.sync-conflict-...json`,
`2026-11 (Laptop's conflicted copy ...).json`), files kept aside as `*.corrupt-<timestamp>` and
temp files are never shards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reflect.core.errors import one_line
from reflect.store.migrations import Registry, migrate, version_of

if TYPE_CHECKING:  # a model is imported where it validates: `reflect log` writes without pydantic
    from reflect.core.envelope import Record

SINGLE = "all.json"
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])\.json$")


def is_shard_name(name: str, sharded: bool | None = None) -> bool:
    """True for a real shard file name (of a sharded kind, an unsharded one, or either when None)."""
    if sharded is None:
        return name == SINGLE or bool(_MONTH.match(name))
    return bool(_MONTH.match(name)) if sharded else name == SINGLE


def month_key(moment: datetime | date) -> str:
    """The shard name for a moment: its local year and month."""
    return f"{moment.year:04d}-{moment.month:02d}"


def months_between(since: date, until: date) -> list[str]:
    """Every month key from `since` to `until`, inclusive, oldest first."""
    out = []
    year, month = since.year, since.month
    while (year, month) <= (until.year, until.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


@dataclass(frozen=True)
class Quarantined:
    """A stored record that failed validation: kept exactly as found and reported, never dropped."""

    path: Path
    doc_id: str
    doc: Any
    error: str


@dataclass
class Shard:
    """One file's records as read: valid ones by id, quarantined ones, and read-only (newer) ids."""

    sig: tuple[int, ...] | None
    records: dict[str, Record] = field(default_factory=dict)
    quarantined: list[Quarantined] = field(default_factory=list)
    readonly: set[str] = field(default_factory=set)
    needs_migration: bool = False


def validate_doc(cls: type[Record], doc: Any, target: int, registry: Registry | None) -> tuple[Record, bool]:
    """One raw record as a model, migrated up to `target`; returns (record, was migrated).

    Raises ValueError (or ValidationError) with a one-line reason when it cannot be used.
    """
    if not isinstance(doc, dict):
        raise ValueError(f"a record must be a JSON object, not {type(doc).__name__}")
    if "id" not in doc:
        raise ValueError("id: missing")  # a default would give it a new id on every read
    version = version_of(doc)
    if version is None:
        raise ValueError(f"v must be a whole number, not {doc.get('v')!r}")
    migrated = False
    if version < target:
        doc = migrate(doc, target, registry)
        migrated = True
    from pydantic import ValidationError  # loaded already: `cls` is a model

    try:
        return cls.model_validate(doc), migrated
    except ValidationError as exc:
        if version > target:
            raise ValueError(f"written by a newer version of reflect (v{version}); {one_line(exc, 'record')}") from None
        raise


def parse_shard(
    cls: type[Record], path: Path, data: dict[str, Any] | None, sig: Any, target: int, registry: Registry | None
) -> Shard:
    """Validate every record of a file's table separately; a bad one is quarantined, not dropped."""
    shard = Shard(sig=sig)
    table = (data or {}).get(cls.KIND, {})
    for doc_id, doc in table.items():
        try:
            record, migrated = validate_doc(cls, doc, target, registry)
        except (ValueError, TypeError) as exc:  # pydantic's ValidationError is a ValueError
            shard.quarantined.append(Quarantined(path, str(doc_id), doc, one_line(exc, 'record')))
            continue
        shard.needs_migration |= migrated
        if record.v > target:
            shard.readonly.add(record.id)
        previous = shard.records.get(record.id)
        if previous is None or record.updated_at >= previous.updated_at:
            shard.records[record.id] = record
    return shard


def is_valid(cls: type[Record], doc: Any, target: int, registry: Registry | None) -> bool:
    """True when a raw record validates (after migration)."""
    try:
        validate_doc(cls, doc, target, registry)
    except (ValueError, TypeError):  # pydantic's ValidationError is a ValueError
        return False
    return True


def later(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """True when record dict `a` was updated after `b` (offsets respected)."""
    try:
        return datetime.fromisoformat(str(a.get("updated_at"))) > datetime.fromisoformat(str(b.get("updated_at")))
    except (ValueError, TypeError):
        return False
