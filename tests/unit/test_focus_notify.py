"""The notifier: which path it takes, failure detection through the exit code, stderr kept away."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from reflect.services.notify import Notifier, osc_sequence, send_test


def _fake_notify_send(tmp_path: Path, code: int) -> dict[str, str]:
    """A notify-send on PATH that records its arguments, prints an error and exits with `code`."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    script = bin_dir / "notify-send"
    script.write_text(f"#!/bin/sh\necho \"$@\" > {tmp_path}/args\necho 'GDBus.Error: ServiceUnknown' >&2\nexit {code}\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return {"PATH": f"{bin_dir}:/usr/bin:/bin", "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent"}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the notify-send path is Linux only")
def test_a_failing_notify_send_falls_back_to_the_terminal_and_its_stderr_is_captured(tmp_path, capfd, monkeypatch):
    env = _fake_notify_send(tmp_path, 1)
    monkeypatch.setenv("PATH", env["PATH"])  # shutil.which looks at the process PATH
    written: list[str] = []
    delivery = Notifier("auto", 777, env=env, terminal_writer=written.append).send("Focus block done", "-rf [b]x")
    assert delivery.path == "terminal" and "ServiceUnknown" in delivery.detail
    assert written == ["\x1b]777;notify;Focus block done;-rf [b]x\x07\x07"]
    assert "ServiceUnknown" not in capfd.readouterr().err  # never reaches the terminal's stderr
    assert (tmp_path / "args").read_text().split()[-5:] == ["Focus", "block", "done", "-rf", "[b]x"]
    assert "-- Focus block done -rf" in (tmp_path / "args").read_text()  # a body starting with - is not an option


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the notify-send path is Linux only")
def test_a_working_notify_send_is_the_desktop_path(tmp_path, monkeypatch):
    env = _fake_notify_send(tmp_path, 0)
    monkeypatch.setenv("PATH", env["PATH"])
    written: list[str] = []
    delivery = Notifier("desktop", env=env, terminal_writer=written.append).send("Break over", "Back to it")
    assert delivery.path == "desktop" and written == ["\x07"]


def test_no_bus_means_the_terminal_path_and_modes_are_honoured():
    written: list[str] = []
    env = {"PATH": os.environ.get("PATH", "")}
    assert Notifier("auto", 9, env=env, terminal_writer=written.append).send("T", "B").path == "terminal"
    assert written[-1] == "\x1b]9;T: B\x07\x07"
    assert Notifier("bell", env=env, terminal_writer=written.append).send("T", "B").path == "bell"
    assert written[-1] == "\x07"
    assert Notifier("off", env=env, terminal_writer=written.append).send("T", "B").path == "off"
    ssh = {"DBUS_SESSION_BUS_ADDRESS": "unix:path=/x", "SSH_CONNECTION": "1 2 3 4"}
    assert "SSH" in Notifier("auto", env=ssh, terminal_writer=written.append).send("T", "B").detail


def test_escapes_strip_control_characters_and_separators():
    assert osc_sequence("a;b\x1b]x", "c\x07d", 777) == "\x1b]777;notify;a,b;cd\x07"  # the escape sequence is removed whole
    assert osc_sequence("T", "B", 99) == "\x1b]99;;T: B\x1b\\"


def test_a_broken_writer_never_raises():
    def boom(_text: str) -> None:
        raise OSError("gone")

    delivery = Notifier("terminal", env={}, terminal_writer=boom).send("T", "B")
    assert delivery.path == "off"


def test_notify_returns_at_once_and_reports_in_the_thread():
    seen = []
    thread = Notifier("bell", env={}, terminal_writer=lambda s: None).notify("T", "B", seen.append)
    thread.join(5)
    assert seen and seen[0].path == "bell"


def test_send_test_names_the_path():
    assert send_test(type("S", (), {"notify": "off", "osc": 9})()).startswith("test notification sent by off")
