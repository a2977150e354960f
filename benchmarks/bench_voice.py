"""Listening speed: analysis of a 60-second spoken recording against the time the recording lasts.

    python benchmarks/bench_voice.py [--runs N]

espeak-ng speaks a pitch script to a WAV (looped to at least 60 s, 22.05 kHz, so resampling is timed
too). Two paths are timed: the whole file at once (`reflect pitch listen`), and the live path the
rehearsal screen uses (0.1 s blocks, an analysis every second of audio). Prints medians of wall and
CPU time and their share of the recording's length; below 1.0 means faster than real time.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
import wave
from pathlib import Path

import _common  # noqa: F401 - puts the checkout on sys.path

SCRIPT = """Most freelance designers lose clients because their proposals arrive late and read like everyone else's.

I write proposals with designers in one focused afternoon, using their own results and their clients' words.

Last spring a studio in Leeds won four of five pitches after we rewrote their standard proposal together.

The trick is simple: lead with the client's problem, show one result with numbers, and end with a clear next step.

If your proposals feel slow or generic, send me the last one you wrote and I will mark it up for free this week.
"""

SECONDS = 60.0
"""The recording's length."""


def recording(folder: Path) -> Path:
    """A WAV of exactly 60 s: the script spoken at 140 wpm, repeated, cut at 60 s."""
    long, wav = folder / "long.wav", folder / "pitch.wav"
    spoken = SCRIPT
    while True:
        subprocess.run(["espeak-ng", "-s", "140", "-w", str(long), spoken], check=True, capture_output=True)
        with wave.open(str(long)) as w:
            if w.getnframes() / w.getframerate() >= SECONDS:
                params, frames = w.getparams(), w.readframes(int(SECONDS * w.getframerate()))
                break
        spoken += "\n\n" + SCRIPT
    with wave.open(str(wav), "wb") as out:
        out.setparams(params)
        out.writeframes(frames)
    return wav


def whole(wav: Path) -> None:
    """Read, recognise and analyse the file in one go."""
    from reflect.core.story.speech import analyse
    from reflect.services.speech import Recogniser, read_wav

    samples, seconds = read_wav(wav)
    analyse(Recogniser(SCRIPT).transcribe(samples), SCRIPT, seconds)


def live(wav: Path) -> None:
    """The rehearsal screen's path: 0.1 s blocks, a report every second."""
    from reflect.services import listening

    source = listening.WavSource(wav)
    session = listening.Listening(SCRIPT, lambda report: None, open_source=lambda: source)
    original = source.read

    def read(timeout: float):
        """The file's next block; at its end, the session is told to stop."""
        block = original(timeout)
        if block is None:
            session.stop()
        return block

    source.read = read
    session.run()


def measure(runs: int = 3) -> dict:
    """Median wall and CPU seconds of each path, and their share of the recording's length."""
    from reflect.services.speech import read_wav

    with tempfile.TemporaryDirectory(prefix="reflect-bench-voice-") as tmp:
        wav = recording(Path(tmp))
        seconds = read_wav(wav)[1]
        out: dict = {"audio_seconds": round(seconds, 1)}
        for name, func in (("whole", whole), ("live", live)):
            wall, cpu = [], []
            for _ in range(runs):
                w0, c0 = time.perf_counter(), time.process_time()
                func(wav)
                wall.append(time.perf_counter() - w0)
                cpu.append(time.process_time() - c0)
            out[name] = {"wall_s": round(statistics.median(wall), 1), "cpu_s": round(statistics.median(cpu), 1),
                         "wall_share": round(statistics.median(wall) / seconds, 2), "cpu_share": round(statistics.median(cpu) / seconds, 2)}
    return out


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description="listening: analysis time / recording length")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    result = measure(args.runs)
    print(f"recording: {result['audio_seconds']} s")
    for name in ("whole", "live"):
        r = result[name]
        print(f"{name:5}: {r['wall_s']} s wall ({r['wall_share']}x the recording), {r['cpu_s']} s CPU ({r['cpu_share']}x)")


if __name__ == "__main__":
    main()
