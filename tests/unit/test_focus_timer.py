"""The focus timer on a fake clock: a 25-minute block runs in milliseconds, with pauses, sleep and restarts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from reflect.core.focus import timer as F
from reflect.core.errors import BadInput
from reflect.core.models import FocusBlock, Settings
from reflect.store import Store


def test_a_25_minute_block_with_a_pause_ends_inside_the_tick(clock):
    block = F.start_block(clock, 25 * 60, "Write the proposal")
    timer = F.FocusTimer(clock, block)
    clock.advance(10 * 60)
    assert timer.tick().remaining == pytest.approx(15 * 60)
    block = F.pause(block, clock.now())
    timer.watch(block)
    clock.advance(7 * 60)
    tick = timer.tick()
    assert tick.state == "paused" and tick.remaining == pytest.approx(15 * 60)
    block = F.resume(block, clock.now())
    timer.watch(block)
    clock.advance(15 * 60 - 0.5)
    assert timer.tick().state == "running"
    clock.advance(0.5)
    tick = timer.tick()
    assert tick.state == "ended" and tick.remaining == 0 and tick.progress == 1
    assert tick.planned_end == block.started_at + timedelta(minutes=32)
    done = F.finish(block, clock.now())
    assert done.outcome == "done" and F.focus_seconds(done) == pytest.approx(25 * 60)


def test_time_comes_from_timestamps_not_from_counting_ticks(clock):
    block = F.start_block(clock, 25 * 60)
    timer = F.FocusTimer(clock, block)
    for _ in range(3):  # three ticks spread over 20 minutes (a slow, loaded loop)
        clock.advance(400)
        timer.tick()
    assert timer.tick().remaining == pytest.approx(25 * 60 - 1200)


def test_extend_interrupt_finish_early_and_abandon(clock):
    block = F.start_block(clock, 25 * 60)
    block = F.extend(block, clock.now())
    assert block.planned_seconds == 30 * 60
    clock.advance(60)
    block = F.interrupt(block, clock.now(), "internal", "checked mail")
    assert F.remaining(block, clock.now()) == pytest.approx(29 * 60)  # the clock did not stop
    assert block.interruptions[0].source == "internal" and block.interruptions[0].reason == "checked mail"
    clock.advance(60)
    early = F.finish(block, clock.now(), "partial")
    assert early.ended_at == clock.now() and F.focus_seconds(early) == pytest.approx(120)
    gone = F.abandon(block, clock.now(), "client call")
    assert gone.outcome == "abandoned" and gone.abandon_reason == "client call"
    assert F.extend(gone, clock.now()) is gone  # an ended block does not change


def test_a_sleep_through_the_end_asks_instead_of_guessing(clock):
    block = F.start_block(clock, 25 * 60)
    timer = F.FocusTimer(clock, block)
    clock.advance(20 * 60)
    assert timer.tick().state == "running"
    left_at = clock.now()
    clock.sleep(47 * 60)  # boot clock runs on, monotonic stops: a suspended machine
    tick = timer.tick()
    assert tick.state == "away" and tick.slept == pytest.approx(47 * 60)
    assert tick.away_since == left_at
    focus = F.reconcile(block, "focus", clock.now(), tick.away_since)
    assert focus.outcome == "done" and focus.away_seconds == pytest.approx(5 * 60) and focus.away_choice == "focus"
    brk = F.reconcile(block, "break", clock.now(), tick.away_since)
    assert brk.outcome == "partial" and F.focus_seconds(brk) == pytest.approx(20 * 60)
    gone = F.reconcile(block, "discard", clock.now(), tick.away_since)
    assert gone.outcome == "discarded" and F.focus_seconds(gone) == 0


def test_a_short_sleep_before_the_end_keeps_running(clock):
    block = F.start_block(clock, 25 * 60)
    timer = F.FocusTimer(clock, block)
    clock.advance(60)
    timer.tick()
    clock.sleep(120)
    tick = timer.tick()
    assert tick.state == "running" and tick.slept == pytest.approx(120)
    assert tick.remaining == pytest.approx(22 * 60)


def test_a_block_left_more_than_an_hour_is_expired(clock):
    block = F.start_block(clock, 25 * 60)
    clock.advance(25 * 60 + 3601)
    assert F.state(block, clock.now()) == "expired"
    paused = F.pause(F.start_block(clock, 600), clock.now())
    clock.advance(3601)
    assert F.state(paused, clock.now()) == "expired"
    tick = F.FocusTimer(clock, paused).found()
    assert tick.state == "expired" and tick.away_since == paused.pauses[-1].start
    ended = F.reconcile(paused, "focus", clock.now())
    assert ended.pauses == [] and F.focus_seconds(ended) == pytest.approx(600)


def test_restart_on_the_same_folder_carries_the_block_on(data_dir, clock):
    first = Store(data_dir, clock).open()
    block = first.put(F.start_block(clock, 25 * 60, "Draft"))
    clock.advance(5 * 60)
    first.put(F.pause(block, clock.now()))
    clock.advance(3 * 60)
    second = Store(data_dir, clock).open()  # a new process on the same folder
    found = F.find_open(second, clock.now().date())
    assert found is not None and found.id == block.id and F.is_paused(found)
    found = second.put(F.resume(found, clock.now()))
    timer = F.FocusTimer(clock, found)
    assert timer.found().state == "running" and timer.tick().remaining == pytest.approx(20 * 60)
    clock.advance(20 * 60)
    assert timer.tick().state == "ended"
    second.put(F.finish(found, clock.now()))
    assert F.find_open(Store(data_dir, clock).open(), clock.now().date()) is None


def test_a_block_found_after_its_end_passed_while_closed_is_away(data_dir, clock):
    store = Store(data_dir, clock).open()
    store.put(F.start_block(clock, 25 * 60, "Draft"))
    clock.advance(40 * 60)
    found = F.find_open(Store(data_dir, clock).open(), clock.now().date())
    tick = F.FocusTimer(clock, found).found()
    assert tick.state == "away" and tick.away_since == found.started_at


def test_a_stopped_process_noticing_the_end_late_counts_as_away(clock):
    block = F.start_block(clock, 60)
    timer = F.FocusTimer(clock, block)
    clock.advance(10)
    timer.tick()
    clock.advance(600)  # no sleep, but nobody ticked for ten minutes
    assert timer.tick().state == "away"


def test_breaks_long_after_n_blocks(clock):
    settings = Settings(break_minutes=5, long_break_minutes=15, long_break_every=2)
    done = []
    for _ in range(2):
        b = F.start_block(clock, 60)
        clock.advance(60)
        done.append(F.finish(b, clock.now()))
    assert F.next_break(done[:1], settings) == (300, False)
    assert F.next_break(done, settings) == (900, True)
    long_break = F.finish(F.start_block(clock, 900, block_type="break"), clock.now() + timedelta(seconds=900))
    assert F.next_break([*done, long_break], settings) == (300, False)


@pytest.mark.parametrize("bad", ["0", "-1", "abc", "1441", "nan", None])
def test_bad_minutes_name_the_field(bad):
    with pytest.raises(BadInput, match="minutes"):
        F.parse_minutes(bad)


def test_debrief_validates_ratings(clock):
    block = F.finish(F.start_block(clock, 60), clock.now())
    good = F.debrief(block, outcome="partial", quality=4, energy_after=6, note="ok")
    assert (good.outcome, good.focus_quality, good.energy_after) == ("partial", 4, 6)
    with pytest.raises(ValueError):
        F.debrief(block, quality=6)


def test_old_records_without_new_fields_still_load(clock):
    doc = F.start_block(clock, 60).to_doc()
    for key in ("seen_at", "away_choice"):
        doc.pop(key)
    assert FocusBlock.model_validate(doc).seen_at is None


def test_a_block_with_an_outcome_is_never_offered_for_reconciling(store, clock) -> None:
    """A record that says how it went but lacks ended_at (imported, hand-made) is finished."""
    from datetime import timedelta

    from reflect.core.focus.timer import find_open
    from reflect.core.models import FocusBlock

    now = clock.now()
    store.add(FocusBlock(intention="from elsewhere", planned_seconds=1500, started_at=now - timedelta(hours=3), outcome="done"))
    assert find_open(store, now.date()) is None
    store.add(FocusBlock(intention="running", planned_seconds=1500, started_at=now - timedelta(minutes=5)))
    assert find_open(store, now.date()).intention == "running"
