"""One month's live records as plain dicts, read with one plain JSON parse: the whole-history fast path.

`month_docs(store, cls, month)` returns what `Store.raw_docs(cls, first, first)` returns for that
month (`first` its first day), at about half the cost. `raw_docs` parses with a hook that checks every
object for a key given twice, and walks every record in Python (migrations, the later copy of an id
found twice, dropped keys). Ten years are sixty thousand records, and insights read them all once.

Here the file is parsed by the C parser, and the result is used only when it is plainly a file this
store wrote and needs nothing done to it: one table, one record per line (so no record id was given
twice and lost: the store's own layout makes the count of lines the count of records), every record
a JSON object at the current schema version, no id twice, no NaN or 1e999. Anything else (a missing
month aside) goes through `raw_docs`, which recovers a damaged file, migrates old records, picks the
later copy of an id and reports what it could not read, exactly as every other reader sees it. The
one thing not checked here is a key given twice inside one record: it is read as JSON reads it (the
last one), until the store next reads that month and sets the file aside.

Tombstones are left out; other keys are kept as stored, so a caller must tolerate odd values.
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any

from reflect.core.errors import StoreError
from reflect.store.repository import Store

if TYPE_CHECKING:
    from reflect.core.envelope import Record
from reflect.store.storage import read_regular


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


def _plain(raw: bytes, kind: str, version: int) -> list[dict[str, Any]] | None:
    """The live records of a file the store wrote that needs nothing done to it, else None."""
    try:
        data = json.loads(raw, parse_constant=_refuse, parse_float=_finite)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if data.__class__ is not dict or len(data) != 1 or kind not in data or data[kind].__class__ is not dict:
        return None
    table: dict[str, Any] = data[kind]
    if table and raw.count(b"\n") != len(table) + 2:  # not the store's layout: a record may have been lost
        return None
    docs = list(table.values())
    if not all(d.__class__ is dict for d in docs):
        return None
    if any(d.get("v", 1) != version for d in docs):  # raw_docs migrates (or keeps) what is not current
        return None
    ids = [d.get("id") for d in docs]
    if not all(i.__class__ is str for i in ids) or len(set(ids)) != len(ids):  # raw_docs sorts these out
        return None
    return [d for d in docs if d.get("deleted_at") is None]


def _refuse(name: str) -> Any:
    raise ValueError(name)


def _finite(text: str) -> float:
    value = float(text)
    if value - value != 0:  # inf or nan
        raise ValueError(text)
    return value
