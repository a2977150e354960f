"""Speech analysis of a timed transcript: pace, pauses, fillers, skipped and added lines."""

from __future__ import annotations

from reflect.core.story.speech import Word, analyse, norm

SCRIPT = "I help small teams ship software. We rebuilt their pipeline in a month.\n\nLet us talk this week."


def timed(text: str, start: float = 0.0, step: float = 0.5, gap_after: dict[int, float] | None = None) -> list[Word]:
    """Words of `text` every `step` seconds, with extra silence after some word indexes."""
    out, t = [], start
    for i, w in enumerate(text.split()):
        out.append(Word(w, t, t + step * 0.8))
        t += step + (gap_after or {}).get(i, 0.0)
    return out


def test_pace_counts_script_words_over_the_speaking_time() -> None:
    heard = timed("i help small teams ship software we rebuilt their pipeline in a month let us talk this week")
    report = analyse(heard, SCRIPT, duration=12.0)
    assert report.words_spoken == 18
    assert report.wpm == round(18 * 60 / report.speaking_seconds, 1)
    assert 110 < report.wpm < 130  # 2 words a second
    assert report.skipped == [] and report.fillers == [] and report.added == []


def test_misheard_words_inside_a_sentence_still_count_once() -> None:
    heard = timed("i help small steam chip software we rebuilt their pipeline in a month let us talk this week")
    report = analyse(heard, SCRIPT)
    assert report.words_spoken == 18
    assert report.added == []


def test_a_skipped_sentence_is_named_and_not_counted() -> None:
    heard = timed("i help small teams ship software let us talk this week")
    report = analyse(heard, SCRIPT)
    assert report.skipped == ["We rebuilt their pipeline in a month."]
    assert report.words_spoken == 11


def test_fillers_multi_word_first_and_script_words_are_not_fillers() -> None:
    script = "I like clear plans. Let us talk."
    heard = timed("um i like clear plans you know like let us talk")
    report = analyse(heard, script)
    assert report.filler_counts() == {"like": 1, "um": 1, "you know": 1}
    assert [t for _, t in report.fillers] == [0.0, 2.5, 3.5]


def test_pauses_over_the_chosen_length() -> None:
    heard = timed("i help small teams ship software we rebuilt their pipeline", gap_after={5: 2.5, 2: 0.6})
    assert [round(s, 1) for _, s in analyse(heard, SCRIPT).pauses] == [2.6]
    assert len(analyse(heard, SCRIPT, pause_seconds=0.5).pauses) == 2


def test_added_words_between_sentences() -> None:
    heard = timed("i help small teams ship software and that is a true story we rebuilt their pipeline in a month")
    report = analyse(heard, SCRIPT)
    assert report.added == ["and that is a true story"]
    assert report.skipped == ["Let us talk this week."]


def test_rolling_pace_follows_a_slowdown() -> None:
    fast = timed(" ".join(["word"] * 60), step=0.25)  # 240 wpm for 15 s
    slow = timed(" ".join(["word"] * 20), start=15.0, step=1.0)  # 60 wpm for 20 s
    report = analyse(fast + slow, "", duration=35.0)
    by_time = dict(report.rolling_wpm)
    assert by_time[15.0] > 200
    assert by_time[35.0] < 80
    assert report.skipped == []


def test_nothing_heard() -> None:
    report = analyse([], SCRIPT, duration=5.0)
    assert report.wpm is None and report.words_spoken == 0
    assert len(report.skipped) == 3
    assert report.to_json()["wpm"] is None


def test_norm_drops_recogniser_variants() -> None:
    assert norm("every(2)") == "every"
    assert norm("Don\u2019t") == "don't"


def test_listen_without_the_voice_extra_is_one_line_exit_1(tmp_path, monkeypatch, capsys) -> None:
    import sys

    from reflect.cli import main

    monkeypatch.setitem(sys.modules, "pocketsphinx", None)  # as if the voice extra were not installed
    assert main(["pitch", "listen", str(tmp_path / "a.wav")]) == 1
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0 and "pip install 'reflect-journal[voice]'" in err


def test_wav_formats_are_converted_to_16k_mono(tmp_path) -> None:
    import wave

    import numpy as np

    from reflect.services.speech import RATE, read_wav

    tone = (np.sin(np.arange(44100) * 2 * np.pi * 440 / 44100) * 8000).astype("<i2")
    path = tmp_path / "stereo.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(44100)
        w.writeframes(np.repeat(tone, 2).tobytes())
    samples, seconds = read_wav(path)
    assert abs(seconds - 1.0) < 0.01 and len(samples) == RATE
    assert 7000 < int(np.abs(samples).max()) <= 8000


def test_rolling_pace_includes_the_moment_between_steps() -> None:
    report = analyse(timed("a b c d e f g h", step=1.0), "", duration=8.0 + 1.7)
    assert report.rolling_wpm[-1][0] == 9.7
