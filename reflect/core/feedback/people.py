"""People who are one person: finding a reply's author on file, and merging two records into one.

A reply is matched to a person by e-mail address first (any address in the person's contact
line), then by name compared loosely ("Weber, Jonas", "jonas  weber" and "Jonas Weber" are one).
Merging moves every reply, request and story quote of one person onto the other. Pure functions:
the caller stores what they return.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from reflect import content
from reflect.core.models import FeedbackRequest, FeedbackResponse, Person, Story
from reflect.core.prose import counted

_ADDRESS = re.compile(r"[^\s<>(),;:\"']+@[^\s<>(),;:\"']+\.[^\s<>(),;:\"']+")


def addresses(contact: str) -> set[str]:
    """The e-mail addresses in a contact line, lower-cased."""
    return {a.lower().rstrip(".") for a in _ADDRESS.findall(contact or "")}


def name_key(name: str) -> str:
    """A name compared loosely: case, accents, punctuation, spacing and word order ignored."""
    plain = unicodedata.normalize("NFKD", name or "")
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return " ".join(sorted(re.findall(r"\w+", plain)))


class PeopleIndex:
    """The people on file, found by e-mail address or loose name."""

    def __init__(self, people: Iterable[Person]) -> None:
        self._by_address: dict[str, Person] = {}
        self._by_name: dict[str, Person] = {}
        for person in people:
            self.add(person)

    def add(self, person: Person) -> None:
        """Know `person` too (the first person with an address or name keeps it)."""
        for address in addresses(person.contact):
            self._by_address.setdefault(address, person)
        key = name_key(person.name)
        if key:
            self._by_name.setdefault(key, person)

    def find(self, address: str, name: str) -> Person | None:
        """The person with this address, else with this name, else None."""
        if address and (person := self._by_address.get(address.lower())):
            return person
        return self._by_name.get(name_key(name)) if name_key(name) else None


def look_alikes(person: Person, people: Iterable[Person]) -> list[Person]:
    """Others on file who may be the same person: a name word in common (3+ letters), or one address."""
    words = {w for w in name_key(person.name).split() if len(w) >= 3}
    mine = addresses(person.contact)
    out = []
    for other in people:
        if other.id == person.id or other.deleted:
            continue
        if words & set(name_key(other.name).split()) or mine & addresses(other.contact):
            out.append(other)
    return out


def relations() -> list[dict[str, str]]:
    """The relations a person can have to the user (`data/relations.json`): `{id, label}`."""
    return list(content.load("relations")["relations"])


def relation_label(relation: str) -> str:
    """How a relation id reads in a signature ("former-manager" -> "former manager")."""
    return next((r["label"] for r in relations() if r["id"] == relation), relation.replace("-", " "))


@dataclass
class Merge:
    """The records a merge changes: the kept person, the one removed, and everything moved."""

    keep: Person
    gone: Person
    responses: list[FeedbackResponse] = field(default_factory=list)
    requests: list[FeedbackRequest] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)

    def changed(self) -> list[Any]:
        """Every record to store, the kept person first (the removed one is tombstoned separately)."""
        return [self.keep, *self.responses, *self.requests, *self.stories]

    def summary(self) -> str:
        """One line: what moved."""
        return (f"Merged {self.gone.name} into {self.keep.name}: {counted(len(self.responses), 'reply')}, "
                f"{counted(len(self.requests), 'request')}, {counted(sum(self._quotes(s) for s in self.stories), 'quote')} moved.")

    def _quotes(self, story: Story) -> int:
        moved = {r.id for r in self.responses}
        return sum(1 for e in story.evidence if e.get("source_id") in moved)


_STATUS_RANK = {"draft": 0, "sent": 1, "declined": 2, "answered": 3}


def plan_merge(keep: Person, gone: Person, responses: Sequence[FeedbackResponse], requests: Sequence[FeedbackRequest],
               stories: Sequence[Story], now: datetime) -> Merge:
    """Move `gone`'s replies, requests and story quotes to `keep`; fill `keep`'s empty details from `gone`."""
    if keep.id == gone.id:
        raise ValueError("a person cannot be merged into themselves")
    keep = keep.model_copy(deep=True)
    if gone.contact and gone.contact not in keep.contact:
        keep.contact = "; ".join(x for x in (keep.contact, gone.contact) if x)
    if keep.relation == "other":
        keep.relation = gone.relation
    if gone.note and gone.note not in keep.note:
        keep.note = "\n".join(x for x in (keep.note, gone.note) if x)
    for when in ("last_asked", "last_thanked"):
        mine, theirs = getattr(keep, when), getattr(gone, when)
        if theirs and (not mine or theirs > mine):
            setattr(keep, when, theirs)
    keep.updated_at = now
    plan = Merge(keep, gone)
    for resp in responses:
        if resp.person_id == gone.id:
            plan.responses.append(resp.model_copy(update={"person_id": keep.id, "from_name": keep.name,
                                                          "relation": keep.relation, "updated_at": now}, deep=True))
    for req in requests:
        if gone.id not in req.person_ids and gone.id not in req.status:
            continue
        req = req.model_copy(deep=True)
        req.person_ids = list(dict.fromkeys(keep.id if p == gone.id else p for p in req.person_ids))
        theirs = req.status.pop(gone.id, None)
        if theirs and _STATUS_RANK[theirs] > _STATUS_RANK.get(req.status.get(keep.id, ""), -1):
            req.status[keep.id] = theirs
        if gone.id in req.followed_up:
            req.followed_up.setdefault(keep.id, req.followed_up.pop(gone.id))
        req.updated_at = now
        plan.requests.append(req)
    moved = {r.id for r in plan.responses}
    for story in stories:
        if not any(e.get("source_id") in moved for e in story.evidence):
            continue
        story = story.model_copy(deep=True)
        for entry in story.evidence:
            if entry.get("source_id") in moved and entry.get("author") == gone.name:
                entry["author"] = keep.name
            if entry.get("source_id") in moved:
                entry["relation"] = keep.relation
        story.updated_at = now
        plan.stories.append(story)
    return plan
