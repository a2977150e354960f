"""Live listening during a rehearsal run: real pace, pauses, fillers and skipped lines as they are heard."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from reflect.core.story.speech import PAUSE_SECONDS, SpeechReport

PAUSE_CHOICES = (1.0, 1.5, 2.0, 3.0)
"""Shortest silences reported as pauses that `p` cycles through."""


def render_report(report: SpeechReport, *, live: bool) -> Text:
    """The report in two or three short lines (plain Text: nothing heard is read as markup)."""
    out = Text()
    out.append("Listening " if live else "Heard ", style="bold")
    now = report.last_rolling()
    if report.wpm is None:
        out.append("no words yet" if live else "no words", style="dim")
    else:
        if now is not None:
            out.append(f"{now:.0f} wpm now", style="bold")
            out.append(" \u00b7 ")
        out.append(f"{report.wpm:.0f} wpm whole, {report.words_spoken} words")
    counts = report.filler_counts()
    out.append("\nFillers ", style="bold")
    out.append(", ".join(f"{w} x{c}" for w, c in counts.items()) if counts else "none")
    out.append("  Pauses ", style="bold")
    out.append(", ".join(f"{s:.1f}s" for _, s in report.pauses) if report.pauses else "none")
    if report.skipped and not live:
        out.append("\nSkipped ", style="bold yellow")
        out.append(" | ".join(report.skipped))
    if report.added and not live:
        out.append("\nAdded ", style="bold")
        out.append(" | ".join(report.added))
    return out


class ListenPanel(Static):
    """Listening on or off, the live analysis during a run, the final one after it.

    `begin` starts a `Listening` session in a thread worker; `end` stops it and returns the report.
    """

    DEFAULT_CSS = """
    ListenPanel { height: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__("")
        self.enabled = False
        """Whether the next run is listened to."""
        self.keep = False
        """Whether the next run's recording is kept (written to the data folder)."""
        self.pause_seconds = PAUSE_SECONDS
        """Shortest silence reported as a pause."""
        self.session: Any = None
        """The running or last `Listening` session."""
        self._worker: Worker[SpeechReport] | None = None

    def problem(self) -> str | None:
        """Why listening cannot run here, or None (blocking: imports the voice packages, asks PortAudio for devices)."""
        from reflect.services.speech import available

        missing = available()
        if missing or getattr(self.app, "microphone", None) is not None:
            return missing
        from reflect.services.listening import microphone_problem

        return microphone_problem()

    def on_mount(self) -> None:
        """Say how to listen."""
        self.idle()

    def idle(self, note: str = "") -> None:
        """Between runs: listening on/off and the keep setting (and why it cannot run, when it cannot)."""
        out = Text(note + "\n" if note else "")
        if self.enabled:
            out.append("Listening on", style="bold green")
            out.append(f" (e: off) \u00b7 pauses {self.pause_seconds:g}s+ (P) \u00b7 recording "
                       + ("kept (k: don't keep)" if self.keep else "not kept (k: keep)"))
        else:
            out.append("Listening off \u00b7 e: hear the run offline (pace, fillers, skips)", style="dim")
        self.update(out)

    def toggle(self, problem: str | None) -> str | None:
        """Switch listening, given `problem()` (checked off the event loop: it opens PortAudio); returns the problem."""
        if not self.enabled:
            if problem:
                self.update(Text("Listening unavailable: " + problem, style="yellow"))
                return problem
        self.enabled = not self.enabled
        self.idle()
        return None

    def cycle_pause(self) -> None:
        """The next shortest pause length (between runs)."""
        at = PAUSE_CHOICES.index(self.pause_seconds) if self.pause_seconds in PAUSE_CHOICES else -1
        self.pause_seconds = PAUSE_CHOICES[(at + 1) % len(PAUSE_CHOICES)]
        self.idle()

    def begin(self, script: str) -> None:
        """Start listening for a run (when switched on)."""
        if not self.enabled:
            return
        from reflect.services.listening import Listening

        self.session = Listening(script, lambda report: self.app.call_from_thread(self._live, report), self.pause_seconds,
                                 getattr(self.app, "microphone", None))
        self.update(Text("Listening... (starting)", style="bold"))
        self._worker = self.run_worker(self.session.run, thread=True, group="listen", exit_on_error=False)

    def _live(self, report: SpeechReport) -> None:
        if self._worker is not None and self._worker.is_running:
            self.update(render_report(report, live=True))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A microphone or recogniser failure shows at once, not only when the run stops."""
        if event.worker is self._worker and event.state == WorkerState.ERROR:
            self.update(Text(f"Listening failed: {event.worker.error}; the run goes on without it", style="yellow"))

    def on_unmount(self) -> None:
        """Leaving the screen stops the microphone."""
        self.stop()

    def stop(self) -> None:
        """Stop capturing now (the analysis finishes in the worker; `end` waits for it)."""
        if self.session is not None:
            self.session.stop()

    async def end(self) -> SpeechReport | None:
        """Stop listening and wait for the final analysis (None when the run was not listened to or it failed)."""
        worker, self._worker = self._worker, None
        if worker is None or self.session is None:
            return None
        self.session.stop()
        self.update(Text("Listening stopped: finishing the analysis...", style="bold"))
        try:
            report = await worker.wait()
        except Exception as exc:  # noqa: BLE001 - the microphone or recogniser failed: say so, keep the run
            self.update(Text(f"Listening failed: {getattr(exc, 'error', exc)}", style="yellow"))
            return None
        self.update(render_report(report, live=False))
        return report
