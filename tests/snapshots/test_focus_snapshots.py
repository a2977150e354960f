"""Snapshots of the focus screen at 80x24 on a fake clock (deterministic)."""

from __future__ import annotations

from reflect.core.focus import timer as F
from tests.conftest import idle, wait_until


class QuietNotifier:
    """Sends nothing."""

    def notify(self, title, body, done=None):
        pass


async def open_focus(pilot) -> None:
    """Switch to Focus and let it settle, with no blinking cursor to make the picture flicker."""
    await pilot.press("f")
    await wait_until(pilot, lambda: type(pilot.app.screen).__name__ == "FocusScreen" and idle(pilot.app))
    for field in pilot.app.screen.query("Input"):
        field.cursor_blink = False
    await pilot.pause()


def test_focus_running_block_80x24(snap_compare, make_test_app, store, clock):
    block = F.start_block(clock, 25 * 60, "Draft the [b]offer[/b] for Client A", energy_before=6)
    clock.advance(7 * 60 + 30)
    block = F.interrupt(block, clock.now(), "external", "phone")
    store.put(block)
    app = make_test_app(notifier=QuietNotifier())

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_focus)


def test_focus_setup_80x24(snap_compare, make_test_app):
    app = make_test_app(notifier=QuietNotifier())

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_focus)


def test_focus_setup_60x20(snap_compare, make_test_app):
    """The break row keeps "blocks" on screen at 60 columns."""
    app = make_test_app(notifier=QuietNotifier())

    assert snap_compare(app, terminal_size=(60, 20), run_before=open_focus)
