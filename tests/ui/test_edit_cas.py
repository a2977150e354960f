"""Edits in the app are compare-and-swaps: a change written underneath by another process (a second
Store on the same folder stands for another window, `reflect sync` or a sync tool) is merged field
by field, or kept beside the edit as the history copy the Conflicts screen shows; never overwritten."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from textual.widgets import TextArea

from reflect.core.checkin.checkins import new_checkin
from reflect.core.clock import FakeClock
from reflect.core.models import CheckIn, Reflection
from reflect.screens.checkin.dialog import CheckInScreen
from reflect.screens.reflection import ReflectionScreen
from reflect.services import record_conflicts
from reflect.store import Store
from tests.conftest import TZ, wait_until


def other_window(data_dir: Path, clock: FakeClock) -> Store:
    """A second store on the same folder, writing a little later (another process, another window)."""
    return Store(data_dir, FakeClock(clock.now() + timedelta(minutes=5)), auto_backup=False).open()


def stored(data_dir: Path, collection: str, kind: str) -> list[dict]:
    """The documents of one kind, read straight from the files."""
    out = []
    for path in sorted((data_dir / collection).glob("*.json")):
        out.extend(json.loads(path.read_text())[kind].values())
    return out


def notices(app) -> str:
    """Every notification shown so far, as one string."""
    return "\n".join(n.message for n in app._notifications)


async def edit_checkin_note(app, pilot, underneath, extra: str) -> None:
    """Open the only check-in for editing, let `underneath()` write to disk, add `extra` to the note, save."""
    await pilot.press("h")
    await wait_until(pilot, lambda: app.screen.query("DataTable") and app.screen.query_one("DataTable").row_count)
    await pilot.press("e")
    await wait_until(pilot, lambda: isinstance(app.screen, CheckInScreen))
    dialog = app.screen
    underneath()
    note = dialog.query_one("#note", TextArea)
    note.focus()
    note.move_cursor(note.document.end)
    await pilot.press(*extra)
    await wait_until(pilot, lambda: note.text.endswith(extra))
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: not isinstance(app.screen, CheckInScreen))
    await app.workers.wait_for_complete()


async def test_a_checkin_edit_merges_a_change_made_underneath_to_another_field(make_test_app, store, clock, data_dir) -> None:
    c = new_checkin(clock, mood=6, energy=4, tags=["work"], note="first", at=clock.now() - timedelta(hours=1))
    store.add(c)
    elsewhere = other_window(data_dir, clock)

    def retag() -> None:
        [mine] = elsewhere.list(CheckIn)
        elsewhere.put(mine.model_copy(update={"tags": ["work", "tagged elsewhere"]}))

    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await edit_checkin_note(app, pilot, retag, " and more")
        [doc] = stored(data_dir, "checkins", "checkin")
        assert doc["note"] == "first and more"
        assert doc["tags"] == ["work", "tagged elsewhere"]
        assert not doc.get("history")
        await wait_until(pilot, lambda: "both changes are kept" in notices(app))


async def test_a_checkin_edit_of_a_field_changed_underneath_keeps_both_copies(make_test_app, store, clock, data_dir) -> None:
    c = new_checkin(clock, mood=6, energy=4, note="first", at=clock.now() - timedelta(hours=1))
    store.add(c)
    elsewhere = other_window(data_dir, clock)

    def renote() -> None:
        [mine] = elsewhere.list(CheckIn)
        elsewhere.put(mine.model_copy(update={"note": "rewritten in the other window"}))

    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await edit_checkin_note(app, pilot, renote, " typed here")
        [doc] = stored(data_dir, "checkins", "checkin")
        assert doc["note"] == "first typed here"
        assert [h["note"] for h in doc.get("history", [])] == ["rewritten in the other window"]
        await wait_until(pilot, lambda: "both copies are kept" in notices(app))
    [conflict] = record_conflicts.find(Store(data_dir, clock).open())
    assert conflict.copies[0]["note"] == "rewritten in the other window"


async def test_a_reflection_autosave_keeps_an_answer_and_the_history_written_underneath(
    make_test_app, store, clock, data_dir, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("REFLECT_CONFIG_DIR", str(tmp_path / "config"))
    clock.set(datetime(2026, 3, 14, 20, 0, tzinfo=TZ))  # evening
    began = Reflection(session="evening", prompt_set="evening", day=clock.now().date(), status="in_progress",
                       position=0, answers={"progress": "Shipped"}, updated_at=clock.now())
    store.add(began)
    elsewhere = other_window(data_dir, clock)
    other_copy = {**began.to_doc(), "answers": {"progress": "Shipped on the laptop"}}
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, ReflectionScreen) and app.screen.reflection is not None)
        screen = app.screen
        # meanwhile: another window answers a later page, and a sync merge keeps the laptop's copy
        [mine] = elsewhere.list(Reflection)
        doc = {**mine.model_copy(update={"answers": {**mine.answers, "catalysts": "Quiet morning"}}).to_doc(),
               "history": [other_copy]}
        elsewhere.put(Reflection.model_validate(doc))
        await pilot.press(*" the draft")
        await wait_until(pilot, lambda: screen.query_one("#answer", TextArea).text == "Shipped the draft")
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: screen.index == 1 and screen.idle_saves())
    [saved] = stored(data_dir, "reflections", "reflection")
    assert saved["answers"] == {"progress": "Shipped the draft", "catalysts": "Quiet morning"}
    assert saved["history"] == [other_copy]
