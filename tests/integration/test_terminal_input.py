"""What a real terminal (tmux) sends arrives as typed: a burst right before ctrl+s or ctrl+q is all
saved, and a bracketed paste holding an escape sequence lands in order with the sequence removed."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from reflect.core.drafts import Draft, draft_id
from reflect.core.models import CheckIn
from reflect.store import Store
from tests.conftest import need
from tests.integration.test_cli_demo_tui import REFLECT, tmux, wait_for
from tests.integration.test_drafts_crash import _eventually

pytestmark = pytest.mark.integration


def _checkin_note(session: str, data: Path) -> None:
    """Start the app, open the check-in, pick 4 4 and go to the note."""
    tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", f"exec {REFLECT} --data-dir {data}")
    wait_for(session, r"q Quit")
    tmux("send-keys", "-t", session, "m")
    wait_for(session, r"mood 1-9, energy 1-9")
    tmux("send-keys", "-t", session, "4", "4")
    wait_for(session, r"mood 4 · energy 4")
    tmux("send-keys", "-t", session, "Tab", "Tab", "Tab")
    wait_for(session, r"mood 4 · energy 4")


@contextmanager
def _session(tmp_path: Path, name: str) -> Iterator[tuple[Path, str]]:
    """(data folder, tmux session name) for one test; the session is ended however the test ends."""
    need(shutil.which("tmux") is not None, "tmux is not installed")
    data, session = tmp_path / "journal", f"reflect-{name}-{os.getpid()}"
    try:
        yield data, session
    finally:
        tmux("kill-session", "-t", session)


def _gone(session: str) -> bool:
    return session not in tmux("list-sessions", "-F", "#{session_name}").split()


def _saved_then_quit(session: str, data: Path) -> None:
    """Wait until the check-in is stored, then quit the app and wait until it has gone."""
    _eventually(lambda: bool(Store(data).open().list(CheckIn)))
    tmux("send-keys", "-t", session, "q")
    _eventually(lambda: _gone(session))


def test_a_burst_right_before_ctrl_s_is_saved_whole(tmp_path: Path) -> None:
    with _session(tmp_path, "burst-save") as (data, session):
        _checkin_note(session, data)
        tmux("send-keys", "-t", session, "burst note one two three", "C-s")
        _saved_then_quit(session, data)
    [c] = Store(data).open().list(CheckIn)
    assert c.note == "burst note one two three"


def test_a_burst_right_before_ctrl_q_is_kept(tmp_path: Path) -> None:
    with _session(tmp_path, "burst-quit") as (data, session):
        _checkin_note(session, data)
        tmux("send-keys", "-t", session, "a burst then QUITTEST", "C-q")
        _eventually(lambda: _gone(session))
    draft = Store(data).open().get(Draft, draft_id("checkin:new"))
    assert draft is not None and draft.values["note"] == "a burst then QUITTEST"


def test_a_paste_with_an_escape_sequence_is_in_order_and_clean(tmp_path: Path) -> None:
    with _session(tmp_path, "paste") as (data, session):
        buffer = f"reflect-paste-{os.getpid()}"
        _checkin_note(session, data)
        tmux("set-buffer", "-b", buffer, "abc \x1b[31m def END")
        tmux("paste-buffer", "-p", "-d", "-b", buffer, "-t", session)  # -p: bracketed, as the app asked
        wait_for(session, r"abc  def END")
        tmux("send-keys", "-t", session, "C-s")
        _saved_then_quit(session, data)
    [c] = Store(data).open().list(CheckIn)
    assert c.note == "abc  def END"


def test_digits_typed_straight_after_m_pick_mood_and_energy(tmp_path: Path) -> None:
    """`m 5 8 Enter` in one burst (a fast typist, a text expander) saves mood 5, energy 8: the digits
    arrive before the dialog's grid has focus, and must not be dropped."""
    with _session(tmp_path, "quick") as (data, session):
        tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", f"exec {REFLECT} --data-dir {data}")
        wait_for(session, r"q Quit")
        wait_for(session, r"No check-ins yet today")
        tmux("send-keys", "-t", session, "-l", "m58")
        tmux("send-keys", "-t", session, "Enter")
        _saved_then_quit(session, data)
    [c] = Store(data).open().list(CheckIn)
    assert (c.mood, c.energy) == (5, 8)
