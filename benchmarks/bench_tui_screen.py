"""TUI start as a user sees it: console script on a pseudo-terminal until text is on the screen.

    python benchmarks/bench_tui_screen.py [--runs N]

Each start is a real process on an 80x24 pseudo-terminal, with nothing inside it measuring: the
`reflect` console script (`reflect --data-dir DIR`, 10 years of data) and the bare Textual app of
`bare_app.py` (header, one line of text, footer) run by the same Python. The clock starts at spawn
and stops when the bytes the app has written, escape sequences removed, first hold a letter or
digit (its first screen), and for reflect again when they hold Today's check-in count ("Check-ins
· N today": its data is on screen). A check-in is logged first so today has one. Then the process
group is ended. Runs alternate between the apps; prints medians and the ratios to the bare app's
first screen; asserts nothing.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time

from _common import HERE, fresh_copy, median_ms, reflect_command

TARGET_FIRST = 1.15
TARGET_DATA = 1.5
ESCAPES = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[P^_][^\x1b]*\x1b\\|\x1b[=>()][0-9A-B]?")
TEXT = re.compile(r"[A-Za-z0-9]")
TODAY_DATA = re.compile(r"Check-ins · \d+ today")


def until_shown(argv: list[str], patterns: list[re.Pattern[str]], timeout: float = 60) -> list[float]:
    """Seconds from spawn until the screen text first matches each pattern, in order."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(TERM="xterm-256color", COLUMNS="80", LINES="24")
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    seen: list[float] = []
    raw = b""
    try:
        while len(seen) < len(patterns):
            if time.monotonic() - start > timeout:
                raise TimeoutError(f"{argv[0]} showed no {patterns[len(seen)].pattern!r} within {timeout} s")
            ready, _, _ = select.select([master], [], [], 0.01)
            if not ready:
                continue
            try:
                raw += os.read(master, 65536)
            except OSError:
                raise RuntimeError(f"{argv[0]} closed its terminal before showing its screen") from None
            now = time.monotonic()
            text = ESCAPES.sub(b"", raw).decode("utf-8", "replace")
            while len(seen) < len(patterns) and patterns[len(seen)].search(text):
                seen.append(now - start)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        os.close(master)
    return seen


def measure(runs: int = 9) -> dict:
    """Medians (ms) to first text for both apps and to Today's data for reflect, and the ratios."""
    bare_argv = [sys.executable, str(HERE / "bare_app.py")]
    first: dict[str, list[float]] = {"bare": [], "reflect": []}
    data: list[float] = []
    with fresh_copy("10y") as folder:
        reflect = [*reflect_command(), "--data-dir", str(folder)]
        subprocess.run([*reflect, "log", "--mood", "6", "--energy", "5"], check=True, capture_output=True)
        until_shown(bare_argv, [TEXT])  # warm caches
        until_shown(reflect, [TEXT, TODAY_DATA])
        for _ in range(runs):
            first["bare"].append(until_shown(bare_argv, [TEXT])[0])
            shown = until_shown(reflect, [TEXT, TODAY_DATA])
            first["reflect"].append(shown[0])
            data.append(shown[1])
    med = {name: median_ms(t) for name, t in first.items()}
    med_data = median_ms(data)
    return {"bare_ms": med["bare"], "reflect_ms": med["reflect"], "reflect_data_ms": med_data, "runs": runs,
            "ratio": med["reflect"] / med["bare"], "data_ratio": med_data / med["bare"]}


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description="TUI first screen as a user sees it, against a bare app")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    fig = measure(args.runs)
    print(f"Spawn to text on an 80x24 pseudo-terminal, median of {fig['runs']} alternating runs")
    print(f"  bare Textual app, first screen:   {fig['bare_ms']:6.0f} ms")
    print(f"  reflect, 10 years, first screen:  {fig['reflect_ms']:6.0f} ms  ratio {fig['ratio']:.2f} (target <= {TARGET_FIRST})")
    print(f"  reflect, 10 years, Today's data:  {fig['reflect_data_ms']:6.0f} ms  ratio {fig['data_ratio']:.2f} (target <= {TARGET_DATA})")


if __name__ == "__main__":
    main()
