"""Salvaging what can be read from a damaged data file.

A torn file (a crash during a non-atomic write, a sync tool stopped halfway, a disk fault) often
holds a complete JSON document followed by the tail of an older one, or the first part of a
document cut short. Both are recovered here, record by record where need be; nothing that does
not parse as a record is invented.
"""

from __future__ import annotations

import json
import re
from typing import Any

_ROW = re.compile(r'^\s*"(\d+)"\s*:\s*')


NUMBER_KEY = "unstorable_number"
"""A number JSON cannot write back (NaN, Infinity, 1e999) is kept as `{NUMBER_KEY: "<its text>"}`."""

_DUP = "~dup"


def _kept_number(text: str) -> Any:
    return {NUMBER_KEY: text[:100]}


def _float(text: str) -> Any:
    value = float(text)
    if value != value or value in (float("inf"), float("-inf")):
        return _kept_number(text)
    return value


def _keep_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose repeated keys are all kept: the second `k` becomes `k~dup1`, and so on."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        name, n = key, 0
        while name in out:
            n += 1
            name = f"{key}{_DUP}{n}"
        out[name] = value
    return out


def _decoder() -> json.JSONDecoder:
    """A decoder that loses nothing JSON can hold: repeated keys are kept, unstorable numbers marked."""
    return json.JSONDecoder(parse_constant=_kept_number, parse_float=_float, object_pairs_hook=_keep_duplicates)


def _renumber(doc: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Give records that shared a document id (`3~dup1`) fresh numeric ids after the highest."""
    out = {}
    for table, rows in doc.items():
        top = max((int(k) for k in rows if k.isdigit()), default=0)
        fixed = {}
        for key, value in rows.items():
            if _DUP in key:
                top += 1
                key = str(top)
            fixed[key] = value
        out[table] = fixed
    return out


def _as_document(value: Any) -> dict[str, dict[str, Any]] | None:
    if isinstance(value, dict) and value and all(isinstance(t, dict) for t in value.values()):
        return value
    return None


def salvage(raw: bytes) -> tuple[dict[str, dict[str, Any]], int]:
    """Recover a TinyDB document from damaged bytes; returns (document, records recovered).

    First the leading complete JSON value (`raw_decode`); failing that, one record per line as
    the store writes them (`"12": {...},`), under the table named on the first line.
    """
    text = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
    start = text.find("{")
    if start >= 0:
        try:
            value, _ = _decoder().raw_decode(text, start)
        except (ValueError, RecursionError):
            value = None
        doc = _as_document(value)
        if doc is not None:
            doc = _renumber(doc)
            return doc, sum(len(t) for t in doc.values())
    table = "_default"
    head = re.match(r'\s*\{\s*"([^"]+)"\s*:', text)
    if head:
        table = head.group(1)
    rows: dict[str, Any] = {}
    decoder = _decoder()
    for line in text.splitlines():
        match = _ROW.match(line)
        if not match:
            continue
        try:
            value, _ = decoder.raw_decode(line, match.end())
        except (ValueError, RecursionError):
            continue
        if isinstance(value, dict):
            key, n = match.group(1), 0
            while key in rows:
                n += 1
                key = f"{match.group(1)}{_DUP}{n}"
            rows[key] = value
    if not rows:
        return {}, 0
    return _renumber({table: rows}), len(rows)
