"""Reading replies from files: .txt, .md, .eml and CSV exports of form tools.

Encoding: UTF-8 with or without a BOM, UTF-16 by its BOM, else Latin-1. Binary files and files over
FILE_MAX are refused with a one-line message. Everything read is stripped of control and escape
characters before it becomes an answer.
"""

from __future__ import annotations

from typing import Any

import csv
import email
import email.policy
import hashlib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

from reflect.core.errors import BadInput
from reflect.core.feedback.requests import Question, question_for, split_reply
from reflect.core.models import NOTE_MAX, Answer
from reflect.core.text import clean_line, strip_controls

FILE_MAX = 2 * 1024 * 1024
"""The largest file that can be imported, in bytes."""
CSV_ROWS_MAX = 1000
"""The most respondents one CSV file may hold."""
SUFFIXES = (".txt", ".md", ".markdown", ".eml", ".csv")
"""File kinds that can be imported."""
_NAME_COLUMNS = {"name", "your name", "full name", "respondent", "from", "who are you", "name optional"}
_TIME_COLUMNS = {"timestamp", "submitted at", "submission date", "completion time", "date"}
_SKIP_COLUMNS = {"timestamp", "submitted at", "submission date", "date", "email", "email address", "e mail", "id", "response id", "start time", "completion time", "last modified time"}


def decode(raw: bytes, what: str = "file") -> str:
    """Bytes to text: BOM-marked UTF-8/UTF-16, else UTF-8, else Latin-1; refuses binary data."""
    if raw.startswith(b"\xef\xbb\xbf"):
        text = raw[3:].decode("utf-8", errors="replace")
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise BadInput(f"{what}: starts like UTF-16 but is not valid UTF-16; save it as UTF-8 text") from None
    else:
        if b"\x00" in raw:
            raise BadInput(f"{what}: looks like binary data, not text; import a .txt, .md, .eml or .csv file")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
    sample = text[:4096]
    odd = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\x1b" or 0x7F <= ord(ch) < 0xA0)
    if sample and odd / len(sample) > 0.05:
        raise BadInput(f"{what}: looks like binary data, not text; import a .txt, .md, .eml or .csv file")
    return text


def read_file(path: Path) -> bytes:
    """The file's bytes, refused with one line when it is missing, a folder, or too big."""
    name = path.name or str(path)
    if path.suffix.lower() not in SUFFIXES:
        raise BadInput(f"{name}: cannot import this kind of file; use .txt, .md, .eml or .csv")
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise BadInput(f"{name}: is not a file")
        if size > FILE_MAX:
            raise BadInput(f"{name}: is {size / 1048576:.1f} MB; files up to {FILE_MAX // 1048576} MB can be imported")
        with path.open("rb") as handle:
            raw = handle.read(FILE_MAX + 1)
    except FileNotFoundError:
        raise BadInput(f"{name}: no such file") from None
    except PermissionError:
        raise BadInput(f"{name}: cannot be read (permission denied)") from None
    except IsADirectoryError:
        raise BadInput(f"{name}: is a folder, not a file") from None
    if len(raw) > FILE_MAX:
        raise BadInput(f"{name}: files up to {FILE_MAX // 1048576} MB can be imported")
    return raw


class _HTMLText(HTMLParser):
    """The visible text of an HTML body (scripts and styles left out, block ends as newlines)."""

    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "blockquote"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[Any]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Plain text from an HTML e-mail body (used only when there is no text/plain part)."""
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    return re.sub(r"\n{3,}", "\n\n", "".join(parser.parts)).strip()


def _part_text(part: Any, what: str) -> str:
    try:
        return str(part.get_content())
    except (LookupError, UnicodeError, AssertionError):
        return decode(part.get_payload(decode=True) or b"", what)


def email_sender(raw: bytes) -> tuple[str, str]:
    """(display name, lower-cased address) of an .eml message's From header ("" for each unknown)."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    try:
        addr = msg.get("from")
        if addr is not None and getattr(addr, "addresses", None):
            first = addr.addresses[0]
            return clean_line(first.display_name or ""), clean_line(first.addr_spec or "").lower()
    except (IndexError, TypeError, ValueError):
        pass
    return "", ""


def email_text(raw: bytes, what: str = "message") -> tuple[str, str, datetime | None]:
    """(text body, sender's display name, Date header) of an .eml message.

    The text/plain part is taken; a message with only HTML is turned into text; one with neither
    is refused with one line.
    """
    if b"\x00" in raw[:4096]:
        raise BadInput(f"{what}: looks like binary data, not an e-mail message")
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    part = msg.get_body(preferencelist=("plain",))
    if part is not None:
        body = _part_text(part, what)
    elif (html_part := msg.get_body(preferencelist=("html",))) is not None:
        body = html_to_text(_part_text(html_part, what))
    else:
        raise BadInput(f"{what}: has no text part; save the reply as text and import that")
    sent = None
    try:
        date_header = msg.get("date")
        sent = getattr(date_header, "datetime", None)
        if sent is not None and sent.tzinfo is None:
            sent = None
    except (TypeError, ValueError, IndexError):
        sent = None
    sender = ""
    try:
        addr = msg.get("from")
        if addr is not None and getattr(addr, "addresses", None):
            sender = addr.addresses[0].display_name or ""
    except (IndexError, TypeError, ValueError):
        sender = ""
    return strip_controls(str(body)), clean_line(sender), sent


@dataclass
class ImportedReply:
    """One respondent's answers read from a file, with the name the file gave (if any)."""

    answers: list[Answer]
    name: str = ""
    source: str = ""
    """A stable key of the file (and row) it came from, so importing twice adds nothing."""
    received_at: datetime | None = None
    """When the reply was written, if the file says (an e-mail's Date, a form's timestamp)."""
    address: str = ""
    """The sender's e-mail address, if the file says (an e-mail's From), lower-cased."""


def _csv_rows(text: str, what: str) -> list[list[str]]:
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise BadInput(f"{what}: is not a readable CSV file ({exc})") from None
    return [r for r in rows if any(c.strip() for c in r)]


def parse_timestamp(text: str) -> datetime | None:
    """A form tool's timestamp (ISO 8601, or `YYYY/MM/DD HH:MM[:SS]`), else None.

    A time without an offset is returned naive; the importer reads it as local time.
    """
    cleaned = clean_line(text).replace("/", "-")
    if not cleaned:
        return None
    try:
        return datetime.fromisoformat(cleaned)
    except ValueError:
        return None


def parse_csv(text: str, what: str = "file", source: str = "") -> list[ImportedReply]:
    """One reply per row, one answer per question column; name and e-mail columns say who wrote it."""
    rows = _csv_rows(text, what)
    if len(rows) < 2:
        raise BadInput(f"{what}: needs a header row of questions and at least one row of answers")
    if len(rows) - 1 > CSV_ROWS_MAX:
        raise BadInput(f"{what}: has {len(rows) - 1} rows; at most {CSV_ROWS_MAX} respondents per file")
    header = [clean_line(h) for h in rows[0]]
    norm = [re.sub(r"[^a-z ]+", " ", h.lower()).strip() for h in header]
    norm = [" ".join(n.split()) for n in norm]
    name_col = next((i for i, n in enumerate(norm) if n in _NAME_COLUMNS), None)
    time_col = next((i for i, n in enumerate(norm) if n in _TIME_COLUMNS), None)
    mail_col = next((i for i, n in enumerate(norm) if n in ("email", "email address", "e mail")), None)
    out = []
    for r, row in enumerate(rows[1:], start=2):
        answers = []
        for i, cell in enumerate(row):
            if i >= len(header) or i == name_col or norm[i] in _SKIP_COLUMNS:
                continue
            body = strip_controls(cell).strip()
            if not body:
                continue
            if len(body) > NOTE_MAX:
                raise BadInput(f"{what}: row {r}, column {header[i]!r} is {len(body):,} characters; at most {NOTE_MAX:,} fit in one answer")
            q = question_for(header[i])
            answers.append(Answer(question=header[i][:500], text=body, qid=q.id if q else ""))
        if not answers:
            continue
        name = clean_line(row[name_col])[:200] if name_col is not None and name_col < len(row) else ""
        stamp = parse_timestamp(row[time_col]) if time_col is not None and time_col < len(row) else None
        address = clean_line(row[mail_col]).lower()[:200] if mail_col is not None and mail_col < len(row) else ""
        out.append(ImportedReply(answers, name, f"{source}:row{r}" if source else "", stamp, address if "@" in address else ""))
    if not out:
        raise BadInput(f"{what}: has no answers under its question columns")
    return out


def parse_bytes(raw: bytes, suffix: str, questions: Sequence[Question], what: str = "file", own_message: str = "") -> list[ImportedReply]:
    """The replies in a file's bytes, by its suffix (.txt/.md split by headings, .eml, .csv)."""
    source = "sha256:" + hashlib.sha256(raw).hexdigest()[:32]
    suffix = suffix.lower()
    if suffix == ".csv":
        return parse_csv(decode(raw, what), what, source)
    name, sent, address = "", None, ""
    if suffix == ".eml":
        text, name, sent = email_text(raw, what)
        address = email_sender(raw)[1]
    else:
        text = decode(raw, what)
    answers = split_reply(text, questions, own_message)
    if not answers:
        raise BadInput(f"{what}: holds no text to import")
    return [ImportedReply(answers, name, source, sent, address)]


def all_questions() -> list[Question]:
    """Every shipped question (used to split a reply that belongs to no particular request)."""
    from reflect.core.feedback.requests import question_sets

    seen: dict[str, Question] = {}
    for qs in question_sets():
        for q in qs.questions:
            seen.setdefault(q.heading.lower(), q)
    return list(seen.values())


def _local(moment: datetime | None, now: datetime) -> datetime:
    """The reply's own time (naive read as local, in `now`'s offset); `now` when unknown or later."""
    if moment is None:
        return now
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=now.tzinfo)
    return moment if moment <= now else now


@dataclass
class ImportPlan:
    """What an import will store: people to create and the replies, duplicates already left out."""

    new_people: list[Any] = field(default_factory=list)
    responses: list[Any] = field(default_factory=list)
    skipped: int = 0
    """Replies already imported before (same file and row)."""


def plan_import(
    replies: Sequence[ImportedReply],
    people: Sequence[Any],
    existing_sources: set[str],
    from_name: str,
    relation: str,
    now: datetime,
    vocab: Sequence[Any] = (),
    request_id: str | None = None,
) -> ImportPlan:
    """Link each reply to a person (found by e-mail address, else by name, else created) and suggest its strengths.

    A reply whose row carries its own name is from that person; otherwise it is from `from_name`
    (numbered "NAME, row N" when one file holds several unnamed rows).
    """
    from reflect.core.feedback.people import PeopleIndex
    from reflect.core.feedback.requests import says_anonymous, says_quotable
    from reflect.core.models import FeedbackResponse, Person
    from reflect.core.feedback.strengths import suggest

    from_name = clean_line(from_name)
    match = PeopleIndex([p for p in people if not p.deleted])
    plan = ImportPlan()
    several = sum(1 for r in replies if not r.name) > 1
    for i, reply in enumerate(replies, start=1):
        if reply.source and reply.source in existing_sources:
            plan.skipped += 1
            continue
        name = reply.name or (f"{from_name}, reply {i}" if several and from_name else from_name) or reply.name
        person = match.find(reply.address, name)
        if person is None and not name:
            raise BadInput("--from: say who the reply is from (a name or a role, e.g. \"Client A\")")
        if person is None:
            person = Person(name=name, relation=relation, contact=reply.address, created_at=now, updated_at=now)
            match.add(person)
            plan.new_people.append(person)
        resp = FeedbackResponse(
            person_id=person.id,
            request_id=request_id,
            from_name=person.name,
            relation=person.relation,
            received_at=_local(reply.received_at, now),
            answers=reply.answers,
            quotable=says_quotable(reply.answers),
            anonymous=says_anonymous(reply.answers),
            source=reply.source or None,
            created_at=now,
            updated_at=now,
        )
        resp.strengths = suggest(resp, vocab)
        plan.responses.append(resp)
    return plan
