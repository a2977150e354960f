"""Feedback requests and replies: question sets, the message and its reply template, splitting a
reply back into answers, statuses and testimonials (the reminders they lead to are in `reminders`). Pure functions, no I/O beyond shipped content.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any
from urllib.parse import quote

from reflect import content
from reflect.core.errors import BadInput
from reflect.core.models import NOTE_MAX, Answer, FeedbackRequest, FeedbackResponse, Person
from reflect.core.text import strip_controls

REPLY_MAX = 200_000
"""The longest reply (pasted or imported) that is accepted, in characters."""
STATUSES = ("draft", "sent", "answered", "declined")
"""The status a request has for each person, in the order the status key cycles through."""


@dataclass(frozen=True)
class Question:
    """One question of a set: its id, the heading in the reply template, a hint, quotable or not."""

    id: str
    heading: str
    help: str = ""
    quote: bool = True


@dataclass(frozen=True)
class QuestionSet:
    """A shipped set of questions with the paragraph that introduces them."""

    id: str
    title: str
    intro: str
    questions: tuple[Question, ...]


@cache
def question_sets() -> tuple[QuestionSet, ...]:
    """The shipped question sets (data/feedback_questions.json)."""
    out = []
    for raw in content.load("feedback_questions")["sets"]:
        qs = tuple(Question(q["id"], q["heading"], q.get("help", ""), q.get("quote", True)) for q in raw["questions"])
        out.append(QuestionSet(raw["id"], raw["title"], raw["intro"], qs))
    return tuple(out)


def question_set(set_id: str) -> QuestionSet:
    """The set with this id; BadInput naming the ids that exist otherwise."""
    for qs in question_sets():
        if qs.id == set_id:
            return qs
    allowed = ", ".join(q.id for q in question_sets())
    raise BadInput(f"question set {set_id!r} does not exist; use one of: {allowed}")


@cache
def _known_questions() -> dict[str, Question]:
    """Every shipped question by its normalised heading."""
    out: dict[str, Question] = {}
    for qs in question_sets():
        for q in qs.questions:
            out.setdefault(normalise(q.heading), q)
    return out


def question_for(heading: str) -> Question | None:
    """The shipped question whose heading this is (compared loosely), if any."""
    return _known_questions().get(normalise(heading))


# --- the message ------------------------------------------------------------------------------


def reply_template(questions: Sequence[Question]) -> str:
    """The part of the message the respondent fills in: one `## heading` per question and its hint."""
    parts = []
    for q in questions:
        parts.append(f"## {q.heading}\n({q.help})\n" if q.help else f"## {q.heading}\n")
    return "\n".join(parts)


def due_phrase(due: date, today: date | None = None) -> str:
    """The reply-by date as a person reads it: the year too unless it is this year's (`today`)."""
    if today is not None and due.year == today.year:
        return due.strftime("%A %d %B")
    return due.strftime("%A %d %B %Y")


def parse_due(text: str, today: date, field: str = "Reply by", was: date | None = None) -> date | None:
    """A reply-by date typed as YYYY-MM-DD (blank: none); BadInput for a non-date or a day already
    past (unless it is the date the request already had, `was`: an old request keeps its date)."""
    raw = text.strip()
    if not raw:
        return None
    try:
        due = date.fromisoformat(raw)
    except ValueError:
        raise BadInput(f"{field}: {raw[:40]!r} is not a date; use YYYY-MM-DD, e.g. {today.isoformat()}") from None
    if due < today and due != was:
        raise BadInput(f"{field}: {due.isoformat()} is already past; choose today or a later day")
    return due


def compose_message(qs: QuestionSet, due: date | None, who_sees: str = "only me", today: date | None = None) -> str:
    """A personal, editable request: greeting, why, by when, who sees it, then the reply template.

    `{name}` in the text is replaced by each person's name when the message is sent.
    """
    when = f"Could you reply by {due_phrase(due, today)}? " if due else "Could you reply within a week? "
    return (
        "Hi {name},\n\n"
        f"{qs.intro}\n\n"
        f"{when}A few honest sentences are plenty. Your answers will be seen by {who_sees}, "
        "unless you tell me I may quote you. I'd be glad to return the favour any time.\n\n"
        "Please write under each heading below and keep the headings, so I can sort your answers.\n\n"
        "Thank you!\n\n"
        f"{reply_template(qs.questions)}"
    )


def personalise(message: str, name: str) -> str:
    """The message for one person: `{name}` replaced by their name."""
    return message.replace("{name}", name)


def request_label(request: FeedbackRequest) -> str:
    """What a request is called on screen: its title, else its question set's title (a request
    made elsewhere, or imported, may have none), else "Request"."""
    if request.title:
        return request.title
    try:
        return question_set(request.question_set).title
    except BadInput:
        return "Request"


def subject_for(request: FeedbackRequest) -> str:
    """An e-mail subject line for the request."""
    return f"A quick favour: {request.title or 'your view of my work'}"


def mailto_link(address: str, subject: str, body: str) -> str:
    """A `mailto:` link with the subject and body percent-encoded (address may be empty)."""
    addr = address.strip() if "@" in address and " " not in address.strip() else ""
    return f"mailto:{quote(addr, safe='@')}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"


def questions_of(request: FeedbackRequest) -> list[Question]:
    """The request's questions (its stored headings, mapped to shipped ids where they match)."""
    out = []
    for heading in request.questions:
        known = question_for(heading)
        out.append(known if known else Question("", heading))
    return out


def new_request(qs: QuestionSet, people: Iterable[Person], due: date | None, today: date | None = None) -> FeedbackRequest:
    """A draft request of set `qs` for these people (`today` decides whether the date needs its year)."""
    ids = [p.id for p in people]
    return FeedbackRequest(
        question_set=qs.id,
        title=qs.title,
        questions=[q.heading for q in qs.questions],
        message=compose_message(qs, due, today=today),
        person_ids=ids,
        status={pid: "draft" for pid in ids},
        due=due,
    )


# --- replies ----------------------------------------------------------------------------------

_QUOTE_PREFIX = re.compile(r"^\s*(?:>\s?)+")
_WROTE = re.compile(r"^\s*(on .{3,120} wrote:|-{2,} ?original message ?-{2,}|from: .*|sent: .*|to: .*|subject: .*)\s*$", re.I)
_HEADING_LEAD = re.compile(r"^[\s#*_>\-–=]*(?:q?\d{1,2}[.):]\s*)?")


def normalise(text: str) -> str:
    """Lower case letters and digits only, single-spaced: headings compare equal after this."""
    return " ".join(re.sub(r"[^\w]+", " ", text.lower().replace("'", "").replace("’", "")).split())


def _heading_match(line: str, headings: dict[str, Question]) -> tuple[Question, str] | None:
    """(question, rest of the line) when the line is one of the headings, however it was mangled."""
    stripped = line.strip()
    if not stripped:
        return None
    body = _HEADING_LEAD.sub("", stripped)
    norm = normalise(body)
    if not norm:
        return None
    if norm in headings:
        return headings[norm], ""
    # "Heading: the answer on the same line"
    for sep in (":", " - ", " – ", "?"):
        head, found, rest = body.partition(sep)
        if found and normalise(head) in headings:
            return headings[normalise(head)], rest.strip().lstrip("*_:-– ").strip()
    return None


def split_reply(text: str, questions: Sequence[Question], own_message: str = "") -> list[Answer]:
    """Split a reply back into answers by the template's headings.

    Tolerates careless replies: headings in another case, without `##`, numbered, followed by the
    answer on the same line; e-mail quoting (`>`); the request's own text quoted back (dropped);
    the template's hints left in (dropped); a signature after `-- `. Text before the first heading
    is kept as an answer to no question, and a reply with no heading at all is one whole answer.
    """
    text = strip_controls(text or "")
    if len(text) > REPLY_MAX:
        raise BadInput(f"reply: {len(text):,} characters is too long; at most {REPLY_MAX:,} are accepted")
    headings = {normalise(q.heading): q for q in questions if q.heading}
    noise = {normalise(f"({q.help})") for q in questions if q.help} | {normalise(q.help) for q in questions if q.help}
    noise |= {normalise(line) for line in own_message.splitlines() if normalise(line)}
    whole = normalise(own_message) if own_message else ""
    sections: list[tuple[Question | None, list[str]]] = [(None, [])]
    for raw in text.split("\n"):
        if raw.rstrip() in ("--", "-- "):
            break
        line = _QUOTE_PREFIX.sub("", raw)
        if _WROTE.match(line):
            continue
        hit = _heading_match(line, headings)
        if hit:
            sections.append((hit[0], [hit[1]] if hit[1] else []))
            continue
        norm = normalise(line)
        if norm and (norm in noise or (line != raw and norm in whole)):
            continue
        sections[-1][1].append(line.rstrip())
    answers: list[Answer] = []
    for q, lines in sections:
        body = "\n".join(lines).strip()
        if not body:
            continue
        if len(body) > NOTE_MAX:
            where = f"the answer to {q.heading!r}" if q else "the reply"
            raise BadInput(f"{where} is {len(body):,} characters; at most {NOTE_MAX:,} fit in one answer")
        if q is not None and answers and answers[-1].qid == q.id and answers[-1].question == q.heading:
            answers[-1].text += "\n\n" + body
            continue
        answers.append(Answer(question=q.heading if q else "", text=body, qid=q.id if q else ""))
    return answers


_NAME_OUT = re.compile(
    r"anonym\w*|\banon\b|\bunnamed\b|\bnameless\b|\bno attribution\b|\bnot? (?:be )?(?:credit|attribut|identif)\w*"
    r"|(?:n't|\bnot\b|\bno\b|\bwithout\b|\bnever\b|\bleave\b|\bomit\b|\bkeep\b|\bdrop\b|\bskip\b|\bminus\b)"
    r"[^.;!?\n]{0,30}?\bname\b"
    r"|\bname\b[^.;!?\n]{0,20}?\b(?:out|off|private|hidden|withheld|removed)\b"
    r"|\binitials only\b|\bonly (?:my )?initials\b",
    re.I,
)
"""Any mention of not using the name ("without name", "please do not use my name", "anonymously")."""

_YES = re.compile(
    r"^\W*(?:yes|yep|yeah|yup|sure|of course|ok|okay|absolutely|definitely|certainly|gladly|happy to|go ahead|please do)\b"
    r"|\b(?:you )?(?:may|can|could) (?:quote|use|cite) (?:me|this|it|my words)\b|\bfeel free\b"
    r"|\bhappy (?:for you )?to be quoted\b|\bquote me\b|\bquote away\b",
    re.I,
)
"""A clear yes: an answer that starts with yes, or says "you may quote me"."""

_DOUBT = re.compile(
    r"\bno\b|\bnot\b|n't\b|\bnever\b|\brather\b|\bprefer\b|\bask\b|\bcheck\b|\bfirst\b|\bif\b|\bunless\b"
    r"|\bmaybe\b|\bperhaps\b|\bonly\b|\bdepends\b|\bprobably\b|\bmight\b|\bnot sure\b|\bexcept\b|\?",
    re.I,
)
"""Words that turn a yes into a question for the user: "yes, if you ask me first", "maybe"."""

NAMED, ANONYMOUS, ASK = "named", "anonymous", "ask"
"""The three readings of a "may I quote you" answer."""


def quote_permission(text: str) -> str:
    """How a "may I quote you" answer reads: ANONYMOUS when it mentions not using the name in any
    way, NAMED on a clear yes (with no "if", "ask me first", "maybe"...), ASK for anything else,
    a plain no included: such a quote stays in the app until the user has asked the person."""
    if _NAME_OUT.search(text):
        return ANONYMOUS
    if _YES.search(text) and not _DOUBT.search(text):
        return NAMED
    return ASK


def _permission(answers: Iterable[Answer]) -> str:
    """The reading of the first "may I quote you" answer (ASK when there is none)."""
    for a in answers:
        if a.qid == "quote-ok":
            return quote_permission(a.text)
    return ASK


def says_quotable(answers: Iterable[Answer]) -> bool:
    """True when the "may I quote you" answer is a yes, with or without the name."""
    return _permission(answers) != ASK


def says_anonymous(answers: Iterable[Answer]) -> bool:
    """True when the "may I quote you" answer asks to leave the name out."""
    return _permission(answers) == ANONYMOUS


# --- status -----------------------------------------------------------------------------------


def next_quote_permission(quotable: bool, anonymous: bool) -> tuple[bool, bool]:
    """(quotable, anonymous) after the quote key: ask first -> with name -> without name -> ask first."""
    if not quotable:
        return True, False
    return (True, True) if not anonymous else (False, False)


def quote_label(quotable: bool, anonymous: bool) -> str:
    """How a reply may be quoted, in a word or two ("ask first" until the person said yes)."""
    return "without name" if quotable and anonymous else ("yes, with name" if quotable else "ask first")


def next_status(status: str) -> str:
    """The status after this one, in the cycle draft, sent, answered, declined."""
    return STATUSES[(STATUSES.index(status) + 1) % len(STATUSES)] if status in STATUSES else "draft"


# --- testimonials -----------------------------------------------------------------------------


def testimonials(responses: Iterable[FeedbackResponse], people: Iterable[Person]) -> list[dict[str, Any]]:
    """Answers from replies marked quotable, as testimonials for the story area.

    Each is `{text, from, relation, response_id, person_id, question, strengths}`, newest reply
    first. Answers to questions that are never quoted (permission, "start/stop", who to meet) are
    left out. `from` is the person's current name (or the name on the reply), or "Anonymous
    <relation>" when they asked to be quoted without their name.
    """
    from reflect.core.feedback.people import relation_label

    by_id = {p.id: p for p in people}
    never = {q.id for qs in question_sets() for q in qs.questions if not q.quote}
    out = []
    for resp in sorted((r for r in responses if r.quotable and not r.deleted), key=lambda r: r.received_at, reverse=True):
        person = by_id.get(resp.person_id or "")
        relation = person.relation if person else resp.relation
        label = "" if relation == "other" else f" {relation_label(relation)}"
        name = f"Anonymous{label}" if resp.anonymous else (person.name if person else resp.from_name)
        for i, ans in enumerate(resp.answers):
            if not ans.text.strip() or (ans.qid and ans.qid in never):
                continue
            tags = sorted({t.strength for t in resp.strengths if t.answer == i})
            out.append({
                "text": ans.text.strip(),
                "from": name,
                "relation": relation,
                "response_id": resp.id,
                "person_id": resp.person_id,
                "question": ans.question,
                "strengths": tags,
            })
    return out
