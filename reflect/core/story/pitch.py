"""Text checks for a pitch script: length, pace, fillers, repetition, focus on the listener.

Pure functions over a string (no store, no UI), so the editor can run them live and the CLI can
run them on a file. Word lists come from `data/pitch_words.json`.
"""

from __future__ import annotations

import math
import operator
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from itertools import repeat
from typing import Any

from reflect import content

DEFAULT_WPM = 130
"""The planned speaking pace when the user has not set one."""

PACE_BAND = (120, 160)
"""The band of paces shown beside the plan (conversation that sounds clear and competent)."""

LONG_SENTENCE = 25
"""A spoken sentence longer than this many words is flagged."""

ONE_LINER_WORDS = 25
"""The most words a one-liner may have."""

ONE_LINER_CHARS = 120
"""The most characters a one-liner may have (a shareable post)."""

LENGTH_SECONDS: dict[str, int | None] = {"one-liner": None, "30s": 30, "60s": 60, "2min": 120}
"""Target duration of each variant length (None: the one-liner is limited by words and characters)."""

_WORD = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:['\u2019\-][A-Za-z0-9\u00C0-\u024F]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?\u2026])[\"'\u201d\u2019)]*\s+|\n\s*\n|\n(?=\s*[-*\u2022])")


def words(text: str) -> list[str]:
    """The words of `text` in order ("don't", "e-mail" and "20" are one word each)."""
    return _WORD.findall(text)


def word_count(text: str) -> int:
    """How many words `text` has."""
    return len(words(text))


def _norm(word: str) -> str:
    return word.lower().replace("\u2019", "'")


def sentences(text: str) -> list[str]:
    """The sentences of `text`: split after . ! ? and at blank lines; empty pieces dropped."""
    parts = [p.strip() for p in _SENTENCE_END.split(text.strip())]
    return [p for p in parts if _WORD.search(p)]


_END = "\x00"
"""Stands for a sentence end among the words of `_flat_tokens` (never part of a word)."""

_WORD_OR_END = re.compile(_WORD.pattern + "|" + _END)


def _flat_tokens(text: str) -> list[str]:
    """The words of `text` as `_tokens` gives them, with `_END` wherever `sentences` splits: one pass."""
    marked = _SENTENCE_END.sub(_END, text.replace(_END, " ").replace("\u2019", "'"))
    return [w.lower() for w in _WORD_OR_END.findall(marked)]


def _sentence_lengths(flat: list[str]) -> list[int]:
    """Words in each sentence (those with words), from `_flat_tokens`."""
    lengths, n = [], 0
    for token in flat:
        if token == _END:
            if n:
                lengths.append(n)
            n = 0
        else:
            n += 1
    return [*lengths, n] if n else lengths


def _last_sentences(text: str, k: int = 2) -> list[str]:
    """The last `k` sentences of `text`, as `sentences(text)[-k:]` (without cleaning every piece)."""
    out: list[str] = []
    for piece in reversed(_SENTENCE_END.split(text.strip())):
        if len(out) == k:
            break
        if _WORD.search(piece):
            out.append(piece.strip())
    return out[::-1]


def _tokens(text: str) -> list[str]:
    """The words of `text`, lower-cased with typographic apostrophes made plain (as `_norm` does)."""
    return [w.lower() for w in _WORD.findall(text.replace("\u2019", "'"))]


def sections(text: str) -> list[str]:
    """The paragraphs of `text` (separated by blank lines), each a rehearsal section."""
    return [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if words(p)]


def word_budget(seconds: float, wpm: float = DEFAULT_WPM) -> int:
    """How many words fit in `seconds` at `wpm` words per minute (rounded down)."""
    return math.floor(seconds * wpm / 60 + 1e-9)


def speaking_seconds(n_words: int, wpm: float = DEFAULT_WPM) -> float:
    """How long `n_words` take to say at `wpm`, in seconds (one decimal)."""
    return round(n_words * 60 / wpm, 1)


def budget_for(length: str, wpm: float = DEFAULT_WPM) -> int:
    """The word budget of a variant length at `wpm` (the one-liner's is fixed at 25 words)."""
    seconds = LENGTH_SECONDS.get(length)
    if seconds is None:
        return ONE_LINER_WORDS
    return word_budget(seconds, wpm)


def aim(length: str, wpm: float = DEFAULT_WPM) -> str:
    """The word target shown beside a variant, from the same budget its over-budget check uses."""
    if LENGTH_SECONDS.get(length) is None:
        return f"Aim for at most {ONE_LINER_WORDS} words and {ONE_LINER_CHARS} characters."
    return f"Aim for at most {budget_for(length, wpm)} words ({LENGTH_SECONDS[length]} s at {wpm:g} wpm)."


def _joined(tokens: list[str]) -> str:
    """`tokens` as one string with every word fenced ("\x01um\x02\x01so\x02"), for whole-word search."""
    return "".join(f"\x01{t}\x02" for t in tokens)


def _phrase_counts(tokens: list[str] | str, phrases: Iterable[str], exceptions: dict[str, list[str]] | None = None) -> dict[str, int]:
    """How often each (possibly multi-word) phrase occurs as whole words in `tokens`.

    `tokens` may be given already `_joined`. `exceptions` maps a phrase to words that, right before
    it, mean it is not counted. Each phrase is one linear string count (a phrase that overlaps
    itself, like "so so" in "so so so", is counted without overlaps).
    """
    haystack = tokens if isinstance(tokens, str) else _joined(tokens)
    out: dict[str, int] = {}
    for phrase in phrases:
        key = _joined(_tokens(phrase))
        if not key:
            continue
        n = haystack.count(key)
        for before in {_joined(_tokens(w)) for w in (exceptions or {}).get(phrase, ())} - {""} if n else ():
            n -= haystack.count(before + key)
        if n > 0:
            out[phrase] = n
    return out


@dataclass
class PitchReport:
    """The result of checking one script."""

    words: int
    characters: int
    wpm: float
    estimated_seconds: float
    seconds_at: dict[str, float]
    target_seconds: float | None
    budget: int | None
    over_budget: bool
    fillers: list[dict[str, Any]]
    hedges: list[dict[str, Any]]
    filler_rate: float
    repeated_words: list[dict[str, Any]]
    repeated_phrases: list[dict[str, Any]]
    long_sentences: list[str]
    self_count: int
    you_count: int
    has_call_to_action: bool
    unbacked_claims: list[str] = field(default_factory=list)
    one_liner: bool = False
    script: bool = True
    """False for notes that are not spoken as they stand (no call-to-action or I/you advice)."""

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (the CLI's `--json` output)."""
        return asdict(self)

    def warnings(self) -> list[str]:
        """One line for each thing worth fixing, most important first."""
        out: list[str] = []
        if self.over_budget:
            if self.one_liner:
                out.append(f"Too long for a one-liner: {self.words}/{ONE_LINER_WORDS} words, {self.characters}/{ONE_LINER_CHARS} characters")
            else:
                out.append(f"Over budget: {self.words} words, budget {self.budget} ({self.estimated_seconds:g} s of {self.target_seconds:g} s)")
        if self.script and self.words and not self.has_call_to_action:
            out.append("No call to action: end with a question or a next step")
        for claim in self.unbacked_claims:
            out.append(f"Claim without evidence: {claim!r} (insert a quote or a win)")
        if self.fillers or self.hedges:
            items = ", ".join(f"{f['word']} x{f['count']}" for f in self.fillers + self.hedges)
            out.append(f"Fillers/hedges ({self.filler_rate:g} per 100 words): {items}")
        if self.script and self.self_count > max(2 * self.you_count, 2):
            out.append(f"About you more than them: I/we {self.self_count}, you {self.you_count}")
        for sentence in self.long_sentences:
            out.append(f"Long sentence ({word_count(sentence)} words): {sentence[:50]}...")
        if self.repeated_phrases:
            out.append("Repeated phrases: " + ", ".join(f"{r['phrase']} x{r['count']}" for r in self.repeated_phrases[:4]))
        if self.repeated_words:
            out.append("Repeated words: " + ", ".join(f"{r['word']} x{r['count']}" for r in self.repeated_words[:5]))
        return out


def _repeats(stop: set[str], flat: list[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Content words used 3+ times, and 2-4 word phrases (inside a sentence) used 2+ times, the longest kept.

    A phrase is left out when a longer one found before it holds it and is used as often. Each
    phrase found marks the shorter phrases inside it (a fixed handful), so the whole search is
    linear in the number of words. Each phrase is counted as one number (its word ids as digits in
    base "number of distinct words"), which keeps the counting in C. `flat` is `_flat_tokens`:
    a phrase never crosses its sentence ends.
    """
    flat = [*flat, _END]
    counts = Counter(flat)
    rep_words = [{"word": w, "count": n} for w, n in counts.most_common() if n >= 3 and w not in stop and len(w) > 3 and w != _END]
    vocab = [_END, *(w for w in counts if w != _END)]
    ids = list(map({w: i for i, w in enumerate(vocab)}.__getitem__, flat))
    base = len(vocab)
    keys = {1: ids}
    for size in (2, 3, 4):
        keys[size] = list(map(operator.add, map(operator.mul, keys[size - 1], repeat(base)), ids[size - 1 :]))
    stop_ids = {i for i, w in enumerate(vocab) if w in stop}
    found: dict[tuple[str, ...], int] = {}
    covered: dict[tuple[int, int], int] = {}
    """(size, key) of a phrase inside a longer one found -> that one's count."""
    for size in (4, 3, 2):
        powers = [base**k for k in range(size - 1, -1, -1)]
        for key, n in [(k, n) for k, n in Counter(keys[size]).items() if n > 1]:
            if covered.get((size, key), 0) >= n:
                continue
            digits = [key // p % base for p in powers]
            if 0 in digits or stop_ids.issuperset(digits):
                continue
            found[tuple(vocab[d] for d in digits)] = n
            for sub in range(2, size):  # the shorter phrases inside, as their own keys
                for start in range(size - sub + 1):
                    inner = (sub, key // powers[start + sub - 1] % base**sub)
                    covered[inner] = max(covered.get(inner, 0), n)
    ranked = sorted(((" ".join(g), n) for g, n in found.items()), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))
    rep_phrases = [{"phrase": p, "count": n} for p, n in ranked]
    return rep_words, rep_phrases


def _has_cta(tail: list[str], cta_phrases: list[str]) -> bool:
    """True when one of `tail` (the last two sentences) asks a question or names a next step."""
    if not tail:
        return False
    if any(s.rstrip("\"'\u201d) ").endswith("?") for s in tail):
        return True
    return bool(_phrase_counts(_tokens(" ".join(tail)), cta_phrases))


def unbacked_claims(text: str, strengths: Iterable[str], evidenced: Iterable[str]) -> list[str]:
    """Strength names and claim words in `text` with no linked evidence for them."""
    lists = content.load("pitch_words")
    tokens = _tokens(text)
    backed = {" ".join(_norm(w) for w in words(e)) for e in evidenced}
    by_key: dict[str, str] = {}
    for name in [*strengths, *lists["claim_words"]]:
        by_key.setdefault(" ".join(_norm(w) for w in words(name)), name)
    names = list(by_key.values())
    found = _phrase_counts(tokens, names)
    return [name for name in found if " ".join(_norm(w) for w in words(name)) not in backed]


def check(
    text: str,
    *,
    target_seconds: float | None = None,
    wpm: float = DEFAULT_WPM,
    one_liner: bool = False,
    strengths: Iterable[str] = (),
    evidenced: Iterable[str] | None = None,
    script: bool = True,
) -> PitchReport:
    """Check a script. `strengths`/`evidenced` enable the unbacked-claim check (None: skip it)."""
    lists = content.load("pitch_words")
    flat = _flat_tokens(text)
    tokens = [t for t in flat if t != _END]
    lengths = _sentence_lengths(flat)
    n = len(tokens)
    joined = _joined(tokens)
    fillers = _phrase_counts(joined, lists["fillers"], lists.get("filler_exceptions"))
    hedges = _phrase_counts(joined, lists["hedges"])
    stop = set(lists["stopwords"])
    rep_words, rep_phrases = _repeats(stop, flat)
    self_words, you_words = set(lists["self_words"]), set(lists["you_words"])
    chars = len(" ".join(text.split()))
    if one_liner:
        budget: int | None = ONE_LINER_WORDS
        over = n > ONE_LINER_WORDS or chars > ONE_LINER_CHARS
    elif target_seconds:
        budget = word_budget(target_seconds, wpm)
        over = n > budget
    else:
        budget, over = None, False
    claims = unbacked_claims(text, strengths, evidenced) if evidenced is not None else []
    return PitchReport(
        words=n,
        characters=chars,
        wpm=wpm,
        estimated_seconds=speaking_seconds(n, wpm),
        seconds_at={str(p): speaking_seconds(n, p) for p in PACE_BAND},
        target_seconds=target_seconds,
        budget=budget,
        over_budget=over,
        fillers=[{"word": w, "count": c} for w, c in fillers.items()],
        hedges=[{"word": w, "count": c} for w, c in hedges.items()],
        filler_rate=round(100 * (sum(fillers.values()) + sum(hedges.values())) / n, 1) if n else 0.0,
        repeated_words=rep_words,
        repeated_phrases=rep_phrases,
        long_sentences=[s for s, n in zip(sentences(text), lengths) if n > LONG_SENTENCE] if max(lengths, default=0) > LONG_SENTENCE else [],
        self_count=sum(1 for t in tokens if t in self_words),
        you_count=sum(1 for t in tokens if t in you_words),
        has_call_to_action=_has_cta(_last_sentences(text), lists["call_to_action"]),
        unbacked_claims=claims,
        one_liner=one_liner,
        script=script,
    )
