"""People & feedback in the TUI, driven by Pilot: hostile replies, the request flow, paste, Today, portrait."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from reflect.core.models import FeedbackRequest, FeedbackResponse, Person, Portrait
from reflect.services import story_store
from reflect.services.portrait import view as portrait_view
from reflect.screens.people.dialogs import PasteReplyDialog, PersonDialog
from reflect.screens.people.reply import ReplyScreen
from reflect.screens.people.request import RequestDialog
from reflect.screens.people.area import PeopleScreen
from tests.ui.feedback_seed import seed

from tests.conftest import wait_until


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
    store.add(Person(name="[@click=app.quit]Client [b]E[/b]", relation="client", contact="[link=x]y[/link]"))
    app = make_test_app()
    async with app.run_test(size=(100, 50)) as pilot:
        await open_people(pilot)
        shown = screen_text(app)
        assert "[@click=app.quit]Clie…" in shown and "[link=x]y[/link]" in shown
        await pilot.press("4")
        await pilot.pause()
        shown = screen_text(app)
        assert "“[@click=app.quit] [link=https://example.org]click[/link] [bold red]loud[/]" in shown  # literal
        assert "” (A friend)" in shown
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
        await pilot.press("escape", "escape", "1")  # leave the message box, then close
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


async def test_today_follows_up_only_on_open_recent_requests_and_counts_the_same(make_test_app, store, clock) -> None:
    from reflect.widgets.today.feedback import TodayFeedback

    now = clock.now()

    def ask(person: Person, days_ago: int, status: str = "sent") -> FeedbackRequest:
        return FeedbackRequest(title="Best self", person_ids=[person.id], status={person.id: status},
                               sent_at=now - timedelta(days=days_ago))

    due = [Person(name=f"Client {c}") for c in "ABCD"]
    stale = [Person(name=f"Friend {c}") for c in "EFG"]
    moved_on = Person(name="Client L")
    for p in [*due, *stale, moved_on]:
        store.put(p)
    for p in due:
        store.put(ask(p, 10))
    for p in stale:
        store.put(ask(p, 3596))
    store.put(ask(moved_on, 3415))
    store.put(ask(moved_on, 20, "declined"))
    app = make_test_app()
    async with app.run_test(size=(100, 40)) as pilot:
        def panel_text() -> str:
            panels = app.screen.query(TodayFeedback)
            return str(panels.first().query_one("Static").render()) if panels else ""

        await wait_until(pilot, lambda: "press p" in panel_text())
        shown = panel_text()
        assert "Friend" not in shown and "Client L" not in shown
        assert shown.count("asked 10 days ago, no reply yet") == 3
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
        portrait = portrait_view(story_store.load(store).story)
        assert portrait.text.startswith("When I am at my best, I stay calm")
        assert [v.n for v in portrait.versions] == [1]


async def test_the_portrait_is_one_text_under_people_and_in_the_story(make_test_app, store) -> None:
    """Saved under People, it is the story's Portrait step; edited in Story, People shows the edit."""
    from textual.widgets import TextArea

    from reflect.screens.story.area import StoryScreen

    seed(store)
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(pilot)
        await pilot.press("5")
        await pilot.pause()
        await pilot.press("ctrl+g", "ctrl+s")
        await app.workers.wait_for_complete()
        written = app.screen.query_one("#portrait-text", TextArea).text
        await pilot.press("escape", "s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        story = app.screen
        assert isinstance(story, StoryScreen) and story.item == "step:portrait"
        editor = story.query_one("#editor", TextArea)
        assert editor.text == written.strip()
        editor.focus()
        await pilot.press("end", *" Edited in Story.")
        await pilot.press("ctrl+s", "enter")
        await app.workers.wait_for_complete()
        await pilot.press("escape", "p")
        await app.workers.wait_for_complete()
        await pilot.pause()
    shown = portrait_view(story_store.load(store).story)
    assert "Edited in Story." in shown.text and [v.n for v in shown.versions] == [1, 2]
    assert store.list(Portrait) == []  # no second record


async def test_a_separate_portrait_from_before_is_folded_into_the_story(store) -> None:
    from datetime import datetime

    from reflect.core.models import PortraitVersion, Story
    from tests.conftest import TZ

    at = datetime(2026, 3, 1, 9, tzinfo=TZ)
    store.add(Portrait(text="At my best I teach.", versions=[PortraitVersion(n=1, saved_at=at, text="At my best I teach.")]))
    store.add(Story(steps={"portrait": "At my best I build."}))
    loaded = story_store.load(store)
    assert loaded.story.steps["portrait"] == "At my best I build."
    (conflict,) = loaded.conflicts
    assert [c["text"] for c in conflict.copies] == ["At my best I teach."]
    assert store.list(Portrait) == [] and len(store.list(Portrait, include_deleted=True)) == 1
    assert story_store.load(store).conflicts == loaded.conflicts  # folded once


async def test_import_csv_from_the_tui_and_junk_gets_one_line(make_test_app, store, tmp_path) -> None:
    from reflect.screens.people.dialogs import ImportFileDialog

    form = tmp_path / "form.csv"
    form.write_bytes("Name;What I do well\r\nClient A;Très calme, always calm.\r\n".encode("utf-16"))
    junk = tmp_path / "junk.md"
    junk.write_bytes(bytes(range(256)) * 4)
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(pilot)
        for path, name in ((junk, "Client A"), (form, "")):
            await pilot.press("3", "i")
            await pilot.pause()
            assert isinstance(app.screen, ImportFileDialog)
            app.screen.query_one("#path").value = str(path)
            app.screen.query_one("#from").value = name
            await pilot.click("#save")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert "junk.md: looks like binary data, not text; import a .txt, .md, .eml or .csv file" in messages
        assert any(m.startswith("Saved 1 reply. Suggested strengths: Calm under pressure") for m in messages)
        (resp,) = store.list(FeedbackResponse)
        assert resp.from_name == "Client A" and resp.answers[0].text == "Très calme, always calm."
        await wait_until(pilot, lambda: "Client A" in screen_text(app))  # the list reloads after the save


async def test_reply_review_confirm_remove_and_tag_a_selection(make_test_app, store) -> None:
    from textual.widgets import TextArea
    from textual.widgets.text_area import Selection

    data = seed(store, accepted=False)
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(pilot)
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # oldest reply: Client A's
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReplyScreen) and review.response.from_name == "Client A"
        assert [t.strength for t in review.response.strengths] == ["Calm under pressure", "Clear explaining"]
        await pilot.press("c")  # confirm Calm
        await pilot.press("down", "x")  # remove Clear explaining
        await pilot.pause()
        await app.workers.wait_for_complete()
        area = review.query_one("#reply", TextArea)
        area.selection = Selection((1, 9), (1, 20))  # "launch fail" in the first answer
        selected = area.selected_text
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*"resource", "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        stored = store.get(FeedbackResponse, data["responses"][0].id)
        assert [(t.strength, t.confirmed) for t in stored.strengths] == [("Calm under pressure", True), ("Resourcefulness", True)]
        assert stored.dismissed == ["Clear explaining"]
        tagged = stored.strengths[1]
        assert stored.answers[tagged.answer].text[tagged.start:tagged.end] == selected
        await pilot.press("u")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert store.get(FeedbackResponse, stored.id).anonymous is True  # yes -> yes without name


async def test_rating_yourself_changes_what_others_see(make_test_app, store) -> None:
    from reflect.core.models import Strength
    from reflect.screens.people.strengths import RateStrengths

    seed(store)
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(pilot)
        await pilot.press("4")
        await pilot.pause()
        assert "Others see, you don't: Calm under pressure, Clear explaining, Listening" in screen_text(app)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, RateStrengths)
        await pilot.press("5")  # first row: Calm under pressure
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("escape")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        rated = {s.name: s.self_rating for s in store.list(Strength)}
        assert rated["Calm under pressure"] == 5
        assert "Others see, you don't: Clear explaining, Listening" in screen_text(app)


async def test_delete_asks_first_and_oversize_paste_is_refused(make_test_app, store) -> None:
    from reflect.core.feedback import requests as fb

    data = seed(store)
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_people(pilot)
        await pilot.press("delete", "n")  # first row: A friend; say no
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert len(store.list(Person)) == 4
        await pilot.press("delete", "y")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert {p.name for p in store.list(Person)} == {"Client A", "Colleague B", "Mentor D"}
        assert len(store.list(FeedbackResponse)) == len(data["responses"])
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, PasteReplyDialog)
        app.screen.query_one("#reply").load_text("x" * (fb.REPLY_MAX + 1))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PasteReplyDialog)
        assert "Reply: 200,001 characters is too long; at most 200,000." in screen_text(app)
