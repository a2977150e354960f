"""People who are one person: replies matched by address and name, merges, relations (real store, real CLI)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from reflect.cli import main
from reflect.core.feedback import people as pp
from reflect.core.models import FeedbackRequest, FeedbackResponse, Person, Story
from reflect.core.story import story as sc
from reflect.services import feedback_store as fs
from reflect.store import Store

ELM = (
    "From: J. Weber <Jonas.Weber@Example.org>\r\n"
    "To: me@example.net\r\n"
    "Subject: Re: a favour\r\n"
    "Date: Fri, 13 Mar 2026 10:00:00 -0700\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n\r\n"
    "You stayed calm when the launch broke and explained every step clearly.\r\n"
)


def _known(store: Store, clock) -> tuple[Person, FeedbackRequest]:
    jonas = store.add(Person(name="Jonas Weber", relation="former-manager", contact="jonas.weber@example.org"))
    req = store.add(FeedbackRequest(person_ids=[jonas.id], status={jonas.id: "sent"}, sent_at=clock.now() - timedelta(days=3)))
    return jonas, req


def test_an_eml_from_an_address_on_file_goes_to_that_person_and_answers_the_request(tmp_path: Path, store, clock, capsys) -> None:
    jonas, req = _known(store, clock)
    reply = tmp_path / "reply.eml"
    reply.write_text(ELM, encoding="utf-8")
    assert main(["--data-dir", str(store.root), "feedback", "import", str(reply)]) == 0
    assert "from Jonas Weber" in capsys.readouterr().out
    again = Store(store.root, clock).open()
    assert [p.name for p in again.list(Person)] == ["Jonas Weber"]  # no duplicate "J. Weber"
    (resp,) = again.list(FeedbackResponse)
    assert (resp.person_id, resp.request_id, resp.relation) == (jonas.id, req.id, "former-manager")
    assert again.get(FeedbackRequest, req.id).status == {jonas.id: "answered"}


def test_names_match_loosely_and_new_people_keep_their_address(store, clock) -> None:
    jonas, _ = _known(store, clock)
    index = pp.PeopleIndex([jonas])
    assert index.find("", "weber,  JONAS") is jonas and index.find("", "Jonás Weber") is jonas
    assert index.find("JONAS.WEBER@example.org", "Someone Else") is jonas
    assert index.find("other@example.org", "Mia Roth") is None
    from reflect.core.feedback import reply_files as fi
    from reflect.core.models import Answer

    plan = fi.plan_import([fi.ImportedReply([Answer(text="Calm.")], "Mia Roth", "s1", None, "mia@example.org")], [jonas], set(), "", "client", clock.now())
    assert [(p.name, p.contact) for p in plan.new_people] == [("Mia Roth", "mia@example.org")]


def test_a_new_look_alike_is_offered_for_merging(store, clock) -> None:
    _known(store, clock)
    from reflect.core.feedback import reply_files as fi
    from reflect.core.models import Answer

    result = fs.import_replies(store, [fi.ImportedReply([Answer(text="Calm.")], "Jonas W.", "s2")], "")
    assert result.hints() == ["Jonas W. is new; if they are Jonas Weber, merge them in People (j)."]


def test_merging_moves_replies_requests_and_quotes(store, clock) -> None:
    jonas, req = _known(store, clock)
    dup = store.add(Person(name="J. Weber", contact="jw@example.com"))
    other_req = store.add(FeedbackRequest(person_ids=[dup.id], status={dup.id: "answered"}))
    resp = store.add(FeedbackResponse(person_id=dup.id, from_name="J. Weber", request_id=other_req.id))
    story = Story(evidence=[{"kind": "quote", "source_id": resp.id, "text": "Calm.", "author": "J. Weber", "relation": "other"}])
    story = store.add(story)
    plan = fs.merge_people(store, jonas.id, dup.id)
    assert plan.summary() == "Merged J. Weber into Jonas Weber: 1 reply, 1 request, 1 quote moved."
    again = Store(store.root, clock).open()
    assert [p.name for p in again.list(Person)] == ["Jonas Weber"]
    kept = again.get(Person, jonas.id)
    assert kept.contact == "jonas.weber@example.org; jw@example.com" and kept.relation == "former-manager"
    (moved,) = again.list(FeedbackResponse)
    assert (moved.person_id, moved.from_name, moved.relation) == (jonas.id, "Jonas Weber", "former-manager")
    assert again.get(FeedbackRequest, other_req.id).status == {jonas.id: "answered"}
    assert again.get(FeedbackRequest, req.id).status == {jonas.id: "sent"}
    quote = again.get(Story, story.id).evidence[0]
    assert sc.quote_line(quote) == "\u201cCalm.\u201d (Jonas Weber, former manager)"


def test_a_quote_is_never_signed_other() -> None:
    assert sc.quote_line({"text": "Calm.", "author": "Jonas Weber", "relation": "other"}) == "\u201cCalm.\u201d (Jonas Weber)"
    assert Person(name="A", relation="Former manager").relation == "former-manager"
    assert {"former-manager", "mentor", "client"} <= {r["id"] for r in pp.relations()}
    assert "conference" in sc.audiences()


def test_an_anonymous_testimonial_names_the_relation_in_words() -> None:
    from reflect.core.feedback import requests as fb
    from reflect.core.models import Answer

    boss = Person(name="Jonas Weber", relation="former-manager")
    resp = FeedbackResponse(person_id=boss.id, quotable=True, anonymous=True, answers=[Answer(text="Steady hands.")])
    assert fb.testimonials([resp], [boss])[0]["from"] == "Anonymous former manager"
    stranger = Person(name="Someone")
    resp = FeedbackResponse(person_id=stranger.id, quotable=True, anonymous=True, answers=[Answer(text="Kind.")])
    assert fb.testimonials([resp], [stranger])[0]["from"] == "Anonymous"


def test_a_form_row_with_a_known_e_mail_goes_to_that_person(tmp_path: Path, store, clock, capsys) -> None:
    jonas, req = _known(store, clock)
    form = tmp_path / "form.csv"
    form.write_text("Timestamp,Name,Email,What I do well\n1,JW,Jonas.Weber@example.org,You kept us calm.\n", encoding="utf-8")
    assert main(["--data-dir", str(store.root), "feedback", "import", str(form)]) == 0
    again = Store(store.root, clock).open()
    assert [p.name for p in again.list(Person)] == ["Jonas Weber"]
    assert again.get(FeedbackRequest, req.id).status == {jonas.id: "answered"}
