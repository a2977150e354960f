"""Install and remove what calls `reflect remind run` at the reminder times, even with the app closed.

Where systemd runs, a user timer (`~/.config/systemd/user/reflect-remind.{service,timer}`), else a
crontab entry marked with `MARK`. The texts are built by pure functions (tested against
`systemd-analyze calendar` and a cron field parser); `install`/`remove` run the system commands.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

from reflect.core.errors import ReflectError

UNIT = "reflect-remind"
"""Name of the systemd units."""
MARK = "# reflect-remind"
"""Ends every crontab line this module writes (and only those are ever removed)."""

Runner = Callable[..., subprocess.CompletedProcess]


def unit_dir() -> Path:
    """Where user units live: `$XDG_CONFIG_HOME/systemd/user` (default `~/.config/...`)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "systemd" / "user"


def systemd_runs() -> bool:
    """True when this machine booted with systemd and `systemctl` is there."""
    return Path("/run/systemd/system").is_dir() and shutil.which("systemctl") is not None


def on_calendar(times: Sequence[str]) -> list[str]:
    """systemd `OnCalendar=` values for daily times `HH:MM`."""
    return [f"*-*-* {t}:00" for t in times]


def unit_texts(command: Sequence[str], times: Sequence[str]) -> dict[str, str]:
    """The service and timer files, by file name."""
    service = (
        "[Unit]\nDescription=reflect: remind to check in and reflect\n\n"
        f"[Service]\nType=oneshot\nExecStart={shlex.join(command)}\n"
    )
    timer = "[Unit]\nDescription=reflect reminders\n\n[Timer]\n"
    timer += "".join(f"OnCalendar={c}\n" for c in on_calendar(times))
    timer += "Persistent=true\n\n[Install]\nWantedBy=timers.target\n"
    return {f"{UNIT}.service": service, f"{UNIT}.timer": timer}


def cron_lines(command: Sequence[str], times: Sequence[str], env: dict[str, str] | None = None) -> list[str]:
    """One crontab line per time, with what a desktop notification needs from the session's environment."""
    env = os.environ if env is None else env
    keep = [f"{k}={shlex.quote(env[k])}" for k in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR") if env.get(k)]
    prefix = " ".join(keep) + " " if keep else ""
    return [f"{int(t[3:])} {int(t[:2])} * * * {prefix}{shlex.join(command)} >/dev/null 2>&1 {MARK}" for t in times]


def merged_crontab(existing: str, lines: Sequence[str]) -> str:
    """The user's crontab with our old lines taken out and `lines` added; every other line kept as is."""
    kept = [line for line in existing.splitlines() if not line.rstrip().endswith(MARK)]
    out = "\n".join(kept + list(lines))
    return out + "\n" if out else ""


def _run(runner: Runner, args: list[str], **kwargs) -> subprocess.CompletedProcess:
    try:
        return runner(args, capture_output=True, text=True, timeout=30, **kwargs)
    except (OSError, subprocess.SubprocessError) as exc:
        raise ReflectError(f"could not run {args[0]} ({exc}); nothing already saved was lost") from None


def _check(done: subprocess.CompletedProcess, what: str) -> None:
    if done.returncode != 0:
        why = (done.stderr or done.stdout or "").strip().splitlines()
        raise ReflectError(f"{what} failed ({why[-1] if why else f'exit {done.returncode}'}); nothing already saved was lost")


def _crontab(runner: Runner) -> str:
    if shutil.which("crontab") is None:
        raise ReflectError("neither systemd nor crontab is available here: reminders need one of them")
    done = _run(runner, ["crontab", "-l"])
    return done.stdout if done.returncode == 0 else ""  # exit 1: no crontab yet


def install(command: Sequence[str], times: Sequence[str], runner: Runner = subprocess.run, use_systemd: bool | None = None) -> str:
    """Set up the timer (or crontab lines) for `times`; one line saying what was done."""
    if use_systemd if use_systemd is not None else systemd_runs():
        folder = unit_dir()
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in unit_texts(command, times).items():
            (folder / name).write_text(text, encoding="utf-8")
        _check(_run(runner, ["systemctl", "--user", "daemon-reload"]), "systemctl --user daemon-reload")
        _check(_run(runner, ["systemctl", "--user", "enable", "--now", f"{UNIT}.timer"]), "systemctl --user enable")
        return f"reminders at {', '.join(times)} by the systemd user timer {UNIT}.timer ({folder})"
    table = merged_crontab(_crontab(runner), cron_lines(command, times))
    _check(_run(runner, ["crontab", "-"], input=table), "crontab")
    return f"reminders at {', '.join(times)} by {len(times)} crontab line{'s' if len(times) != 1 else ''} marked '{MARK}'"


def remove(runner: Runner = subprocess.run, use_systemd: bool | None = None) -> str:
    """Take the timer (or our crontab lines) away; one line saying what was done."""
    if use_systemd if use_systemd is not None else systemd_runs():
        _run(runner, ["systemctl", "--user", "disable", "--now", f"{UNIT}.timer"])
        for name in unit_texts([], []):
            (unit_dir() / name).unlink(missing_ok=True)
        _check(_run(runner, ["systemctl", "--user", "daemon-reload"]), "systemctl --user daemon-reload")
        return f"the systemd user timer {UNIT}.timer is removed"
    existing = _crontab(runner)
    table = merged_crontab(existing, [])
    if table != existing:
        _check(_run(runner, ["crontab", "-"], input=table), "crontab")
    return f"no crontab line marked '{MARK}' is left"
