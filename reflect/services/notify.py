"""Notifications: desktop (plyer) -> terminal escape -> bell. Never raises, never blocks the UI.

The desktop path goes through the backend plyer picks on this platform. On Linux plyer's
notify-send and portal paths ignore the exit code and let the child write errors to our stderr
(which Textual draws the screen on), so those commands are run here the way plyer runs them, with
stderr captured, a timeout and the exit code checked. When the desktop path is not available or
fails, a terminal notification escape (OSC 9, 777 or 99; wrapped for tmux) goes to the controlling
terminal (or the app's driver), followed by the bell.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass

from reflect.core.text import clean_line

MODES = ("auto", "desktop", "terminal", "bell", "off")
"""The notification settings."""
ESC = "\x1b"
BEL = "\x07"
ST = ESC + "\\"


@dataclass(frozen=True)
class Delivery:
    """How a notification went: the path used and a one-line detail."""

    path: str
    """desktop, terminal, bell or off."""
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.path}: {self.detail}" if self.detail else self.path


def desktop_available(env: dict[str, str] | None = None) -> tuple[bool, str]:
    """Whether a desktop notification can be attempted here, and why (one line)."""
    env = os.environ if env is None else env
    if sys.platform.startswith("linux"):
        if not env.get("DBUS_SESSION_BUS_ADDRESS"):
            return False, "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)"
        backend = _plyer_backend()
        if backend is None:
            return False, "notify-send is not installed (Debian/Ubuntu package libnotify-bin)"
        return True, f"desktop notifications through {backend} on the session bus"
    return True, "desktop notifications through plyer"


def _plyer_backend() -> str | None:
    """The Linux backend plyer would use: portal, dbus, notify-send, or None."""
    if os.path.isdir("/app") and shutil.which("gdbus"):
        return "portal"
    try:
        import dbus  # type: ignore[import-not-found]  # noqa: F401

        return "dbus"
    except ImportError:
        pass
    return "notify-send" if shutil.which("notify-send") else None


def osc_sequence(title: str, body: str, osc: int = 777, *, tmux: bool = False) -> str:
    """The terminal notification escape for `title`/`body` (control characters removed)."""
    title = clean_line(title)[:120]
    body = clean_line(body)[:240]
    if osc == 9:
        seq = f"{ESC}]9;{title}: {body}{BEL}" if body else f"{ESC}]9;{title}{BEL}"
    elif osc == 99:
        seq = f"{ESC}]99;;{title}: {body}{ST}" if body else f"{ESC}]99;;{title}{ST}"
    else:
        seq = f"{ESC}]777;notify;{title.replace(';', ',')};{body}{BEL}"
    if tmux:
        seq = f"{ESC}Ptmux;{seq.replace(ESC, ESC + ESC)}{ST}"
    return seq


class Notifier:
    """Sends a notification by the user's chosen path, falling back so that one always arrives.

    `send` blocks (bounded by `timeout`) and returns a `Delivery`; `notify` runs `send` in a daemon
    thread and calls `done` with the result there. Neither raises.
    """

    def __init__(
        self,
        mode: str = "auto",
        osc: int = 777,
        *,
        timeout: float = 5.0,
        env: dict[str, str] | None = None,
        terminal_writer: Callable[[str], None] | None = None,
        app_name: str = "reflect",
    ) -> None:
        self.mode = mode if mode in MODES else "auto"
        """auto, desktop, terminal, bell or off."""
        self.osc = osc if osc in (9, 777, 99) else 777
        """Which terminal escape to send."""
        self.timeout = timeout
        """Longest wait for the desktop path, in seconds."""
        self.env = dict(os.environ if env is None else env)
        """The environment the desktop command runs in."""
        self.terminal_writer = terminal_writer
        """Writes raw text to the user's terminal (the TUI sets its driver); None: /dev/tty."""
        self.app_name = app_name
        self.last: Delivery | None = None
        """The most recent delivery."""

    @classmethod
    def from_settings(cls, settings: object, **kwargs: object) -> Notifier:
        """A notifier configured from a `Settings` record."""
        return cls(getattr(settings, "notify", "auto"), getattr(settings, "osc", 777), **kwargs)  # type: ignore[arg-type]

    def configure(self, mode: str, osc: int) -> None:
        """Follow changed settings."""
        self.mode = mode if mode in MODES else "auto"
        self.osc = osc if osc in (9, 777, 99) else 777

    def describe(self) -> str:
        """One line saying which path a notification will take."""
        if self.mode == "off":
            return "off (notifications are turned off in settings)"
        if self.mode == "bell":
            return "the terminal bell only (settings)"
        if self.mode == "terminal":
            return f"terminal escape OSC {self.osc}{' (wrapped for tmux)' if self._in_tmux() else ''} and bell"
        ok, why = desktop_available(self.env)
        if self.mode == "auto" and self._remote_without_display():
            return f"terminal escape OSC {self.osc} and bell (an SSH session without a display)"
        return why if ok else f"terminal escape OSC {self.osc} and bell ({why})"

    # --- sending ---------------------------------------------------------------------------------

    def notify(self, title: str, body: str, done: Callable[[Delivery], None] | None = None) -> threading.Thread:
        """Send in a daemon thread; return at once. `done(delivery)` is called in that thread."""

        def run() -> None:
            delivery = self.send(title, body)
            if done is not None:
                try:
                    done(delivery)
                except Exception:  # noqa: BLE001 - a callback error must not escape the thread
                    pass

        thread = threading.Thread(target=run, name="reflect-notify", daemon=True)
        thread.start()
        return thread

    def send(self, title: str, body: str) -> Delivery:
        """Deliver now by the best working path (blocks at most about `timeout`). Never raises."""
        try:
            delivery = self._send(title, body)
        except Exception as exc:  # noqa: BLE001 - notifications never raise
            delivery = Delivery("off", f"failed: {type(exc).__name__}")
        self.last = delivery
        return delivery

    def _send(self, title: str, body: str) -> Delivery:
        if self.mode == "off":
            return Delivery("off", "notifications are off")
        if self.mode == "bell":
            return self._bell("bell", "settings say bell only")
        why = ""
        if self.mode in ("auto", "desktop") and not (self.mode == "auto" and self._remote_without_display()):
            ok, why = self._desktop(title, body)
            if ok:
                self._write(BEL)
                return Delivery("desktop", why)
        elif self.mode == "auto":
            why = "an SSH session without a display"
        return self._terminal(title, body, why)

    def _terminal(self, title: str, body: str, why: str) -> Delivery:
        seq = osc_sequence(title, body, self.osc, tmux=self._in_tmux())
        reason = f" ({why})" if why else ""
        if self._write(seq + BEL):
            return Delivery("terminal", f"OSC {self.osc}{' in tmux passthrough' if self._in_tmux() else ''}{reason}")
        return Delivery("off", f"no terminal to write to{reason}")

    def _bell(self, path: str, detail: str) -> Delivery:
        if self._write(BEL):
            return Delivery(path, detail)
        return Delivery("off", "no terminal to ring")

    def _in_tmux(self) -> bool:
        return bool(self.env.get("TMUX"))

    def _remote_without_display(self) -> bool:
        remote = self.env.get("SSH_CONNECTION") or self.env.get("SSH_TTY")
        return bool(remote) and not (self.env.get("DISPLAY") or self.env.get("WAYLAND_DISPLAY"))

    def _write(self, text: str) -> bool:
        """Write raw text to the terminal: the app's driver when set, else the controlling tty."""
        if self.terminal_writer is not None:
            try:
                self.terminal_writer(text)
                return True
            except Exception:  # noqa: BLE001
                return False
        try:
            fd = os.open("/dev/tty", os.O_WRONLY | os.O_NOCTTY)
        except OSError:
            return False
        try:
            os.write(fd, text.encode("utf-8", "replace"))
            return True
        except OSError:
            return False
        finally:
            os.close(fd)

    # --- the desktop path ------------------------------------------------------------------------

    def _desktop(self, title: str, body: str) -> tuple[bool, str]:
        """Try the desktop notification; (delivered, one-line detail)."""
        title, body = clean_line(title)[:200] or "reflect", clean_line(body)[:500]
        if not sys.platform.startswith("linux"):
            return self._plyer(title, body)
        ok, why = desktop_available(self.env)
        if not ok:
            return False, why
        backend = _plyer_backend()
        if backend == "dbus":
            return self._plyer(title, body)
        if backend == "portal":
            cmd = [
                "gdbus", "call", "--session", "--dest", "org.freedesktop.portal.Desktop",
                "--object-path", "/org/freedesktop/portal/desktop", "--method",
                "org.freedesktop.portal.Notification.AddNotification", "reflect",
                "{'title': <%s>, 'body': <%s>}" % (_gvariant_str(title), _gvariant_str(body)),
            ]
        else:  # plyer's notify-send path, with its arguments, but with our stderr and exit code
            cmd = ["notify-send", "-u", "normal", "-a", self.app_name, "-t", "10000", "--", title, body]
        try:
            proc = subprocess.run(
                cmd, env=self.env, stdin=subprocess.DEVNULL, capture_output=True, timeout=self.timeout, text=True
            )
        except subprocess.TimeoutExpired:
            return False, f"{cmd[0]} did not answer within {self.timeout:g} s"
        except OSError as exc:
            return False, f"{cmd[0]} could not run ({exc.strerror or exc})"
        if proc.returncode != 0:
            err = (proc.stderr or "").strip().splitlines()
            return False, f"{cmd[0]} failed: {err[-1][:160] if err else f'exit {proc.returncode}'}"
        return True, f"desktop notification through {backend} on the session bus"

    def _plyer(self, title: str, body: str) -> tuple[bool, str]:
        """plyer's own call (dbus-python, macOS, Windows), in a thread bounded by the timeout."""
        result: list[tuple[bool, str]] = []

        def call() -> None:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    from plyer import notification

                    notification.notify(title=title, message=body, app_name=self.app_name, timeout=10)
                result.append((True, "desktop notification through plyer"))
            except Exception as exc:  # noqa: BLE001 - plyer raises anything, incl. NotImplementedError
                result.append((False, f"plyer failed: {type(exc).__name__}"))

        worker = threading.Thread(target=call, daemon=True)
        worker.start()
        worker.join(self.timeout)
        if not result:
            return False, f"plyer did not answer within {self.timeout:g} s"
        return result[0]


def _gvariant_str(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def describe_backend() -> str:
    """One line saying which notification path will be used (with the default settings)."""
    ok, why = desktop_available()
    return why if ok else f"terminal escape and bell ({why})"


def send_test(settings: object | None = None) -> str:
    """Send a test notification now; one line saying which path it took."""
    notifier = Notifier.from_settings(settings) if settings is not None else Notifier()
    delivery = notifier.send("reflect: test notification", "If you can read this, focus blocks will reach you.")
    return f"test notification sent by {delivery}"
