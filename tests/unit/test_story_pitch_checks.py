"""Text checks against hand-counted texts, and the `reflect pitch check` CLI."""

from __future__ import annotations

import json
import pytest

from reflect.cli import main
from reflect.core.story import pitch


def test_words_are_counted_as_a_person_would() -> None:
    # Don't | stop | e-mail | me | at | 9 | today  -> 7
    assert pitch.word_count("Don't stop: e-mail me at 9 today.") == 7
    assert pitch.word_count("  \n ") == 0
    assert pitch.word_count("We grew sales 40% \u2014 in a month!") == 7


@pytest.mark.parametrize(
    ("seconds", "wpm", "budget"),
    [(30, 130, 65), (60, 130, 130), (120, 130, 260), (30, 120, 60), (30, 160, 80), (60, 160, 160)],
)
def test_word_budget_from_duration_and_pace(seconds: int, wpm: int, budget: int) -> None:
    assert pitch.word_budget(seconds, wpm) == budget


def test_budget_for_each_length() -> None:
    assert [pitch.budget_for(x) for x in ("one-liner", "30s", "60s", "2min")] == [25, 65, 130, 260]
    assert pitch.budget_for("60s", 150) == 150
    assert pitch.speaking_seconds(65, 130) == 30.0
    assert pitch.speaking_seconds(130, 160) == 48.8


def test_over_budget_at_the_boundary() -> None:
    assert not pitch.check("word " * 65, target_seconds=30).over_budget
    report = pitch.check("word " * 66, target_seconds=30)
    assert report.over_budget and report.budget == 65
    assert report.warnings()[0].startswith("Over budget: 66 words, budget 65")


def test_one_liner_limits_words_and_characters() -> None:
    assert not pitch.check("one two three four five six seven eight nine ten", one_liner=True).over_budget
    assert pitch.check(" ".join(["word"] * 26), one_liner=True).over_budget
    long_words = " ".join(["extraordinarily"] * 8)  # 8 words, 127 characters
    assert len(long_words) == 127
    assert pitch.check(long_words, one_liner=True).over_budget


def test_fillers_and_hedges_counted_including_multi_word_ones() -> None:
    text = "Um, I think we basically, you know, just help. Um, do you know anyone who needs help sort of now?"
    r = pitch.check(text)
    fillers = {f["word"]: f["count"] for f in r.fillers}
    hedges = {h["word"]: h["count"] for h in r.hedges}
    assert fillers == {"um": 2, "you know": 1, "basically": 1, "just": 1, "sort of": 1}
    assert hedges == {"i think": 1}
    # Um I think we basically you know just help (9) Um do you know anyone who needs help sort of now (11)
    assert r.words == 20
    assert r.filler_rate == 35.0  # 7 fillers and hedges in 20 words


def test_like_after_a_subject_is_not_a_filler() -> None:
    assert pitch.check("I like clear forms. Would you like a call?").fillers == []
    assert pitch.check("It was like, great.").fillers == [{"word": "like", "count": 1}]


def test_long_sentences() -> None:
    s25 = " ".join(["word"] * 25) + "."
    s26 = " ".join(["word"] * 26) + "."
    r = pitch.check(f"{s25} {s26} Short one.")
    assert r.long_sentences == [s26]


def test_repeated_words_and_phrases() -> None:
    text = "I help small shops sell. I help small shops grow. Shops love it."
    r = pitch.check(text)
    assert {"word": "shops", "count": 3} in r.repeated_words
    assert r.repeated_phrases[0] == {"phrase": "i help small shops", "count": 2}
    # the shorter pieces of the same repeat are not listed again
    assert all(p["phrase"] not in ("help small", "small shops") for p in r.repeated_phrases)


def test_self_against_you() -> None:
    r = pitch.check("I build. We ship. My team and I care. You win.")
    assert (r.self_count, r.you_count) == (4, 1)
    assert any("About you more than them" in w for w in r.warnings())
    assert not any("About you" in w for w in pitch.check("I build. You win. Your shop grows.").warnings())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I fix checkouts. Who do you know who runs a shop?", True),
        ("I fix checkouts. Email me and we will start.", True),
        ("I fix checkouts. Let's talk next week.", True),
        ("I fix checkouts. Orders go up.", False),
        ("", False),
    ],
)
def test_call_to_action(text: str, expected: bool) -> None:
    assert pitch.check(text).has_call_to_action is expected


def test_claims_need_linked_evidence() -> None:
    text = "I am reliable and a proven problem solver."
    assert pitch.check(text, strengths=["Reliable"], evidenced=[]).unbacked_claims == ["Reliable", "proven"]
    assert pitch.check(text, strengths=["Reliable"], evidenced=["Reliable"]).unbacked_claims == ["proven"]
    assert pitch.check(text).unbacked_claims == []  # no evidence list given: the check is skipped


def test_notes_are_not_told_to_end_with_a_question() -> None:
    r = pitch.check("When I am at my best, I make messy things simple.", script=False)
    assert r.warnings() == []


def test_cli_json_has_the_contract_fields(tmp_path, capsys) -> None:
    script = tmp_path / "pitch.txt"
    script.write_text("Um, I help small shops. You know, basically I fix checkouts. Shall we talk?\n", encoding="utf-8")
    assert main(["pitch", "check", str(script), "--target", "5", "--wpm", "150", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"words", "estimated_seconds", "wpm", "fillers", "over_budget", "long_sentences", "has_call_to_action"} <= set(out)
    assert out["words"] == 14 and out["wpm"] == 150 and out["estimated_seconds"] == 5.6
    assert out["over_budget"] is True  # budget at 150 wpm for 5 s is 12 words
    assert {"word": "you know", "count": 1} in out["fillers"]
    assert out["has_call_to_action"] is True


def test_cli_human_output(tmp_path, capsys) -> None:
    script = tmp_path / "pitch.txt"
    script.write_text("I fix checkouts. Orders go up.", encoding="utf-8")
    assert main(["pitch", "check", str(script), "--target", "30"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "6 words, about 2.8 s at 130 wpm (3 s at 120, 2.2 s at 160)"
    assert "No call to action" in out


def test_repeated_phrases_stay_inside_sentences() -> None:
    r = pitch.check("We lose sales at checkout. I fix it. They lose sales at checkout. I fix it.")
    phrases = [p["phrase"] for p in r.repeated_phrases]
    assert "lose sales at checkout" in phrases
    assert not any("checkout i" in p for p in phrases)


def test_cli_uses_the_planned_pace_from_settings(tmp_path, capsys, store) -> None:
    script = tmp_path / "pitch.txt"
    script.write_text("word " * 75, encoding="utf-8")
    empty = tmp_path / "nowhere"
    assert main(["--data-dir", str(empty), "pitch", "check", str(script), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["wpm"] == 130
    assert not empty.exists()  # checking a file leaves no trace
    store.save_settings(store.settings().model_copy(update={"wpm": 150}))
    assert main(["--data-dir", str(store.root), "pitch", "check", str(script), "--json", "--target", "30"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["wpm"], out["estimated_seconds"], out["over_budget"]) == (150, 30.0, False)
    assert main(["--data-dir", str(store.root), "pitch", "check", str(script), "--json", "--wpm", "120"]) == 0
    assert json.loads(capsys.readouterr().out)["wpm"] == 120
