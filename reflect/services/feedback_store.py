"""Feedback against the store: reading everything the area needs, importing replies, themes.

Shared by the CLI and the People screen (which calls these through `app.io`, off the event loop).
Never imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reflect.core.feedback import people as pp
from reflect.core.feedback import requests as fb
from reflect.core.feedback import reply_files as fi
from reflect.core.feedback import strengths as st
from reflect.core.errors import BadInput
from reflect.core.models import FeedbackRequest, FeedbackResponse, Person, Portrait, Story, Strength
from reflect.store import Store


@dataclass
class FeedbackData:
    """Every record of the area (tombstones left out)."""

    people: list[Person] = field(default_factory=list)
    requests: list[FeedbackRequest] = field(default_factory=list)
    responses: list[FeedbackResponse] = field(default_factory=list)
    strengths: list[Strength] = field(default_factory=list)
    portrait: Portrait | None = None

    def person(self, person_id: str | None) -> Person | None:
        """The person with this id, if any."""
        return next((p for p in self.people if p.id == person_id), None)

    def themes(self) -> list[st.Theme]:
        """Strengths ranked by how many different people named them."""
        return st.themes(self.responses, self.people, self.strengths)


def load(store: Store) -> FeedbackData:
    """Read the whole area (a few hundred records at most: small files)."""
    from reflect.services import portrait, story_store

    loaded = story_store.load(store)  # the portrait is the story's Portrait step: one text in both places
    return FeedbackData(
        people=store.list(Person),
        requests=store.list(FeedbackRequest),
        responses=store.list(FeedbackResponse),
        strengths=store.list(Strength),
        portrait=portrait.view(loaded.story if loaded else None),
    )


def open_request_for(data: FeedbackData, person_id: str) -> FeedbackRequest | None:
    """The newest request waiting for this person's reply (sent, else draft)."""
    for wanted in ("sent", "draft"):
        for req in reversed(data.requests):
            if req.status.get(person_id) == wanted:
                return req
    return None


@dataclass
class ImportResult:
    """What an import stored."""

    responses: list[FeedbackResponse]
    new_people: list[Person]
    skipped: int
    look_alikes: dict[str, list[Person]] = field(default_factory=dict)
    """People already on file who may be the same as a new person, by the new person's id."""

    def hints(self) -> list[str]:
        """One line per new person who looks like someone on file, offering the merge."""
        out = []
        for person in self.new_people:
            if others := self.look_alikes.get(person.id):
                names = " or ".join(o.name for o in others[:3])
                out.append(f"{person.name} is new; if they are {names}, merge them in People (j).")
        return out


def import_replies(
    store: Store,
    replies: list[fi.ImportedReply],
    from_name: str,
    relation: str = "other",
    request: FeedbackRequest | None = None,
) -> ImportResult:
    """Store replies (read from a file or pasted), creating people as needed, all in one write.

    Each reply is linked to the person's open request (or to `request`), which is marked answered.
    """
    data = load(store)
    now = store.clock.now()
    existing = {r.source for r in data.responses if r.source}
    vocab = st.vocabulary(data.strengths)
    plan = fi.plan_import(replies, data.people, existing, from_name, relation, now, vocab)
    changed: dict[str, FeedbackRequest] = {}
    for resp in plan.responses:
        req = request if request is not None and resp.person_id in request.status else open_request_for(data, resp.person_id or "")
        if req is None:
            continue
        req = changed.get(req.id, req)
        resp.request_id = req.id
        req.status[resp.person_id or ""] = "answered"
        req.updated_at = now
        changed[req.id] = req
    if plan.responses:
        store.put_many([*plan.new_people, *plan.responses, *changed.values()])
    alike = {p.id: found for p in plan.new_people if (found := pp.look_alikes(p, data.people))}
    return ImportResult(plan.responses, plan.new_people, plan.skipped, alike)


def merge_people(store: Store, keep_id: str, gone_id: str) -> pp.Merge:
    """Merge person `gone_id` into `keep_id`: replies, requests and story quotes move; one write.

    BadInput when either is not on file or they are the same person.
    """
    data = load(store)
    keep, gone = data.person(keep_id), data.person(gone_id)
    if keep is None or gone is None:
        raise BadInput("merge: both people must be on file")
    if keep.id == gone.id:
        raise BadInput("merge: pick two different people")
    now = store.clock.now()
    plan = pp.plan_merge(keep, gone, data.responses, data.requests, store.list(Story), now)
    store.put_many([*plan.changed(), gone.model_copy(update={"deleted_at": now, "updated_at": now})])
    return plan


def import_file(store: Store, path: Path, from_name: str, relation: str = "other") -> ImportResult:
    """Import a .txt/.md/.eml/.csv reply file (see `reflect.core.feedback.reply_files`)."""
    raw = fi.read_file(path)
    replies = fi.parse_bytes(raw, path.suffix, fi.all_questions(), path.name)
    if not from_name.strip() and any(not r.name for r in replies):
        raise BadInput("--from: say who the reply is from (a name or a role, e.g. \"Client A\")")
    return import_replies(store, replies, from_name, relation)


def import_text(store: Store, text: str, person: Person, request: FeedbackRequest | None = None) -> ImportResult:
    """Store a pasted reply from `person`, split by the request's headings (or every known one)."""
    questions = fb.questions_of(request) if request else fi.all_questions()
    message = fb.personalise(request.message, person.name) if request else ""
    answers = fb.split_reply(text, questions, message)
    if not answers:
        raise BadInput("reply: there is no text to save; paste the reply first")
    return import_replies(store, [fi.ImportedReply(answers)], person.name, person.relation, request)
