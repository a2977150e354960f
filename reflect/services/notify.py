"""Notifications: desktop (plyer) -> terminal escape -> bell. Never raises, never blocks the UI."""

from __future__ import annotations

import os
import shutil


def desktop_available() -> tuple[bool, str]:
    """Whether a desktop notification can be sent here, and why (one line)."""
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return False, "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)"
    if shutil.which("notify-send") is None:
        return False, "notify-send is not installed (Debian/Ubuntu package libnotify-bin)"
    return True, "desktop notifications through notify-send on the session bus"


def describe_backend() -> str:
    """One line saying which notification path will be used."""
    ok, why = desktop_available()
    return why if ok else f"terminal escape and bell ({why})"
