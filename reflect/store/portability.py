"""Our own JSON export and import.

Export: `{"schema_version", "exported_at", "<collection>": [envelopes as stored], ...}` with every
kind's list, tombstones included (so deletions travel). Import is idempotent by id: a record whose
id is already stored is skipped unless the incoming copy is newer (`updated_at`). It is all or
nothing per file: every record is validated before anything is written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from reflect.core.errors import BadInput
from reflect.core.models import RECORD_TYPES, Record
from reflect.store.repository import Store

SCHEMA_VERSION = 1
EXPORT_KEYS: dict[str, str] = {cls.COLLECTION: cls.KIND for cls in RECORD_TYPES if cls.COLLECTION != "settings"}
"""The export's list keys (collection names) and the kind each holds."""


def export_data(store: Store) -> dict[str, Any]:
    """Everything in the store as one JSON-ready dict."""
    out: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "exported_at": store.clock.now().isoformat()}
    for cls in RECORD_TYPES:
        if cls.COLLECTION not in EXPORT_KEYS:
            continue
        records = store.list(cls, include_deleted=True)
        out[cls.COLLECTION] = [r.to_doc() for r in records]
    return out


def export_json(store: Store) -> str:
    """The export as JSON text."""
    return json.dumps(export_data(store), ensure_ascii=False, indent=1, allow_nan=False) + "\n"


@dataclass
class ImportPlan:
    """What an import would do: records to write and how many were skipped, per collection."""

    to_write: list[Record] = field(default_factory=list)
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """One line: added, updated, skipped."""
        a, u, s = (sum(d.values()) for d in (self.added, self.updated, self.skipped))
        return f"{a} added, {u} updated, {s} already there"


def parse_export(text: str) -> dict[str, Any]:
    """Parse an export file's text, or raise BadInput naming what is wrong."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise BadInput(f"not a reflect JSON export: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict) or "schema_version" not in data:
        raise BadInput("not a reflect JSON export: it has no schema_version")
    if data["schema_version"] != SCHEMA_VERSION:
        raise BadInput(f"schema_version {data['schema_version']!r} is not supported; this version reads {SCHEMA_VERSION}")
    return data


def plan_import(store: Store, data: dict[str, Any]) -> ImportPlan:
    """Validate every record of an export and decide what to write; raises BadInput on any bad one."""
    plan = ImportPlan()
    for cls in RECORD_TYPES:
        items = data.get(cls.COLLECTION)
        if items is None:
            continue
        if not isinstance(items, list):
            raise BadInput(f"{cls.COLLECTION}: must be a list of records")
        existing = {r.id: r for r in store.list(cls, include_deleted=True)} if items else {}
        seen: set[str] = set()
        for index, doc in enumerate(items):
            try:
                record = cls.model_validate(doc)
            except ValidationError as exc:
                err = exc.errors()[0]
                where = ".".join(str(p) for p in err.get("loc", ()))
                raise BadInput(f"{cls.COLLECTION}[{index}].{where}: {err.get('msg')}; nothing was imported") from None
            if record.id in seen:
                continue
            seen.add(record.id)
            old = existing.get(record.id)
            if old is None:
                plan.to_write.append(record)
                plan.added[cls.COLLECTION] = plan.added.get(cls.COLLECTION, 0) + 1
            elif record.updated_at > old.updated_at:
                plan.to_write.append(record)
                plan.updated[cls.COLLECTION] = plan.updated.get(cls.COLLECTION, 0) + 1
            else:
                plan.skipped[cls.COLLECTION] = plan.skipped.get(cls.COLLECTION, 0) + 1
    return plan


def import_json(store: Store, text: str, *, dry_run: bool = False) -> ImportPlan:
    """Import an export's text into the store (all or nothing). Returns the plan carried out."""
    plan = plan_import(store, parse_export(text))
    if not dry_run and plan.to_write:
        store.put_many(plan.to_write)
    return plan
