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


async def edit_here_after_elsewhere(make_test_app, store, clock, tab: str, cls, rid: str, update: dict, key: str) -> list[str]:
    """Open People on `tab`, let another window change record `rid`, then press `key` here; the
    notices the app showed."""
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_people(pilot)
        await pilot.press(tab)
        await pilot.pause()
        other = other_window(store, clock)
        other.put(other.get(cls, rid).model_copy(update=update))
        await pilot.press(key)
        await _settle(app, pilot)
        return [n.message for n in app._notifications]


async def test_thanking_a_person_keeps_a_note_written_in_another_window(make_test_app, store, clock) -> None:
    person = store.add(Person(name="Ana Costa", relation="client"))
    await edit_here_after_elsewhere(make_test_app, store, clock, "1", Person, person.id, {"note": "prefers calls"}, "x")
    saved = store.get(Person, person.id)
    assert saved.note == "prefers calls"
    assert saved.last_thanked is not None


async def test_the_same_field_changed_in_both_places_keeps_both_copies(make_test_app, store, clock) -> None:
    person = store.add(Person(name="Ana Costa", relation="client"))
    earlier = clock.now() - timedelta(days=3)
    told = await edit_here_after_elsewhere(make_test_app, store, clock, "1", Person, person.id, {"last_thanked": earlier}, "x")
    assert any("changed elsewhere" in line for line in told)
    saved = store.get(Person, person.id)
    assert saved.last_thanked == clock.now()
    assert [h["last_thanked"] for h in saved.history] == [earlier.isoformat()]


async def test_a_request_status_change_keeps_a_follow_up_noted_elsewhere(make_test_app, store, clock) -> None:
    person = store.add(Person(name="Ana Costa", relation="client"))
    req = store.add(FeedbackRequest(person_ids=[person.id], status={person.id: "draft"}))
    await edit_here_after_elsewhere(make_test_app, store, clock, "2", FeedbackRequest, req.id,
                                    {"followed_up": {person.id: clock.now()}}, "k")
    saved = store.get(FeedbackRequest, req.id)
    assert saved.status == {person.id: "sent"}
    assert person.id in saved.followed_up


async def test_marking_a_reply_quotable_keeps_a_passage_tagged_elsewhere(make_test_app, store, clock) -> None:
    person = store.add(Person(name="Ana Costa", relation="client"))
    reply = store.add(FeedbackResponse(person_id=person.id, from_name="Ana Costa",
                                       answers=[Answer(question="A time I helped", text="She made the launch calm.")]))
    before = reply.quotable
    await edit_here_after_elsewhere(make_test_app, store, clock, "3", FeedbackResponse, reply.id, {"dismissed": ["calm"]}, "u")
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
