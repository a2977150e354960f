"""Permission to quote, read from the "may I quote you" answer: any mention of leaving the name out
is anonymous, a clear yes is a yes with the name, anything else is "ask first"; exported scripts
honour it."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from reflect.core.feedback import reply_files as fi
from reflect.core.feedback import requests as fb
from reflect.core.models import Story
from reflect.core.story import story as sc
from reflect.core.story.pitch_export import markdown, plain
from reflect.services.story_export import write_export

NOW = datetime(2026, 3, 20, 9, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("answer", "reading"),
    [
        ("Yes, without name", fb.ANONYMOUS),
        ("Yes but please do not use my name", fb.ANONYMOUS),
        ("Yes, but don't use my name.", fb.ANONYMOUS),
        ("Sure, anonymously", fb.ANONYMOUS),
        ("Please keep my name out of it.", fb.ANONYMOUS),
        ("Yes, initials only", fb.ANONYMOUS),
        ("No name please", fb.ANONYMOUS),
        ("You may quote me with my name.", fb.NAMED),
        ("Yes", fb.NAMED),
        ("yes, with my name", fb.NAMED),
        ("Of course!", fb.NAMED),
        ("Feel free to quote me.", fb.NAMED),
        ("Happy to be quoted", fb.NAMED),
        ("No", fb.ASK),
        ("no thanks", fb.ASK),
        ("Yes, if you show me the text first", fb.ASK),
        ("Sure, but ask me first", fb.ASK),
        ("Maybe, depends where", fb.ASK),
        ("I'd rather not", fb.ASK),
        ("", fb.ASK),
        ("Which website?", fb.ASK),
    ],
)
def test_reading_of_the_answer(answer: str, reading: str) -> None:
    assert fb.quote_permission(answer) == reading


def test_imported_replies_store_the_reading() -> None:
    cases = {"Yes, without name": (True, True), "You may quote me with my name.": (True, False),
             "Yes but please do not use my name": (True, True), "Let me think about it": (False, False)}
    for answer, expected in cases.items():
        raw = f"## What I do well\nSteady hands.\n## May I quote you\n{answer}\n".encode()
        (reply,) = fi.parse_bytes(raw, ".txt", fi.all_questions())
        (resp,) = fi.plan_import([reply], [], set(), "Client A", "client", NOW).responses
        assert (resp.quotable, resp.anonymous) == expected, answer
    assert fb.quote_label(False, False) == "ask first"


def _story() -> tuple[Story, dict, dict]:
    named = {"kind": "quote", "source_kind": "feedback_response", "source_id": "r-named", "text": "Fixed it in a week.",
             "author": "Client A", "relation": "client", "strength": "Reliability"}
    hidden = {"kind": "quote", "source_kind": "feedback_response", "source_id": "r-anon", "text": "Calm in every storm.",
              "author": "Ana Example", "relation": "colleague", "strength": "Calm"}
    script = f"I fix checkouts. {sc.quote_line(hidden)} {sc.quote_line(named)} Shall we talk?"
    story = sc.save_version(Story(title="Checkout help"), NOW, {}, script)
    return sc.add_evidence(sc.add_evidence(story, named), hidden), named, hidden


def test_exported_scripts_leave_out_the_name_of_who_asked(tmp_path) -> None:
    story, _named, _hidden = _story()
    quotable, anonymous = {"r-named", "r-anon"}, {"r-anon"}
    for text in (markdown(story, None, quotable, 130, anonymous).text, plain(story, None, quotable, anonymous).text):
        assert "Ana Example" not in text
        assert "Calm in every storm." in text and "someone i worked with, colleague" in text.lower()
        assert "Client A" in text
    path = tmp_path / "pitch.md"
    assert write_export(story, None, "md", path, quotable, 130, anonymous) == 0
    assert "Ana Example" not in path.read_text(encoding="utf-8")


def test_ask_first_quotes_never_leave_the_app() -> None:
    story, _named, _hidden = _story()
    out = markdown(story, None, {"r-named"}, 130)  # the colleague said neither yes nor no: ask first
    assert out.withheld == 1 and "Calm in every storm" not in out.text and "Ana Example" not in out.text


def test_story_evidence_marks_quotes_that_must_stay_nameless(store, clock) -> None:
    from reflect.core.models import Answer, FeedbackResponse, TaggedPassage
    from reflect.services.evidence import anonymous_ids, gather, quotable_ids

    def reply(name: str, anonymous: bool) -> FeedbackResponse:
        return store.add(FeedbackResponse(from_name=name, relation="client", quotable=True, anonymous=anonymous,
                                          answers=[Answer(text="Steady in every storm.")],
                                          strengths=[TaggedPassage(strength="Calm", answer=0)]))

    hidden, named = reply("Ana Example", True), reply("Client A", False)
    quotes = gather(store, clock.now().date()).strengths[0].quotes
    assert {(q.author, q.anonymous) for q in quotes} == {("Ana Example", True), ("Client A", False)}
    assert quotable_ids(store) == {hidden.id, named.id} and anonymous_ids(store) == {hidden.id}


def test_the_same_words_from_one_person_count_and_show_once_per_strength() -> None:
    """Tagged twice, or sent again in a second reply, the same passage from one person is one piece
    of evidence (one passage, one quote; the quotable copy kept); from another person it is another."""
    from reflect.core.feedback.model import Answer, FeedbackResponse, Person, TaggedPassage
    from reflect.services.evidence import strengths_from

    ana, ben = Person(name="Ana"), Person(name="Ben")
    words = "She untangled the migration plan in a day."

    def reply(person: Person, quotable: bool, tags: int = 1) -> FeedbackResponse:
        return FeedbackResponse(person_id=person.id, quotable=quotable, answers=[Answer(text=words)],
                                strengths=[TaggedPassage(strength="Clarity")] * tags)

    found = strengths_from([reply(ana, False, tags=2), reply(ana, True), reply(ben, False)],
                           {p.id: p for p in (ana, ben)}, [])
    (clarity,) = found
    assert (clarity.passages, clarity.people) == (2, 2)
    assert [(q.author, q.quotable) for q in clarity.quotes] == [("Ana", True), ("Ben", False)]
