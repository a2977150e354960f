"""Typing is never saved out of order: a burst followed at once by the next key ends up on disk whole.

The store is real; only its speed is faked (every write sleeps a random few milliseconds), so an
older save that starts first can finish last, as on a slow disk.
"""

from __future__ import annotations

import asyncio
import random

from textual import events

from reflect.core.models import Reflection
from reflect.store import Store


class SlowStore(Store):
    """A real store whose writes each take a random few milliseconds longer."""

    def __init__(self, *args, seed: int = 0, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._random = random.Random(seed)

    def put(self, record, **kwargs):
        """Sleep a random 1-30 ms, then store."""
        import time

        time.sleep(self._random.uniform(0.001, 0.03))
        return super().put(record, **kwargs)


def burst(app, text: str, *then: str) -> None:
    """Queue every key of `text` and then `then` in one go, as a paste without bracketed paste does."""
    for ch in text:
        key = events.Key(ch if ch.isalnum() else {" ": "space"}.get(ch, ch), ch)
        key.set_sender(app)
        app._driver.send_message(key)
    for name in then:
        key = events.Key(name, None)
        key.set_sender(app)
        app._driver.send_message(key)


async def until(condition, seen=lambda: None, tries: int = 400) -> None:
    """Wait until `condition()` holds (polling; fails after a generous bound, showing `seen()`)."""
    for _ in range(tries):
        if condition():
            return
        await asyncio.sleep(0.025)
    assert condition(), seen()


async def test_burst_then_next_saves_the_whole_answer(data_dir, clock, tmp_path, monkeypatch) -> None:
    from reflect.app import make_app
    from reflect.screens.reflection import ReflectionScreen

    monkeypatch.setenv("REFLECT_CONFIG_DIR", str(tmp_path / "config"))
    store = SlowStore(data_dir, clock, seed=7).open()
    app = make_app(store=store, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await until(lambda: isinstance(app.screen, ReflectionScreen) and app.screen.reflection is not None)
        screen = app.screen
        for answer in ("Call the accountant about VAT", "Send the invoice to Client A", "Stretch"):
            page = screen.index
            burst(app, answer, "ctrl+n")
            await until(lambda page=page: screen.index == page + 1)
            await until(lambda page=page, answer=answer: store.list(Reflection) and store.list(Reflection)[0].answers.get(screen.pages[page].id) == answer,
                        lambda: store.list(Reflection)[0].answers)
        await app.workers.wait_for_complete()
        await until(lambda: screen.idle_saves())
        [saved] = store.list(Reflection)
    assert list(saved.answers.values()) == ["Call the accountant about VAT", "Send the invoice to Client A", "Stretch"]


async def test_portrait_typed_in_a_burst_and_left_unsaved_is_kept_whole(data_dir, clock) -> None:
    from textual.widgets import TextArea

    from reflect.app import make_app
    from reflect.core.drafts import Draft, draft_id
    from reflect.screens.people.area import PeopleScreen

    text = "When I am at my best, I explain hard things simply and keep a room calm."
    store = SlowStore(data_dir, clock, seed=11).open()
    app = make_app(store=store, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("p")
        await until(lambda: isinstance(app.screen, PeopleScreen))
        await app.workers.wait_for_complete()
        await pilot.press("5")
        area = app.screen.query_one("#portrait-text", TextArea)
        await until(lambda: area.has_focus)
        burst(app, text)
        await until(lambda: area.text == text)
        # the app closes at once, before any ctrl+s
    assert app.saves.wait_idle(timeout=30)
    assert store.get(Draft, draft_id("portrait")).values == {"text": text}

    app2 = make_app(store=Store(data_dir, clock).open(), clock=clock)
    async with app2.run_test(size=(100, 30)) as pilot:
        await pilot.press("p")
        await until(lambda: isinstance(app2.screen, PeopleScreen))
        area = app2.screen.query_one("#portrait-text", TextArea)
        await until(lambda: area.text == text)


async def test_escape_in_the_answer_box_leaves_it_and_a_second_one_closes_saved(make_test_app, store, tmp_path, monkeypatch) -> None:
    from textual.widgets import TextArea

    from reflect.screens.reflection import ReflectionScreen

    monkeypatch.setenv("REFLECT_CONFIG_DIR", str(tmp_path / "config"))
    app = make_test_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await until(lambda: isinstance(app.screen, ReflectionScreen) and app.screen.query_one("#chooser").option_count)
        await pilot.press("enter")
        screen = app.screen
        await until(lambda: screen.reflection is not None and screen.query_one("#answer", TextArea).has_focus)
        await pilot.press(*"Slept well", "escape")
        assert app.screen is screen and screen.focused is None
        await pilot.press("escape")
        await until(lambda: not isinstance(app.screen, ReflectionScreen))
        await app.workers.wait_for_complete()
        await until(lambda: app.saves.idle())
    [saved] = store.list(Reflection)
    assert list(saved.answers.values()) == ["Slept well"]
