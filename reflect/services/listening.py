"""Live listening during a rehearsal: microphone capture, recognition as the user speaks, kept recordings.

A `Listening` session runs in a worker thread: it reads audio blocks from a source (the microphone
through sounddevice/PortAudio, or a WAV file standing in for it), feeds the recogniser and reports
the analysis about once a second. Audio stays in memory; it is written to disk only by
`keep_recording`, on the user's request, as a 0600 WAV file in the data folder's `recordings/`.
"""

from __future__ import annotations

import os
import queue
import threading
import uuid
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from reflect.core.story.speech import PAUSE_SECONDS, SpeechReport, analyse
from reflect.services.speech import RATE, Recogniser, available, read_wav

BLOCK = RATE // 10
"""Samples per audio block (0.1 s)."""

REPORT_EVERY = 1.0
"""Seconds of audio between live reports."""

RECORDINGS = "recordings"
"""The data folder's sub-folder for recordings the user chose to keep."""


class Source(Protocol):
    """Where audio comes from: blocks of 16 kHz mono int16 samples."""

    def start(self) -> None:
        """Begin capturing."""

    def read(self, timeout: float) -> Any | None:
        """The next block, or None when none came within `timeout` seconds."""

    def close(self) -> None:
        """Stop capturing."""


class Microphone:
    """The default input device through sounddevice (PortAudio), 16 kHz mono."""

    def __init__(self) -> None:
        import sounddevice

        self._blocks: queue.Queue[Any] = queue.Queue()
        self._stream = sounddevice.InputStream(samplerate=RATE, channels=1, dtype="int16", blocksize=BLOCK,
                                               callback=lambda data, frames, time, status: self._blocks.put(data[:, 0].copy()))

    def start(self) -> None:
        """Open the stream."""
        self._stream.start()

    def read(self, timeout: float) -> Any | None:
        """The next block captured."""
        try:
            return self._blocks.get(timeout=timeout)
        except queue.Empty:
            return None

    def close(self) -> None:
        """Stop and close the stream."""
        self._stream.stop()
        self._stream.close()


class WavSource:
    """A WAV file played as if it were the microphone (as fast as it is read), then silence."""

    def __init__(self, path: str | Path) -> None:
        self.samples, _ = read_wav(path)
        self._at = 0
        self.done = threading.Event()
        """Set once the whole file has been read."""

    def start(self) -> None:
        """Nothing to open."""

    def read(self, timeout: float) -> Any | None:
        """The next 0.1 s of the file; None once it is used up."""
        if self._at >= len(self.samples):
            self.done.set()
            return None
        block = self.samples[self._at:self._at + BLOCK]
        self._at += BLOCK
        return block

    def close(self) -> None:
        """Nothing to close."""


def microphone_problem() -> str | None:
    """None when a microphone can be opened here, else one line saying why not."""
    problem = available()
    if problem:
        return problem
    try:
        import sounddevice
    except ImportError:
        return "listening needs the voice extra: pip install 'reflect-journal[voice]'"
    except OSError:
        return "listening needs PortAudio: install libportaudio2 (or your system's PortAudio package)"
    try:
        sounddevice.query_devices(kind="input")
    except Exception:  # noqa: BLE001 - PortAudio raises several kinds when there is no input device
        return "no microphone found: connect one, or use `reflect pitch listen` on a recording"
    return None


class Listening:
    """One run's listening: call `run` in a worker thread, `stop` from anywhere; reports go to `on_report`."""

    def __init__(self, script: str, on_report: Callable[[SpeechReport], None], pause_seconds: float = PAUSE_SECONDS,
                 open_source: Callable[[], Source] | None = None) -> None:
        self.script = script
        self.open_source: Callable[[], Source] = open_source or Microphone
        """Opens the audio source (the default input device unless one is injected)."""
        self.on_report = on_report
        self.pause_seconds = pause_seconds
        self.audio: list[Any] = []
        """Every block heard this run (memory only)."""
        self._stop = threading.Event()

    def stop(self) -> None:
        """Ask the worker to finish: it decodes what it has and returns the final report."""
        self._stop.set()

    def seconds(self) -> float:
        """Audio captured so far, in seconds."""
        return sum(len(b) for b in self.audio) / RATE

    def run(self) -> SpeechReport:
        """Capture and recognise until stopped; the final report (blocking: call from a worker thread)."""
        recogniser = Recogniser(self.script)
        source = self.open_source()
        source.start()
        recogniser.start()
        reported = 0.0
        try:
            while not self._stop.is_set():
                block = source.read(timeout=0.2)
                if block is None:
                    continue
                self.audio.append(block)
                recogniser.feed(block)
                if self.seconds() - reported >= REPORT_EVERY:
                    reported = self.seconds()
                    self.on_report(analyse(recogniser.heard(), self.script, reported, pause_seconds=self.pause_seconds))
        finally:
            source.close()
        return analyse(recogniser.finish(), self.script, self.seconds(), pause_seconds=self.pause_seconds)


def _path(root: Path, name: str) -> Path:
    """`recordings/<name>.wav`; the name must be a record id (never a path)."""
    if str(uuid.UUID(name)) != name:
        raise ValueError(f"not a record id: {name!r}")
    return root / RECORDINGS / f"{name}.wav"


def keep_recording(root: Path, name: str, audio: list[Any]) -> Path:
    """Write a run's audio as `recordings/<name>.wav` in the data folder, readable by the user only (0600)."""
    import numpy as np

    final = _path(root, name)
    folder = root / RECORDINGS
    folder.mkdir(mode=0o700, exist_ok=True)
    temp = folder / f".{name}.wav.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as raw:
            with wave.open(raw, "wb") as out:
                out.setnchannels(1)
                out.setsampwidth(2)
                out.setframerate(RATE)
                out.writeframes(np.concatenate(audio).astype("<i2").tobytes() if audio else b"")
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temp, final)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return final


def delete_recording(root: Path, name: str) -> bool:
    """Delete a kept recording; False when there was none."""
    path = _path(root, name)
    if not path.exists():
        return False
    path.unlink()
    return True
