"""The story editor's autosave is ordered: the last text on screen is the text on disk, always.

The store's writes are slowed by a random delay taken before the write (as a slow or busy disk
would), so a write started earlier can finish later. Each round types two bursts, each followed at
once by a key that takes the screen away (which saves the drafts right then), waits until every
write has landed, and compares the disk with the screen.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time

from textual.widgets import TextArea
from textual.worker import WorkerCancelled

from reflect.app import make_app
from reflect.services import story_store
from reflect.store import Store
from tests.ui.story_seed import seed
from tests.ui.test_story_ui import open_story


class SlowStore(Store):
    """A real store whose writes first wait a random 0-1 s (seeded, so a run is repeatable)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rng = random.Random(2)
        self.busy = 0
        self.idle = threading.Condition()

    def _slow(self, write, *args, **kwargs):
        with self.idle:
            self.busy += 1
            delay = self.rng.uniform(0, 1.0)
        try:
            time.sleep(delay)
            return write(*args, **kwargs)
        finally:
            with self.idle:
                self.busy -= 1
                self.idle.notify_all()

    def put(self, *args, **kwargs):
        return self._slow(super().put, *args, **kwargs)

    def put_many(self, *args, **kwargs):
        return self._slow(super().put_many, *args, **kwargs)

    def wait_idle(self) -> None:
        """Block until no write is running (writes already abandoned by the app included)."""
        with self.idle:
            self.idle.wait_for(lambda: self.busy == 0)


async def settle(app, store: SlowStore) -> None:
    """Wait until every worker is done and every write has landed (a reload may be cancelled by a newer one)."""
    while True:
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:
            continue
        await asyncio.to_thread(store.wait_idle)
        if not any(w.is_running for w in app.workers) and store.busy == 0:
            return


async def test_a_burst_then_an_immediate_key_leaves_the_last_text_on_disk(data_dir, clock) -> None:
    store = SlowStore(data_dir, clock, auto_backup=False).open()
    seed(store, clock, feedback=False)
    app = make_app(store=store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_story(app, pilot)
        editor = screen.query_one("#editor", TextArea)
        editor.focus()
        await pilot.press("end")
        for first, second in (("Call", " the"), (" accountant", " about"), (" VAT", " today"), (" before", " noon")):
            for burst in (first, second):
                await pilot.press(*burst, "ctrl+o")  # a burst, and at once a key that leaves the editor
                await pilot.press("escape")
            await settle(app, store)
            on_disk = story_store.load(Store(data_dir, clock).open())
            assert on_disk is not None
            assert on_disk.story.drafts.get("step:portrait") == editor.text
    assert editor.text.endswith("Call the accountant about VAT today before noon")


async def test_a_text_changed_in_another_window_shows_both_copies_and_keeps_either(data_dir, clock) -> None:
    """Another window saves the same step while this one types: both copies are kept, ctrl+b shows
    them, Enter keeps the highlighted one and the other becomes a version."""
    from textual.widgets import OptionList

    from reflect.screens.story.conflicts import ConflictsScreen

    store = SlowStore(data_dir, clock, auto_backup=False).open()
    seed(store, clock, feedback=False)
    app = make_app(store=store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_story(app, pilot)
        other = Store(data_dir, clock, auto_backup=False).open()  # the second window
        theirs = story_store.load(other)
        story_store.save(other, theirs, theirs.story.model_copy(update={"steps": {**theirs.story.steps, "portrait": "Theirs."}}))
        editor = screen.query_one("#editor", TextArea)
        editor.focus()
        await pilot.press("end", *" Mine.", "ctrl+o", "escape")  # leaving the editor saves the draft
        await settle(app, store)
        assert screen.loaded is not None and len(screen.loaded.conflicts) == 1
        assert any("edited elsewhere" in str(n.message) for n in app._notifications)
        await pilot.press("ctrl+b")
        assert isinstance(app.screen, ConflictsScreen)
        rows = app.screen.query_one("#copies", OptionList)
        assert rows.option_count == 2
        await pilot.press("down", "enter")  # keep the other window's copy
        await settle(app, store)
        await pilot.pause()
        assert editor.text == "Theirs."
        await pilot.press("ctrl+o", "escape")  # a later autosave does not bring the other copy back
        await settle(app, store)
    after = story_store.load(Store(data_dir, clock).open())
    assert after.conflicts == [] and after.story.steps["portrait"] == "Theirs."
    kept = [v for v in after.story.versions if "not chosen" in v.why]
    assert kept and kept[0].steps["portrait"].endswith("simple. Mine.")
