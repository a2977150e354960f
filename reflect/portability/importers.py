"""Readers for other apps' exports: Daylio CSV here, jrnl in `reflect.portability.jrnl`.

Each reader turns a file's text into `Candidate`s (a record to add, with where it came from) and
rows it skips on its own (empty rows, duplicates inside the file). It raises `BadInput` naming the
row and what is allowed when anything cannot be read, so a file is imported whole or not at all.

Every record gets a stable source key (`daylio:<hash>`, `jrnl:<hash>`) built from the row's
content, and an id derived from that key, so importing the same file again adds nothing.

Times in these files carry no offset: they are the writer's local time. They are given the UTC
offset that the local time zone had on that date (daylight saving respected), never read as UTC.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from html.parser import HTMLParser
from typing import Any

from reflect.core.clock import local_moment as clock_local_moment
from reflect.core.checkin.checkins import tag_list
from reflect.core.errors import BadInput
from reflect.core.models import NOTE_MAX, CheckIn, Record

DEFAULT_MOODS: dict[str, int] = {"rad": 9, "good": 7, "meh": 5, "bad": 3, "awful": 1}
"""Daylio's default five mood labels, best to worst, on our 1-9 scale."""

SOURCE_NAMESPACE = uuid.UUID("6f1c7a52-93a4-4d3e-9b1e-5d2f0c6b8a11")
"""Namespace of the ids derived from source keys (uuid5), so one row always gets one id."""

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?::(\d{2}))?\s*(?:([ap])\.?\s*m\.?)?$", re.IGNORECASE)
JRNL_HEADING = re.compile(r"^\[(\d{4}-\d{2}-\d{2}) ([^\]]+)\][ \t]?(.*)$", re.MULTILINE)
"""The first line of an entry in jrnl's plain-text format: `[YYYY-MM-DD HH:MM] Title`."""


class UnknownMoodLabels(BadInput):
    """Daylio mood labels with no level: the user has to map them (`--map LABEL=N`)."""

    def __init__(self, labels: list[str]) -> None:
        self.labels = labels
        known = ", ".join(DEFAULT_MOODS)
        quoted = ", ".join(f'"{label}"' for label in labels)
        noun = "label" if len(labels) == 1 else "labels"
        example = labels[0].replace('"', "")
        super().__init__(
            f"mood {noun} {quoted} not known (known: {known}); map it with --map \"{example}=N\" (N from 1 to 9)"
        )


@dataclass
class Candidate:
    """A record an input row would become."""

    where: str
    """Where in the file it came from ("row 3", "entry 2")."""
    what: str
    """A short description for the dry run."""
    record: Record


@dataclass
class Skipped:
    """A row the reader itself leaves out, and why."""

    where: str
    reason: str


def local_moment(naive: datetime, tz: tzinfo | None = None) -> datetime:
    """A wall-clock time of an imported row as a stored moment: `reflect.core.clock.local_moment`
    (the one rule for skipped and repeated times), with an impossible time as ValueError."""
    return clock_local_moment(naive, tz)


def source_id(key: str) -> str:
    """The record id for a source key: the same key always gives the same id."""
    return str(uuid.uuid5(SOURCE_NAMESPACE, key))


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


# --- HTML notes -------------------------------------------------------------------------------


_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_OTHER_TAG = re.compile(r"<(?!br\s*/?>)[a-zA-Z/!?]", re.IGNORECASE)


class _TextOfHTML(HTMLParser):
    """Collects the text of basic HTML: <br> and block ends become newlines, <li> a "- " item."""

    BLOCKS = {"p", "div", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def _newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        """Line breaks and list items."""
        if tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self._newline()
            self.parts.append("- ")
        elif tag in self.BLOCKS:
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        """A block or item ends its line."""
        if tag in self.BLOCKS or tag == "li":
            self._newline()

    def handle_data(self, data: str) -> None:
        """Text as it is."""
        self.parts.append(data)


def html_to_text(text: str) -> str:
    """Plain text of a note that may hold basic HTML (tags dropped, entities decoded)."""
    if not text:
        return ""
    if "<" not in text and "&" not in text:
        return text.strip()
    text = text.replace("\r\n", "\n")
    if not _OTHER_TAG.search(text):  # the common case, without a parser: only line breaks and entities
        plain = html.unescape(_BR.sub("\n", text))
    else:
        parser = _TextOfHTML()
        parser.feed(text)
        parser.close()
        plain = "".join(parser.parts)
    lines = [line.rstrip() for line in plain.replace("\xa0", " ").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --- Daylio -----------------------------------------------------------------------------------


def parse_time(text: str, where: str) -> time:
    """`20:39`, `10:00 pm`, `10:00 PM`, `10.00 p.m.` as a time of day."""
    m = _TIME.match(text.strip())
    if m:
        hour, minute, second = int(m[1]), int(m[2]), int(m[3] or 0)
        if m[4]:
            if not 1 <= hour <= 12:
                hour = 99
            else:
                hour = hour % 12 + (12 if m[4].lower() == "p" else 0)
        if hour < 24 and minute < 60 and second < 60:
            return time(hour, minute, second)
    raise BadInput(f"{where}: time {text!r} is not understood; expected 24-hour (20:39) or 12-hour (10:00 pm)")


def parse_day_month(year_text: str, text: str, where: str) -> date:
    """The old header's `year` and `date` ("18 May" or "May 18") as a date."""
    tokens = re.findall(r"[^\W\d_]+|\d+", text)
    months = [_MONTHS[t[:3].lower()] for t in tokens if t[:3].lower() in _MONTHS]
    days = [int(t) for t in tokens if t.isdigit()]
    try:
        return date(int(year_text.strip()), months[0], days[0])
    except (ValueError, IndexError):
        raise BadInput(
            f"{where}: date {year_text.strip()} {text!r} is not understood; expected a year and \"18 May\" or \"May 18\""
        ) from None


def parse_mapping(items: list[str] | None) -> dict[str, int]:
    """`--map LABEL=N` items as {label: level}; raises BadInput naming a bad one."""
    out: dict[str, int] = {}
    for item in items or []:
        label, sep, level = item.rpartition("=")
        label = label.strip().lower()
        if not sep or not label or not level.strip().isdigit() or not 1 <= int(level) <= 9:
            raise BadInput(f"--map: {item!r} must be LABEL=N with N from 1 to 9, for example --map \"super=8\"")
        out[label] = int(level)
    return out


def _cell(row: dict[str | None, Any], name: str) -> str:
    value = row.get(name)
    return value.strip() if isinstance(value, str) else ""


def parse_daylio(
    text: str, mapping: dict[str, int] | None = None, tz: tzinfo | None = None
) -> tuple[list[Candidate], list[Skipped]]:
    """Read a Daylio CSV export (current 8-column or old 7-column header, columns by name)."""
    moods = {**DEFAULT_MOODS, **{k.strip().lower(): v for k, v in (mapping or {}).items()}}
    try:
        reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""), strict=True)
        header = [(h or "").strip().lstrip("\ufeff").lower() for h in (reader.fieldnames or [])]
        reader.fieldnames = header
        rows = list(reader)
    except csv.Error as exc:
        raise BadInput(f"not a readable CSV file (cut short or damaged?): {exc}") from None
    has_full = "full_date" in header
    need = ["mood", "time"] + ([] if has_full else ["year", "date"])
    missing = [n for n in need if n not in header]
    if missing:
        raise BadInput(f"not a Daylio CSV export: no {', '.join(missing)} column")
    candidates: list[Candidate] = []
    skipped: list[Skipped] = []
    seen: dict[str, str] = {}
    unknown: dict[str, None] = {}
    for n, row in enumerate(rows, start=1):
        where = f"row {n}"
        if not any(isinstance(v, str) and v.strip() for v in row.values()):
            skipped.append(Skipped(where, "empty row"))
            continue
        if has_full:
            try:
                day = date.fromisoformat(_cell(row, "full_date"))
            except ValueError:
                raise BadInput(f"{where}: full_date {_cell(row, 'full_date')!r} is not a YYYY-MM-DD date") from None
        else:
            day = parse_day_month(_cell(row, "year"), _cell(row, "date"), where)
        written = parse_time(_cell(row, "time"), where)
        try:
            moment = local_moment(datetime.combine(day, written), tz)
        except ValueError as exc:
            raise BadInput(f"{where}: {exc}") from None
        label = " ".join(_cell(row, "mood").split())
        if not label:
            raise BadInput(f"{where}: mood is empty; every Daylio row needs a mood label")
        level = moods.get(label.lower())
        if level is None:
            unknown.setdefault(label, None)
            continue
        activities = [a.strip() for a in _cell(row, "activities").split("|")]
        tags = tag_list(activities)
        title = html_to_text(_cell(row, "note_title"))
        note = html_to_text(_cell(row, "note"))
        full_note = f"{title}\n\n{note}".strip() if title and note else (title or note)
        if len(full_note) > NOTE_MAX:
            raise BadInput(f"{where}: the note has {len(full_note)} characters; at most {NOTE_MAX} are allowed")
        keyed = "|".join(dict.fromkeys(a.lower()[:60].strip() for a in activities if a.strip()))  # as keys were made
        key = "daylio:" + _digest(day.isoformat(), written.strftime("%H:%M:%S"), label.lower(), keyed, full_note)
        if key in seen:
            skipped.append(Skipped(where, f"duplicate of {seen[key]}"))
            continue
        seen[key] = where
        record = CheckIn(
            id=source_id(key), at=moment, created_at=moment, updated_at=moment,
            mood=level, tags=tags, note=full_note, source=key,
        )
        tag_text = f", tags {', '.join(tags)}" if tags else ""
        what = f"check-in {moment:%Y-%m-%d %H:%M} mood {level} ({label}){tag_text}"
        candidates.append(Candidate(where, what, record))
    if unknown:
        raise UnknownMoodLabels(list(unknown))
    return candidates, skipped


def daylio_labels(text: str) -> list[str]:
    """The mood labels a Daylio file uses, in order of first use (for asking the user a mapping)."""
    try:
        reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
        reader.fieldnames = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
        labels = dict.fromkeys(" ".join(_cell(r, "mood").split()) for r in reader)
    except csv.Error:
        return []
    return [label for label in labels if label]


class Unstorable(str):
    """A number in an input file that JSON cannot store (NaN, Infinity, 1e999), kept as its text."""


def _unstorable_float(text: str) -> Any:
    value = float(text)
    return Unstorable(text) if value != value or value in (float("inf"), float("-inf")) else value


def load_json(text: str, what: str) -> Any:
    """Parse an input file's JSON, or raise BadInput (exit 2) in one line naming `what` it should be.

    Too deep a nesting is bad input, not a crash; a number JSON cannot store comes back as
    `Unstorable`, so the record holding it can be named (see `unstorable_in`).
    """
    try:
        return json.loads(text, parse_constant=Unstorable, parse_float=_unstorable_float)
    except RecursionError:
        raise BadInput(f"{what}: the JSON is nested too deeply to be one; nothing was imported") from None
    except ValueError as exc:
        raise BadInput(f"{what}: {str(exc).splitlines()[0][:120]}") from None


def unstorable_in(value: Any, path: str = "") -> str | None:
    """Where in a parsed value an `Unstorable` number is (`mood`, `answers.0.score`), or None."""
    if isinstance(value, Unstorable):
        return f"{path or 'value'} is {value[:20]}, a number that cannot be stored"
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found = unstorable_in(item, f"{path}.{key}" if path else str(key))
        if found:
            return found
    return None


def detect_format(text: str) -> str:
    """"reflect", "jrnl" (JSON or text) or "daylio" from a file's content; BadInput when none of them."""
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("{"):
        data = load_json(head, "the file looks like JSON but does not parse")
        if isinstance(data, dict) and "schema_version" in data:
            return "reflect"
        if isinstance(data, dict) and isinstance(data.get("entries"), list):
            return "jrnl"
        raise BadInput("a JSON file that is neither a reflect export nor a jrnl export; use --format")
    if JRNL_HEADING.match(head):
        return "jrnl"
    first = head.split("\n", 1)[0].lower()
    names = {c.strip().strip('"') for c in first.split(",")}
    if "mood" in names and "time" in names and ({"full_date"} <= names or {"year", "date"} <= names):
        return "daylio"
    raise BadInput("cannot tell the file's format (reflect JSON, jrnl JSON or Daylio CSV); use --format")
