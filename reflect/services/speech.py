"""Offline speech recognition for rehearsals: WAV reading, resampling, and pocketsphinx decoding.

Everything runs on this machine: pocketsphinx ships its English model inside its wheel. With a script,
the decoder uses a small language model built from the script's sentences, the shipped fillers and
common words, which makes it hear the script far more reliably than the general model. The voice extra
(`pip install 'reflect-journal[voice]'`) provides pocketsphinx and numpy; without it `available()`
says what to install. Call these from a worker thread: decoding takes a large share of real time.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reflect.core.errors import BadInput, ReflectError
from reflect.core.story.pitch import sentences, words
from reflect.core.story.speech import Word, filler_phrases, norm

RATE = 16000
"""Samples per second the recogniser works at."""

MIN_RATE = 8000
"""The lowest sample rate accepted (telephone quality)."""

MAX_SECONDS = 3600
"""The longest recording analysed."""

INSTALL_HINT = "listening needs the voice extra: pip install 'reflect-journal[voice]' (offline speech recognition and microphone)"
"""What to tell the user when the voice packages are missing."""

SCRIPT_WEIGHT = 3
"""How many times the script's sentences count in its language model against one of each filler."""

DISCOUNT = 0.3
"""Probability mass the script model leaves to unseen word sequences (lower: follows the script more)."""

_SKIP = re.compile(r"^(<s>|</s>|<sil>|\[.*\]|\+\+.*\+\+)$")


class VoiceUnavailable(ReflectError):
    """The voice extra (pocketsphinx, numpy) is not installed."""

    exit_code = 1


def available() -> str | None:
    """None when recognition can run here, else one line saying how to enable it."""
    try:
        import numpy  # noqa: F401
        import pocketsphinx  # noqa: F401
    except ImportError:
        return INSTALL_HINT
    return None


def _need() -> None:
    problem = available()
    if problem:
        raise VoiceUnavailable(problem)


def to_mono_16k(raw: bytes, rate: int, channels: int, width: int) -> Any:
    """PCM bytes (8, 16, 24 or 32 bit) as a 16 kHz mono int16 numpy array (channels averaged, linear resampling)."""
    import numpy as np

    if width == 1:
        data = (np.frombuffer(raw, dtype=np.uint8).astype(np.float32) - 128) * 256
    elif width == 2:
        data = np.frombuffer(raw, dtype="<i2").astype(np.float32)
    elif width == 3:
        b = np.frombuffer(raw[: len(raw) // 3 * 3], dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        data = (((b[:, 2] << 24) | (b[:, 1] << 16) | (b[:, 0] << 8)) >> 16).astype(np.float32)
    else:
        data = np.frombuffer(raw, dtype="<i4").astype(np.float32) / 65536
    if channels > 1:
        data = data[: len(data) // channels * channels].reshape(-1, channels).mean(axis=1)
    if rate != RATE and len(data):
        n = int(round(len(data) * RATE / rate))
        data = np.interp(np.arange(n) * (rate / RATE), np.arange(len(data)), data)
    return np.clip(data, -32768, 32767).astype(np.int16)


def read_wav(path: str | Path) -> tuple[Any, float]:
    """A WAV file as 16 kHz mono int16 samples and its length in seconds; BadInput with one line when it is not usable."""
    _need()
    if os.path.exists(path) and not os.path.isdir(path) and not os.path.isfile(path):
        raise BadInput(f"AUDIO: {path} is not a regular file (a FIFO or a device would never end); give a WAV file")
    try:
        with wave.open(str(path), "rb") as w:
            rate, channels, width, frames = w.getframerate(), w.getnchannels(), w.getsampwidth(), w.getnframes()
            if rate < MIN_RATE:
                raise BadInput(f"AUDIO: {path} is sampled at {rate} Hz; at least {MIN_RATE} Hz (16000 or more is best) is allowed")
            if frames / rate > MAX_SECONDS:
                raise BadInput(f"AUDIO: {path} lasts {frames / rate:.0f} s; recordings up to {MAX_SECONDS} s are allowed")
            raw = w.readframes(frames)
    except FileNotFoundError:
        raise BadInput(f"AUDIO: {path} does not exist; give the path of a WAV recording") from None
    except IsADirectoryError:
        raise BadInput(f"AUDIO: {path} is a folder; give the path of a WAV recording") from None
    except (wave.Error, EOFError) as exc:
        raise BadInput(f"AUDIO: {path} is not a PCM WAV file ({exc}); give an uncompressed WAV recording") from None
    except OSError as exc:
        raise BadInput(f"AUDIO: cannot read {path} ({exc.strerror or exc})") from None
    samples = to_mono_16k(raw, rate, channels, width)
    return samples, len(samples) / RATE


def _corpus(script: str) -> str:
    """Training sentences for the script's language model: the script's sentences, then each filler once."""
    lines = [" ".join(norm(w) for w in words(s)) for s in sentences(script)]
    fillers = [" ".join(p) for p in filler_phrases()]
    return "\n".join(lines * SCRIPT_WEIGHT + fillers) + "\n"


@dataclass
class Recogniser:
    """A pocketsphinx decoder, tuned to a script when one is given. Not thread-safe: one per worker."""

    script: str = ""

    def __post_init__(self) -> None:
        _need()
        from pocketsphinx import Decoder, NGramModel
        from pocketsphinx.lm import ArpaBoLM

        if not words(self.script):
            self.decoder = Decoder(samprate=RATE, loglevel="FATAL")
            return
        self.decoder = Decoder(samprate=RATE, loglevel="FATAL", lm=None)
        model = ArpaBoLM(add_start=True, discount_mass=DISCOUNT)
        model.read_corpus(io.StringIO(_corpus(self.script)))
        model.compute()
        text = io.StringIO()
        model.write(text)
        with tempfile.TemporaryDirectory() as scratch:  # pocketsphinx reads a model from a path only
            name = os.path.join(scratch, "script.arpa")
            with open(name, "w", encoding="utf-8") as out:
                out.write(text.getvalue())
            lm = NGramModel(self.decoder.config, self.decoder.logmath, name)
        self.decoder.add_lm("script", lm)
        self.decoder.activate_search("script")

    def start(self) -> None:
        """Begin an utterance (a run)."""
        self.decoder.start_utt()

    def feed(self, samples: Any) -> None:
        """Decode more 16 kHz mono int16 samples."""
        self.decoder.process_raw(samples.tobytes(), False, False)

    def heard(self, offset: float = 0.0) -> list[Word]:
        """The words recognised so far, timed in seconds (plus `offset`)."""
        out = []
        for seg in self.decoder.seg():
            if _SKIP.match(seg.word):
                continue
            out.append(Word(norm(seg.word), offset + seg.start_frame / 100, offset + (seg.end_frame + 1) / 100))
        return out

    def finish(self) -> list[Word]:
        """End the utterance; the final words."""
        self.decoder.end_utt()
        return self.heard()

    def transcribe(self, samples: Any) -> list[Word]:
        """All the words in a whole recording."""
        self.decoder.start_utt()
        self.decoder.process_raw(samples.tobytes(), False, True)
        return self.finish()
