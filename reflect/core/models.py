"""Every record kind the app stores, on one envelope (see `reflect.core.envelope`).

Persisted models allow extra fields, so a record written by a newer version keeps its unknown
fields when an older one edits it. Timestamps keep the local UTC offset of the moment they describe.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from reflect.core.clock import local_now
from reflect.core.text import clean_line
from reflect.core.envelope import (  # noqa: F401 - re-exported: callers import these from models
    LINE_MAX,
    NOTE_MAX,
    Line,
    Moment,
    Record,
    RecordId,
    Scale5,
    Scale9,
    Tag,
    Text,
    new_id,
)


# --- check-ins -------------------------------------------------------------------------------


class CheckIn(Record):
    """Mood (pleasantness) and energy at one moment, with tags and a note."""

    KIND: ClassVar[str] = "checkin"
    COLLECTION: ClassVar[str] = "checkins"
    SHARDED: ClassVar[bool] = True

    at: Moment = Field(default_factory=local_now)
    mood: Scale9
    energy: Scale9 | None = None
    emotion: Line | None = None
    tags: list[Tag] = Field(default_factory=list)
    note: Text = ""
    source: str | None = None
    """A stable key of the imported row this came from (for idempotent imports)."""

    @field_validator("tags")
    @classmethod
    def _unique_tags(cls, tags: list[str]) -> list[str]:
        return list(dict.fromkeys(tags))

    def shard_time(self) -> datetime:
        """Sharded by the moment the check-in describes."""
        return self.at


# --- reflection ------------------------------------------------------------------------------


class Episode(BaseModel):
    """One stretch of a reconstructed day (Day Reconstruction Method)."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    activity: Line
    start: str = Field(pattern=r"^\d{2}:\d{2}$")
    end: str = Field(pattern=r"^\d{2}:\d{2}$")
    feeling: Scale9 | None = None
    note: Text = ""


class Reflection(Record):
    """A guided reflection session (morning, evening, weekly) or a free journal entry."""

    KIND: ClassVar[str] = "reflection"
    COLLECTION: ClassVar[str] = "reflections"
    SHARDED: ClassVar[bool] = True

    session: Literal["morning", "evening", "weekly", "journal"] = "journal"
    day: date
    prompt_set: str = ""
    answers: dict[str, Text] = Field(default_factory=dict)
    """Answer text by prompt id."""
    prompts: dict[str, Line] = Field(default_factory=dict)
    """The wording of each answered prompt, as shown."""
    position: int = 0
    """The page the session was on (for resuming)."""
    status: Literal["in_progress", "done"] = "in_progress"
    frog: Line | None = None
    """Tomorrow's frog (evening) or today's (morning)."""
    episodes: list[Episode] = Field(default_factory=list)
    title: Line = ""
    body: Text = ""
    tags: list[Tag] = Field(default_factory=list)
    starred: bool = False
    source: str | None = None

    def shard_time(self) -> datetime:
        """Sharded by the day it reflects on."""
        return datetime(self.day.year, self.day.month, self.day.day, tzinfo=self.created_at.tzinfo)


# --- focus -----------------------------------------------------------------------------------


class Pause(BaseModel):
    """A pause inside a focus block."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    start: Moment
    end: Moment | None = None


class Interruption(BaseModel):
    """An interruption logged without stopping the clock."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    at: Moment
    source: Literal["internal", "external"] = "external"
    reason: Line = ""


class FocusBlock(Record):
    """A timed focus block or break."""

    KIND: ClassVar[str] = "focus_block"
    COLLECTION: ClassVar[str] = "focus_blocks"
    SHARDED: ClassVar[bool] = True

    block_type: Literal["focus", "break"] = "focus"
    intention: Line = ""
    planned_seconds: float = Field(gt=0, le=24 * 3600)
    started_at: Moment
    pauses: list[Pause] = Field(default_factory=list)
    interruptions: list[Interruption] = Field(default_factory=list)
    ended_at: Moment | None = None
    outcome: Literal["done", "partial", "derailed", "abandoned", "discarded"] | None = None
    abandon_reason: Line = ""
    focus_quality: Scale5 | None = None
    energy_before: Scale9 | None = None
    energy_after: Scale9 | None = None
    note: Text = ""
    away_seconds: float = 0.0
    """Time away (closed or asleep) that the user chose to count as focus."""
    away_choice: Literal["focus", "break", "discard"] | None = None
    """How the user chose to count time away from a block whose end passed unseen."""
    seen_at: Moment | None = None
    """The last moment an app was known to be watching the running block (set at transitions)."""

    def shard_time(self) -> datetime:
        """Sharded by the block's start."""
        return self.started_at


# --- people and feedback ----------------------------------------------------------------------

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


# --- story and pitch -------------------------------------------------------------------------

from reflect.core.story.records import STORY_RECORDS  # noqa: E402 - the story's separate records


class StoryVersion(BaseModel):
    """A saved version of a story's text."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    id: RecordId = Field(default_factory=new_id)
    """The id of its stored record (a version is one `story_version` record)."""
    n: int
    saved_at: Moment
    why: Line = ""
    steps: dict[str, Text] = Field(default_factory=dict)
    master: Text = ""


class VariantVersion(BaseModel):
    """A saved version of a variant's text."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    id: RecordId = Field(default_factory=new_id)
    """The id of its stored record (a version is one `variant_version` record)."""
    n: int
    saved_at: Moment
    why: Line = ""
    text: Text = ""
    from_version: int = 0
    """The master version it was written from."""


class Variant(BaseModel):
    """A cut of the story for one length and audience."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    id: RecordId = Field(default_factory=new_id)
    length: Literal["one-liner", "30s", "60s", "2min"] = "60s"
    audience: Literal["client", "referral", "networking", "peer", "conference", "investor"] = "client"
    text: Text = ""
    from_version: int = 0
    """The master version the variant was written from."""
    updated_at: Moment = Field(default_factory=local_now)
    versions: list[VariantVersion] = Field(default_factory=list)
    """Every saved text of the variant, oldest first."""


class Story(Record):
    """A value story: guided steps, a master text, its versions and its variants.

    Stored (v2) as a head record (title, framework, evidence) plus separate records for each step
    text, variant and version (`core.story.records`); `services.story_store` puts them together
    into this shape and splits them apart again. A v1 record still holds everything inline: it is
    split into separate records the first time it is opened.
    """

    KIND: ClassVar[str] = "story"
    COLLECTION: ClassVar[str] = "stories"
    VERSION: ClassVar[int] = 2

    v: int = 2

    title: Line = "My value story"
    framework: str = ""
    steps: dict[str, Text] = Field(default_factory=dict)
    master: Text = ""
    versions: list[StoryVersion] = Field(default_factory=list)
    variants: list[Variant] = Field(default_factory=list)
    evidence: list[dict[str, Any]] = Field(default_factory=list)
    """Quotes and wins inserted as proof, each linked to its source record."""
    drafts: dict[str, Text] = Field(default_factory=dict)
    """Unsaved editor texts by item (step:<id>, master, v:<variant id>), kept so nothing typed is lost."""


class Rehearsal(Record):
    """One timed run of a pitch variant."""

    KIND: ClassVar[str] = "rehearsal"
    COLLECTION: ClassVar[str] = "rehearsals"
    SHARDED: ClassVar[bool] = True

    story_id: RecordId | None = None
    variant_id: RecordId | None = None
    version: int = 0
    mode: Literal["read", "teleprompter", "cards"] = "read"
    started_at: Moment = Field(default_factory=local_now)
    duration_seconds: float = Field(default=0.0, ge=0)
    target_seconds: float | None = None
    wpm: float | None = None
    level: Annotated[int, Field(ge=0, le=4)] = 0
    hints: int = Field(default=0, ge=0)
    stumbles: int = Field(default=0, ge=0)
    laps: list[float] = Field(default_factory=list)
    clarity: Scale5 | None = None
    confidence: Scale5 | None = None
    naturalness: Scale5 | None = None
    note: Text = ""
    speech: dict[str, Any] | None = None
    """What listening heard during the run (`SpeechReport.to_json()`: real pace, pauses, fillers, skipped, added)."""
    recording: RecordId | None = None
    """Name (without .wav) of the run's kept recording in the data folder's `recordings/`, only when the user kept it."""

    def shard_time(self) -> datetime:
        """Sharded by the run's start."""
        return self.started_at


class PitchUse(Record):
    """A real use of a pitch: where, to whom, what came of it."""

    KIND: ClassVar[str] = "pitch_use"
    COLLECTION: ClassVar[str] = "pitch_uses"
    SHARDED: ClassVar[bool] = True

    at: Moment = Field(default_factory=local_now)
    story_id: RecordId | None = None
    variant_id: RecordId | None = None
    where: Line = ""
    to_whom: Line = ""
    outcome: Text = ""

    def shard_time(self) -> datetime:
        """Sharded by when the pitch was used."""
        return self.at


# --- settings --------------------------------------------------------------------------------


class Settings(Record):
    """The user's settings (one record)."""

    KIND: ClassVar[str] = "settings"
    COLLECTION: ClassVar[str] = "settings"

    theme: str = "textual-dark"
    """The colour theme's name."""
    notify: Literal["auto", "desktop", "terminal", "bell", "off"] = "auto"
    """How focus notifications reach the user: auto tries desktop, then the terminal escape."""
    osc: Literal[9, 777, 99] = 777
    """Which terminal notification escape to send when the terminal path is used."""
    wpm: int = Field(default=130, ge=60, le=250)
    """Planned speaking pace for pitches, in words per minute."""
    focus_minutes: float = Field(default=25, gt=0, le=600)
    """Default focus block length."""
    break_minutes: float = Field(default=5, gt=0, le=120)
    """Default short break length."""
    long_break_minutes: float = Field(default=15, gt=0, le=240)
    """Default long break length."""
    long_break_every: int = Field(default=4, ge=1, le=20)
    """A long break after this many focus blocks."""
    daylio_moods: dict[str, Scale9] = Field(default_factory=dict)
    """Levels the user gave to Daylio mood labels (lower case), remembered for the next import."""
    day_start: str = Field(default="04:00", pattern=r"^(0\d|1[01]):[0-5]\d$")
    """When a new journal day starts (HH:MM, 00:00-11:59): work before it belongs to the day before."""
    remind_checkin: str = ""
    """Times (HH:MM, comma separated) for a reminder to check in; empty: none."""
    remind_reflect: str = ""
    """Times (HH:MM, comma separated) for a reminder to reflect (before noon: morning, else evening)."""


from reflect.core.drafts import Draft  # noqa: E402 - a record kind of its own module

RECORD_TYPES: tuple[type[Record], ...] = (
    CheckIn,
    Reflection,
    FocusBlock,
    Person,
    FeedbackRequest,
    FeedbackResponse,
    Strength,
    Story,
    Rehearsal,
    PitchUse,
    Settings,
    Portrait,
    *STORY_RECORDS,
    Draft,
)
"""Every record kind, in export order."""

BY_KIND: dict[str, type[Record]] = {cls.KIND: cls for cls in RECORD_TYPES}
"""Model class by `kind`."""

BY_COLLECTION: dict[str, type[Record]] = {cls.COLLECTION: cls for cls in RECORD_TYPES}
"""Model class by collection name."""
