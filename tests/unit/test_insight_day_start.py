"""Insights by journal day: work after midnight counts for the day before, under the "day starts at" setting.

Real files through the store, a fake clock. Each figure built from per-day sums (series, year in
pixels, streaks, tag effects, balance, focus) moves with the setting, and the kept month sums are
keyed by it: changing the setting changes the answer, never serving sums made under the old one.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from reflect.core.checkin.checkins import new_checkin
from reflect.core.clock import FakeClock
from reflect.core.focus.insights import hours_words
from reflect.core.insights.mood import RAW_DROP, compute_insights
from reflect.core.journal_day import journal_day
from reflect.core.models import CheckIn, FocusBlock, Reflection
from reflect.services import insight_cache
from reflect.store import Store
from tests.conftest import TZ

MIDNIGHT = time(0)
FOUR = time(4)


def _checkin(store: Store, clock: FakeClock, at: datetime, mood: int, tags: tuple[str, ...] = ()) -> None:
    clock.set(at)
    store.add(new_checkin(clock, mood=mood, energy=5, tags=tags))


def _block(store: Store, start: datetime, minutes: int, outcome: str = "done") -> None:
    store.add(FocusBlock(intention="Proposal", planned_seconds=minutes * 60, started_at=start,
                         ended_at=start + timedelta(minutes=minutes), outcome=outcome))


def _night_owl(store: Store, clock: FakeClock) -> datetime:
    """A year-old month that starts with a 00:30 check-in, and ten nights in March 2026 of an
    evening check-in, then a 00:30 one and a focus block after midnight. Returns "now":
    Saturday 14 March 01:00, still Friday the 13th's journal day."""
    _checkin(store, clock, datetime(2025, 3, 1, 0, 30, tzinfo=TZ), 9)  # Friday 28 Feb's by journal day
    _checkin(store, clock, datetime(2025, 3, 2, 10, 0, tzinfo=TZ), 6)
    for day in range(4, 14):
        _checkin(store, clock, datetime(2026, 3, day, 21, 0, tzinfo=TZ), 4)
        _checkin(store, clock, datetime(2026, 3, day + 1, 0, 30, tzinfo=TZ), 8, ("late",))
        _block(store, datetime(2026, 3, day + 1, 0, 40, tzinfo=TZ), 50)
    now = datetime(2026, 3, 14, 1, 0, tzinfo=TZ)
    clock.set(now)
    return now


def _exact(store: Store, now: datetime, day_start: time) -> dict:
    env = RAW_DROP["envelope"]
    return compute_insights(
        store.raw_docs(CheckIn, drop=env), store.raw_docs(FocusBlock, drop=env | RAW_DROP["focus_block"]),
        store.raw_docs(Reflection, drop=env | RAW_DROP["reflection"]), journal_day(now, day_start), None, day_start)


def _cached(store: Store, now: datetime, day_start: time) -> dict:
    result = insight_cache.load_and_compute(store, journal_day(now, day_start), None, day_start)
    insight_cache.flush()
    return result


def test_after_midnight_counts_for_the_day_before_in_every_insight(store: Store, clock: FakeClock) -> None:
    now = _night_owl(store, clock)
    ins = _cached(store, now, FOUR)
    assert ins == _exact(store, now, FOUR)
    assert ins["today"] == "2026-03-13"
    pixels = {p["date"]: p for p in ins["year_in_pixels"]["days"] if p["mood"] is not None}
    assert set(pixels) == {f"2026-03-{d:02d}" for d in range(4, 14)}  # never the calendar's 14th
    assert pixels["2026-03-13"]["mood"] == 6  # 21:00's 4 and 00:30's 8 are one evening
    assert ins["series"]["7"]["days_with_data"] == 7 and ins["series"]["7"]["mood_mean"] == 6
    assert ins["streak"]["current"] == 10 and ins["streak"]["longest"] == 10
    assert ins["first_day"] == "2025-02-28"
    assert {"tag": "late", "n_with": 10, "n_without": 2} in ins["tags_waiting"]  # 3 days without by the calendar
    assert ins["focus"]["minutes"]["today"] == 50
    assert set(ins["focus"]["minutes"]["per_day"]) == {f"2026-03-{d:02d}" for d in range(4, 14)}
    assert ins["balance"]["late_days"] == [f"2026-03-{d:02d}" for d in range(4, 14)]
    assert ins["balance"]["weekend_days"] == ["2026-03-07", "2026-03-08"]  # Friday nights are not the weekend


def test_changing_the_day_start_changes_the_answer_and_never_serves_kept_sums_of_the_old_one(
        store: Store, clock: FakeClock) -> None:
    now = _night_owl(store, clock)
    at_four = _cached(store, now, FOUR)
    assert at_four["first_day"] == "2025-02-28"
    at_midnight = _cached(store, now, MIDNIGHT)  # the kept months were made with 04:00
    assert at_midnight == _exact(store, now, MIDNIGHT)
    assert at_midnight["first_day"] == "2025-03-01" and at_midnight["today"] == "2026-03-14"
    assert at_midnight["streak"]["longest"] == 11
    assert at_midnight["focus"]["minutes"]["per_day"].keys() == {f"2026-03-{d:02d}" for d in range(5, 15)}
    assert _cached(store, now, FOUR) == at_four  # and back again


def test_the_hours_before_the_day_start_are_never_called_morning() -> None:
    assert hours_words(0, 2, FOUR) == "00:00-02:00 (late night)"
    assert hours_words(3, 5, FOUR) == "03:00-05:00 (late night)"
    assert hours_words(4, 6, FOUR) == "04:00-06:00 (night)"
    assert hours_words(9, 11, FOUR) == "09:00-11:00 (morning)"
    assert "morning" not in hours_words(1, 3, MIDNIGHT)


def test_the_best_focus_window_after_midnight_says_late_night(store: Store, clock: FakeClock) -> None:
    now = _night_owl(store, clock)
    for day in range(1, 21):  # February: blocks after midnight that finish, afternoon ones that do not
        _block(store, datetime(2026, 2, day, 0, 10, tzinfo=TZ), 20)
        _block(store, datetime(2026, 2, day, 1, 10, tzinfo=TZ), 20)
        _block(store, datetime(2026, 2, day, 15, 0, tzinfo=TZ), 25, "abandoned")
    window = _cached(store, now, FOUR)["focus"]["best_window"]
    assert window is not None and window["start_hour"] == 0
    assert "(late night)" in window["words"] and "morning" not in window["words"]


def test_on_this_day_picks_the_same_check_ins_as_reading_every_one() -> None:
    """"On this day" looks only at check-ins written on this month and day or the next one (its
    small hours belong to this day): 28 February is followed by 29 February in a leap year."""
    from datetime import date, time as clock_time, timedelta

    from reflect.core.insights.mood import otd_day, same_day_checkins, usable_checkins

    def every(checkins, today, day_start):  # the rule, read off every check-in
        suffix, year = today.isoformat()[4:10], today.isoformat()[:4]
        return usable_checkins([d for d in checkins if (day := otd_day(d["at"], day_start))[4:10] == suffix
                                and day[:4] < year], "", today)

    checkins = [{"at": f"{d.isoformat()}T{hhmm}:00+01:00", "mood": 5}
                for y in range(2019, 2028) for d in (date(y, 1, 1) + timedelta(days=i) for i in range(366)) if d.year == y
                for hhmm in ("00:30", "03:59", "12:00", "23:59")]
    for start in (clock_time(0), clock_time(4)):
        for today in (date(2026, 2, 28), date(2028, 2, 28), date(2028, 2, 29), date(2028, 3, 1), date(2026, 3, 1),
                      date(2026, 12, 31), date(2027, 1, 1), date(2026, 6, 15)):
            assert same_day_checkins(checkins, today, start) == every(checkins, today, start), (today, start)
    leap = [d["at"] for d in same_day_checkins(checkins, date(2026, 2, 28), clock_time(4))]
    assert "2024-02-29T00:30:00+01:00" in leap and "2025-03-01T00:30:00+01:00" in leap
