"""Dialogs closed with unsaved changes keep a draft that the next open restores; saving clears it."""

from __future__ import annotations

import asyncio

from textual.widgets import Input, TextArea

from reflect.core.drafts import Draft, draft_id
from reflect.core.models import FeedbackResponse, FocusBlock, Person
from reflect.screens.focus.dialogs import InterruptionDialog
from reflect.screens.people.dialogs import PasteReplyDialog, PersonDialog
from tests.ui.feedback_seed import seed
from tests.ui.test_feedback_ui import open_people


async def until(condition, tries: int = 400) -> None:
    """Wait until `condition()` holds (polling; fails after a generous bound)."""
    for _ in range(tries):
        if condition():
            return
        await asyncio.sleep(0.025)
    assert condition()


async def test_a_pasted_reply_closed_unsaved_comes_back_and_saving_clears_it(make_test_app, store) -> None:
    seed(store)
    person = next(p for p in store.list(Person) if p.name == "Mentor D")
    reply = "## What was I doing when you saw me at my best?\nYou kept the team calm during the outage."
    app = make_test_app()
    async with app.run_test(size=(100, 40)) as pilot:
        people = await open_people(pilot)
        people.query_one("#people-table").move_cursor(row=[p.name for p in sorted(store.list(Person), key=lambda p: p.name.lower())].index("Mentor D"))
        await pilot.press("v")
        await until(lambda: isinstance(app.screen, PasteReplyDialog))
        app.screen.query_one("#reply", TextArea).insert(reply)
        await pilot.press("escape")  # leaves the box only
        assert isinstance(app.screen, PasteReplyDialog)
        await pilot.press("escape")
        await until(lambda: not isinstance(app.screen, PasteReplyDialog))
        await until(lambda: app.saves.idle())
        assert store.get(Draft, draft_id(f"reply:{person.id}")).values == {"text": reply}
        await pilot.press("v")
        await until(lambda: isinstance(app.screen, PasteReplyDialog))
        await until(lambda: app.screen.query_one("#reply", TextArea).text == reply)
        await pilot.press("ctrl+s")
        await until(lambda: any(r.person_id == person.id for r in store.list(FeedbackResponse)))
        await app.workers.wait_for_complete()
        await until(lambda: app.saves.idle())
    assert store.get(Draft, draft_id(f"reply:{person.id}")) is None


async def test_a_new_persons_draft_is_restored_and_emptying_the_form_clears_it(make_test_app, store) -> None:
    app = make_test_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_people(pilot)
        await pilot.press("a")
        await until(lambda: isinstance(app.screen, PersonDialog))
        await pilot.press(*"Client Z", "tab", "tab", *"z@example.org")
        await pilot.press("escape", "escape")
        await until(lambda: not isinstance(app.screen, PersonDialog))
        await pilot.press("a")
        await until(lambda: isinstance(app.screen, PersonDialog))
        dialog = app.screen
        await until(lambda: dialog.query_one("#name", Input).value == "Client Z")
        assert dialog.query_one("#contact", Input).value == "z@example.org"
        dialog.query_one("#name", Input).value = ""
        dialog.query_one("#contact", Input).value = ""
        await until(lambda: app.saves.idle() and store.get(Draft, draft_id("person:new")) is None)
        await pilot.press("escape", "escape")
    assert store.list(Person) == []


async def test_an_interruption_reason_closed_unlogged_is_offered_again(make_test_app, store, clock) -> None:
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f")
        await until(lambda: app.screen.query("#intention") or app.screen.query(Input))
        await pilot.press("tab", *"Draft", "enter")
        await until(lambda: store.list(FocusBlock))
        await pilot.press("x")
        await until(lambda: isinstance(app.screen, InterruptionDialog))
        await pilot.press(*"neighbour's drill", "up", "escape", "escape")
        await until(lambda: not isinstance(app.screen, InterruptionDialog))
        await pilot.press("x")
        await until(lambda: isinstance(app.screen, InterruptionDialog))
        dialog = app.screen
        await until(lambda: dialog.query_one(Input).value == "neighbour's drill")
        assert dialog.source == "internal"
        await pilot.press("enter")
        await until(lambda: store.list(FocusBlock)[0].interruptions)
        await until(lambda: app.saves.idle())
    [block] = store.list(FocusBlock)
    assert [(i.source, i.reason) for i in block.interruptions] == [("internal", "neighbour's drill")]
    assert store.get(Draft, draft_id("interruption")) is None


async def test_keys_typed_while_the_draft_loads_win_over_the_draft(make_test_app, store, monkeypatch) -> None:
    """A quick check-in typed before the draft arrives keeps the typed numbers; what the user did
    not touch (the note) still comes back from the draft."""
    import time

    from reflect.core.drafts import new_draft
    from reflect.core.models import CheckIn
    from reflect.screens.checkin.dialog import CheckInScreen

    store.put(new_draft("checkin:new", {"mood": 4, "energy": 4, "energy_given": True, "emotion": None,
                                        "tags": "", "note": "short draft", "time": ""}))
    get = store.get

    def slow_get(cls, record_id):
        if cls is Draft:
            time.sleep(0.5)  # a slow disk: the draft arrives after the first keys
        return get(cls, record_id)

    monkeypatch.setattr(store, "get", slow_get)
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m")
        await until(lambda: isinstance(app.screen, CheckInScreen))
        screen = app.screen
        await pilot.press("8", "1")
        await until(lambda: screen.query_one("#note", TextArea).text == "short draft")
        await pilot.press("enter")
        await until(lambda: not isinstance(app.screen, CheckInScreen))
        await app.workers.wait_for_complete()
    [saved] = store.list(CheckIn)
    assert (saved.mood, saved.energy, saved.note) == (8, 1, "short draft")
