"""Reading jrnl's exports: `jrnl --format json`, and its plain-text format.

Rule for moods (jrnl has none of its own): an entry has a mood when it carries a tag `@mood-N`
(or `@moodN`), or its body holds a line `mood: N`, N from 1 to 9; energy the same way with
`@energy-N` / `energy: N`. Such an entry becomes a check-in: the mood and energy from those, the
other tags, title and body as the note (the mood/energy lines removed), a star as the tag
`starred`. Every other entry becomes a journal reflection (session "journal") with its title,
body, tags and star.

Dates and times are the writer's local wall-clock time: the day is kept exactly as written and the
moment gets the offset the local zone had then, never read as UTC (which shifts entries a day).
"""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo
from typing import Any

from reflect.core.checkin.checkins import tag_list
from reflect.core.errors import BadInput
from reflect.core.models import LINE_MAX, NOTE_MAX, CheckIn, Record, Reflection
from reflect.portability.importers import (
    JRNL_HEADING,
    Candidate,
    Skipped,
    _digest,
    load_json,
    local_moment,
    parse_time,
    source_id,
)

_MOOD_TAG = re.compile(r"^[@#]?(mood|energy)[-_:=]?([1-9])$", re.IGNORECASE)
_MOOD_LINE = re.compile(r"^\s*(mood|energy)\s*[:=]\s*([1-9])\s*$", re.IGNORECASE | re.MULTILINE)
_TEXT_TAG = re.compile(r"(?<![\w@])@[\w][\w-]*")
_SENTENCE = re.compile(r"^(.*?[.?!:])(?:\s+|$)(.*)$", re.DOTALL)
DEFAULT_TIME = "09:00"
"""jrnl's default hour for an entry written with a date only."""


def _plain_tag(tag: str) -> str:
    return tag.strip().lstrip("@#").lower()[:60].strip()


def _text(entry: dict[str, Any], key: str, where: str) -> str:
    value = entry.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadInput(f"{where}: {key} must be text")
    return value


def entry_candidate(entry: dict[str, Any], where: str, tz: tzinfo | None) -> tuple[str, Candidate]:
    """One jrnl entry (as in the JSON export) as a record, with its source key."""
    date_text, time_text = _text(entry, "date", where), _text(entry, "time", where) or DEFAULT_TIME
    try:
        day = date.fromisoformat(date_text.strip())
    except ValueError:
        raise BadInput(f"{where}: date {date_text!r} is not a YYYY-MM-DD date") from None
    written = parse_time(time_text, where)
    try:
        moment = local_moment(datetime.combine(day, written), tz)
    except ValueError as exc:
        raise BadInput(f"{where}: {exc}") from None
    title, body = _text(entry, "title", where).strip(), _text(entry, "body", where).strip()
    raw_tags = entry.get("tags") or []
    if not isinstance(raw_tags, list) or not all(isinstance(t, str) for t in raw_tags):
        raise BadInput(f"{where}: tags must be a list of text")
    starred = entry.get("starred") is True
    levels: dict[str, int] = {}
    tags: list[str] = []
    for tag in raw_tags:
        m = _MOOD_TAG.match(tag.strip())
        if m:
            levels.setdefault(m[1].lower(), int(m[2]))
        elif _plain_tag(tag):
            tags.append(_plain_tag(tag))
    for m in _MOOD_LINE.finditer(body):
        levels.setdefault(m[1].lower(), int(m[2]))
    tags = tag_list(tags)
    key = "jrnl:" + _digest(day.isoformat(), written.strftime("%H:%M"), title, body)
    rid = source_id(key)
    if "mood" in levels:
        note = "\n\n".join(p for p in (title, _MOOD_LINE.sub("", body).strip()) if p)
        note = re.sub(r"\n{3,}", "\n\n", note)
        if len(note) > NOTE_MAX:
            raise BadInput(f"{where}: the text has {len(note)} characters; at most {NOTE_MAX} are allowed")
        record: Record = CheckIn(
            id=rid, at=moment, created_at=moment, updated_at=moment, mood=levels["mood"],
            energy=levels.get("energy"), tags=tags + (["starred"] if starred else []), note=note, source=key,
        )
        what = f"check-in {moment:%Y-%m-%d %H:%M} mood {levels['mood']}"
    else:
        if len(title) > LINE_MAX:  # keep the whole text: the long title opens the body
            body, title = f"{title}\n\n{body}".strip(), title[: LINE_MAX - 1] + "…"
        if len(body) > NOTE_MAX:
            raise BadInput(f"{where}: the body has {len(body)} characters; at most {NOTE_MAX} are allowed")
        record = Reflection(
            id=rid, session="journal", day=day, status="done", created_at=moment, updated_at=moment,
            title=title, body=body, tags=tags, starred=starred, source=key,
        )
        what = f"journal entry {moment:%Y-%m-%d %H:%M} {title[:40]!r}"
    return key, Candidate(where, what, record)


def _candidates(entries: list[Any], tz: tzinfo | None) -> tuple[list[Candidate], list[Skipped]]:
    candidates: list[Candidate] = []
    skipped: list[Skipped] = []
    seen: dict[str, str] = {}
    for n, entry in enumerate(entries, start=1):
        where = f"entry {n}"
        if not isinstance(entry, dict):
            raise BadInput(f"{where}: must be an object with date, time, title and body")
        key, candidate = entry_candidate(entry, where, tz)
        if key in seen:
            skipped.append(Skipped(where, f"duplicate of {seen[key]}"))
            continue
        seen[key] = where
        candidates.append(candidate)
    return candidates, skipped


def text_entries(text: str) -> list[dict[str, Any]]:
    """jrnl's plain-text format as JSON-like entries (title = the first sentence of the first line)."""
    headings = list(JRNL_HEADING.finditer(text))
    if not headings or text[: headings[0].start()].strip():
        raise BadInput("not a jrnl text export: it must start with a line like [2026-03-14 21:05] Title")
    entries = []
    for i, m in enumerate(headings):
        end = headings[i + 1].start() if i + 1 < len(headings) else len(text)
        first = m[3].rstrip()
        starred = first.endswith(" *") or first == "*" or first.startswith("*")
        first = first.removesuffix(" *").removeprefix("*").strip() if starred else first.strip()
        sentence = _SENTENCE.match(first)
        title, rest = (sentence[1], sentence[2]) if sentence else (first, "")
        body = "\n".join(p for p in (rest.strip(), text[m.end():end].strip("\n").rstrip()) if p)
        tags = list(dict.fromkeys(t.lower() for t in _TEXT_TAG.findall(f"{title}\n{body}")))
        entries.append({"date": m[1], "time": m[2].strip(), "title": title, "body": body.strip(),
                        "tags": tags, "starred": starred})
    return entries


def parse_jrnl(text: str, tz: tzinfo | None = None) -> tuple[list[Candidate], list[Skipped]]:
    """Read `jrnl --format json` output, or jrnl's plain-text format."""
    head = text.lstrip("\ufeff \t\r\n")
    if not head.startswith("{") and JRNL_HEADING.search(head):
        return _candidates(text_entries(head), tz)  # type: ignore[arg-type]
    data = load_json(text, "not a jrnl JSON export")
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise BadInput("not a jrnl JSON export: it has no \"entries\" list")
    return _candidates(data["entries"], tz)
