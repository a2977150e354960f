"""What the app has loaded when its first frame is painted, and what it leaves for later.

Each check runs `reflect --data-dir DIR` in a fresh process (headless, 80x24) and records
`sys.modules` at the first frame Textual renders: what another test imported cannot hide a module
this way. No time is measured; the benchmarks do that.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PROBE = """
import json, sys
from textual.app import App

WATCH = {watch!r}
UNTIL_DATA = {until_data!r}
seen = {{}}
display = App._display


def first_frame(self, screen, renderable):
    display(self, screen, renderable)
    if renderable is None:
        return
    if not UNTIL_DATA:
        seen.setdefault("first", sorted(m for m in WATCH if m in sys.modules))
        self.exit()
    elif any("today" in str(panel.border_title) for panel in screen.query("TodayCheckIns")):
        seen.setdefault("first", sorted(m for m in WATCH if m in sys.modules))
        self.exit()


App._display = first_frame
run = App.run
App.run = lambda self, **kw: run(self, headless=True, size=(80, 24))
from reflect.cli import main

main(["--data-dir", {data_dir!r}])
print(json.dumps(seen))
"""


def loaded_at_first_frame(data_dir: Path, watch: list[str], until_data: bool = False) -> list[str]:
    """Which of `watch` are imported when `reflect --data-dir DATA_DIR` paints its first frame
    (`until_data`: the first frame that shows today's check-in count)."""
    code = PROBE.format(watch=watch, data_dir=str(data_dir), until_data=until_data)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])["first"]


def test_the_probe_sees_what_the_first_frame_needs(tmp_path: Path) -> None:
    assert loaded_at_first_frame(tmp_path / "j", ["reflect.screens.today", "textual.widgets._header"]) == [
        "reflect.screens.today", "textual.widgets._header"]


def test_the_first_frame_needs_no_command_parser_store_or_domain(tmp_path: Path) -> None:
    """Opening the app paints Today before argparse, pydantic, the store or any other area is loaded."""
    later = ["argparse", "pydantic", "reflect.store", "reflect.core.models", "reflect.cli.parser",
             "reflect.screens.focus.area", "reflect.screens.people.area", "reflect.screens.story.area",
             "reflect.screens.insights", "reflect.widgets.today.feedback"]
    assert loaded_at_first_frame(tmp_path / "j", later) == []


async def test_today_is_painted_as_soon_as_it_is_laid_out(make_test_app, monkeypatch) -> None:
    """Today's first layout is not made while Textual holds back repaints (and then made again)."""
    from textual.app import App

    first: list[tuple[str, int]] = []
    display = App._display

    def record(self, screen, renderable) -> None:
        if renderable is not None and not first:
            first.append((type(screen).__name__, self._batch_count))  # noqa: SLF001
        display(self, screen, renderable)

    monkeypatch.setattr(App, "_display", record)
    async with make_test_app().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert first == [("TodayScreen", 0)]


async def test_coming_back_to_today_finds_the_same_screen(make_test_app) -> None:
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        today = app.screen
        for key in ("f", "t", "i", "t"):
            await pilot.press(key)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        assert app.screen is today and app.current_mode == "today"


def test_todays_check_ins_are_shown_before_the_other_panels_and_chores_are_loaded(tmp_path: Path) -> None:
    """The check-ins panel is what a person opens the app to see: the other panels' modules and
    merging sync copies (which compete with it for the interpreter) wait until it has its data."""
    journal = tmp_path / "j"
    log = [sys.executable, "-m", "reflect", "--data-dir", str(journal), "log", "--mood", "6", "--energy", "5"]
    subprocess.run(log, check=True, capture_output=True, timeout=120)
    later = ["reflect.widgets.today.focus", "reflect.widgets.today.reflection", "reflect.widgets.today.feedback",
             "reflect.widgets.today.practice", "reflect.screens.transfer"]
    assert loaded_at_first_frame(journal, [*later, "reflect.store"], until_data=True) == ["reflect.store"]
