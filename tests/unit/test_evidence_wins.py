"""Wins for the story's evidence come from answers to win prompts only, matched as whole words."""

from __future__ import annotations

from reflect import content
from reflect.services.evidence import wins_from


def reflection(answers: dict[str, str], prompts: dict[str, str]) -> dict:
    return {"id": "r1", "day": "2026-12-01", "answers": answers, "prompts": prompts}


def texts(doc: dict) -> list[str]:
    return [w.text for w in wins_from([doc], content.load("pitch_words")["win_prompt_words"])]


def test_a_question_about_hard_days_is_not_a_win_prompt() -> None:
    doc = reflection({"deeper": "Overcommitting"}, {"deeper": "What pattern keeps showing up in your hard days?"})
    assert texts(doc) == []  # "showing" holds "win" but is not the word


def test_the_weekly_good_days_pattern_question_is_not_a_win_prompt() -> None:
    doc = reflection({"progress_pattern": "Early starts"},
                     {"progress_pattern": "Look back at the days that felt good: what did they have in common?"})
    assert texts(doc) == []


def test_shipped_win_prompts_and_a_custom_prompt_naming_a_win_count() -> None:
    doc = reflection({"progress": "Shipped the audit", "wins": "Signed the retainer", "good_things": "Calm launch",
                      "mine": "Closed the deal", "setback": "Lost a day"},
                     {"progress": "Where did you move forward today?", "wins": "What did you get done?",
                      "good_things": "Three good things", "mine": "My biggest win today?", "setback": "What got in the way?"})
    assert sorted(texts(doc)) == ["Calm launch", "Closed the deal", "Shipped the audit", "Signed the retainer"]
