"""People & feedback in the TUI, driven by Pilot: hostile replies, the request flow, paste, Today, portrait."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from reflect.core.models import FeedbackRequest, FeedbackResponse, Person, Portrait
from reflect.screens.feedback_dialogs import PasteReplyDialog, PersonDialog
from reflect.screens.feedback_reply import ReplyScreen
from reflect.screens.feedback_request import RequestDialog
from reflect.screens.people import PeopleScreen
from tests.ui.feedback_seed import seed


def screen_text(app) -> str:
    """What the terminal shows, as plain text (read from a screenshot of the whole screen)."""
    svg = app.export_screenshot()
    rows: dict[float, list[tuple[float, str]]] = {}
    for x, y, body in re.findall(r'<text[^>]*?x="([\d.]+)"[^>]*?y="([\d.]+)"[^>]*>(.*?)</text>', svg, flags=re.S):
        rows.setdefault(float(y), []).append((float(x), html.unescape(body).replace("\xa0", " ")))
    return "\n".join("".join(t for _, t in sorted(parts)) for _, parts in sorted(rows.items()))


async def open_people(pilot) -> PeopleScreen:
    await pilot.press("p")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(pilot.app.screen, PeopleScreen)
    return pilot.app.screen


async def test_hostile_reply_is_shown_literally_and_triggers_nothing(make_test_app, store) -> None:
    seed(store, hostile=True)
    app = make_test_app()
    async with app.run_test(size=(100, 50)) as pilot:
        await open_people(pilot)
        await pilot.press("4")
        await pilot.pause()
        shown = screen_text(app)
        assert "“[@click=app.quit] [link=https://example.org]click[/link…” (A friend)" in shown
        await pilot.press("3")
        await pilot.pause()
        # the hostile reply is the newest, so it is on the first row
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReplyScreen)
        shown = screen_text(app)
        assert "[@click=app.quit] [link=https://example.org]click[/link] [bold red]loud[/] red calm" in shown
        assert "\x1b" not in shown
        await pilot.click(offset=(10, 5))  # clicking the text must not run app.quit
        await pilot.pause()
        assert app.is_running and app.return_code is None


async def test_request_flow_copy_file_sent_then_paste_reply(make_test_app, store, clock, tmp_path) -> None:
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, PersonDialog)
        await pilot.press(*"Client A", "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        (person,) = store.list(Person)
        assert person.name == "Client A"
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.click("#save")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, RequestDialog)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.clipboard.startswith("Hi Client A,") and "## A time you saw me at my best" in app.clipboard
        app.screen.query_one("#path").value = str(tmp_path / "ask.md")
        await app.screen.action_file()
        assert (tmp_path / "ask.md").read_text(encoding="utf-8").startswith("Hi Client A,")
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert app.clipboard.startswith("mailto:?subject=A%20quick%20favour")
        await pilot.press("ctrl+t")
        await pilot.pause()
        await app.workers.wait_for_complete()
        (req,) = store.list(FeedbackRequest)
        assert req.status == {person.id: "sent"} and req.sent_at == clock.now()
        assert store.get(Person, person.id).last_asked == clock.now()
        await pilot.press("escape", "1")
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, PasteReplyDialog)
        app.screen.query_one("#reply").load_text("a time you saw me at my best:\nYou stayed calm.\n\nMay I quote you? yes")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        (resp,) = store.list(FeedbackResponse)
        assert [(a.qid, a.text) for a in resp.answers] == [("story-1", "You stayed calm."), ("quote-ok", "yes")]
        assert resp.quotable and resp.request_id == req.id
        assert store.get(FeedbackRequest, req.id).status[person.id] == "answered"
        assert [t.strength for t in resp.strengths] == ["Calm under pressure"]


async def test_today_reminds_to_follow_up_and_thank(make_test_app, store, clock) -> None:
    seed(store)
    clock.advance(timedelta(days=1).total_seconds())
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = screen_text(app)
        assert "Follow up with Mentor D: asked 11 days ago" in shown
        assert "Thank A friend and tell them what you took from it" in shown
        assert "and 1 more: press p" in shown


async def test_portrait_draft_and_versions(make_test_app, store) -> None:
    seed(store)
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(pilot)
        await pilot.press("5")
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        (portrait,) = store.list(Portrait)
        assert portrait.text.startswith("When I am at my best, I stay calm")
        assert [v.n for v in portrait.versions] == [1]
