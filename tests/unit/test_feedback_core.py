"""Feedback domain: requests, replies split back into answers, imports, themes, reminders, testimonials."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from urllib.parse import unquote

import pytest

from reflect.core.feedback import reminders as fr
from reflect.core.feedback import requests as fb
from reflect.core.feedback import reply_files as fi
from reflect.core.feedback import strengths as st
from reflect.core.errors import BadInput
from reflect.core.models import Answer, FeedbackRequest, FeedbackResponse, Person, Portrait, Strength, TaggedPassage

TZ = timezone(timedelta(hours=-7))
NOW = datetime(2026, 3, 14, 9, 0, tzinfo=TZ)


def make_request(set_id: str = "best-self"):
    qs = fb.question_set(set_id)
    person = Person(name="Colleague B", relation="colleague")
    req = fb.new_request(qs, [person], date(2026, 3, 21))
    return req, person, fb.personalise(req.message, person.name)


def test_message_has_one_heading_per_question_and_is_personal() -> None:
    req, _, msg = make_request()
    assert msg.startswith("Hi Colleague B,")
    for heading in req.questions:
        assert msg.count(f"## {heading}\n") == 1
    assert "Saturday 21 March" in msg
    assert req.status == {req.person_ids[0]: "draft"}


def test_careful_respondent_round_trip() -> None:
    req, _, msg = make_request()
    filled = msg.replace(
        "(The situation, what I did, and what it changed for you or for the work.)",
        "When the launch failed you calmly explained what we would do next.\n\nIt saved the week.",
    ).replace("(In a word or a short phrase.)", "Calm").replace("(Yes, no, or yes without your name.)", "Yes")
    answers = fb.split_reply(filled, fb.questions_of(req), msg)
    assert [(a.qid, a.text) for a in answers] == [
        ("story-1", "When the launch failed you calmly explained what we would do next.\n\nIt saved the week."),
        ("strength-word", "Calm"),
        ("quote-ok", "Yes"),
    ]
    assert fb.says_quotable(answers)


def test_careless_respondent_round_trip() -> None:
    req, _, msg = make_request()
    reply = (
        "Sure, here you go!\n\n"
        "A TIME YOU SAW ME AT MY BEST:\n"
        "The workshop in May. You listened to everyone before deciding.\n"
        "> Another moment, if one comes to mind\n"
        "> (Same shape: situation, what I did, what it changed. Leave it empty if nothing comes.)\n"
        "1. the strength those moments show - listening\n"
        "**May I quote you?** no thanks\n"
        "On Mon, 16 Mar 2026 at 10:00, Me wrote:\n"
        "> Hi Colleague B,\n"
        "> I'm trying to understand what I do well when I'm at my best, so I can do more of it.\n"
        "-- \n"
        "Colleague B, sent from a phone\n"
    )
    answers = fb.split_reply(reply, fb.questions_of(req), msg)
    assert [(a.qid, a.text) for a in answers] == [
        ("", "Sure, here you go!"),
        ("story-1", "The workshop in May. You listened to everyone before deciding."),
        ("strength-word", "listening"),
        ("quote-ok", "no thanks"),
    ]
    assert not fb.says_quotable(answers)


def test_reply_without_headings_is_one_whole_answer() -> None:
    req, _, _ = make_request()
    answers = fb.split_reply("You are great at explaining.\nReally.", fb.questions_of(req))
    assert len(answers) == 1 and answers[0].question == "" and answers[0].text == "You are great at explaining.\nReally."


def test_reply_strips_escapes_and_refuses_oversize() -> None:
    req, _, _ = make_request()
    answers = fb.split_reply("\x1b]0;pwned\x07Hello \x1b[31mred\x1b[0m\x07 [@click=app.quit]", fb.questions_of(req))
    assert answers[0].text == "Hello red [@click=app.quit]"
    with pytest.raises(BadInput, match="at most 200,000"):
        fb.split_reply("x" * (fb.REPLY_MAX + 1), [])
    with pytest.raises(BadInput, match="at most 20,000 fit in one answer"):
        fb.split_reply("## Keep doing\n" + "y" * 20_001, fb.questions_of(make_request("start-stop-continue")[0]))


def test_mailto_link_encodes_everything() -> None:
    req, _, msg = make_request()
    link = fb.mailto_link("b@example.org", fb.subject_for(req), msg)
    assert link.startswith("mailto:b@example.org?subject=")
    assert "\n" not in link and " " not in link
    assert unquote(link.split("&body=")[1]) == msg
    assert fb.mailto_link("call on Tuesdays", "s", "b").startswith("mailto:?subject=")


# --- files ------------------------------------------------------------------------------------


def test_decode_detects_encodings() -> None:
    assert fi.decode("café\n".encode("utf-8")) == "café\n"
    assert fi.decode(b"\xef\xbb\xbf" + "café".encode("utf-8")) == "café"
    assert fi.decode("café".encode("utf-16")) == "café"  # BOM written by the codec
    assert fi.decode("café".encode("utf-16-be").join([b"\xfe\xff", b""])) == "café"
    assert fi.decode("café".encode("latin-1")) == "café"


def test_decode_refuses_binary_junk() -> None:
    with pytest.raises(BadInput, match="binary data"):
        fi.decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(BadInput, match="binary data"):
        fi.decode(bytes(range(1, 32)) * 20)


def test_read_file_limits(tmp_path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (fi.FILE_MAX + 1))
    with pytest.raises(BadInput, match="files up to 2 MB"):
        fi.read_file(big)
    with pytest.raises(BadInput, match="use .txt, .md, .eml or .csv"):
        fi.read_file(tmp_path / "photo.jpg")
    with pytest.raises(BadInput, match="no such file"):
        fi.read_file(tmp_path / "missing.txt")


CSV = (
    "Timestamp,Your name,What I do well,Keep doing,Something new\n"
    '2026/03/10 10:00,Client A,"Clear explaining, always on time",Weekly notes,"Line one\nline two"\n'
    "2026/03/11 11:00,Colleague B,Calm under pressure,,\n"
    "2026/03/12 12:00,,,,\n"
)


def test_csv_one_reply_per_row_one_answer_per_column() -> None:
    replies = fi.parse_csv(CSV, "form.csv", "src")
    assert [r.name for r in replies] == ["Client A", "Colleague B"]
    first = replies[0].answers
    assert [(a.question, a.qid, a.text) for a in first] == [
        ("What I do well", "strengths", "Clear explaining, always on time"),
        ("Keep doing", "continue", "Weekly notes"),
        ("Something new", "", "Line one\nline two"),
    ]
    assert replies[0].source == "src:row2"


def test_csv_semicolons_bom_and_plan(tmp_path) -> None:
    raw = b"\xef\xbb\xbf" + "What I do well;Keep doing\nvery patient;taking time\n".encode("utf-8")
    replies = fi.parse_bytes(raw, ".csv", fi.all_questions(), "form.csv")
    assert [a.text for a in replies[0].answers] == ["very patient", "taking time"]
    plan = fi.plan_import(replies, [], set(), "Client A", "client", NOW, st.vocabulary())
    assert [p.name for p in plan.new_people] == ["Client A"]
    assert {t.strength for t in plan.responses[0].strengths} == {"Patience"}
    again = fi.plan_import(replies, plan.new_people, {plan.responses[0].source}, "Client A", "client", NOW)
    assert again.skipped == 1 and again.responses == []


def test_eml_takes_the_plain_text_part() -> None:
    raw = (
        b"From: Client A <a@example.org>\r\nTo: me@example.org\r\nSubject: Re: a favour\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=XX\r\n\r\n"
        b"--XX\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>html only</p>\r\n"
        b"--XX\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        b"## What I do well\r\nYou are calm and caf=C3=A9-proof.\r\n--XX--\r\n"
    )
    (reply,) = fi.parse_bytes(raw, ".eml", fi.all_questions(), "reply.eml")
    assert reply.name == "Client A"
    assert [(a.qid, a.text) for a in reply.answers] == [("strengths", "You are calm and café-proof.")]


# --- strengths and themes ---------------------------------------------------------------------


def response(person: Person, *texts: str, quotable: bool = False, accept: bool = True) -> FeedbackResponse:
    """A reply answering "What I do well", its suggestions accepted by the user (as on the reply screen)."""
    answers = [Answer(text=t, qid="strengths") for t in texts]
    resp = FeedbackResponse(person_id=person.id, from_name=person.name, answers=answers, quotable=quotable)
    resp.strengths = st.suggest(resp, st.vocabulary())
    for tag in resp.strengths:
        tag.confirmed = accept
    return resp


def test_suggestions_are_whole_word_and_case_insensitive() -> None:
    p = Person(name="A friend", relation="friend")
    resp = response(p, "You stayed CALM. Then you Explained it. A calendar is not calm-ness? Unclear.")
    found = {t.strength: st.passage_text(resp, t) for t in resp.strengths}
    assert found["Calm under pressure"] == "You stayed CALM."
    assert found["Clear explaining"] == "Then you Explained it."
    resp2 = response(p, "The calendar was unclear and the tidy-up nuclear.")
    assert "Calm under pressure" not in {t.strength for t in resp2.strengths}
    assert "Clear explaining" not in {t.strength for t in resp2.strengths}
    resp.dismissed = ["Calm under pressure"]
    resp.strengths = []
    assert "Calm under pressure" not in {t.strength for t in st.suggest(resp, st.vocabulary())}


def test_themes_rank_by_distinct_people_not_mentions() -> None:
    a, b, c = Person(name="Client A"), Person(name="Colleague B"), Person(name="A friend")
    responses = [
        response(a, "So creative. Creative again. Creative ideas everywhere.", "creative"),
        response(a, "Creative as ever."),
        response(b, "You listened well."),
        response(c, "You listen like nobody else."),
    ]
    ranked = st.themes(responses, [a, b, c])
    assert [(t.strength, t.people) for t in ranked][:2] == [("Listening", 2), ("Creativity", 1)]
    listening = ranked[0]
    assert {q["from"] for q in listening.quotes} == {"Colleague B", "A friend"}
    data = st.themes_json(ranked)
    assert data[0] == {"strength": "Listening", "people": 2, "quotes": listening.quotes}
    # suggestions not yet accepted count nowhere in the themes; they wait apart
    waiting = [response(a, "You listened so well.", accept=False), response(b, "So creative.", accept=False)]
    assert st.themes(waiting, [a, b]) == []
    assert st.pending(waiting) == [("Creativity", 1), ("Listening", 1)]


def test_blind_spots_against_self_ratings() -> None:
    a = Person(name="Client A")
    own = [Strength(name="Listening", self_rating=1, custom=False), Strength(name="Writing", self_rating=5, custom=False),
           Strength(name="Creativity", self_rating=5, custom=False)]
    ranked = st.themes([response(a, "You listened. So creative.")], [a], own)
    others_see, you_see = st.blind_spots(ranked, own)
    assert others_see == ["Listening"]
    assert you_see == ["Writing"]


def test_user_strengths_are_suggested_too() -> None:
    own = [Strength(name="Spreadsheet wizardry", synonyms=["spreadsheet*", "excel"])]
    resp = FeedbackResponse(from_name="Client A", answers=[Answer(text="Your spreadsheets saved us.")])
    assert [t.strength for t in st.suggest(resp, st.vocabulary(own))] == ["Spreadsheet wizardry"]


def test_portrait_draft_and_versions() -> None:
    a, b = Person(name="Client A"), Person(name="Colleague B")
    ranked = st.themes([response(a, "You listened."), response(b, "You listen.")], [a, b])
    draft = st.draft_portrait(ranked)
    assert draft.startswith("When I am at my best, I listen closely")
    assert "Colleague B said" in draft or "Client A said" in draft
    portrait = Portrait()
    assert st.save_version(portrait, draft, NOW)
    assert not st.save_version(portrait, draft, NOW)
    assert st.save_version(portrait, draft + "\nMore.\x1b[2J", NOW + timedelta(hours=1))
    assert [v.n for v in portrait.versions] == [1, 2]
    assert portrait.text.endswith("More.") and portrait.versions[0].text == draft


# --- reminders and testimonials ---------------------------------------------------------------


def test_follow_up_after_a_week_and_thanks_after_a_reply() -> None:
    req, person, _ = make_request()
    req.person_ids = [person.id]
    req.status = {person.id: "sent"}
    req.sent_at = NOW
    req.due = None
    assert fr.reminders([req], [], [person], NOW + timedelta(days=6)) == []
    (r,) = fr.reminders([req], [], [person], NOW + timedelta(days=7))
    assert r.kind == "follow_up" and "7 days ago" in r.text
    req.followed_up[person.id] = NOW + timedelta(days=7)
    assert fr.reminders([req], [], [person], NOW + timedelta(days=8)) == []
    req.status[person.id] = "answered"
    resp = FeedbackResponse(person_id=person.id, from_name=person.name, received_at=NOW + timedelta(days=8))
    (t,) = fr.reminders([req], [resp], [person], NOW + timedelta(days=8))
    assert t.kind == "thank" and t.text.startswith("Thank Colleague B")
    person.last_thanked = NOW + timedelta(days=9)
    assert fr.reminders([req], [resp], [person], NOW + timedelta(days=9)) == []


def _sent(person: Person, days_ago: int, status: str = "sent") -> FeedbackRequest:
    """A request sent to `person` `days_ago` days before NOW, with their status on it."""
    req, _, _ = make_request()
    return req.model_copy(update={"person_ids": [person.id], "status": {person.id: status}, "due": None,
                                  "sent_at": NOW - timedelta(days=days_ago)})


def _follow_ups(requests, responses, people, now=NOW) -> list[str]:
    return [r.text for r in fr.reminders(requests, responses, people, now) if r.kind == "follow_up"]


def test_no_follow_up_once_a_later_request_was_answered_or_declined() -> None:
    friend, client = Person(name="Friend A"), Person(name="Client L")
    requests = [_sent(friend, 20), _sent(client, 20), _sent(friend, 10, "answered"), _sent(client, 9, "declined")]
    assert _follow_ups(requests, [], [friend, client]) == []
    # An answer to an older request says nothing about a newer one.
    requests = [_sent(friend, 20, "answered"), _sent(friend, 10)]
    assert _follow_ups(requests, [], [friend]) == ["Follow up with Friend A: asked 10 days ago, no reply yet"]


def test_no_follow_up_after_a_reply_from_that_person() -> None:
    friend = Person(name="Friend A")
    req = _sent(friend, 10)
    late = FeedbackResponse(person_id=friend.id, from_name=friend.name, received_at=NOW - timedelta(days=2))
    assert _follow_ups([req], [late], [friend]) == []
    linked = FeedbackResponse(person_id=friend.id, request_id=req.id, received_at=NOW - timedelta(days=30))
    assert _follow_ups([req], [linked], [friend]) == []
    older = FeedbackResponse(person_id=friend.id, from_name=friend.name, received_at=NOW - timedelta(days=40))
    assert len(_follow_ups([req], [older], [friend])) == 1


def test_an_old_unanswered_request_stops_being_a_reminder() -> None:
    friend = Person(name="Friend A")
    assert _follow_ups([_sent(friend, fr.FOLLOW_UP_UNTIL.days - 1)], [], [friend]) != []
    assert _follow_ups([_sent(friend, fr.FOLLOW_UP_UNTIL.days)], [], [friend]) == []
    assert _follow_ups([_sent(friend, 3596)], [], [friend]) == []
    overdue = _sent(friend, 3596).model_copy(update={"due": (NOW - timedelta(days=3582)).date()})
    assert _follow_ups([overdue], [], [friend]) == []
    # A follow-up keeps it alive: a week after it, the next nudge.
    chased = _sent(friend, 40).model_copy(update={"followed_up": {friend.id: NOW - timedelta(days=7)}})
    assert _follow_ups([chased], [], [friend]) == ["Follow up with Friend A: asked 40 days ago, no reply yet"]


def test_one_follow_up_per_person_for_their_newest_open_request() -> None:
    friend = Person(name="Friend A")
    requests = [_sent(friend, 12), _sent(friend, 8)]
    (r,) = fr.reminders(requests, [], [friend], NOW)
    assert r.request_id == requests[1].id and "8 days ago" in r.text


def test_testimonials_only_from_quotable_replies() -> None:
    a, b = Person(name="Client A", relation="client"), Person(name="Colleague B", relation="colleague")
    yes = FeedbackResponse(person_id=a.id, from_name=a.name, quotable=True, answers=[
        Answer(question="What I do well", qid="strengths", text="Calm in a crisis."),
        Answer(question="May I quote you", qid="quote-ok", text="yes"),
        Answer(question="Stop doing", qid="stop", text="Long emails."),
    ], strengths=[TaggedPassage(strength="Calm under pressure", answer=0, start=0, end=4)])
    no = FeedbackResponse(person_id=b.id, from_name=b.name, answers=[Answer(text="Great.")])
    out = fb.testimonials([yes, no], [a, b])
    assert out == [{
        "text": "Calm in a crisis.", "from": "Client A", "relation": "client", "response_id": yes.id,
        "person_id": a.id, "question": "What I do well", "strengths": ["Calm under pressure"],
    }]


def test_status_cycle() -> None:
    assert [fb.next_status(s) for s in fb.STATUSES] == ["sent", "answered", "declined", "draft"]


def test_quote_permission_without_name_makes_an_anonymous_testimonial() -> None:
    answers = [Answer(question="What I do well", qid="strengths", text="Steady hands."),
               Answer(question="May I quote you", qid="quote-ok", text="Yes, but without my name please")]
    assert fb.says_quotable(answers) and fb.says_anonymous(answers)
    assert not fb.says_anonymous([Answer(qid="quote-ok", text="yes, with my name")])
    (reply,) = fi.parse_bytes(b"## What I do well\nSteady hands.\n## May I quote you\nyes, anonymously", ".txt", fi.all_questions())
    plan = fi.plan_import([reply], [], set(), "Client A", "client", NOW)
    (resp,) = plan.responses
    assert resp.quotable and resp.anonymous
    (t,) = fb.testimonials([resp], plan.new_people)
    assert t["from"] == "Anonymous client" and t["text"] == "Steady hands."


def test_one_thank_reminder_per_person() -> None:
    p = Person(name="Client A")
    replies = [FeedbackResponse(person_id=p.id, received_at=NOW - timedelta(days=d)) for d in (1, 2)]
    assert [r.kind for r in fr.reminders([], replies, [p], NOW)] == ["thank"]


def test_eml_html_only_and_its_date_becomes_received_at() -> None:
    raw = (
        b"From: Colleague B <b@example.org>\r\nDate: Tue, 10 Mar 2026 16:30:00 +0100\r\n"
        b"Content-Type: text/html; charset=utf-8\r\n\r\n"
        b"<html><style>p{color:red}</style><body><h2>Keep doing</h2><p>Your calm &amp; your notes.</p>"
        b"<script>alert(1)</script></body></html>\r\n"
    )
    (reply,) = fi.parse_bytes(raw, ".eml", fi.all_questions(), "reply.eml")
    assert [(a.qid, a.text) for a in reply.answers] == [("continue", "Your calm & your notes.")]
    plan = fi.plan_import([reply], [], set(), "", "colleague", NOW)
    (resp,) = plan.responses
    assert resp.from_name == "Colleague B"
    assert resp.received_at.isoformat() == "2026-03-10T16:30:00+01:00"  # the sender's offset, kept
    with pytest.raises(BadInput, match="has no text part"):
        fi.parse_bytes(b"Content-Type: image/png\r\n\r\nxx", ".eml", fi.all_questions(), "pic.eml")


def test_csv_timestamps_become_received_at() -> None:
    replies = fi.parse_csv(CSV, "form.csv", "src")
    plan = fi.plan_import(replies, [], set(), "", "client", NOW)
    assert [r.received_at.isoformat() for r in plan.responses] == ["2026-03-10T10:00:00-07:00", "2026-03-11T11:00:00-07:00"]
    assert fi.parse_timestamp("last Tuesday") is None


def test_a_request_without_a_title_is_called_by_its_question_set() -> None:
    from reflect.core.feedback.requests import question_sets, request_label
    from reflect.core.models import FeedbackRequest

    first = question_sets()[0]
    assert request_label(FeedbackRequest(title="Pitch check")) == "Pitch check"
    assert request_label(FeedbackRequest(question_set=first.id)) == first.title
    assert request_label(FeedbackRequest(question_set="gone")) == "Request"


def test_a_reply_left_unthanked_for_a_month_stops_being_a_reminder() -> None:
    """Thanks are owed while the reply is fresh: a reply from years ago is not a task for today."""
    p = Person(name="Client A")
    reply = FeedbackResponse(person_id=p.id, received_at=NOW - timedelta(days=29))
    assert [r.kind for r in fr.reminders([], [reply], [p], NOW)] == ["thank"]
    assert fr.reminders([], [reply], [p], NOW + timedelta(days=2)) == []
