"""One month's live records as plain dicts, read with one plain JSON parse: the whole-history fast path.

`month_docs(store, cls, month)` returns what `Store.raw_docs(cls, first, first)` returns for that
month (`first` its first day), at about half the cost. `raw_docs` parses with a hook that checks every
object for a key given twice, and walks every record in Python (migrations, the later copy of an id
found twice, dropped keys). Ten years are sixty thousand records, and insights read them all once.

Here the file is parsed by orjson (`plain_json`), and the result is used only when it is plainly a
file this store wrote and needs nothing done to it: one table, one record per line (so no record id
was given twice and lost: the store's own layout makes the count of lines the count of records),
every record a JSON object at the current schema version, no id twice. orjson refuses NaN, 1e999, a
lone surrogate, a byte order mark and bytes that are not UTF-8, where the standard parser accepts
some of them; an integer below -2**63 or above 2**64 - 1 it would read as a float, so a file with a
run of 20 digits, or a minus and 19, anywhere is not taken from it. Anything refused or failing a
check (a missing month aside) goes through `raw_docs`, which recovers a damaged file, migrates old
records, picks the later copy of an id and reports what it could not read, exactly as every other
reader sees it. The one thing not checked here is a key given twice inside one record: it is read
as JSON reads it (the last one), until the store next reads that month and sets the file aside.

Tombstones are left out; other keys are kept as stored, so a caller must tolerate odd values.
"""

from __future__ import annotations

from datetime import date
from operator import itemgetter, methodcaller
from typing import TYPE_CHECKING, Any

import orjson

from reflect.core.errors import StoreError
from reflect.store.storage import read_regular

if TYPE_CHECKING:
    from reflect.core.envelope import Record
    from reflect.store.repository import Store


def month_docs(store: Store, cls: type[Record], month: str) -> list[dict[str, Any]]:
    """The live records of `cls` in the file of `month` ("YYYY-MM"), as plain dicts."""
    path = store.shard_path(cls, month=month)
    try:
        raw = read_regular(path)
    except FileNotFoundError:
        return []
    except (OSError, StoreError):
        raw = b""  # raw_docs names the file to the user
    docs = _plain(raw, cls.KIND, store.version(cls))
    if docs is None:
        first = date(int(month[:4]), int(month[5:7]), 1)
        return store.raw_docs(cls, first, first)
    return docs


def plain_json(raw: bytes) -> Any:
    """`raw` parsed by orjson when that gives exactly what `json.loads` gives, else None.

    None for anything orjson refuses (see the module docstring) and for text with a run of 20 digits
    or a minus and 19: orjson reads an integer as a float, losing digits, from -2**63 - 1 (a minus
    and 19 digits) down and from 2**64 (20 digits) up. Nanosecond file times have 19 digits.
    """
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    digits = raw.translate(_DIGITS)
    if _LONG_RUN in digits or _LONG_NEGATIVE in digits:
        return None
    return data


_DIGITS = bytes.maketrans(b"123456789", b"000000000")
_LONG_RUN = b"0" * 20
_LONG_NEGATIVE = b"-" + b"0" * 19


def _plain(raw: bytes, kind: str, version: int, *, deleted: bool = False) -> list[dict[str, Any]] | None:
    """The live records (with `deleted`, tombstones too) of a file the store wrote that needs
    nothing done to it, else None."""
    data = plain_json(raw)
    if data.__class__ is not dict or len(data) != 1 or kind not in data or data[kind].__class__ is not dict:
        return None
    table: dict[str, Any] = data[kind]
    if not table:
        return []
    if raw.count(b"\n") != len(table) + 2:  # not the store's layout: a record may have been lost
        return None
    docs = list(table.values())
    try:  # C-level passes, one per question: ~60,000 records over ten years
        ids = list(map(_ID, docs))
        plain = (set(map(type, docs)) == {dict} and set(map(type, ids)) == {str} and len(set(ids)) == len(ids)
                 and set(map(_VERSION, docs)) == {version})
    except (KeyError, TypeError, AttributeError):  # a record without an id, or not an object: raw_docs sorts it out
        return None
    if not plain:  # raw_docs migrates (or keeps) what is not current, and picks between two copies of an id
        return None
    return docs if deleted else [d for d in docs if d.get("deleted_at") is None]


_ID = itemgetter("id")
_VERSION = methodcaller("get", "v", 1)  # a record without one is at version 1


def plain_records(store: Store, kind: str, version: int, since: date | None = None, until: date | None = None) -> list[dict[str, Any]] | None:
    """The live records of a registry kind in the files of the months from `since` to `until` (every
    file of an unsharded kind), as plain dicts, without importing the kind's model; None unless every
    file is plainly one the store wrote, at schema `version`, with no id in two files.

    For a few files read while the app starts, before pydantic is imported (Today's check-ins, the
    settings): the caller checks each record's fields and reads through the model when this gives
    None, so damage, migrations and copies a sync left are handled (and reported) there alone.
    Records are not filtered by day: a month's file holds the whole month.
    """
    from reflect.core.kinds import KINDS
    from reflect.store.writes import kind_shape

    entry = next((k for k in KINDS if k.kind == kind), None)
    if entry is None:
        raise ValueError(f"no record kind {kind!r}")
    shape = kind_shape(entry, version)
    if store.version(shape) != version:  # a newer schema: the model path migrates
        return None
    docs: list[dict[str, Any]] = []
    for path in store.shard_paths(shape, since, until):
        try:
            raw = read_regular(path)
        except (OSError, StoreError):
            return None
        found = _plain(raw, kind, version, deleted=True)
        if found is None:
            return None
        docs.extend(found)
    if len({d["id"] for d in docs}) != len(docs):  # a copy a sync tool left: the model path picks one
        return None
    return [d for d in docs if d.get("deleted_at") is None]
