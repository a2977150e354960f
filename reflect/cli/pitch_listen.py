"""`reflect pitch listen AUDIO.wav`: pace, pauses, fillers and skipped lines of a recorded rehearsal, offline."""

from __future__ import annotations

import argparse
import json

from reflect.cli.common import positive_float
from reflect.core.story.speech import PAUSE_SECONDS, SpeechReport, analyse


def register_listen(psub: argparse._SubParsersAction) -> None:
    """Add `pitch listen` to the `pitch` subcommands."""
    p = psub.add_parser("listen", help="listen to a WAV recording: real pace, pauses, fillers, lines skipped or added")
    p.add_argument("audio", metavar="AUDIO", help="a PCM WAV recording (16 kHz mono or better; other rates are resampled)")
    p.add_argument("--script", metavar="FILE", help="the UTF-8 script that was spoken: finds skipped and added lines")
    p.add_argument("--pause", type=positive_float("--pause", 60), default=PAUSE_SECONDS, metavar="SECONDS",
                   help=f"shortest silence reported as a pause (default {PAUSE_SECONDS:g})")
    p.add_argument("--json", action="store_true", help="print the full result as JSON")
    p.set_defaults(func=run_listen)


def listen_file(audio: str, script: str, pause: float = PAUSE_SECONDS) -> SpeechReport:
    """Recognise a recording offline and analyse it against the script."""
    from reflect.services.speech import Recogniser, read_wav

    samples, seconds = read_wav(audio)
    heard = Recogniser(script).transcribe(samples)
    return analyse(heard, script, seconds, pause_seconds=pause)


def describe(report: SpeechReport) -> list[str]:
    """The report as lines for a person."""
    pace = f"{report.wpm:g} wpm" if report.wpm is not None else "no words heard"
    lines = [f"{report.words_spoken} words in {report.speaking_seconds:.1f} s of speech ({report.duration:.1f} s recorded): {pace}"]
    if report.rolling_wpm:
        lines.append("Pace over time: " + ", ".join(f"{t:g}s {w:.0f}" for t, w in report.rolling_wpm))
    counts = report.filler_counts()
    lines.append("Fillers: " + (", ".join(f"{w} x{c}" for w, c in counts.items()) if counts else "none heard"))
    lines.append("Pauses: " + (", ".join(f"{s:.1f}s at {a:.1f}s" for a, s in report.pauses) if report.pauses else "none"))
    lines += [f"Skipped: {s}" for s in report.skipped]
    lines += [f"Added: {s}" for s in report.added]
    return lines


def run_listen(args: argparse.Namespace) -> int:
    """Print the analysis (human lines, or JSON)."""
    from reflect.cli.pitch import read_script

    script = read_script(args.script) if args.script else ""
    report = listen_file(args.audio, script, args.pause)
    if args.json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
        return 0
    for line in describe(report):
        print(line)
    return 0
