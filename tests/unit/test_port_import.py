"""Importing Daylio CSV and jrnl JSON: parsing, mapping, idempotency, all or nothing, local offsets."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from reflect.core.errors import BadInput
from reflect.core.models import CheckIn, Reflection
from reflect.portability.importers import (
    UnknownMoodLabels,
    daylio_labels,
    detect_format,
    html_to_text,
    parse_daylio,
    parse_mapping,
    parse_time,
)
from reflect.portability.jrnl import parse_jrnl
from reflect.portability.transfer import apply_plan, plan_file

FIXTURES = Path(__file__).parent.parent / "fixtures" / "port"
DENVER = ZoneInfo("America/Denver")


def text(name: str) -> str:
    return (FIXTURES / name).read_bytes().decode("utf-8-sig")


def by_where(candidates):
    return {c.where: c.record for c in candidates}


def test_daylio_current_header_with_bom_html_12_hour_and_duplicates() -> None:
    raw = (FIXTURES / "daylio_current.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    candidates, skipped = parse_daylio(raw.decode("utf-8"), tz=DENVER)  # BOM left in on purpose
    rows = by_where(candidates)
    assert [s.where for s in skipped] == ["row 5", "row 7"]
    assert skipped[0].reason == "duplicate of row 4" and skipped[1].reason == "empty row"
    evening = rows["row 2"]
    assert evening.mood == 7 and evening.energy is None  # "Good": labels are case-insensitive
    assert evening.at.isoformat() == "2026-03-15T22:00:00-06:00"  # MDT since 8 March
    assert evening.tags == ["work", "reading"]
    assert evening.note == "Client A call\n\nWent well\nNext steps:\n- send the draft\n- ask about dates & fees"
    assert rows["row 3"].at.isoformat() == "2026-03-15T00:05:00-06:00"  # 12:05 AM is just after midnight
    assert rows["row 3"].mood == 9 and rows["row 6"].mood == 3 and rows["row 4"].mood == 1
    assert rows["row 6"].tags == ["work", "commute"]
    assert rows["row 4"].note == "@everyone [bold]not markup[/] <3"
    assert rows["row 1"].note == "Clocks went forward\ntonight"
    assert all(isinstance(r, CheckIn) and r.source and r.source.startswith("daylio:") for r in rows.values())


def test_daylio_old_header_day_month_in_both_orders() -> None:
    candidates, skipped = parse_daylio(text("daylio_old.csv"), tz=DENVER)
    rows = by_where(candidates)
    assert not skipped
    assert rows["row 1"].at.isoformat() == "2019-05-18T22:00:00-06:00"
    assert rows["row 2"].at.isoformat() == "2019-05-18T09:05:00-06:00"
    assert rows["row 3"].at.isoformat() == "2018-12-31T23:59:00-07:00"  # winter: MST
    assert rows["row 1"].note == "Long day & a good evening"
    assert rows["row 3"].note == "Line one\nline two"
    assert rows["row 1"].tags == ["gaming", "friends"] and rows["row 2"].tags == []


def test_columns_are_picked_by_name_and_extra_columns_ignored() -> None:
    csv = "mood,extra,time,full_date,note\nrad,x,21:00,2026-01-02,hi\n"
    (c,), _ = parse_daylio(csv, tz=DENVER)
    assert c.record.mood == 9 and c.record.at.hour == 21 and c.record.note == "hi"


@pytest.mark.parametrize(
    ("given", "expected"),
    [("10:00 pm", (22, 0)), ("10:00 PM", (22, 0)), ("12:00 am", (0, 0)), ("12:30 pm", (12, 30)),
     ("20:39", (20, 39)), ("7:05 a.m.", (7, 5)), ("00:00", (0, 0))],
)
def test_times_in_both_clocks(given: str, expected: tuple[int, int]) -> None:
    t = parse_time(given, "row 1")
    assert (t.hour, t.minute) == expected


@pytest.mark.parametrize("bad", ["25:00", "13:00 pm", "noon", "", "10:61"])
def test_bad_times_are_refused_with_the_row(bad: str) -> None:
    with pytest.raises(BadInput, match="row 4: time"):
        parse_time(bad, "row 4")


def test_unknown_label_is_refused_naming_it_unless_mapped() -> None:
    csv = "full_date,date,weekday,time,mood,activities,note_title,note\n" \
          "2026-03-01,,,09:00,super,,,\n2026-03-02,,,09:00,fine,,,\n2026-03-03,,,09:00,super,,,\n"
    with pytest.raises(UnknownMoodLabels) as err:
        parse_daylio(csv)
    assert err.value.labels == ["super", "fine"]
    assert '"super"' in str(err.value) and "--map" in str(err.value) and "\n" not in str(err.value)
    candidates, _ = parse_daylio(csv, parse_mapping(["super=8", "Fine=6"]), tz=DENVER)
    assert [c.record.mood for c in candidates] == [8, 6, 8]
    assert daylio_labels(csv) == ["super", "fine"]


def test_a_mapping_can_override_a_default_label() -> None:
    csv = "full_date,time,mood\n2026-03-01,09:00,meh\n"
    (c,), _ = parse_daylio(csv, {"meh": 4}, tz=DENVER)
    assert c.record.mood == 4


@pytest.mark.parametrize("bad", ["super", "super=0", "super=10", "=5", "super=x"])
def test_bad_map_items_are_refused(bad: str) -> None:
    with pytest.raises(BadInput, match="--map"):
        parse_mapping([bad])


def test_html_notes_become_text() -> None:
    assert html_to_text("a<br>b<br/>c") == "a\nb\nc"
    assert html_to_text("<ul><li>one</li><li>two</li></ul>") == "- one\n- two"
    assert html_to_text("&amp; &lt;b&gt; &quot;q&quot; caf&eacute;") == '& <b> "q" café'
    assert html_to_text("<p>para</p><p>two</p>") == "para\ntwo"


def test_jrnl_dates_near_midnight_keep_their_day() -> None:
    candidates, skipped = parse_jrnl(text("jrnl.json"), tz=ZoneInfo("Pacific/Auckland"))
    rows = by_where(candidates)
    assert [s.where for s in skipped] == ["entry 4"]
    late = rows["entry 1"]
    assert isinstance(late, Reflection) and late.session == "journal"
    assert late.day == date(2026, 3, 14)  # UTC would say the 14th at 10:55, Auckland-as-UTC the 15th
    assert late.created_at.isoformat() == "2026-03-14T23:55:00+13:00"
    assert late.title == "Late night notes." and late.starred and late.tags == ["work"]
    assert late.shard_time().date() == date(2026, 3, 14)


def test_jrnl_entries_with_a_mood_become_check_ins() -> None:
    candidates, _ = parse_jrnl(text("jrnl.json"), tz=ZoneInfo("America/Los_Angeles"))
    rows = by_where(candidates)
    night = rows["entry 2"]
    assert isinstance(night, CheckIn)
    assert (night.mood, night.energy) == (4, 2)
    assert night.at.isoformat() == "2026-03-15T00:10:00-07:00"
    assert night.note == "Just after midnight.\n\nCould not sleep."
    morning = rows["entry 3"]
    assert isinstance(morning, CheckIn) and morning.mood == 7 and morning.energy is None
    assert morning.tags == ["work"]


def test_jrnl_without_entries_is_refused() -> None:
    with pytest.raises(BadInput, match="entries"):
        parse_jrnl('{"tags": {}}')
    with pytest.raises(BadInput, match="entry 1: date"):
        parse_jrnl('{"entries": [{"date": "14/03/2026", "time": "10:00"}]}')


def test_format_detection() -> None:
    assert detect_format(text("daylio_current.csv")) == "daylio"
    assert detect_format(text("daylio_old.csv")) == "daylio"
    assert detect_format(text("jrnl.json")) == "jrnl"
    assert detect_format('{"schema_version": 1}') == "reflect"
    with pytest.raises(BadInput, match="format"):
        detect_format("just,some,columns\n1,2,3\n")
    with pytest.raises(BadInput, match="does not parse"):
        detect_format('{"entries": [')


def test_import_is_idempotent_and_reports_why_rows_are_skipped(store) -> None:
    csv = text("daylio_current.csv")
    plan = plan_file(store, csv, "auto", tz=DENVER)
    assert plan.format == "daylio" and plan.count("add") == 5 and plan.count("skip") == 2
    assert apply_plan(store, plan) == 5
    assert len(store.list(CheckIn)) == 5
    again = plan_file(store, csv, "daylio", tz=DENVER)
    assert again.count("add") == 0 and not again.to_write
    reasons = {row.where: row.reason for row in again.rows}
    assert reasons["row 5"] == "duplicate of row 4"
    assert reasons["row 2"].startswith("already imported")
    assert len(store.list(CheckIn)) == 5


def test_an_imported_row_deleted_since_is_not_brought_back(store) -> None:
    csv = "full_date,time,mood\n2026-03-01,09:00,rad\n"
    apply_plan(store, plan_file(store, csv, tz=DENVER))
    store.delete(store.list(CheckIn)[0])
    assert plan_file(store, csv, tz=DENVER).count("add") == 0


def test_one_bad_row_writes_nothing(store) -> None:
    csv = "full_date,time,mood\n2026-03-01,09:00,rad\n2026-03-02,99:00,rad\n"
    with pytest.raises(BadInput, match="row 2"):
        plan_file(store, csv, tz=DENVER)
    assert store.list(CheckIn) == []


def test_offsets_follow_the_machine_zone_by_default(store, monkeypatch) -> None:
    import time

    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        csv = "full_date,time,mood\n2026-01-10,09:00,rad\n2026-07-10,09:00,rad\n"
        (winter, summer), _ = parse_daylio(csv)
        assert winter.record.at.utcoffset() == timedelta(hours=1)
        assert summer.record.at.utcoffset() == timedelta(hours=2)
        assert summer.record.at.hour == 9
        skipped_hour = "full_date,time,mood\n2026-03-29,2:30 am,rad\n"  # clocks jump from 02:00 to 03:00
        (gap,), _ = parse_daylio(skipped_hour)  # the one rule (core.clock.local_moment): moved on by the gap
        assert gap.record.at.isoformat() == "2026-03-29T03:30:00+02:00"
    finally:
        monkeypatch.undo()
        time.tzset()


JRNL_TEXT = """[2026-03-14 23:55] Late night notes. *
Finished the proposal for @Work just before midnight.
Mail me@example.invalid later.

[2026-03-15 00:10] Just after midnight.
mood: 4

[2026-03-15 07:30 AM] Early. Woke up rested. @garden
"""


def test_jrnl_plain_text_format() -> None:
    assert detect_format(JRNL_TEXT) == "jrnl"
    candidates, skipped = parse_jrnl(JRNL_TEXT, tz=DENVER)
    rows = by_where(candidates)
    assert not skipped
    late = rows["entry 1"]
    assert isinstance(late, Reflection) and late.day == date(2026, 3, 14) and late.starred
    assert late.title == "Late night notes." and late.tags == ["work"]
    assert late.body == "Finished the proposal for @Work just before midnight.\nMail me@example.invalid later."
    night = rows["entry 2"]
    assert isinstance(night, CheckIn) and night.mood == 4 and night.at.isoformat() == "2026-03-15T00:10:00-06:00"
    early = rows["entry 3"]
    assert early.title == "Early." and early.body == "Woke up rested. @garden" and early.tags == ["garden"]
    assert early.created_at.hour == 7


def test_jrnl_text_must_start_with_an_entry() -> None:
    with pytest.raises(BadInput, match="jrnl text"):
        parse_jrnl("preamble\n[2026-03-14 10:00] Title\n", tz=DENVER)


def test_recheck_plans_the_previewed_rows_against_the_store_as_it_is_now(store, tmp_path) -> None:
    source = tmp_path / "d.csv"
    source.write_text("full_date,time,mood\n2026-03-01,09:00,rad\n", encoding="utf-8")
    preview = plan_file(store, source.read_text(), tz=DENVER)
    source.write_text("full_date,time,mood\n2026-03-01,09:00,awful\n", encoding="utf-8")  # changed after preview
    apply_plan(store, plan_file(store, text("daylio_old.csv"), tz=DENVER))
    assert preview.recheck is not None
    now = preview.recheck(store)
    assert [r.mood for r in now.to_write] == [9]  # what was previewed, not what the file says now
    apply_plan(store, now)
    assert preview.recheck(store).to_write == []  # imported meanwhile: nothing twice


def test_an_imported_row_moved_to_another_month_is_not_imported_again(store) -> None:
    csv = "full_date,time,mood\n2026-03-01,09:00,rad\n"
    apply_plan(store, plan_file(store, csv, tz=DENVER))
    (record,) = store.list(CheckIn)
    store.put(record.model_copy(update={"at": record.at - timedelta(days=5)}))  # now in February
    assert plan_file(store, csv, tz=DENVER).count("add") == 0
