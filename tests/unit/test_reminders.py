"""Reminder logic on a fake clock: due times, windows, nothing when already done; scheduler texts."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from reflect.core.checkin.checkins import new_checkin
from reflect.core.clock import FakeClock
from reflect.core.errors import BadInput
from reflect.core.models import Reflection
from reflect.core.reminders import due_checkin, due_reflection, parse_times
from reflect.services.remind import MARK, cron_lines, merged_crontab, on_calendar, unit_texts
from tests.conftest import TZ

START = time(4, 0)


def at(hour: int, minute: int = 0, day: int = 14) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=TZ)


def test_times_are_checked_and_sorted() -> None:
    assert parse_times("15:00, 9:30 15:00") == ["09:30", "15:00"]
    assert parse_times("") == [] and parse_times("off") == []
    with pytest.raises(BadInput, match="times HH:MM separated by commas or spaces"):
        parse_times("25:00")


def test_checkin_reminder_only_at_its_time_and_only_when_not_done_in_its_window() -> None:
    times = ["10:00", "15:00"]
    assert due_checkin(at(9, 59), times, START, []) is None  # not yet
    assert due_checkin(at(10, 0), times, START, []) is not None
    assert due_checkin(at(11, 29), times, START, []) is not None  # woke from sleep within the grace
    assert due_checkin(at(11, 31), times, START, []) is None
    morning = new_checkin(FakeClock(at(8, 15)), mood=6, energy=5)
    assert due_checkin(at(10, 0), times, START, [morning]) is None  # checked in since the day started
    assert due_checkin(at(15, 0), times, START, [morning]) is not None  # but not since 10:00
    lunch = new_checkin(FakeClock(at(12, 0)), mood=6, energy=5)
    assert due_checkin(at(15, 0), times, START, [morning, lunch]) is None
    deleted = lunch.model_copy(update={"deleted_at": at(12, 5)})
    assert due_checkin(at(15, 0), times, START, [deleted]) is not None


def test_reflection_reminder_names_the_session_and_skips_a_started_one() -> None:
    evening = due_reflection(at(21, 0), ["08:30", "21:00"], START, [])
    assert evening is not None and "evening" in evening
    started = Reflection(session="evening", day=date(2026, 3, 14), status="in_progress", updated_at=at(20, 0))
    assert due_reflection(at(21, 0), ["08:30", "21:00"], START, [started]) is None
    yesterday = started.model_copy(update={"day": date(2026, 3, 13)})
    assert due_reflection(at(21, 0), ["08:30", "21:00"], START, [yesterday]) is not None
    assert "morning" in due_reflection(at(8, 40), ["08:30"], START, [])
    assert "evening" in due_reflection(at(0, 40), ["00:30"], START, [])  # after midnight: last night's session


def test_after_midnight_reminder_uses_the_journal_day() -> None:
    late = new_checkin(FakeClock(at(23, 30, day=13)), mood=5, energy=3)  # Friday 23:30, same journal day as 01:00
    assert due_checkin(at(1, 0), ["01:00"], START, [late]) is None
    assert due_checkin(at(1, 0), ["01:00"], START, []) is not None


def test_scheduler_texts() -> None:
    command = ["/usr/bin/python3", "-m", "reflect", "--data-dir", "/home/u/my journal", "remind", "run"]
    assert on_calendar(["09:30", "21:00"]) == ["*-*-* 09:30:00", "*-*-* 21:00:00"]
    units = unit_texts(command, ["09:30"])
    assert "ExecStart=/usr/bin/python3 -m reflect --data-dir '/home/u/my journal' remind run" in units["reflect-remind.service"]
    assert "OnCalendar=*-*-* 09:30:00" in units["reflect-remind.timer"]
    lines = cron_lines(command, ["09:30", "21:05"], env={"DISPLAY": ":0"})
    for line, (minute, hour) in zip(lines, [("30", "9"), ("5", "21")]):
        fields = line.split()
        assert fields[:5] == [minute, hour, "*", "*", "*"] and 0 <= int(minute) < 60 and 0 <= int(hour) < 24
        assert fields[5] == "DISPLAY=:0" and line.endswith(MARK)
    mine = merged_crontab("MAILTO=me\n0 3 * * * backup\n", lines)
    assert mine.splitlines()[:2] == ["MAILTO=me", "0 3 * * * backup"] and len(mine.splitlines()) == 4
    assert merged_crontab(mine, lines) == mine  # installing twice changes nothing
    assert merged_crontab(mine, []) == "MAILTO=me\n0 3 * * * backup\n"
