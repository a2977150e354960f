"""`reflect demo` in a real terminal (tmux): the sample journal shows, quitting deletes the folder."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import need

REFLECT = Path(sys.executable).with_name("reflect")


def tmux(*args: str) -> str:
    """Run a tmux command and return its output."""
    return subprocess.run(["tmux", *args], capture_output=True, text=True, timeout=30).stdout


def wait_for(session: str, pattern: str, timeout: float = 60) -> str:
    """The pane's text once it matches `pattern` (or fail)."""
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        text = tmux("capture-pane", "-p", "-t", session)
        if re.search(pattern, text):
            return text
        time.sleep(0.2)
    pytest.fail(f"{pattern!r} never appeared; the pane showed:\n{text}")


@pytest.mark.integration
def test_demo_opens_the_app_and_cleans_up() -> None:
    need(shutil.which("tmux") is not None, "tmux is not installed")
    session = f"reflect-demo-test-{os.getpid()}"
    command = f"{REFLECT} demo --years 0.05; echo EXITED $?; sleep 30"  # the TUI draws on stderr
    tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", command)
    try:
        wait_for(session, r"q Quit")
        screen = wait_for(session, r"Check-ins")  # Today's panels follow the first frame
        assert "sample journal in" in screen and "Check-ins" in screen
        assert "? Help" in screen.splitlines()[-1]
        tmux("send-keys", "-t", session, "f")
        wait_for(session, r"Focus")
        tmux("send-keys", "-t", session, "q")
        after = wait_for(session, r"EXITED 0")
    finally:
        tmux("kill-session", "-t", session)
    match = re.search(r"deleted the sample journal in (\S+)", after)
    assert match, after
    assert not Path(match.group(1)).exists()
