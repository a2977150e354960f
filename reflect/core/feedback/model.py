"""The people and feedback records: people, requests, replies, strengths and the best-self portrait."""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from reflect.core.clock import local_now
from reflect.core.envelope import Line, Moment, Record, RecordId, Text
from reflect.core.text import clean_line


def _relation(value: str) -> str:
    """A relation id: lower case, words joined by "-" ("Former manager" -> "former-manager"); "" is "other"."""
    return "-".join(value.lower().replace("-", " ").split()) or "other"


Relation = Annotated[str, AfterValidator(clean_line), AfterValidator(_relation), Field(max_length=40)]
"""How a person knows the user: an id from data/relations.json ("client", "former-manager", ...).
Any short word is kept (a newer version may ship more); the UI offers the shipped ones."""


class Person(Record):
    """Someone the user asks for feedback."""

    KIND: ClassVar[str] = "person"
    COLLECTION: ClassVar[str] = "people"

    name: Line = Field(min_length=1)
    relation: Relation = "other"
    contact: Line = ""
    last_asked: Moment | None = None
    last_thanked: Moment | None = None
    note: Text = ""


class FeedbackRequest(Record):
    """A request for stories about the user's strengths, sent to one or more people."""

    KIND: ClassVar[str] = "feedback_request"
    COLLECTION: ClassVar[str] = "feedback_requests"

    question_set: str = ""
    questions: list[Line] = Field(default_factory=list)
    message: Text = ""
    person_ids: list[RecordId] = Field(default_factory=list)
    status: dict[str, Literal["draft", "sent", "answered", "declined"]] = Field(default_factory=dict)
    """Status by person id."""
    sent_at: Moment | None = None
    due: date | None = None
    title: Line = ""
    """A short label for the request (defaults to the question set's title)."""
    followed_up: dict[str, Moment] = Field(default_factory=dict)
    """When the user last followed up, by person id (a follow-up reminder waits a week after it)."""


class TaggedPassage(BaseModel):
    """A passage of a reply tagged with a strength."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    strength: Line
    answer: int = 0
    start: int = 0
    end: int = 0
    confirmed: bool = True


class Answer(BaseModel):
    """One answer of a reply, under the question it answers."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    question: Line = ""
    text: Text = ""
    qid: str = ""
    """The question's id in its shipped set ("" when the text matched no heading)."""


class FeedbackResponse(Record):
    """A reply from one person: answers, strengths tagged on passages, permission to quote."""

    KIND: ClassVar[str] = "feedback_response"
    COLLECTION: ClassVar[str] = "feedback_responses"

    person_id: RecordId | None = None
    request_id: RecordId | None = None
    from_name: Line = ""
    relation: Relation = "other"
    received_at: Moment = Field(default_factory=local_now)
    answers: list[Answer] = Field(default_factory=list)
    strengths: list[TaggedPassage] = Field(default_factory=list)
    quotable: bool = False
    source: str | None = None
    dismissed: list[Line] = Field(default_factory=list)
    """Strengths the user removed from this reply's suggestions (never suggested again)."""
    anonymous: bool = False
    """Quotable only without the person's name."""


class Strength(Record):
    """A strength in the user's vocabulary, with their own rating of it."""

    KIND: ClassVar[str] = "strength"
    COLLECTION: ClassVar[str] = "strengths"

    name: Line = Field(min_length=1)
    synonyms: list[Line] = Field(default_factory=list)
    self_rating: Annotated[int, Field(ge=0, le=5)] | None = None
    custom: bool = True


class PortraitVersion(BaseModel):
    """A saved version of the best-self portrait."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    n: int
    saved_at: Moment
    text: Text = ""


class Portrait(Record):
    """The best-self portrait ("When I am at my best, I..."), with every saved version."""

    KIND: ClassVar[str] = "portrait"
    COLLECTION: ClassVar[str] = "portraits"

    text: Text = ""
    versions: list[PortraitVersion] = Field(default_factory=list)
