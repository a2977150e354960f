"""Fixed feedback data for the People & feedback UI tests and snapshots (roles, never names)."""

from __future__ import annotations

from datetime import date, timedelta

from reflect.core.feedback import requests as fb
from reflect.core.feedback import strengths as st
from reflect.core.models import Answer, FeedbackResponse, Person, Strength, TaggedPassage

HOSTILE = "[@click=app.quit] [link=https://example.org]click[/link] [bold red]loud[/] \x1b[31mred\x1b[0m\x07 calm"
"""A reply written to trigger markup, links and escapes; it must show literally (escapes stripped)."""


def seed(store, hostile: bool = False, accepted: bool = True) -> dict:
    """People, a sent request, three replies (one hostile when asked) and two self-ratings; the
    strengths suggested in the replies are accepted unless `accepted` is False."""
    now = store.clock.now()
    a = Person(name="Client A", relation="client", contact="a@example.org", last_asked=now - timedelta(days=10))
    b = Person(name="Colleague B", relation="colleague", contact="b@example.org", last_asked=now - timedelta(days=10))
    c = Person(name="A friend", relation="friend", contact="call on Sundays")
    d = Person(name="Mentor D", relation="mentor", last_asked=now - timedelta(days=9))
    req = fb.new_request(fb.question_set("best-self"), [a, b, c, d], date(2026, 3, 20))
    req.status = {a.id: "answered", b.id: "answered", c.id: "answered", d.id: "sent"}
    req.sent_at = now - timedelta(days=10)
    vocab = st.vocabulary()
    replies = [
        (a, ["When the launch failed you stayed calm and explained clearly what we would do next.", "Yes"]),
        (b, ["You listened to everyone in the workshop before deciding. Calm, as always."]),
        (c, [HOSTILE if hostile else "You listen like nobody else, and you explain things simply."]),
    ]
    out = []
    for n, (person, texts) in enumerate(replies):
        qids = ["story-1", "quote-ok"]
        answers = [Answer(question=fb.question_for("A time you saw me at my best").heading if i == 0 else "May I quote you",
                          qid=qids[i], text=t) for i, t in enumerate(texts)]
        resp = FeedbackResponse(person_id=person.id, request_id=req.id, from_name=person.name, relation=person.relation,
                                received_at=now - timedelta(days=3 - n), answers=answers, quotable=fb.says_quotable(answers))
        resp.strengths = st.suggest(resp, vocab)
        for tag in resp.strengths:  # accepted by the user, they count in the themes
            tag.confirmed = accepted
        if hostile and person is c:  # markup suggests nothing: the user tags it by hand
            resp.strengths.append(TaggedPassage(strength="Courage", answer=0, start=0, end=len(answers[0].text)))
        out.append(resp)
    own = [Strength(name="Listening", self_rating=2, custom=False), Strength(name="Writing", self_rating=5, custom=False)]
    store.put_many([a, b, c, d, req, *out, *own])
    return {"people": [a, b, c, d], "request": req, "responses": out}
