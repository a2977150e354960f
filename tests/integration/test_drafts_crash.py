"""A check-in being typed survives kill -9 of the app in a real terminal (tmux) and comes back on the next open."""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from reflect.core.drafts import Draft, draft_id
from reflect.core.models import CheckIn
from reflect.store import Store
from tests.conftest import need
from tests.integration.test_cli_demo_tui import REFLECT, tmux, wait_for

NOTE = "A note that must survive a crash"


def _eventually(condition, timeout: float = 60) -> None:
    """Wait until `condition()` holds (polling real files; fails after a generous bound)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    assert condition()


def _draft(data: Path) -> dict | None:
    draft = Store(data).open().get(Draft, draft_id("checkin:new"))
    return draft.values if draft else None


def _open(session: str, data: Path) -> int:
    """Start the app in a new tmux session; returns its process id (the pane runs it directly)."""
    tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", f"exec {REFLECT} --data-dir {data}")
    wait_for(session, r"q Quit")
    return int(tmux("list-panes", "-t", session, "-F", "#{pane_pid}").split()[0])


@pytest.mark.integration
def test_a_checkin_being_typed_survives_kill_9_and_is_restored(tmp_path: Path) -> None:
    need(shutil.which("tmux") is not None, "tmux is not installed")
    data = tmp_path / "journal"
    session = f"reflect-drafts-test-{os.getpid()}"
    try:
        pid = _open(session, data)
        tmux("send-keys", "-t", session, "m")
        wait_for(session, r"mood 1-9, energy 1-9")
        tmux("send-keys", "-t", session, "3", "4")
        wait_for(session, r"mood 3 · energy 4")
        tmux("send-keys", "-t", session, "Tab", "Tab")
        tmux("send-keys", "-t", session, "-l", "deep work, client a")
        tmux("send-keys", "-t", session, "Tab")
        tmux("send-keys", "-t", session, "-l", NOTE)
        _eventually(lambda: (_draft(data) or {}).get("note") == NOTE)
        os.kill(pid, signal.SIGKILL)  # a crash: no chance to save anything more
        _eventually(lambda: session not in tmux("list-sessions", "-F", "#{session_name}").split())

        kept = _draft(data)
        assert kept is not None and kept["tags"] == "deep work, client a" and kept["note"] == NOTE

        _open(session, data)
        tmux("send-keys", "-t", session, "m")
        wait_for(session, NOTE)
        tmux("send-keys", "-t", session, "C-s")
        _eventually(lambda: bool(Store(data).open().list(CheckIn)))
        tmux("send-keys", "-t", session, "q")
    finally:
        tmux("kill-session", "-t", session)
    [c] = Store(data).open().list(CheckIn)
    assert (c.mood, c.energy, c.tags, c.note) == (3, 4, ["deep work", "client a"], NOTE)
    _eventually(lambda: _draft(data) is None)
