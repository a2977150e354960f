"""An edit made in the app to a record another window (or `reflect sync`) changed since the app read
it keeps the other change: people, requests, replies and settings merge field by field."""

from __future__ import annotations

from datetime import timedelta

from reflect.core.clock import FakeClock
from reflect.core.models import Answer, FeedbackRequest, FeedbackResponse, Person
from reflect.store import Store
from tests.ui.test_feedback_ui import open_people


async def _settle(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def other_window(store: Store, clock: FakeClock) -> Store:
    """A second process on the same folder, a few minutes later."""
    return Store(store.root, FakeClock(clock.now() + timedelta(minutes=5))).open()


async def test_thanking_a_person_keeps_a_note_written_in_another_window(make_test_app, store, clock) -> None:
    person = store.add(Person(name="Ana Costa", relation="client"))
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_people(pilot)
        await pilot.press("1")
        await pilot.pause()
        other = other_window(store, clock)
        other.put(other.get(Person, person.id).model_copy(update={"note": "prefers calls"}))
        await pilot.press("x")
        await _settle(app, pilot)
    saved = store.get(Person, person.id)
    assert saved.note == "prefers calls"
    assert saved.last_thanked is not None


async def test_the_same_field_changed_in_both_places_keeps_both_copies(make_test_app, store, clock) -> None:
    person = store.add(Person(name="Ana Costa", relation="client"))
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_people(pilot)
        await pilot.press("1")
        await pilot.pause()
        other = other_window(store, clock)
        other.put(other.get(Person, person.id).model_copy(update={"last_thanked": clock.now() - timedelta(days=3)}))
        await pilot.press("x")
        await _settle(app, pilot)
        assert any("changed elsewhere" in n.message for n in app._notifications)
    saved = store.get(Person, person.id)
    assert saved.last_thanked == clock.now()
    assert [h["last_thanked"] for h in saved.history] == [(clock.now() - timedelta(days=3)).isoformat()]


async def test_a_request_status_change_keeps_a_follow_up_noted_elsewhere(make_test_app, store, clock) -> None:
    person = store.add(Person(name="Ana Costa", relation="client"))
    req = store.add(FeedbackRequest(person_ids=[person.id], status={person.id: "draft"}))
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_people(pilot)
        await pilot.press("2")
        await pilot.pause()
        other = other_window(store, clock)
        other.put(other.get(FeedbackRequest, req.id).model_copy(update={"followed_up": {person.id: clock.now()}}))
        await pilot.press("k")
        await _settle(app, pilot)
    saved = store.get(FeedbackRequest, req.id)
    assert saved.status == {person.id: "sent"}
    assert person.id in saved.followed_up


async def test_marking_a_reply_quotable_keeps_a_passage_tagged_elsewhere(make_test_app, store, clock) -> None:
    person = store.add(Person(name="Ana Costa", relation="client"))
    reply = store.add(FeedbackResponse(person_id=person.id, from_name="Ana Costa",
                                       answers=[Answer(question="A time I helped", text="She made the launch calm.")]))
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_people(pilot)
        await pilot.press("3")
        await pilot.pause()
        other = other_window(store, clock)
        other.put(other.get(FeedbackResponse, reply.id).model_copy(update={"dismissed": ["calm"]}))
        before = store.get(FeedbackResponse, reply.id).quotable
        await pilot.press("u")
        await _settle(app, pilot)
    saved = store.get(FeedbackResponse, reply.id)
    assert saved.dismissed == ["calm"]
    assert saved.quotable != before


async def test_a_settings_change_keeps_one_made_in_another_window(make_test_app, store, clock) -> None:
    store.put(store.settings())
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(app, pilot)
        stale = store.settings()
        other = other_window(store, clock)
        other.put(other.settings().model_copy(update={"wpm": 170}))
        await app.save(stale.model_copy(update={"theme": "textual-light"}), base=stale)
        await _settle(app, pilot)
    saved = store.settings()
    assert saved.wpm == 170 and saved.theme == "textual-light"
