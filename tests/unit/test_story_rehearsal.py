"""The rehearsal state machine on a fake clock: laps, pace, teleprompter, cue-card levels, hints, reminders."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from reflect.core.story import rehearsal as rh
from reflect.core.models import Rehearsal

# 3 sections; sentence word counts 4, 4 | 6 | 5 -> 19 words
SCRIPT = "Small shops lose sales. I fix their checkouts.\n\nA bakery doubled its online orders.\n\nWho runs a shop online?"


def test_laps_give_split_times_and_stop_closes_the_last_section(clock) -> None:
    run = rh.Run(SCRIPT, clock, wpm=130, target_seconds=30)
    assert run.state == "ready" and run.elapsed() == 0
    run.start()
    clock.advance(4.0)
    assert run.lap() == 4.0
    clock.advance(3.5)
    assert run.lap() == 3.5
    clock.advance(2.5)
    run.stop()
    assert run.laps == [4.0, 7.5, 10.0]
    assert run.splits() == [4.0, 3.5, 2.5]
    clock.advance(100)
    assert run.elapsed() == 10.0  # frozen once stopped
    assert run.achieved_wpm() == 114.0  # 19 words in 10 s
    assert run.pace_verdict() == "114 wpm against 130 planned (slow: under the 120-160 band); 20 s under the 30 s target"


def test_actions_in_the_wrong_state_are_refused(clock) -> None:
    run = rh.Run(SCRIPT, clock)
    for action in (run.lap, run.stumble, run.reveal, run.next_line, run.stop):
        with pytest.raises(rh.RunError):
            action()
    run.start()
    with pytest.raises(rh.RunError):
        run.start()
    run.stop()
    with pytest.raises(rh.RunError):
        run.lap()


def test_teleprompter_follows_the_planned_pace(clock) -> None:
    run = rh.Run(SCRIPT, clock, wpm=60, mode="teleprompter")  # one word per second
    assert run.lines == ["Small shops lose sales.", "I fix their checkouts.", "A bakery doubled its online orders.", "Who runs a shop online?"]
    run.start()
    assert run.current_line() == 0
    clock.advance(3.9)
    assert run.current_line() == 0
    clock.advance(0.2)
    assert run.current_line() == 1
    clock.advance(4.0)
    assert run.current_line() == 2
    clock.advance(100)
    assert run.current_line() == 3


def test_teleprompter_by_key(clock) -> None:
    run = rh.Run(SCRIPT, clock, wpm=60, mode="teleprompter")
    run.start()
    clock.advance(5)  # auto says line 1
    run.next_line()
    assert not run.auto_advance and run.current_line() == 2
    clock.advance(60)
    assert run.current_line() == 2  # time no longer moves it
    run.next_line()
    run.next_line()
    assert run.current_line() == 3  # stops at the last line


def test_reveal_counts_one_hint_per_section_and_stumbles_count(clock) -> None:
    run = rh.Run(SCRIPT, clock, mode="cards", level=3)
    run.start()
    run.reveal()
    run.reveal()
    assert run.hints == 1 and run.revealed
    run.lap()
    assert not run.revealed
    run.reveal()
    run.stumble()
    run.stumble()
    clock.advance(9)
    run.stop()
    rec = run.record(story_id=None, variant_id=None, version=2, ratings={"clarity": 4, "confidence": 3, "naturalness": None}, note="ok")
    assert isinstance(rec, Rehearsal)
    assert (rec.hints, rec.stumbles, rec.level, rec.mode, rec.version) == (2, 2, 3, "cards", 2)
    assert (rec.clarity, rec.confidence, rec.naturalness, rec.note) == (4, 3, None, "ok")
    assert rec.duration_seconds == 9 and rec.started_at == clock.now() - timedelta(seconds=9)
    assert not run.is_clean()


def test_record_needs_a_stopped_run(clock) -> None:
    run = rh.Run(SCRIPT, clock)
    run.start()
    with pytest.raises(rh.RunError):
        run.record(story_id=None, variant_id=None, version=0, ratings={})


def test_cue_card_levels() -> None:
    text = "Small shops lose 40% of sales.\n\nCall me on Monday."
    levels = [rh.cue_text(text, n) for n in range(5)]
    assert levels[0] == [("Small shops lose...", "Small shops lose 40% of sales."), ("Call me on...", "Call me on Monday.")]
    assert levels[1][0][1] == "Small shops ____ 40% of _____."  # every third word blanked
    assert levels[2][0][1] == "S\u00b7\u00b7\u00b7\u00b7 s\u00b7\u00b7\u00b7\u00b7 l\u00b7\u00b7\u00b7 4\u00b7% o\u00b7 s\u00b7\u00b7\u00b7\u00b7."
    assert levels[3] == [("Small shops lose...", "Small 40"), ("Call me on...", "Call Monday")]
    assert levels[4] == [("Small shops lose...", ""), ("Call me on...", "")]
    with pytest.raises(ValueError):
        rh.cue_text(text, 5)


def _card(clock, level: int, hints: int = 0, stumbles: int = 0, days: int = 0) -> Rehearsal:
    return Rehearsal(mode="cards", level=level, hints=hints, stumbles=stumbles, started_at=clock.now() + timedelta(days=days))


def test_two_clean_runs_suggest_the_next_level(clock) -> None:
    assert rh.suggest_level([], 0) == 0
    assert rh.suggest_level([_card(clock, 1, days=0)], 1) == 1
    runs = [_card(clock, 1, days=0), _card(clock, 1, days=1)]
    assert rh.suggest_level(runs, 1) == 2
    runs.append(_card(clock, 1, hints=1, days=2))
    assert rh.suggest_level(runs, 1) == 1  # the latest two are not both clean
    assert rh.suggest_level([_card(clock, 4), _card(clock, 4, days=1)], 4) == 4
    assert rh.current_level([_card(clock, 2, days=0), _card(clock, 2, days=1)]) == 3
    assert rh.current_level([Rehearsal(mode="read")]) == 0


def test_practice_again_after_1_2_4_7_days() -> None:
    d = date(2026, 3, 1)
    assert rh.next_practice([]) is None
    assert rh.next_practice([d]) == d + timedelta(days=1)
    assert rh.next_practice([d, d + timedelta(days=1)]) == d + timedelta(days=3)
    assert rh.next_practice([d, d + timedelta(days=1), d + timedelta(days=3)]) == d + timedelta(days=7)
    four = [d, d + timedelta(days=1), d + timedelta(days=3), d + timedelta(days=7)]
    assert rh.next_practice(four) == d + timedelta(days=14)
    assert rh.next_practice([*four, d + timedelta(days=14)]) == d + timedelta(days=21)
    assert rh.next_practice([d, d]) == d + timedelta(days=1)  # two runs the same day count once


def test_due_reminders(clock) -> None:
    day0 = clock.now()
    runs = [Rehearsal(variant_id="11111111-1111-4111-8111-111111111111", started_at=day0),
            Rehearsal(variant_id="22222222-2222-4222-8222-222222222222", started_at=day0 - timedelta(days=3))]
    today = day0.date()
    assert rh.due_reminders(runs, today) == [("22222222-2222-4222-8222-222222222222", today - timedelta(days=2))]
    assert [v for v, _ in rh.due_reminders(runs, today + timedelta(days=1))] == [
        "22222222-2222-4222-8222-222222222222", "11111111-1111-4111-8111-111111111111"]


def test_pace_of_each_section(clock) -> None:
    run = rh.Run(SCRIPT, clock, wpm=130)
    run.start()
    clock.advance(4)  # 8 words in 4 s
    run.lap()
    clock.advance(5.5)  # the last two sections, 11 words, in 5.5 s
    run.stop()
    assert run.section_paces() == [("Small shops lose...", 4.0, 120.0), ("A bakery doubled... to the end", 5.5, 120.0)]
    assert run.achieved_wpm() == 120.0


ONE_PARAGRAPH = " ".join(["Shops lose sales at checkout and never learn why."] * 8)  # one section, 72 words


def test_a_lap_cannot_credit_the_whole_script_to_a_moment(clock) -> None:
    run = rh.Run(ONE_PARAGRAPH, clock)
    run.start()
    clock.advance(2)
    with pytest.raises(rh.RunError, match="last section"):
        run.lap()  # a one-section script has nothing to lap: it once showed 2,160 wpm here
    clock.advance(28)
    run.stop()
    assert run.section_paces() == [("Shops lose sales...", 30.0, 144.0)]
    assert run.achieved_wpm() == 144.0


def test_a_run_stopped_early_has_no_pace(clock) -> None:
    run = rh.Run(ONE_PARAGRAPH, clock)
    run.start()
    clock.advance(8)
    run.stop(finished=False)  # broken off with Escape
    assert run.achieved_wpm() is None and run.section_paces() == [("Shops lose sales...", 8.0, None)]
    assert run.pace_verdict().startswith("stopped before the end")
    assert run.record(story_id=None, variant_id=None, version=1, ratings={}).wpm is None


def test_a_pace_no_one_speaks_is_not_recorded(clock) -> None:
    run = rh.Run(SCRIPT, clock)
    run.start()
    clock.advance(4)
    run.lap()  # 8 words in 4 s: 120 wpm
    clock.advance(1)
    run.stop()  # 11 words in 1 s would be 660 wpm: the rest was not said
    assert run.section_paces()[1] == ("A bakery doubled... to the end", 1.0, None)
    assert run.achieved_wpm() == 120.0
