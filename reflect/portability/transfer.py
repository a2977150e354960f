"""Our own JSON export, and importing files of every supported format.

Export: `{"schema_version", "exported_at", "<collection>": [envelopes as stored], ...}` with every
kind's list, tombstones included (so deletions travel). Importing an export into an empty folder
and exporting again gives the same export (apart from `exported_at`).

Import is planned first, then carried out: `plan_file` reads and validates the whole file and
decides per row what happens (add, update, skip and why); nothing is written until every row is
known good, and `apply_plan` writes with `Store.put_many`, which is all or nothing across shards.
Our own export is idempotent by id (a stored record is replaced only by a newer copy); Daylio and
jrnl rows by their source key, so importing the same file twice adds nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, tzinfo
from pathlib import Path
from typing import Any

import orjson
from pydantic import ValidationError

from reflect.core.errors import BadInput, one_line
from reflect.core.models import RECORD_TYPES, Record
from reflect.portability.importers import (
    Candidate,
    Skipped,
    detect_format,
    load_json,
    parse_daylio,
    source_id,
    unstorable_in,
)
from reflect.portability.jrnl import parse_jrnl
from reflect.store.repository import Store
from reflect.store.storage import AtomicJSONStorage, CorruptFile

SCHEMA_VERSION = 1
EXPORT_KEYS: dict[str, str] = {cls.COLLECTION: cls.KIND for cls in RECORD_TYPES if cls.COLLECTION not in ("settings", "drafts")}
"""The export's list keys (collection names) and the kind each holds."""

MAX_INPUT_BYTES = 500_000_000
"""The largest file `reflect import` reads (a Daylio export of 10 years is a few MB)."""

FORMATS = ("auto", "reflect", "daylio", "jrnl")
"""Input formats `reflect import` reads."""


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
    """The export as JSON text, indented (two spaces), UTF-8 characters as they are."""
    data = export_data(store)
    try:  # orjson: ten years encode in a tenth of a second, where the standard encoder, which
        # indents in Python, took seconds
        return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
    except orjson.JSONEncodeError:  # a lone surrogate in a hand-edited file, an integer past 64 bits
        return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


@dataclass
class PlanRow:
    """One input row and what the import does with it."""

    where: str
    """Where in the file ("row 3", "entry 2", "checkins[0]")."""
    action: str
    """"add", "update" or "skip"."""
    what: str = ""
    """What the row is (for adds and updates)."""
    reason: str = ""
    """Why a row is skipped."""


@dataclass
class ImportPlan:
    """What an import would do: the records to write and a line per row."""

    format: str = "reflect"
    to_write: list[Record] = field(default_factory=list)
    rows: list[PlanRow] = field(default_factory=list)
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    recheck: Callable[[Store], ImportPlan] | None = field(default=None, repr=False, compare=False)
    """Plans the same parsed rows again against the store as it is now (without reading the file)."""

    def count(self, action: str) -> int:
        """How many rows have this action."""
        return sum(1 for r in self.rows if r.action == action)

    def summary(self) -> str:
        """One line: added, updated, skipped."""
        parts = [f"{self.count('add')} added"]
        if self.count("update"):
            parts.append(f"{self.count('update')} updated")
        parts.append(f"{self.count('skip')} skipped")
        return ", ".join(parts)

    def lines(self) -> list[str]:
        """One line per row, for a dry run."""
        out = []
        for row in self.rows:
            detail = row.reason if row.action == "skip" else row.what
            out.append(f"{row.action:<6} {row.where}: {detail}")
        return out

    def collections(self) -> set[str]:
        """The collections this plan writes to."""
        return {type(r).COLLECTION for r in self.to_write}

    def _note(self, table: dict[str, int], collection: str) -> None:
        table[collection] = table.get(collection, 0) + 1


def parse_export(text: str) -> dict[str, Any]:
    """Parse an export file's text, or raise BadInput naming what is wrong."""
    data = load_json(text, "not a reflect JSON export")
    if not isinstance(data, dict) or "schema_version" not in data:
        raise BadInput("not a reflect JSON export: it has no schema_version")
    if data["schema_version"] != SCHEMA_VERSION:
        raise BadInput(f"schema_version {data['schema_version']!r} is not supported; this version reads {SCHEMA_VERSION}")
    return data


def plan_import(store: Store, data: dict[str, Any]) -> ImportPlan:
    """Validate every record of an export and decide what to write; raises BadInput on any bad one."""
    plan = ImportPlan(format="reflect")
    for cls in RECORD_TYPES:
        items = data.get(cls.COLLECTION)
        if items is None:
            continue
        if not isinstance(items, list):
            raise BadInput(f"{cls.COLLECTION}: must be a list of records; nothing was imported")
        existing = {r.id: r for r in store.list(cls, include_deleted=True)} if items else {}
        seen: dict[str, str] = {}
        for index, doc in enumerate(items):
            where = f"{cls.COLLECTION}[{index}]"
            odd = unstorable_in(doc)
            if odd:
                raise BadInput(f"{where}: {odd}; nothing was imported")
            doc = with_stable_id(doc)
            try:
                record = cls.model_validate(doc)
            except (ValidationError, ValueError) as exc:
                raise BadInput(f"{where}: {one_line(exc)}; nothing was imported") from None
            if record.v > cls.VERSION:
                raise BadInput(
                    f"{where}: written by a newer version of reflect (v{record.v} of {cls.KIND}); "
                    "update reflect to import this file; nothing was imported"
                )
            if record.id in seen:
                plan.rows.append(PlanRow(where, "skip", reason=f"same id as {seen[record.id]}"))
                plan._note(plan.skipped, cls.COLLECTION)
                continue
            seen[record.id] = where
            old = existing.get(record.id)
            moment, day = record.shard_time(), getattr(record, "day", None)
            when = day.isoformat() if isinstance(day, date) else f"{moment:%Y-%m-%d %H:%M}" if moment else record.id
            what = f"{cls.KIND} {when}"
            if record.deleted:
                what += " (deleted)"
            if old is None:
                plan.to_write.append(record)
                plan.rows.append(PlanRow(where, "add", what))
                plan._note(plan.added, cls.COLLECTION)
            elif record.updated_at > old.updated_at and "updated_at" in doc:
                plan.to_write.append(record)
                plan.rows.append(PlanRow(where, "update", what + " (newer than the stored copy)"))
                plan._note(plan.updated, cls.COLLECTION)
            else:
                plan.rows.append(PlanRow(where, "skip", reason=f"{what} is already there (same or newer)"))
                plan._note(plan.skipped, cls.COLLECTION)
    return plan


def with_stable_id(doc: Any) -> Any:
    """A record without an `id` gets one derived from its content, so importing it twice adds it once."""
    if not isinstance(doc, dict) or "id" in doc:
        return doc
    content = json.dumps(doc, sort_keys=True, ensure_ascii=False, default=str)
    return {**doc, "id": source_id("reflect-import:" + content)}


def plan_candidates(store: Store, fmt: str, candidates: list[Candidate], skipped: list[Skipped]) -> ImportPlan:
    """Decide which of a reader's records are new: a source key or id already stored is skipped."""
    plan = ImportPlan(format=fmt)
    known: dict[type[Record], tuple[set[str], set[str]]] = {}
    for cls in {type(c.record) for c in candidates}:
        known[cls] = stored_keys(store, cls)  # every month: an imported record may have been moved since
    rows: list[tuple[str, PlanRow]] = [(s.where, PlanRow(s.where, "skip", reason=s.reason)) for s in skipped]
    for c in candidates:
        ids, sources = known[type(c.record)]
        collection = type(c.record).COLLECTION
        if c.record.id in ids or getattr(c.record, "source", None) in sources:
            rows.append((c.where, PlanRow(c.where, "skip", reason=f"already imported ({c.what})")))
            plan._note(plan.skipped, collection)
        else:
            plan.to_write.append(c.record)
            rows.append((c.where, PlanRow(c.where, "add", c.what)))
            plan._note(plan.added, collection)
    plan.rows = [row for _, row in sorted(rows, key=lambda item: _order(item[0]))]
    return plan


def stored_keys(
    store: Store, cls: type[Record], since: date | None = None, until: date | None = None
) -> tuple[set[str], set[str]]:
    """The ids and source keys stored for a kind (in a range of months), tombstones included.

    Read raw (no validation), which is many times faster over years of history; a shard that
    does not parse is read through the store, which repairs it and reports it.
    """
    ids: set[str] = set()
    sources: set[str] = set()
    for path in store.shard_paths(cls, since, until):
        try:
            docs = list(((AtomicJSONStorage(path).read() or {}).get(cls.KIND) or {}).values())
        except CorruptFile:
            docs = [r.to_doc() for r in store.list(cls, since=since, until=until, include_deleted=True)]
        for doc in docs:
            if isinstance(doc, dict):
                if isinstance(doc.get("id"), str):
                    ids.add(doc["id"])
                if isinstance(doc.get("source"), str):
                    sources.add(doc["source"])
    return ids, sources


def _order(where: str) -> tuple[str, int]:
    name, _, number = where.rpartition(" ")
    return (name, int(number) if number.isdigit() else 0)


def plan_file(
    store: Store,
    text: str,
    fmt: str = "auto",
    mapping: dict[str, int] | None = None,
    tz: tzinfo | None = None,
) -> ImportPlan:
    """Read a whole file (any supported format) and plan its import; raises BadInput, writes nothing."""
    if fmt not in FORMATS:
        raise BadInput(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    if fmt == "auto":
        fmt = detect_format(text)
    if fmt == "reflect":
        data = parse_export(text)

        def recheck(now: Store) -> ImportPlan:
            return plan_import(now, data)
    else:
        candidates, skipped = parse_daylio(text, mapping, tz) if fmt == "daylio" else parse_jrnl(text, tz)

        def recheck(now: Store) -> ImportPlan:
            return plan_candidates(now, fmt, candidates, skipped)

    plan = recheck(store)
    plan.recheck = recheck
    return plan


def apply_plan(store: Store, plan: ImportPlan) -> int:
    """Write a plan's records (all or nothing). Returns how many were written."""
    if not plan.to_write:
        return 0
    return store.put_many(plan.to_write)


def import_json(store: Store, text: str, *, dry_run: bool = False) -> ImportPlan:
    """Import an export's text into the store (all or nothing). Returns the plan carried out."""
    plan = plan_import(store, parse_export(text))
    if not dry_run:
        apply_plan(store, plan)
    return plan


def read_text_file(path_text: str) -> str:
    """Read an input file as UTF-8 text (a BOM is dropped), or raise BadInput naming the problem."""
    path = Path(path_text).expanduser()
    if not path.exists():
        raise BadInput(f"PATH: {path} does not exist")
    if path.is_dir():
        raise BadInput(f"PATH: {path} is a folder, not a file")
    if not path.is_file():
        raise BadInput(f"PATH: {path} is not a regular file")
    if path.stat().st_size > MAX_INPUT_BYTES:
        raise BadInput(f"PATH: {path} is larger than {MAX_INPUT_BYTES // 1_000_000} MB; no journal export is that big")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BadInput(f"PATH: cannot read {path}: {exc.strerror}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput(f"PATH: {path} is not UTF-8 text") from None


def remembered_moods(store: Store) -> dict[str, int]:
    """The Daylio mood levels the user gave in earlier imports."""
    return dict(store.settings().daylio_moods)


def remember_moods(store: Store, mapping: dict[str, int]) -> None:
    """Keep the levels given for Daylio mood labels, so the next export imports without asking."""
    settings = store.settings()
    merged = {**settings.daylio_moods, **{k.strip().lower(): v for k, v in mapping.items()}}
    if merged != settings.daylio_moods:
        store.save_settings(settings.model_copy(update={"daylio_moods": merged}))
