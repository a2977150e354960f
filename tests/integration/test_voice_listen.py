"""Listening to real speech: espeak-ng speaks a script to WAV files, `reflect pitch listen` analyses them.

The same script at two known rates, and once with fillers, a skipped sentence and a long pause. No
microphone is involved. espeak-ng writes 22.05 kHz audio, so the resampling to 16 kHz runs too.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import need

pytestmark = [pytest.mark.integration, pytest.mark.slow]

SCRIPT = """Most freelance designers lose clients because their proposals arrive late and read like everyone else's.

I write proposals with designers in one focused afternoon, using their own results and their clients' words.

Last spring a studio in Leeds won four of five pitches after we rewrote their standard proposal together.

If your proposals feel slow or generic, send me the last one you wrote and I will mark it up for free this week.
"""

SPOKEN_WITH_FILLERS = (
    "Most freelance designers lose clients because their proposals arrive late and read like everyone else's. "
    '<break time="3s"/> You know, I write proposals with designers in one focused afternoon, using their own results '
    "and their clients' words. Basically, if your proposals feel slow or generic, send me the last one you wrote "
    "and I will mark it up for free this week."
)
"""The script with two fillers and a three-second pause, the third sentence left out."""

SLOW, FAST = 120, 180
"""espeak-ng rates, words per minute."""


def _speak(out: Path, rate: int, text: str, ssml: bool = False) -> Path:
    need(shutil.which("espeak-ng") is not None, "espeak-ng is not installed (apt-get install espeak-ng)")
    cmd = ["espeak-ng", "-s", str(rate), "-w", str(out)] + (["-m"] if ssml else []) + [text]
    subprocess.run(cmd, check=True, capture_output=True)
    return out


def _listen(audio: Path, script: Path) -> dict:
    proc = subprocess.run([sys.executable, "-m", "reflect", "pitch", "listen", str(audio), "--script", str(script), "--json"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def spoken(tmp_path_factory) -> dict[str, dict]:
    """The analysis of each recording, decoded once for the module."""
    folder = tmp_path_factory.mktemp("voice")
    script = folder / "script.txt"
    script.write_text(SCRIPT, encoding="utf-8")
    recordings = {
        "slow": _speak(folder / "slow.wav", SLOW, SCRIPT),
        "fast": _speak(folder / "fast.wav", FAST, SCRIPT),
        "fillers": _speak(folder / "fillers.wav", 150, SPOKEN_WITH_FILLERS, ssml=True),
    }
    return {name: _listen(path, script) for name, path in recordings.items()}


def test_the_faster_rate_is_measured_faster_and_close_to_the_set_rate(spoken) -> None:
    slow, fast = spoken["slow"]["wpm"], spoken["fast"]["wpm"]
    assert fast > slow
    assert abs(slow - SLOW) <= 0.15 * SLOW, slow
    assert abs(fast - FAST) <= 0.15 * FAST, fast


def test_a_clean_read_skips_nothing(spoken) -> None:
    assert spoken["slow"]["skipped"] == [] and spoken["fast"]["skipped"] == []


def test_fillers_are_heard(spoken) -> None:
    counts = {f["word"]: f["count"] for f in spoken["fillers"]["fillers"]}
    assert counts.get("you know", 0) >= 1 and counts.get("basically", 0) >= 1, counts
    assert sum(counts.values()) > sum(f["count"] for f in spoken["fast"]["fillers"])


def test_the_skipped_sentence_is_found(spoken) -> None:
    assert spoken["fillers"]["skipped"] == [
        "Last spring a studio in Leeds won four of five pitches after we rewrote their standard proposal together."
    ]


def test_the_long_pause_is_found(spoken) -> None:
    pauses = spoken["fillers"]["pauses"]
    assert any(p["seconds"] >= 2.5 for p in pauses), pauses
    assert not any(p["seconds"] >= 2.5 for p in spoken["fast"]["pauses"])


def test_rolling_pace_is_reported(spoken) -> None:
    rolling = spoken["slow"]["rolling_wpm"]
    assert len(rolling) >= 4
    assert all(60 < r["wpm"] < 200 for r in rolling[1:]), rolling


@pytest.mark.parametrize("make", ["missing", "text", "low_rate"])
def test_a_bad_recording_is_one_clean_line(tmp_path, make: str) -> None:
    import wave

    audio = tmp_path / "a.wav"
    if make == "text":
        audio.write_text("not audio", encoding="utf-8")
    elif make == "low_rate":
        with wave.open(str(audio), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(4000)
            w.writeframes(b"\0\0" * 4000)
    proc = subprocess.run([sys.executable, "-m", "reflect", "pitch", "listen", str(audio)], capture_output=True, text=True)
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == "" and len(proc.stderr.strip().splitlines()) == 1 and "AUDIO:" in proc.stderr
    assert "Traceback" not in proc.stderr
