"""Exports for people and spreadsheets: CSV (one file per kind) and a Markdown journal by month.

Both leave tombstones (deleted records) out; the JSON export carries everything. CSV cells that a
spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return)
get a leading `'`, because notes and replies are other people's text.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from reflect.core.errors import BadInput
from reflect.core.models import (
    RECORD_TYPES,
    CheckIn,
    FeedbackResponse,
    FocusBlock,
    Record,
    Reflection,
)
from reflect.store.repository import Store
from reflect.store.storage import TEMP_PREFIX, atomic_write, fsync_dir, translate_os_error

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet treat a cell as a formula."""

EXPORT_CLASSES = [cls for cls in RECORD_TYPES if cls.COLLECTION not in ("settings", "drafts")]


def neutralise(cell: str) -> str:
    """A cell that would run as a formula, with a leading `'` so it stays text."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return neutralise("; ".join(value))
    if isinstance(value, (list, dict)):
        return neutralise(json.dumps(value, ensure_ascii=False, sort_keys=True))
    return neutralise(str(value))


def csv_text(cls: type[Record], records: Iterable[Record]) -> str:
    """One kind's records as CSV: the model's fields in order, then any extra fields."""
    docs = [r.to_doc() for r in records]
    columns = list(cls.model_fields)
    for doc in docs:
        columns.extend(k for k in doc if k not in columns)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(c) for c in columns])
    for doc in docs:
        writer.writerow([_cell(doc.get(c)) for c in columns])
    return out.getvalue()


def csv_files(store: Store) -> dict[str, bytes]:
    """`<collection>.csv` -> UTF-8 bytes (with a BOM, so spreadsheets read accents right)."""
    return {
        f"{cls.COLLECTION}.csv": ("\ufeff" + csv_text(cls, store.list(cls))).encode("utf-8")
        for cls in EXPORT_CLASSES
    }


def write_csv(store: Store, target: Path) -> list[Path]:
    """Write the CSV export into a folder, or into one zip when `target` ends in .zip."""
    files = csv_files(store)
    if target.suffix.lower() == ".zip":
        if target.is_dir():
            raise BadInput(f"--output: {target} is a folder; give a .zip file name or a folder without .zip")
        if not target.parent.is_dir():
            raise BadInput(f"--output: folder {target.parent} does not exist")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, payload in files.items():
                archive.writestr(zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0)), payload,
                                 compress_type=zipfile.ZIP_DEFLATED)
        atomic_write(target, buffer.getvalue())
        return [target]
    if target.exists() and not target.is_dir():
        raise BadInput(f"--output: {target} is a file; give a folder for CSV (or a name ending in .zip)")
    if not target.parent.is_dir():
        raise BadInput(f"--output: folder {target.parent} does not exist")
    return _write_folder(target, files)


def _write_folder(target: Path, files: dict[str, bytes]) -> list[Path]:
    """Write every file into a temp folder beside `target` first, then move them in by rename.

    A full disk or any other error while writing leaves `target` as it was (the temp folder is
    removed); renames need no space, so once all files are written they all arrive.
    """
    try:
        work = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX + target.name + ".", dir=target.parent))
    except OSError as exc:
        raise translate_os_error(exc, "the export folder") from None
    try:
        for name, payload in files.items():
            atomic_write(work / name, payload)
        if not target.exists():
            os.rename(work, target)
            fsync_dir(target.parent)
            return [target / name for name in files]
        for name in files:
            os.replace(work / name, target / name)
        fsync_dir(target)
    except OSError as exc:
        raise translate_os_error(exc, "the export") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return [target / name for name in files]


# --- Markdown ---------------------------------------------------------------------------------


_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


def _safe(text: str) -> str:
    """Text that a Markdown viewer shows as text: a `<` that could open raw HTML becomes `&lt;`."""
    return _TAG_START.sub("&lt;", text)


def _indent(text: str, prefix: str = "  ") -> str:
    text = _safe(text)
    return "\n".join(prefix + line if line.strip() else prefix.rstrip() for line in text.strip().splitlines())


def _md_line(text: str) -> str:
    """One line of untrusted text that cannot start a heading, list or quote of its own."""
    text = _safe(" ".join(text.split()))
    return "\\" + text if text[:1] in "#>-*+|=" or text[:1].isdigit() and ". " in text[:4] else text


def _tags(tags: list[str]) -> str:
    return ", ".join(f"`{t.replace('`', '')}`" for t in tags)


def _checkin_md(c: CheckIn) -> str:
    bits = [f"mood {c.mood}/9"]
    if c.energy is not None:
        bits.append(f"energy {c.energy}/9")
    if c.emotion:
        bits.append(_md_line(c.emotion))
    line = f"- **{c.at:%H:%M}** check-in: {', '.join(bits)}"
    if c.tags:
        line += " · " + _tags(c.tags)
    return line + (f"\n\n{_indent(c.note, '  ')}\n" if c.note else "")


def _reflection_md(r: Reflection) -> str:
    name = "Journal entry" if r.session == "journal" else f"{r.session.capitalize()} reflection"
    head = f"- **{r.created_at:%H:%M}** {name}"
    if r.title:
        head += f": {_md_line(r.title)}"
    if r.starred:
        head += " ★"
    parts = [head]
    if r.tags:
        parts.append("  " + _tags(r.tags))
    for key, answer in r.answers.items():
        if answer.strip():
            parts.append(f"\n  *{_md_line(r.prompts.get(key, key))}*\n\n{_indent(answer)}")
    if r.frog:
        parts.append(f"\n  Frog: {_md_line(r.frog)}")
    if r.body:
        parts.append("\n" + _indent(r.body))
    return "\n".join(parts) + "\n"


def _focus_md(b: FocusBlock) -> str:
    end = f"–{b.ended_at:%H:%M}" if b.ended_at else ""
    what = "Break" if b.block_type == "break" else "Focus"
    line = f"- **{b.started_at:%H:%M}{end}** {what} ({round(b.planned_seconds / 60)} min planned)"
    if b.intention:
        line += f": {_md_line(b.intention)}"
    extra = [b.outcome or ""]
    if b.focus_quality:
        extra.append(f"quality {b.focus_quality}/5")
    if b.interruptions:
        n = len(b.interruptions)
        extra.append(f"{n} interruption{'s' if n > 1 else ''}")
    extra = [e for e in extra if e]
    return line + (f" — {', '.join(extra)}" if extra else "") + (f"\n\n{_indent(b.note)}\n" if b.note else "")


def _feedback_md(f: FeedbackResponse) -> str:
    who = _md_line(f.from_name) or "Someone"
    lines = [f"- **{f.received_at:%H:%M}** Feedback from {who} ({f.relation})" + (" — quotable" if f.quotable else "")]
    for answer in f.answers:
        if not answer.text.strip():
            continue
        if answer.question:
            lines.append(f"\n  *{_md_line(answer.question)}*")
        lines.append("\n" + _indent(answer.text, "  > "))
    return "\n".join(lines) + "\n"


def _reflection_moment(r: Reflection) -> datetime:
    """When a reflection is listed: its creation time on its own day, else the start of its day."""
    return r.created_at if r.created_at.date() == r.day else r.shard_time()


def markdown_text(store: Store) -> str:
    """The journal as Markdown: a section per month, a heading per day, entries in time order."""
    entries: list[tuple[datetime, str]] = []
    entries += [(c.at, _checkin_md(c)) for c in store.list(CheckIn)]
    entries += [(_reflection_moment(r), _reflection_md(r)) for r in store.list(Reflection)]
    entries += [(b.started_at, _focus_md(b)) for b in store.list(FocusBlock)]
    entries += [(f.received_at, _feedback_md(f)) for f in store.list(FeedbackResponse)]
    entries.sort(key=lambda e: (e[0].replace(tzinfo=None), e[0].timestamp()))
    by_day: dict[tuple[int, int], dict[Any, list[str]]] = defaultdict(lambda: defaultdict(list))
    for moment, text in entries:
        by_day[(moment.year, moment.month)][moment.date()].append(text)
    out = ["# Journal", ""]
    if not entries:
        out.append("Nothing recorded yet.")
    for (year, month), days in by_day.items():
        out += [f"## {datetime(year, month, 1):%B %Y}", ""]
        for day, texts in days.items():
            out += [f"### {day:%A %d %B}", ""]
            out += [t.rstrip() + "\n" for t in texts]
    return "\n".join(out).rstrip() + "\n"


def write_markdown(store: Store, target: Path) -> Path:
    """Write the Markdown journal to a file."""
    if target.is_dir():
        raise BadInput(f"--output: {target} is a folder; give a file name such as journal.md")
    if not target.parent.is_dir():
        raise BadInput(f"--output: folder {target.parent} does not exist")
    atomic_write(target, markdown_text(store).encode("utf-8"))
    return target


def write_export(store: Store, fmt: str, target: Path) -> str:
    """Write the export in `fmt` ("json", "csv" or "md") to `target`; returns where it went."""
    from reflect.portability.transfer import export_json

    if fmt == "csv":
        written = write_csv(store, target)
        return str(target) if len(written) == 1 else f"{target} ({len(written)} files)"
    if fmt == "md":
        return str(write_markdown(store, target))
    if fmt != "json":
        raise BadInput(f"--format: {fmt!r} is not one of json, csv, md")
    if target.is_dir():
        raise BadInput(f"--output: {target} is a folder; give a file name")
    if not target.parent.is_dir():
        raise BadInput(f"--output: folder {target.parent} does not exist")
    atomic_write(target, export_json(store).encode("utf-8"))
    return str(target)
