"""Done when: two machines, Syncthing-style conflict copies, the app open on one side (Pilot) and
`reflect sync` run from the CLI in that folder while it is open, ends with every variant, version,
answer and check-in from both sides present and visible.
"""

from __future__ import annotations

import asyncio
import filecmp
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable, OptionList, TextArea

from reflect.app import make_app
from reflect.core.clock import FakeClock
from reflect.core.models import CheckIn, Reflection, StoryVersion, Variant, VariantVersion
from reflect.core.story import story as sc
from reflect.screens.story.versions import VersionsScreen
from reflect.services import story_store
from reflect.store import Store
from tests.conftest import TZ
from tests.ui.story_seed import seed
from tests.ui.test_story_ui import open_story

pytestmark = pytest.mark.integration

T0 = datetime(2026, 3, 14, 9, 0, tzinfo=TZ)


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`reflect --data-dir ROOT ...` as a real process."""
    return subprocess.run([sys.executable, "-m", "reflect", "--data-dir", str(root), *args],
                          capture_output=True, text=True, timeout=120)


def deliver_conflicts(src: Path, dst: Path) -> int:
    """What Syncthing does when both sides changed a file: the other side's file arrives beside
    ours as `<stem>.sync-conflict-<date>-<time>-<device>.json`; a file only the other side has
    arrives as it is. Returns how many conflict copies were made."""
    made = 0
    for path in sorted(src.rglob("*.json")):
        rel = path.relative_to(src)
        if rel.parts[0] in ("backups", ".cache"):
            continue
        target = dst / rel
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
        elif not filecmp.cmp(path, target, shallow=False):
            shutil.copy(path, target.with_name(f"{target.stem}.sync-conflict-20260314-101010-LAPTOPB{target.suffix}"))
            made += 1
    return made


def on_the_laptop(root: Path) -> None:
    """Machine B, offline: a check-in from the CLI, a reflection, a new variant, a new story version."""
    assert cli(root, "log", "--mood", "3", "--note", "checked in on B", "--at", (T0 + timedelta(hours=1)).isoformat()).returncode == 0
    store = Store(root, FakeClock(T0 + timedelta(minutes=5)), auto_backup=False).open()
    store.add(Reflection(session="evening", day=T0.date(), answers={"win": "won on B"}, prompts={"win": "Today's win?"}))
    loaded = story_store.load(store)
    now = store.clock.now()
    story = sc.save_version(loaded.story, now, {**loaded.story.steps, "cta": "Who do you know who sells online? (B)"},
                            loaded.story.master, "B's ask")
    variant = Variant(length="2min", audience="networking", text="Two minutes for a meetup (B).", from_version=2, updated_at=now,
                      versions=[VariantVersion(n=1, saved_at=now, text="Two minutes for a meetup (B).", from_version=2)])
    story_store.save(store, loaded, story.model_copy(update={"variants": [*story.variants, variant]}))


async def test_two_machines_sync_while_the_app_is_open(tmp_path: Path) -> None:
    a_root, b_root = tmp_path / "desk", tmp_path / "laptop"
    clock = FakeClock(T0)
    desk = Store(a_root, clock, auto_backup=False).open()
    seed(desk, clock, feedback=False)
    desk.add(CheckIn(mood=5, note="shared check-in", at=T0))
    story_store.load(desk)  # the first open splits the story into its records
    shutil.copytree(a_root, b_root)
    on_the_laptop(b_root)

    app = make_app(store=desk, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        clock.advance(600)
        desk.add(CheckIn(mood=7, note="checked in on A", at=T0 + timedelta(hours=2)))
        desk.add(Reflection(session="morning", day=T0.date(), answers={"intention": "planned on A"}, prompts={"intention": "Today?"}))
        screen = await open_story(app, pilot)
        editor = screen.query_one("#editor", TextArea)
        editor.focus()
        await pilot.press("end", *" Also on A.")
        await pilot.press("ctrl+s", *"A's edit", "enter")
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+n")
        await pilot.press("ctrl+s")  # a 60 s client variant
        await app.workers.wait_for_complete()
        await pilot.pause()

        # the laptop's files arrive as conflict copies; the CLI merges them while the app is open
        assert deliver_conflicts(b_root, a_root) >= 3
        merged = await asyncio.to_thread(cli, a_root, "sync")
        assert merged.returncode == 0, merged.stderr

        # the app keeps typing (its next save is a compare-and-swap against the merged files)
        screen.query_one("#items", OptionList).focus()
        await pilot.press("home")  # back to the first step
        editor.focus()
        await pilot.press("end", *" Typed after the sync.")
        clock.advance(60)
        await pilot.press("ctrl+s", *"after sync", "enter")
        await app.workers.wait_for_complete()
        await pilot.press("escape", "t")
        screen = await open_story(app, pilot)

        items = screen.query_one("#items", OptionList)
        labels = [str(items.get_option_at_index(i).prompt) for i in range(items.option_count)]
        assert sum("2min networking" in x for x in labels) == 1  # the laptop's variant
        assert sum("60s client" in x for x in labels) == 1  # the desk's new variant
        assert sum("30s client" in x for x in labels) == 1  # the shared one
        items.focus()
        await pilot.press("home")
        await pilot.press("ctrl+o")
        versions = app.screen
        assert isinstance(versions, VersionsScreen)
        whys = [v.why for v in versions.versions]
        assert {"First draft", "B's ask", "A's edit", "after sync"} <= set(whys)
        await pilot.press("escape", "escape")
        story = story_store.load(desk).story
        assert story.steps["portrait"].endswith("Also on A. Typed after the sync.")
        assert story.steps["cta"] == "Who do you know who sells online? (B)"

        await pilot.press("h")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        notes = {str(table.get_row_at(i)[-1]) for i in range(table.row_count)}
        assert {"shared check-in", "checked in on A", "checked in on B"} <= notes

    answers = [r.answers for r in Store(a_root, clock).open().list(Reflection)]
    assert {"win": "won on B"} in answers and {"intention": "planned on A"} in answers
    assert not list(a_root.rglob("*.sync-conflict-*"))
    assert isinstance(story.versions[0], StoryVersion)
