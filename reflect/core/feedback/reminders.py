"""What Today reminds about feedback: follow up on a request still waiting, thank whoever replied.

Pure functions over requests, replies and people; the panel that shows them is
`reflect.widgets.today.feedback`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from reflect.core.models import FeedbackRequest, FeedbackResponse, Person

FOLLOW_UP_AFTER = timedelta(days=7)
"""An unanswered request gets a follow-up reminder this long after it was sent (or last chased)."""
FOLLOW_UP_UNTIL = timedelta(days=30)
"""An unanswered request stops being a reminder this long after it was sent (or last chased): by
then it is an old ask that went quiet, not a nudge to send."""
THANK_UNTIL = timedelta(days=30)
"""A reply left unthanked stops being a reminder this long after it arrived: thanks are owed while
it is fresh, and a reply from years ago is not a task for today."""


@dataclass(frozen=True)
class Reminder:
    """Something to do about feedback today: follow up on a request, or thank someone."""

    kind: str
    """"follow_up" or "thank"."""
    person_id: str
    text: str
    request_id: str | None = None
    response_id: str | None = None


def _days(delta: timedelta) -> str:
    days = delta.days
    return "today" if days <= 0 else ("yesterday" if days == 1 else f"{days} days ago")


def follow_ups(
    requests: Iterable[FeedbackRequest], responses: Iterable[FeedbackResponse], people: Iterable[Person], now: datetime
) -> list[Reminder]:
    """Nudges for requests still waiting for a reply, one per person, oldest ask first.

    Only a person's newest request still marked sent counts, and only while it is open: no reply
    from them since it was sent (or linked to it), and no later request to them answered or
    declined. It is a reminder from `FOLLOW_UP_AFTER` after it was sent or last chased (sooner
    once past its due date, until the first follow-up) until `FOLLOW_UP_UNTIL` after that.
    """
    by_id = {p.id: p for p in people if not p.deleted}
    requests = [r for r in requests if not r.deleted]
    settled: dict[str, datetime] = {}
    """By person: the latest sign they are done with being asked (a reply, or the ask of a request
    they answered or declined)."""
    replied_to: set[tuple[str, str]] = set()

    def settle(pid: str, at: datetime) -> None:
        if pid not in settled or at > settled[pid]:
            settled[pid] = at

    for resp in responses:
        if resp.deleted or not resp.person_id:
            continue
        settle(resp.person_id, resp.received_at)
        if resp.request_id:
            replied_to.add((resp.request_id, resp.person_id))
    newest: dict[str, tuple[datetime, FeedbackRequest]] = {}
    for req in requests:
        for pid, status in req.status.items():
            if status in ("answered", "declined"):
                settle(pid, req.sent_at or req.created_at)
            elif status == "sent" and req.sent_at is not None and (pid not in newest or req.sent_at >= newest[pid][0]):
                newest[pid] = (req.sent_at, req)
    out: list[tuple[datetime, Reminder]] = []
    for pid, (sent, req) in newest.items():
        person = by_id.get(pid)
        if person is None or (req.id, pid) in replied_to or (pid in settled and settled[pid] >= sent):
            continue
        last = max([sent, *([req.followed_up[pid]] if pid in req.followed_up else [])])
        if now - last >= FOLLOW_UP_UNTIL:
            continue
        overdue = req.due is not None and now.date() > req.due
        if now - last >= FOLLOW_UP_AFTER or (overdue and pid not in req.followed_up):
            text = f"Follow up with {person.name}: asked {_days(now - sent)}, no reply yet"
            out.append((sent, Reminder("follow_up", pid, text, request_id=req.id)))
    out.sort(key=lambda x: x[0])
    return [r for _, r in out]


def reminders(
    requests: Iterable[FeedbackRequest], responses: Iterable[FeedbackResponse], people: Iterable[Person], now: datetime
) -> list[Reminder]:
    """Follow-ups owed (see `follow_ups`), then thanks owed for each person's newest reply, while it is
    fresh (`THANK_UNTIL`)."""
    people, responses = list(people), list(responses)
    by_id = {p.id: p for p in people if not p.deleted}
    out = follow_ups(requests, responses, people, now)
    thanked: set[str] = set()
    for resp in sorted(responses, key=lambda r: r.received_at, reverse=True):
        person = by_id.get(resp.person_id or "")
        if resp.deleted or person is None or person.id in thanked:
            continue
        thanked.add(person.id)
        if (person.last_thanked is None or person.last_thanked < resp.received_at) and now - resp.received_at < THANK_UNTIL:
            out.append(Reminder("thank", person.id, f"Thank {person.name} and tell them what you took from it", response_id=resp.id))
    return out
