"""People in the TUI: an .eml from a known address lands on that person; two people merge into one."""

from __future__ import annotations

from reflect.core.models import FeedbackRequest, FeedbackResponse, Person
from reflect.screens.people.dialogs import ConfirmDialog, ImportFileDialog
from reflect.screens.people.merge import MergeDialog
from tests.ui.test_feedback_ui import open_people, screen_text
from tests.unit.test_feedback_people import ELM, _known


async def _settle(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_an_eml_from_a_known_address_answers_the_request(make_test_app, store, clock, tmp_path) -> None:
    jonas, req = _known(store, clock)
    reply = tmp_path / "reply.eml"
    reply.write_text(ELM, encoding="utf-8")
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_people(pilot)
        await pilot.press("3", "i")
        await pilot.pause()
        assert isinstance(app.screen, ImportFileDialog)
        app.screen.query_one("#path").value = str(reply)
        await pilot.click("#save")
        await _settle(app, pilot)
        await pilot.press("2")
        await _settle(app, pilot)
        assert "answered" in screen_text(app)
    assert [p.name for p in store.list(Person)] == ["Jonas Weber"]
    assert store.get(FeedbackRequest, req.id).status == {jonas.id: "answered"}


async def test_merge_two_people_from_the_people_tab(make_test_app, store, clock) -> None:
    jonas, _ = _known(store, clock)
    dup = store.add(Person(name="J. Weber", contact="jw@example.com"))
    store.add(Person(name="Mia Roth"))
    store.add(FeedbackResponse(person_id=dup.id, from_name="J. Weber"))
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_people(pilot)
        await pilot.press("1")
        table = screen.query_one("#people-table")
        table.move_cursor(row=1)  # sorted by name: J. Weber, Jonas Weber, Mia Roth
        await pilot.pause()
        assert screen._person().id == jonas.id
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, MergeDialog)
        assert [p.name for p in app.screen.choices] == ["J. Weber", "Mia Roth"]  # the look-alike first
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await _settle(app, pilot)
        assert any(n.message.startswith("Merged J. Weber into Jonas Weber: 1 reply, ") for n in app._notifications)
        assert "J. Weber" not in screen_text(app).replace("Jonas Weber", "")
    assert sorted(p.name for p in store.list(Person)) == ["Jonas Weber", "Mia Roth"]
    (resp,) = store.list(FeedbackResponse)
    assert resp.person_id == jonas.id
