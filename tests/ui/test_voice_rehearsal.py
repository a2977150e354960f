"""Listening during a rehearsal, through the TUI: live pace and fillers, saved with the run, kept and deleted audio.

The microphone is the one fake, injected through `make_app(microphone=...)`: a WAV file that espeak-ng
spoke stands in for it (read as fast as the recogniser takes it). Recognition is real.
"""

from __future__ import annotations

import asyncio
import shutil
import stat
import subprocess
import sys
from contextlib import asynccontextmanager

import pytest
from textual.widgets import Static

from reflect.core.models import Rehearsal
from reflect.screens.story.dialogs import RatingDialog
from reflect.screens.story.rehearse import RehearseScreen
from reflect.services import listening
from reflect.widgets.story.listen_panel import ListenPanel
from reflect.widgets.story.rehearsal_history import RehearsalHistory
from tests.conftest import need
from tests.ui.story_seed import seed
from tests.ui.test_story_ui import open_story, pick_last_item

SPOKEN = (
    "Um, small shops lose sales at checkout. You know, I basically fix the checkout in two weeks. "
    "A bakery lost half its online orders. I removed three steps. Orders went up 40% in a month. "
    "Who do you know who runs a shop online?"
)
"""The seeded variant as said, with one filler ("you know") that is not in the script."""


@pytest.fixture
def microphone(tmp_path, request) -> listening.WavSource:
    """A spoken WAV in place of the microphone (SPOKEN, or the text a test's `said` marker gives)."""
    need(shutil.which("espeak-ng") is not None, "espeak-ng is not installed (apt-get install espeak-ng)")
    marker = request.node.get_closest_marker("said")
    wav = tmp_path / "said.wav"
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(wav), marker.args[0] if marker else SPOKEN], check=True, capture_output=True)
    return listening.WavSource(wav)


@asynccontextmanager
async def rehearsing(make_test_app, store, clock, microphone=None):
    """The seeded variant's rehearsal screen at 80x24, listening to `microphone` (a source factory) when given."""
    seed(store, clock)
    app = make_test_app(microphone=microphone)
    async with app.run_test(size=(80, 24)) as pilot:
        await pick_last_item(await open_story(app, pilot), pilot)
        await pilot.press("ctrl+r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RehearseScreen)
        await app.workers.wait_for_complete()
        yield app, pilot, screen


def text_of(widget: Static) -> str:
    """The plain text a Static shows."""
    return str(widget.render())


async def test_a_listened_run_is_analysed_live_saved_and_its_kept_audio_deletable(make_test_app, store, clock, microphone) -> None:
    async with rehearsing(make_test_app, store, clock, lambda: microphone) as (app, pilot, screen):
        panel = screen.query_one(ListenPanel)
        await pilot.press("e", "k", "P", "P")  # 2 s -> 3 s -> 1 s
        assert panel.enabled and panel.keep and panel.pause_seconds == 1.0
        assert "pauses 1s+" in text_of(panel)
        await pilot.press("space")
        clock.advance(20)
        await asyncio.to_thread(microphone.done.wait, 600)
        await pilot.pause()
        assert "wpm now" in text_of(panel)  # the live report arrived while the run was going
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, RatingDialog)
        await pilot.press("4", "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen
        runs = store.list(Rehearsal)
        assert len(runs) == 1
        run = runs[0]
        assert run.speech is not None and 100 < run.speech["wpm"] < 220, run.speech
        assert {"word": "you know", "count": 1} in run.speech["fillers"]
        assert run.speech["skipped"] == []
        kept = store.root / "recordings" / f"{run.id}.wav"
        assert run.recording == run.id and kept.exists()
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600
        history = text_of(screen.query_one(RehearsalHistory))
        assert "heard" in history and "Heard, 1 listened runs" in history
        assert "Heard" in text_of(panel) and "you know x1" in text_of(panel)
        await pilot.press("K")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not kept.exists()
        assert store.list(Rehearsal)[0].recording is None


async def test_without_the_voice_extra_the_screen_says_how_and_runs_still_work(make_test_app, store, clock, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "pocketsphinx", None)  # as if the voice extra were not installed
    async with rehearsing(make_test_app, store, clock) as (app, pilot, screen):
        panel = screen.query_one(ListenPanel)
        await pilot.press("e")
        assert not panel.enabled
        assert "pip install 'reflect-journal[voice]'" in text_of(panel)
        await pilot.press("space")
        clock.advance(10)
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    runs = store.list(Rehearsal)
    assert len(runs) == 1 and runs[0].speech is None and runs[0].recording is None
    assert not (store.root / "recordings").exists()


@pytest.mark.said("Small shops lose sales at checkout.")
async def test_no_audio_is_written_unless_kept(make_test_app, store, clock, microphone) -> None:
    async with rehearsing(make_test_app, store, clock, lambda: microphone) as (app, pilot, _):
        await pilot.press("e", "space")
        clock.advance(20)
        await asyncio.to_thread(microphone.done.wait, 600)
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    runs = store.list(Rehearsal)
    assert runs[0].speech is not None and runs[0].recording is None
    assert not (store.root / "recordings").exists()
    assert not [p for p in store.root.rglob("*") if p.suffix in (".wav", ".tmp", ".raw")]


async def test_a_failing_microphone_is_shown_at_once_and_the_run_is_kept(make_test_app, store, clock) -> None:
    def broken() -> listening.Source:
        raise OSError("Error opening InputStream: Device unavailable")

    async with rehearsing(make_test_app, store, clock, broken) as (app, pilot, screen):
        panel = screen.query_one(ListenPanel)
        await pilot.press("e", "space")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Listening failed: Error opening InputStream: Device unavailable" in text_of(panel)
        clock.advance(10)
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    runs = store.list(Rehearsal)
    assert len(runs) == 1 and runs[0].speech is None and runs[0].duration_seconds == 10
