"""Per-day sums (`reflect.core.insights.days`): they match a plain recount, however they are split.

A hypothesis-generated journal is added up three ways and must give the same `Totals`: a deliberately
plain recount written here with datetime objects, one day map of every record, and month digests
that went through JSON (as the insight cache keeps them), for the whole journal and for windows
starting inside a month.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, datetime, time, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.core.insights.days import summarize
from reflect.core.insights.totals import Totals, digest

ZONES = [timezone(timedelta(hours=-7)), timezone(timedelta(hours=5, minutes=30)), timezone.utc]
START = datetime(2025, 11, 20)
LAST = "2026-03-14"
TAGS = ["work", "walk", "coffee", "client", "sleep"]
FINISHED = {"done", "partial", "derailed", "abandoned"}


DAYS = [0, 1, 11, 12, 40, 41, 42, 69, 70, 100, 113, 114]
"""Day offsets from START: a few days across month and year ends, so records share days."""


@st.composite
def moments(draw) -> datetime:
    day = START + timedelta(days=draw(st.sampled_from(DAYS)))
    naive = day + timedelta(minutes=draw(st.integers(0, 24 * 60 - 1)), seconds=draw(st.sampled_from([0, 30])))
    return naive.replace(tzinfo=draw(st.sampled_from(ZONES)))


@st.composite
def checkins(draw) -> dict:
    return {
        "id": draw(st.uuids()).hex,
        "at": draw(moments()).isoformat(),
        "mood": draw(st.integers(1, 9)),
        "energy": draw(st.none() | st.integers(1, 9)),
        "tags": draw(st.lists(st.sampled_from(TAGS), max_size=3, unique=True)),
    }


@st.composite
def blocks(draw) -> dict:
    start = draw(moments())
    minutes = draw(st.integers(5, 150))
    ended = draw(st.booleans())
    pause = draw(st.none() | st.integers(1, 4))
    doc = {
        "started_at": start.isoformat(),
        "planned_seconds": draw(st.sampled_from([900, 1500, 2700, 3600, 5400])),
        "block_type": draw(st.sampled_from(["focus", "focus", "focus", "break"])),
        "outcome": draw(st.sampled_from(["done", "partial", "derailed", "abandoned", "discarded", None])),
        "focus_quality": draw(st.none() | st.integers(1, 5)),
        "energy_before": draw(st.none() | st.integers(1, 9)),
        "ended_at": (start + timedelta(minutes=minutes)).astimezone(draw(st.sampled_from([start.tzinfo, timezone.utc])))
        .isoformat() if ended else None,
        "pauses": [{"start": (start + timedelta(minutes=1)).isoformat(),
                    "end": (start + timedelta(minutes=1 + pause)).isoformat()}] if pause and ended else [],
        "interruptions": [{"at": (start + timedelta(minutes=m)).isoformat(), "source": s}
                          for m, s in draw(st.lists(st.tuples(st.integers(0, minutes),
                                                              st.sampled_from(["internal", "external"])), max_size=2))],
    }
    return doc


@st.composite
def reflections(draw) -> dict:
    day = (START + timedelta(days=draw(st.sampled_from(DAYS)))).date().isoformat()
    return {"day": day, "session": draw(st.sampled_from(["morning", "evening", "weekly"])),
            "status": draw(st.sampled_from(["done", "in_progress"])), "frog": draw(st.sampled_from(["", "taxes"]))}


def recount(cs: list[dict], bs: list[dict], rs: list[dict], first: str, last: str) -> dict:
    """The sums, counted the plain way: parse every time, one record at a time."""
    days: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    tag_days: dict[str, set[str]] = defaultdict(set)
    heat: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    recent = 0
    for c in cs:
        t = datetime.fromisoformat(c["at"])
        day = t.date().isoformat()
        if day > last:
            continue
        row = days[day]
        row[0] += c["mood"]
        row[1] += 1
        for tag in c["tags"]:
            tag_days[tag].add(day)
        if c["energy"] is not None:
            row[2] += c["energy"]
            row[3] += 1
        if day >= first:
            recent += 1
            if c["energy"] is not None:
                heat[t.weekday() * 24 + t.hour][0] += c["energy"]
                heat[t.weekday() * 24 + t.hour][1] += 1
    focus_days: dict[str, list] = {}
    cells: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    inter: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    energy: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for b in bs:
        start = datetime.fromisoformat(b["started_at"])
        day = start.date().isoformat()
        if b["block_type"] != "focus" or b["outcome"] == "discarded" or not (first or "0000") <= day <= last:
            continue
        entry = focus_days.setdefault(day, [0, 0.0])
        entry[0] += 1
        for i in b["interruptions"]:
            inter[datetime.fromisoformat(i["at"]).hour][i["source"] == "external"] += 1
        if b["ended_at"] is None:
            continue
        worked = datetime.fromisoformat(b["ended_at"]) - start
        for p in b["pauses"]:
            worked -= datetime.fromisoformat(p["end"]) - datetime.fromisoformat(p["start"])
        if worked.total_seconds() > 0:
            entry[1] += worked.total_seconds() / 60
        if b["outcome"] not in FINISHED:
            continue
        cell = cells[start.weekday() * 24 + start.hour]
        cell[0] += 1
        cell[1] += b["outcome"] == "done"
        if b["focus_quality"] is not None:
            cell[2] += b["focus_quality"]
            cell[3] += 1
        level = b["energy_before"]
        if level is None:  # the latest check-in that day, at most two hours before (minute precision)
            earlier = [c for c in cs if c["energy"] is not None and c["at"][:10] == day and c["at"][11:16] <= b["started_at"][11:16]]
            if earlier:
                c = max(earlier, key=lambda c: (c["at"][11:16], c["energy"]))
                gap = start.replace(tzinfo=None) - datetime.fromisoformat(c["at"][:16])
                level = c["energy"] if gap <= timedelta(hours=2) else None
        if level is None:
            continue
        planned = b["planned_seconds"] / 60
        key = (level - 1) // 3 * 3 + (0 if planned <= 30 else 1 if planned <= 60 else 2)
        energy[key][0] += 1
        energy[key][1] += b["outcome"] == "done"
    done: dict[str, int] = defaultdict(int)
    open_: dict[str, int] = defaultdict(int)
    frogs = 0
    for r in rs:
        if (first or "0000") <= r["day"] <= last:
            (done if r["status"] == "done" else open_)[r["session"]] += 1
            frogs += bool(r["frog"])
    return {
        "days": dict(days), "tags": dict(tag_days), "recent": recent,
        "heat": {k: v for k, v in heat.items()},
        "focus": {d: [v[0], round(v[1], 6)] for d, v in focus_days.items()},
        "cells": dict(cells), "inter": dict(inter), "energy": dict(energy),
        "refl": [dict(done), dict(open_), frogs],
    }


def view(t: Totals) -> dict:
    """A Totals in the recount's shape."""
    return {
        "days": {d: list(v) for d, v in t.days.items()},
        "tags": {tag: set(ds) for tag, ds in t.tag_days.items()},
        "recent": t.recent,
        "heat": {k: [t.heat_sum[k], t.heat_n[k]] for k in range(168) if t.heat_n[k]},
        "focus": {d: [v[0], round(v[1], 6)] for d, v in t.focus_days.items()},
        "cells": {k: [row[k] for row in t.cells] for k in range(168) if t.cells[0][k]},
        "inter": {h: pair for h, pair in enumerate(t.inter) if pair[0] or pair[1]},
        "energy": {k: pair for k, pair in enumerate(t.energy) if pair[0]},
        "refl": t.refl,
    }


def month_of(doc: dict) -> str:
    """The shard month a record lives in: the local month of the moment it describes."""
    return (doc.get("at") or doc.get("started_at") or doc.get("day"))[:7]


def kept_months(cs: list[dict], bs: list[dict], rs: list[dict], first: str, last: str) -> Totals:
    """Totals the way the insight cache makes them: month digests through JSON, whole or in part."""
    totals = Totals(first, last)
    months = sorted({month_of(d) for d in cs + bs + rs})
    for month in months:
        parts = [[d for d in kind if month_of(d) == month] for kind in (cs, bs, rs)]
        dg = json.loads(json.dumps(digest(summarize(*parts), month)))
        if month >= last[:7]:  # the current month is always read
            totals.add_days(summarize(*parts))
        elif first <= f"{month}-01":
            totals.add_digest(dg, month, whole=True)
        elif first > f"{month}-31":
            totals.add_digest(dg, month, whole=False)
        else:
            totals.add_days(summarize(*parts))
    return totals


FIRSTS = st.sampled_from(["", "2025-12-01", "2026-01-17", "2026-03-14", "2026-03-20"])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(checkins(), max_size=60), st.lists(blocks(), max_size=40), st.lists(reflections(), max_size=15), FIRSTS)
def test_sums_match_a_plain_recount_however_they_are_kept(cs, bs, rs, first) -> None:
    want = recount(cs, bs, rs, first, LAST)
    whole = Totals(first, LAST)
    whole.add_days(summarize(cs, bs, rs))
    assert view(whole) == want
    assert view(kept_months(cs, bs, rs, first, LAST)) == want


@settings(max_examples=60, deadline=None)
@given(st.lists(checkins(), min_size=1, max_size=60), FIRSTS)
def test_tag_rows_index_the_days_each_tag_was_used(cs, first) -> None:
    totals = Totals(first, LAST)
    totals.add_days(summarize(cs, [], []))
    rows, index = totals.tag_rows(first)
    days = sorted(d for d in totals.days if d >= first)
    assert len(rows) == len(days)
    for tag in TAGS:
        used = sorted({c["at"][:10] for c in cs if tag in c["tags"] and first <= c["at"][:10] <= LAST})
        assert [days[i] for i in index.get(tag, [])] == used


def test_a_day_in_an_odd_file_is_added_to_the_same_day_elsewhere() -> None:
    """A check-in stored in another month's file (hand-edited, synced oddly) still counts once, on its day."""
    a = {"at": "2026-01-05T09:00:00-07:00", "mood": 4, "energy": 6, "tags": ["walk"]}
    b = {"at": "2026-01-05T10:00:00-07:00", "mood": 8, "energy": 2, "tags": ["work"]}
    totals = Totals("", LAST)
    totals.add_digest(json.loads(json.dumps(digest(summarize([a], [], []), "2026-01"))), "2026-01", whole=True)
    totals.add_digest(json.loads(json.dumps(digest(summarize([b], [], []), "2026-02"))), "2026-02", whole=True)
    assert totals.days == {"2026-01-05": [12, 2, 8, 2]}
    assert totals.tag_days == {"walk": {"2026-01-05"}, "work": {"2026-01-05"}}
    assert totals.recent == 2 and sum(totals.heat_n) == 2


def test_weekday_and_hour_come_from_the_local_time_written() -> None:
    """09:30 at +05:30 on a Monday is Monday 09:00 however far that is from UTC."""
    c = {"at": datetime(2026, 3, 2, 9, 30, tzinfo=ZONES[1]).isoformat(), "mood": 5, "energy": 7, "tags": []}
    totals = Totals("", LAST)
    totals.add_days(summarize([c], [], []))
    assert date(2026, 3, 2).weekday() == 0
    assert totals.heat_n[9] == 1 and totals.heat_sum[9] == 7


def test_a_block_without_its_own_energy_takes_a_checkin_up_to_two_hours_before() -> None:
    def energy_cells(checkin_at: str) -> dict:
        cs = [{"at": checkin_at, "mood": 5, "energy": 2, "tags": []}]
        bs = [{"started_at": "2026-01-01T10:30:00-07:00", "planned_seconds": 900, "outcome": "done",
               "ended_at": "2026-01-01T10:45:00-07:00"}]
        totals = Totals("", LAST)
        totals.add_days(summarize(cs, bs, []))
        return {k: pair for k, pair in enumerate(totals.energy) if pair[0]}

    assert energy_cells("2026-01-01T08:30:00-07:00") == {0: [1, 1]}  # exactly two hours: low energy, short block
    assert energy_cells("2026-01-01T08:29:00-07:00") == {}
    assert energy_cells("2026-01-01T10:30:00-07:00") == {0: [1, 1]}  # the same minute counts as before
    assert energy_cells("2025-12-31T10:00:00-07:00") == {}  # another day never does


BLOCK_DEFAULTS = {"started_at": None, "block_type": "focus", "outcome": None, "ended_at": None, "interruptions": None,
                  "pauses": None, "focus_quality": None, "energy_before": None, "planned_seconds": None}
CHECKIN_DEFAULTS = {"at": None, "mood": None, "energy": None, "tags": None}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(checkins(), st.sets(st.sampled_from(sorted(CHECKIN_DEFAULTS)))), max_size=30),
       st.lists(st.tuples(blocks(), st.sets(st.sampled_from(sorted(BLOCK_DEFAULTS)))), max_size=20))
def test_a_record_missing_fields_counts_as_one_with_them_at_their_defaults(cs, bs) -> None:
    """The stored form has every field and is read field by field in one pass; a record without some
    (hand-edited, from an old version) takes the slower way and must count the same."""
    short_c = [{k: v for k, v in c.items() if k not in gone} for c, gone in cs]
    short_b = [{k: v for k, v in b.items() if k not in gone} for b, gone in bs]
    full_c = [{**CHECKIN_DEFAULTS, **c} for c in short_c]
    full_b = [{**BLOCK_DEFAULTS, **b} for b in short_b]
    for cut in (time(0), time(4, 30)):
        assert summarize(short_c, short_b, [], cut) == summarize(full_c, full_b, [], cut)


def test_clock_text_is_read_as_int_reads_it() -> None:
    """Hours, minutes and seconds of a block are read as `int` reads each two characters: a space
    before a digit is allowed, anything else that is not a number skips the block."""
    def focus(started: str, ended: str) -> list:
        bs = [{"started_at": started, "ended_at": ended, "planned_seconds": 900, "outcome": "done", "energy_before": 5}]
        return [entry["f"] for entry in summarize([], bs, []).values()]

    plain = focus("2026-01-01T09:05:00-07:00", "2026-01-01T09:35:30-07:00")
    assert plain == [[1, 30.5, [[9, 1, 1, 0, 0]], [], [[3, 1, 1]]]]
    assert focus("2026-01-01T 9: 5:00-07:00", "2026-01-01T 9:35:30-07:00") == plain  # (" 9: 5" sorts before "00:00":
    # the day before, as the text says; the figures are the same)
    assert focus("2026-01-01Tx9:05:00-07:00", "2026-01-01T09:35:30-07:00") == []
    assert focus("2026-01-01T09:05:0x-07:00", "2026-01-01T09:35:30-07:00") == []
    assert focus("2026-01-01T09:05:00-07:00", "2026-01-01T09:3x:30-07:00") == [[1, 0.0, [[9, 1, 1, 0, 0]], [], [[3, 1, 1]]]]
