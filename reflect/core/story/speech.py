"""What a spoken run says about the delivery: pace, pauses, fillers, and the script lines skipped or added.

Pure analysis over a timed transcript (words with start and end seconds, as a recogniser gives them).
The transcript is aligned to the script word by word (longest matching blocks); a sentence is skipped
when too few of its words were heard; words heard that are neither in the script nor fillers are added.
Pace counts the script words of the sentences said (recognisers miss words; the speaker did not), plus
fillers and added words, over the time from the first word heard to the last.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from reflect import content
from reflect.core.story.pitch import sentences, words

PAUSE_SECONDS = 2.0
"""Default shortest silence reported as a pause."""

ROLLING_SECONDS = 20.0
"""Window of the rolling pace."""

SAID_RATIO = 0.35
"""A sentence counts as said when at least this share of its words were heard."""

ADDED_MIN_WORDS = 3
"""Fewer unmatched words in a row than this are taken as recognition noise, not an added line."""


@dataclass(frozen=True)
class Word:
    """One recognised word and when it was said (seconds from the start of the audio)."""

    text: str
    start: float
    end: float


@dataclass
class SpeechReport:
    """The analysis of one spoken run."""

    duration: float
    """Seconds of audio analysed."""
    speaking_seconds: float
    """From the first word heard to the last."""
    words_spoken: int
    """Script words of the sentences said, plus fillers and added words."""
    wpm: float | None
    """Words per minute over the whole run (None when nothing was heard)."""
    rolling_wpm: list[tuple[float, float]]
    """(seconds, words per minute over the last ROLLING_SECONDS) every 5 seconds and at the end."""
    pauses: list[tuple[float, float]]
    """(start, length) of every silence between words at least the chosen length."""
    fillers: list[tuple[str, float]]
    """(filler, second) of every filler heard."""
    skipped: list[str] = field(default_factory=list)
    """Script sentences not said."""
    added: list[str] = field(default_factory=list)
    """Runs of words said that are not in the script (nor fillers)."""
    transcript: str = ""
    """Everything heard, in order."""

    def filler_counts(self) -> dict[str, int]:
        """How often each filler was heard, most frequent first."""
        counts: dict[str, int] = {}
        for word, _ in self.fillers:
            counts[word] = counts.get(word, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def last_rolling(self) -> float | None:
        """The latest rolling pace."""
        return self.rolling_wpm[-1][1] if self.rolling_wpm else None

    def to_json(self) -> dict[str, Any]:
        """A plain dict for `--json` and for storing with a run."""
        return {
            "duration_seconds": round(self.duration, 2),
            "speaking_seconds": round(self.speaking_seconds, 2),
            "words_spoken": self.words_spoken,
            "wpm": self.wpm,
            "rolling_wpm": [{"at": t, "wpm": w} for t, w in self.rolling_wpm],
            "pauses": [{"at": round(a, 2), "seconds": round(s, 2)} for a, s in self.pauses],
            "fillers": [{"word": w, "count": c} for w, c in self.filler_counts().items()],
            "filler_times": [{"word": w, "at": round(t, 2)} for w, t in self.fillers],
            "skipped": list(self.skipped),
            "added": list(self.added),
            "transcript": self.transcript,
        }


def norm(word: str) -> str:
    """A word as compared: lower case, straight apostrophes, recogniser variant marks like "(2)" dropped."""
    word = word.split("(", 1)[0]
    return word.lower().replace("\u2019", "'").strip("'-")


def filler_phrases() -> list[tuple[str, ...]]:
    """The shipped filler list, as word tuples, longest first (so "you know" wins over "you")."""
    phrases = {tuple(norm(w) for w in f.split()) for f in content.load("pitch_words")["fillers"]}
    return sorted(phrases, key=len, reverse=True)


def _script_tokens(script: str) -> tuple[list[str], list[int], list[str]]:
    """Script words (normalised), the sentence index of each, and the sentences."""
    said = sentences(script)
    tokens: list[str] = []
    owner: list[int] = []
    for i, sentence in enumerate(said):
        for w in words(sentence):
            tokens.append(norm(w))
            owner.append(i)
    return tokens, owner, said


def _split_unmatched(heard: list[Word], fillers: list[tuple[str, ...]]) -> tuple[list[tuple[str, float]], list[list[Word]]]:
    """Fillers found in a stretch of unmatched words, and the remaining runs of other words."""
    found: list[tuple[str, float]] = []
    runs: list[list[Word]] = [[]]
    i = 0
    while i < len(heard):
        for phrase in fillers:
            if tuple(norm(w.text) for w in heard[i:i + len(phrase)]) == phrase:
                found.append((" ".join(phrase), heard[i].start))
                runs.append([])
                i += len(phrase)
                break
        else:
            runs[-1].append(heard[i])
            i += 1
    return found, [r for r in runs if r]


def _rolling(times: list[float], duration: float, window: float, step: float = 5.0) -> list[tuple[float, float]]:
    """Words per minute over the last `window` seconds, every `step` seconds and at the end (window clipped at the start)."""
    out: list[tuple[float, float]] = []
    if not times:
        return out
    first = times[0]
    points = [step * k for k in range(1, int(duration / step + 1e-9) + 1)]
    if not points or duration - points[-1] > 0.5:
        points.append(duration)  # the pace now, between two steps
    for t in points:
        if t > first:
            span = min(window, t - first)
            n = sum(1 for x in times if t - span < x <= t)
            out.append((round(t, 1), round(n * 60 / span, 1)))
    return out


def _script_times(tokens: list[str], owner: list[int], said: set[int], matched: dict[int, float]) -> list[float]:
    """A time for each script word of a said sentence: heard ones as heard, missed ones between their neighbours."""
    known = sorted(matched.items())
    out: list[float] = []
    for j in range(len(tokens)):
        if owner[j] not in said:
            continue
        if j in matched:
            out.append(matched[j])
            continue
        before = [t for k, t in known if k < j]
        after = [t for k, t in known if k > j]
        if before and after:
            out.append((before[-1] + after[0]) / 2)
        elif before or after:
            out.append((before or after)[-1 if before else 0])
    return out


def analyse(heard: list[Word], script: str = "", duration: float | None = None, *, pause_seconds: float = PAUSE_SECONDS,
            rolling_seconds: float = ROLLING_SECONDS) -> SpeechReport:
    """The report for a timed transcript against a script (no script: every word counts, nothing is skipped)."""
    heard = [w for w in heard if norm(w.text)]
    duration = duration if duration is not None else (heard[-1].end if heard else 0.0)
    tokens, owner, lines = _script_tokens(script)
    spoken = [norm(w.text) for w in heard]
    matcher = SequenceMatcher(None, spoken, tokens, autojunk=False)
    at_script = {block.a + k: block.b + k for block in matcher.get_matching_blocks() for k in range(block.size)}
    matched = {j: heard[i].start for i, j in at_script.items()}
    per_sentence = [0] * len(lines)
    for j in matched:
        per_sentence[owner[j]] += 1
    sizes = [owner.count(i) for i in range(len(lines))]
    said = {i for i, n in enumerate(per_sentence) if n and n >= SAID_RATIO * sizes[i]}
    fillers: list[tuple[str, float]] = []
    added: list[str] = []
    added_times: list[float] = []
    phrases = filler_phrases()
    stretch: list[Word] = []
    before = -1
    for i, w in enumerate([*heard, None]):
        if w is not None and i not in at_script:
            stretch.append(w)
            continue
        after = at_script.get(i, len(tokens))
        found, runs = _split_unmatched(stretch, phrases)
        fillers += found
        other = [x for run in runs for x in run]
        # unheard script words of said sentences here: the other words are most likely those, misheard
        missed = sum(1 for j in range(before + 1, after) if owner[j] in said)
        if not script:
            added_times += [x.start for x in other]
        elif len(other) - missed >= ADDED_MIN_WORDS:
            added.append(" ".join(x.text for x in other))
            added_times += [x.start for x in other[missed:]]
        stretch, before = [], after
    if script:
        times = sorted(_script_times(tokens, owner, said, matched) + [t for _, t in fillers] + added_times)
    else:
        times = sorted(added_times + [t for _, t in fillers])
    speaking = (heard[-1].end - heard[0].start) if heard else 0.0
    gaps = [(a.end, b.start - a.end) for a, b in zip(heard, heard[1:]) if b.start - a.end >= pause_seconds]
    return SpeechReport(
        duration=duration,
        speaking_seconds=speaking,
        words_spoken=len(times),
        wpm=round(len(times) * 60 / speaking, 1) if speaking > 0 and times else None,
        rolling_wpm=_rolling(times, duration, rolling_seconds),
        pauses=gaps,
        fillers=fillers,
        skipped=[s for i, s in enumerate(lines) if i not in said] if heard else list(lines),
        added=added,
        transcript=" ".join(norm(w.text) for w in heard),
    )
