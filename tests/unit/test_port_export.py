"""Exports: JSON round trip, CSV (folder, zip, formula neutralising) and the Markdown journal."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime, timedelta, timezone

import pytest

from reflect.core.errors import BadInput
from reflect.core.models import (
    Answer,
    CheckIn,
    FeedbackResponse,
    FocusBlock,
    Interruption,
    Person,
    PitchUse,
    Reflection,
    Rehearsal,
    Story,
    Strength,
)
from reflect.store import Store
from reflect.portability.exporters import csv_files, markdown_text, neutralise, write_csv, write_export
from reflect.portability.transfer import apply_plan, export_data, export_json, plan_file

TZ = timezone(timedelta(hours=-7))
EAST = timezone(timedelta(hours=5, minutes=30))


def fill(store: Store) -> None:
    at = datetime(2026, 3, 14, 21, 5, tzinfo=TZ)
    person = store.add(Person(name="Client A", relation="client"))
    store.add(CheckIn(at=at, mood=7, energy=4, emotion="calm", tags=["work"], note="=1+2 and [bold]x[/]"))
    store.add(CheckIn(at=datetime(2026, 2, 1, 8, 0, tzinfo=EAST), mood=3, note="-- travelling", future_field={"a": 1}))
    gone = store.add(CheckIn(at=at - timedelta(days=40), mood=5, note="deleted later"))
    store.delete(gone)
    store.add(Reflection(day=date(2026, 3, 14), session="evening", answers={"win": "+ shipped it"},
                         prompts={"win": "What went well?"}, frog="write the report", status="done",
                         created_at=at))
    store.add(FocusBlock(intention="@draft proposal", planned_seconds=1500, started_at=at - timedelta(hours=8),
                         ended_at=at - timedelta(hours=7, minutes=35), outcome="done", focus_quality=4,
                         interruptions=[Interruption(at=at - timedelta(hours=7, minutes=50), reason="phone")]))
    store.add(FeedbackResponse(person_id=person.id, from_name="Client A", relation="client", received_at=at,
                               answers=[Answer(question="When did I help most?", text="\tThe launch week."),
                                        Answer(question="Anything else?", text="<img src=x onerror=alert(1)> a < b")],
                               quotable=True))
    store.add(Strength(name="Clear writing"))
    store.add(Story(master="I help small teams ship."))
    store.add(Rehearsal(started_at=at, duration_seconds=58.5))
    store.add(PitchUse(at=at, where="meetup"))


def test_json_export_imports_into_an_empty_folder_unchanged(store, tmp_path, clock) -> None:
    fill(store)
    first = export_data(store)
    assert any(r.get("deleted_at") for r in first["checkins"])  # tombstones travel
    other = Store(tmp_path / "other", clock).open()
    plan = plan_file(other, export_json(store), "auto")
    assert plan.format == "reflect" and plan.count("skip") == 0
    apply_plan(other, plan)
    second = export_data(other)
    first.pop("exported_at"), second.pop("exported_at")
    assert second == first
    assert json.dumps(second, sort_keys=True) == json.dumps(first, sort_keys=True)
    # and importing it again changes nothing
    assert plan_file(other, export_json(store)).to_write == []


def test_json_export_keeps_local_offsets(store) -> None:
    fill(store)
    ats = {c["at"] for c in export_data(store)["checkins"]}
    assert "2026-02-01T08:00:00+05:30" in ats and "2026-03-14T21:05:00-07:00" in ats


@pytest.mark.parametrize("cell", ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_neutralised(cell: str) -> None:
    assert neutralise(cell) == "'" + cell


def test_plain_cells_are_left_alone() -> None:
    assert neutralise("hello = world") == "hello = world"
    assert neutralise("2026-03-14T21:05:00-07:00") == "2026-03-14T21:05:00-07:00"


def read_csv(payload: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(payload.decode("utf-8-sig"), newline="")))


def test_csv_has_one_file_per_kind_and_neutralises_other_peoples_text(store) -> None:
    fill(store)
    files = csv_files(store)
    assert set(files) >= {"checkins.csv", "reflections.csv", "focus_blocks.csv", "feedback_responses.csv"}
    checkins = read_csv(files["checkins.csv"])
    assert len(checkins) == 2  # the tombstone is not in the spreadsheet
    notes = {row["note"] for row in checkins}
    assert "'=1+2 and [bold]x[/]" in notes and "'-- travelling" in notes
    assert "future_field" in checkins[0]  # extra fields get their own column
    assert {row["tags"] for row in checkins} == {"work", ""}
    focus = read_csv(files["focus_blocks.csv"])
    assert focus[0]["intention"] == "'@draft proposal"
    feedback = read_csv(files["feedback_responses.csv"])
    assert json.loads(feedback[0]["answers"])[0]["text"] == "\tThe launch week."  # JSON cell starts with [
    assert read_csv(files["reflections.csv"])[0]["answers"].startswith("{")


def test_csv_zip_and_folder(store, tmp_path) -> None:
    fill(store)
    target = tmp_path / "export.zip"
    assert write_csv(store, target) == [target]
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        assert "checkins.csv" in names and "people.csv" in names
        assert read_csv(archive.read("people.csv"))[0]["name"] == "Client A"
    folder = tmp_path / "csv"
    written = write_csv(store, folder)
    assert (folder / "checkins.csv") in written and (folder / "checkins.csv").stat().st_mode & 0o777 == 0o600
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    with pytest.raises(BadInput, match="is a file"):
        write_csv(store, plain)


def test_markdown_is_a_journal_by_month(store) -> None:
    fill(store)
    md = markdown_text(store)
    assert md.startswith("# Journal\n")
    assert md.index("## February 2026") < md.index("## March 2026")
    assert "### Saturday 14 March" in md
    assert "**21:05** check-in: mood 7/9, energy 4/9, calm · `work`" in md
    assert "Evening reflection" in md and "*What went well?*" in md and "+ shipped it" in md
    assert "Frog: write the report" in md
    assert "Focus (25 min planned): @draft proposal — done, quality 4/5, 1 interruption" in md
    assert "Feedback from Client A (client) — quotable" in md and "  > The launch week." in md
    assert "deleted later" not in md
    assert "&lt;img src=x onerror=alert(1)> a < b" in md and "<img" not in md  # no raw HTML from a reply
    march = md[md.index("## March 2026"):]
    assert march.index("Focus") < march.index("check-in: mood 7")  # time order within a day


def test_write_export_refuses_a_missing_folder(store, tmp_path) -> None:
    with pytest.raises(BadInput, match="does not exist"):
        write_export(store, "json", tmp_path / "nope" / "x.json")
    with pytest.raises(BadInput, match="does not exist"):
        write_export(store, "md", tmp_path / "nope" / "x.md")


def test_json_export_reads_back_as_the_data_also_with_text_only_the_standard_encoder_writes(store) -> None:
    """The fast encoder's text parses back to exactly the exported data; a note with a lone
    surrogate (a hand-edited file), which it refuses, goes out through the standard encoder."""
    fill(store)
    data = export_data(store)
    text = export_json(store)
    assert text.endswith("\n") and json.loads(text) == {**data, "exported_at": json.loads(text)["exported_at"]}
    assert "\n  " in text  # indented for a reader
    path = store.root / "people" / "all.json"
    odd_id = "6f1c2d8e-7a8b-4c9d-9e0f-555555555555"
    path.write_text('{"person": {"1": {"id": "%s", "name": "x", "odd": "half \\ud800 a pair"}}}' % odd_id, encoding="utf-8")
    back = json.loads(export_json(store))
    assert [p.get("odd") for p in back["people"]] == ["half \ud800 a pair"]
