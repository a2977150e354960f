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


def _reject_constant(name: str) -> Any:
    raise ValueError(f"non-standard JSON constant {name}")


def _decoder() -> json.JSONDecoder:
    """A decoder that refuses NaN and Infinity (they could never be written back)."""
    return json.JSONDecoder(parse_constant=_reject_constant)


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
            rows[match.group(1)] = value
    if not rows:
        return {}, 0
    return {table: rows}, len(rows)
