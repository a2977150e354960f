"""Pilot tests: the import and export dialogs, and merging sync-conflict copies at start."""

from __future__ import annotations

import json
from pathlib import Path

from rich.text import Text
from textual.widgets import Button, Input, Label, Select

from reflect.core.models import CheckIn
from reflect.screens.help import HelpScreen
from reflect.screens.transfer import ExportScreen, ImportScreen
from tests.conftest import palette_offers, wait_until

CSV = (
    "full_date,date,weekday,time,mood,activities,note_title,note\n"
    "2026-03-14,March 14,Saturday,10:00 pm,good,work,,fine day\n"
    "2026-03-13,March 13,Friday,8:00 am,[b]superb[/b],,,[@click=app.quit]x[/]\n"
)


async def settle(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def open_from_palette(app, pilot, name: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*name)
    await wait_until(pilot, lambda: palette_offers(app, name))
    await pilot.press("enter")
    await settle(app, pilot)


def plain(widget) -> str:
    content = widget.content
    return content.plain if isinstance(content, Text) else str(content)


async def test_import_dialog_asks_a_mapping_previews_and_imports(make_test_app, store, tmp_path: Path) -> None:
    source = tmp_path / "daylio.csv"
    source.write_text(CSV, encoding="utf-8")
    app = make_test_app()
    seen: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.data_changed.subscribe(app, seen.append)
        await open_from_palette(app, pilot, "Import")
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        screen.query_one(".path", Input).value = str(source)  # typed as a user would paste it
        await pilot.press("enter")
        await settle(app, pilot)
        # the unknown label is asked for, shown literally (it is the file's text, not markup)
        labels = [plain(label) for label in screen.query(Label)]
        assert 'Mood "[b]superb[/b]" is level' in labels
        assert screen.plan is None and screen.query_one("#do-import", Button).disabled
        await pilot.press("8", "enter")
        await settle(app, pilot)
        assert screen.plan is not None and screen.plan.count("add") == 2
        assert "mood 8 ([b]superb[/b])" in plain(screen._rows)
        assert store.list(CheckIn) == []  # a preview writes nothing
        await pilot.click("#do-import")
        await settle(app, pilot)
        assert not isinstance(app.screen, ImportScreen)
    moods = sorted((c.mood, c.note) for c in store.list(CheckIn))
    assert moods == [(7, "fine day"), (8, "[@click=app.quit]x[/]")]
    assert "checkins" in seen
    assert store.settings().daylio_moods == {"[b]superb[/b]": 8}


async def test_import_dialog_shows_one_line_errors(make_test_app, tmp_path: Path) -> None:
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.action_import()
        await settle(app, pilot)
        screen = app.screen
        screen.query_one(".path", Input).value = str(tmp_path / "missing.csv")
        await pilot.press("enter")
        await settle(app, pilot)
        assert "does not exist" in plain(screen._status) and screen.plan is None
        assert screen.query_one("#do-import", Button).disabled
        await pilot.press("escape", "escape")  # leave the path box, then close
        await pilot.pause()
        assert not isinstance(app.screen, ImportScreen)


async def test_help_reaches_the_import_dialog(make_test_app) -> None:
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        button = app.screen.query_one("#help-import", Button)
        button.scroll_visible(animate=False)
        await pilot.pause()
        button.press()
        await settle(app, pilot)
        assert isinstance(app.screen, ImportScreen)


async def test_export_dialog_writes_markdown(make_test_app, store, tmp_path: Path) -> None:
    store.add(CheckIn(mood=6, note="exported note"))
    target = tmp_path / "journal.md"
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await open_from_palette(app, pilot, "Export")
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        screen.query_one(Select).value = "md"
        await pilot.pause()
        assert screen.query_one(Input).value.endswith(".md")  # the suffix follows the format
        screen.query_one(Input).value = str(target)
        await pilot.click("#do-export")
        await settle(app, pilot)
        assert not isinstance(app.screen, ExportScreen)
    assert "exported note" in target.read_text(encoding="utf-8")


async def test_conflict_copies_are_merged_at_start_with_a_notice(make_test_app, store) -> None:
    kept = store.add(CheckIn(mood=5, note="here"))
    shard = store.shard_path(CheckIn, kept)
    doc = json.loads(shard.read_text())
    doc["checkin"]["1"] = {**doc["checkin"]["1"], "note": "from the other machine", "updated_at": "2030-01-01T00:00:00+00:00"}
    copy = shard.with_name(shard.stem + " (laptop's conflicted copy 2026-03-14).json")
    copy.write_text(json.dumps(doc))
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        titles = [n.title for n in app._notifications]
        assert "Merged copies from your sync tool" in titles
    assert not copy.exists()
    assert store.get(CheckIn, kept.id).note == "from the other machine"


async def test_export_dialog_error_is_one_literal_line(make_test_app, tmp_path: Path) -> None:
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.action_export()
        await settle(app, pilot)
        screen = app.screen
        bad = tmp_path / "[bold]missing[/]" / "out.json"
        screen.query_one(Input).value = str(bad)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ExportScreen)
        assert plain(screen._status) == f"folder {bad.parent} does not exist"


def test_pasted_paths() -> None:
    from reflect.screens.transfer import pasted_path

    assert pasted_path("  '/tmp/my export.csv' ") == "/tmp/my export.csv"
    assert pasted_path('"/tmp/a.csv"') == "/tmp/a.csv"
    assert pasted_path("/tmp/my\\ export.csv") == "/tmp/my export.csv"
    assert pasted_path("~/a.csv") == "~/a.csv"
