"""Pilot tests of the focus screen: start, pause, interruption, extend, finish, debrief, away."""

from __future__ import annotations

import pytest

from reflect.core.focus import timer as F
from reflect.core.models import FocusBlock, Reflection
from reflect.screens.focus.area import FocusScreen
from reflect.screens.focus.dialogs import AwayDialog, DebriefDialog, InterruptionDialog
from reflect.screens.focus.session import FocusSession
from tests.conftest import wait_until


class RecordingNotifier:
    """Records notifications instead of sending them (the real one is tested in integration)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def notify(self, title, body, done=None):
        self.sent.append((title, body))


async def _open_focus(pilot):
    await pilot.press("f")
    await pilot.pause()
    await _settle(pilot)
    assert isinstance(pilot.app.screen, FocusScreen)


async def _settle(pilot, n: int = 3):
    """Let saves finish (not the workers that wait on a dialog's answer)."""
    import asyncio

    for _ in range(n):
        busy = [w for w in pilot.app.workers if w.group not in ("focus-end", "focus-away") and not w.is_finished]
        if busy:
            await asyncio.wait([asyncio.ensure_future(w.wait()) for w in busy], timeout=10)
        await pilot.pause()


def _blocks(store):
    return store.list(FocusBlock)


async def test_start_pause_interrupt_extend_finish_debrief_break(make_test_app, store, clock):
    notifier = RecordingNotifier()
    app = make_test_app(notifier=notifier)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_focus(pilot)
        await pilot.press("tab", *"Draft", "enter")
        await _settle(pilot)
        [block] = _blocks(store)
        assert block.intention == "Draft" and block.planned_seconds == 25 * 60 and block.ended_at is None

        clock.advance(60)
        await pilot.press("space")
        await _settle(pilot)
        assert F.is_paused(store.get(FocusBlock, block.id))
        clock.advance(120)
        await pilot.press("space")
        await _settle(pilot)
        stored = store.get(FocusBlock, block.id)
        assert not F.is_paused(stored) and len(stored.pauses) == 1

        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, InterruptionDialog)
        await pilot.press(*"phone", "up", "enter")  # the reason box is focused; up flips to internal
        await _settle(pilot)
        stored = store.get(FocusBlock, block.id)
        assert [(i.source, i.reason) for i in stored.interruptions] == [("internal", "phone")]
        assert F.remaining(stored, clock.now()) == 24 * 60  # the clock did not stop

        await pilot.press("plus")
        await _settle(pilot)
        assert store.get(FocusBlock, block.id).planned_seconds == 30 * 60

        await pilot.press("d")
        await _settle(pilot)
        assert isinstance(app.screen, DebriefDialog)
        await pilot.press("p", "4", "7", "enter")
        await _settle(pilot)
        done = store.get(FocusBlock, block.id)
        assert (done.outcome, done.focus_quality, done.energy_after) == ("partial", 4, 7)
        assert F.focus_seconds(done) == 60
        breaks = [b for b in _blocks(store) if b.block_type == "break"]
        assert len(breaks) == 1 and breaks[0].ended_at is None and breaks[0].planned_seconds == 300


async def test_the_end_is_detected_in_the_tick_and_notified(make_test_app, store, clock):
    notifier = RecordingNotifier()
    app = make_test_app(notifier=notifier)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_focus(pilot)
        await pilot.press("tab", *"[b]x", "enter")
        await _settle(pilot)
        clock.advance(25 * 60)
        await wait_until(pilot, lambda: isinstance(app.screen, DebriefDialog))
        await _settle(pilot)
        assert notifier.sent == [("Focus block done", "[b]x")]
        assert isinstance(app.screen, DebriefDialog)
        await pilot.press("escape")
        await _settle(pilot)
        [focus] = [b for b in _blocks(store) if b.block_type == "focus"]
        assert focus.outcome == "done" and focus.ended_at == focus.started_at + (clock.now() - focus.started_at)
        [brk] = [b for b in _blocks(store) if b.block_type == "break"]
        clock.advance(brk.planned_seconds)
        await wait_until(pilot, lambda: store.get(FocusBlock, brk.id).ended_at is not None and notifier.sent[-1][0] == "Break over")
        await _settle(pilot)
        assert notifier.sent[-1][0] == "Break over"
        assert store.get(FocusBlock, brk.id).ended_at is not None


def _summary(app) -> str:
    return str(app.screen.query_one(".summary").render())


async def test_the_summary_counts_finished_blocks_and_follows_an_abandon(make_test_app, store, clock):
    app = make_test_app(notifier=RecordingNotifier())
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_focus(pilot)
        await pilot.press("tab", *"Draft", "enter")
        await wait_until(pilot, lambda: len(_blocks(store)) == 1)
        await _settle(pilot)
        clock.advance(10 * 60)
        await pilot.press("a")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ReasonDialog")
        await pilot.press("enter")
        await wait_until(pilot, lambda: _blocks(store)[0].outcome == "abandoned")
        await _settle(pilot)
        # Its ten minutes count as focus; a stopped block is not a finished one.
        assert _summary(app).startswith("Today: 10 min of focus · 0 blocks finished ·")

        app.screen.query_one("#minutes").value = "0.2"
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(_blocks(store)) == 2)
        await _settle(pilot)
        assert _summary(app).startswith("Today: 10 min of focus · 0 blocks finished ·")  # the running one is not yet
        clock.advance(12)
        await wait_until(pilot, lambda: isinstance(app.screen, DebriefDialog))
        await pilot.press("escape")
        await wait_until(pilot, lambda: any(b.block_type == "break" for b in _blocks(store)))
        await _settle(pilot)
        assert _summary(app).startswith("Today: 10 min of focus · 1 block finished ·")


async def test_a_block_that_ended_while_closed_is_offered_for_reconciling(make_test_app, store, clock):
    store.put(F.start_block(clock, 25 * 60, "Left running"))
    clock.advance(47 * 60)
    app = make_test_app(notifier=RecordingNotifier())
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        assert isinstance(app.screen, AwayDialog)  # asked on start, from Today
        await pilot.press("b")
        await _settle(pilot)
        [block] = _blocks(store)
        assert block.away_choice == "break" and block.outcome == "partial"


async def test_todays_frog_is_offered_as_the_intention(make_test_app, store, clock):
    store.put(Reflection(session="morning", day=clock.now().date(), frog="Call Client A"))
    app = make_test_app(notifier=RecordingNotifier())
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_focus(pilot)
        assert app.screen.query_one("#intention").value == "Call Client A"
        assert FocusSession.of(app).frog == "Call Client A"


@pytest.mark.parametrize("hours_on", [0, 17], ids=["morning", "past-midnight-before-day-start"])
async def test_focus_offers_the_frog_today_shows_not_tonights(make_test_app, store, clock, hours_on):
    from datetime import timedelta

    today = clock.now().date()
    clock.advance(hours_on * 3600)  # 02:00 the next calendar day is still the same journal day
    store.put(Reflection(session="evening", day=today - timedelta(days=1), status="done", frog="Call Client A"))
    store.put(Reflection(session="evening", day=today, status="done", frog="Write the Beta Ltd quote"))
    app = make_test_app(notifier=RecordingNotifier())
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_focus(pilot)
        assert app.screen.query_one("#intention").value == "Call Client A"
        assert FocusSession.of(app).frog == "Call Client A"


async def test_tonights_frog_is_not_todays_intention(make_test_app, store, clock):
    store.put(Reflection(session="evening", day=clock.now().date(), status="done", frog="Write the Beta Ltd quote"))
    app = make_test_app(notifier=RecordingNotifier())
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_focus(pilot)
        assert app.screen.query_one("#intention").value == ""
        assert FocusSession.of(app).frog == ""


async def test_ctrl_n_cycles_the_notification_setting(make_test_app, store):
    app = make_test_app(notifier=RecordingNotifier())
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_focus(pilot)
        await pilot.press("ctrl+n")
        await _settle(pilot)
        assert store.settings().notify == "desktop"
        await pilot.press("ctrl+n")
        await _settle(pilot)
        assert store.settings().notify == "terminal"


async def test_a_sleep_through_the_end_asks_how_to_count_it(make_test_app, store, clock):
    notifier = RecordingNotifier()
    app = make_test_app(notifier=notifier)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_focus(pilot)
        await pilot.press("enter")
        await _settle(pilot)
        clock.advance(20 * 60)
        await wait_until(pilot, lambda: app.focus_session.last.tick.elapsed >= 20 * 60)  # a tick saw it
        clock.sleep(40 * 60)  # the lid closed: boot clock runs, monotonic does not
        await wait_until(pilot, lambda: isinstance(app.screen, AwayDialog))
        await _settle(pilot)
        assert isinstance(app.screen, AwayDialog)
        assert notifier.sent == []  # nothing pretends the block ended on time
        await pilot.press("d")
        await _settle(pilot)
        [block] = _blocks(store)
        assert block.outcome == "discarded" and block.away_choice == "discard"
        assert F.find_open(store, clock.now().date()) is None


async def test_an_intention_with_markup_shows_literally_on_focus_and_today(make_test_app, store, clock):
    store.put(F.start_block(clock, 25 * 60, "[@click=app.quit]Q[/]"))
    app = make_test_app(notifier=RecordingNotifier())
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        assert "[@click=app.quit]Q[/]" in app.export_screenshot()  # Today's panel
        await _open_focus(pilot)
        assert "[@click=app.quit]Q[/]" in app.export_screenshot()
        assert app.is_running


async def test_a_block_ended_by_the_cli_is_not_ended_or_notified_twice(make_test_app, store, clock):
    notifier = RecordingNotifier()
    app = make_test_app(notifier=notifier)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_focus(pilot)
        await pilot.press("enter")
        await _settle(pilot)
        [block] = _blocks(store)
        store.put(F.finish(block, clock.now() + (block.started_at - clock.now()), "abandoned"))  # as `focus stop` would
        await pilot.press("space")  # the TUI's copy is stale: pausing re-reads and sees it ended
        await _settle(pilot)
        assert store.get(FocusBlock, block.id).outcome == "abandoned" and store.get(FocusBlock, block.id).pauses == []
        clock.advance(25 * 60)
        await wait_until(pilot, lambda: app.focus_session.last.tick.state == "idle")  # no tick will end it
        await _settle(pilot)
        assert notifier.sent == []


async def test_the_interruption_reason_box_takes_typing_at_once(make_test_app, store, clock):
    app = make_test_app(notifier=RecordingNotifier())
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_focus(pilot)
        await pilot.press("tab", *"Draft", "enter")
        await _settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, InterruptionDialog)
        await pilot.press(*"email from Client A", "enter")
        await _settle(pilot)
        [block] = _blocks(store)
        assert [(i.source, i.reason) for i in block.interruptions] == [("external", "email from Client A")]


async def test_a_break_stopped_by_the_cli_process_stops_on_the_focus_screen(data_dir):
    """`reflect focus stop` in another process: the screen stops counting down without a key press."""
    import asyncio
    import sys
    from datetime import datetime

    from reflect.app import make_app
    from reflect.core.clock import FakeClock
    from reflect.store import Store
    from tests.conftest import TZ

    clock = FakeClock(datetime.now(TZ))  # the CLI runs on the real clock: the block must be from today
    store = Store(data_dir, clock).open()
    app = make_app(store=store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_focus(pilot)
        session = FocusSession.of(app)
        await session.start(300, "Short break", block_type="break")
        await _settle(pilot)
        assert session.block is not None and app.screen.query_one("#running").display
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "reflect", "--data-dir", str(data_dir), "focus", "stop",
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )
        _out, err = await proc.communicate()
        assert proc.returncode == 0, err
        for _ in range(600):  # wait on the condition (ticks run on real time), at most about a minute
            if session.block is None and app.screen.query_one("#setup").display:
                break
            await asyncio.sleep(0.1)
        assert session.block is None
        assert app.screen.query_one("#setup").display and not app.screen.query_one("#running").display
        assert any("stopped outside the app" in str(n.message) for n in app._notifications)  # noqa: SLF001
