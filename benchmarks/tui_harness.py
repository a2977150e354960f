"""Start an app on a real terminal, note when its first screen is painted, then exit.

    python benchmarks/tui_harness.py bare
    python benchmarks/tui_harness.py reflect DATA_DIR [--areas]

`reflect` goes through the real entry point (`reflect.cli.main(["--data-dir", DATA_DIR])`); `bare`
is a Textual app with a header, one line of text and a footer. Both get the same auto-pilot (a
wrapper around `App.run`): once the app is ready it waits until every worker is done (for reflect:
the store opened, settings and Today's check-ins loaded) and the screen refreshed, then writes
`{"first_frame": t, "painted": t, "maxrss_kib": ...}` to the file named by $BENCH_RESULT, where
`first_frame` is the `time.monotonic()` of the first frame written to the terminal (a wrapper
around `App._display`) and `painted` the moment the first screen shows its data. With
`--areas` it then visits every area and dialog (t f p s i m r ?) before reporting peak memory.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _report(**values) -> None:
    path = os.environ.get("BENCH_RESULT")
    if not path:
        return
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        data = {}
    data.update(values)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle)


def _peak_rss_kib() -> int:
    """This process's peak RSS: VmHWM of /proc/self/status (per address space, so unlike
    ru_maxrss it does not include the parent's memory copied by fork before exec)."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _install_autopilot(areas: bool) -> None:
    from textual.app import App

    original = App.run
    original_display = App._display
    first: dict[str, object] = {}

    def display(self, screen, renderable) -> None:
        original_display(self, screen, renderable)
        if not first and renderable is not None and self._running and not self._batch_count and not self.is_headless:
            first.update(first_frame=time.monotonic(), first_frame_cpu=time.process_time(), first_frame_screen=type(screen).__name__, store_imported="reflect.store" in sys.modules or "pydantic" in sys.modules)

    async def autopilot(pilot) -> None:
        await _settle(pilot)
        _report(painted=time.monotonic(), painted_cpu=time.process_time(), screen=type(pilot.app.screen).__name__, **first)
        if areas:
            for key in ("f", "p", "s", "i", "m", "escape", "r", "escape", "question_mark", "escape", "t"):
                await pilot.press(key)
                await _settle(pilot)
        _report(maxrss_kib=_peak_rss_kib(), final_screen=type(pilot.app.screen).__name__)
        pilot.app.exit()

    def run(self, *args, **kwargs):
        kwargs.setdefault("auto_pilot", autopilot)
        return original(self, *args, **kwargs)

    App.run = run  # type: ignore[method-assign]
    App._display = display  # type: ignore[method-assign]


def main() -> int:
    """Run the chosen app under the auto-pilot."""
    kind = sys.argv[1]
    areas = "--areas" in sys.argv
    _install_autopilot(areas)
    if kind == "bare":
        from textual.app import App, ComposeResult
        from textual.widgets import Footer, Header, Static

        class Bare(App):
            """The smallest comparable app: a header, a line of text, a footer with one key."""

            BINDINGS = [("q", "quit", "Quit")]

            def compose(self) -> ComposeResult:
                yield Header()
                yield Static("Hello")
                yield Footer()

        Bare().run()
        return 0
    from reflect.cli import main as cli_main

    return cli_main(["--data-dir", sys.argv[2]])


if __name__ == "__main__":
    sys.exit(main())
