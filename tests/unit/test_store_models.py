"""Every model kind round-trips: to_doc -> JSON -> model_validate, and through the store's files."""

from __future__ import annotations

import json
import string
from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.core.clock import FakeClock
from reflect.core.models import (
    CheckIn,
    FeedbackRequest,
    FeedbackResponse,
    FocusBlock,
    Person,
    PitchUse,
    Portrait,
    Record,
    Reflection,
    Rehearsal,
    Settings,
    Story,
    Strength,
    RECORD_TYPES,
    Draft,
)
from reflect.core.story.records import PitchVariant, StoryPart, StoryVersionRecord, VariantVersionRecord
from reflect.store import Store

offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
moments = st.datetimes(min_value=datetime(1971, 1, 2), max_value=datetime(2099, 12, 30), timezones=offsets)
texts = st.text(max_size=120)  # any unicode (no lone surrogates): accents, CJK, emoji, RTL, markup
lines = st.text(max_size=40)
names = st.text(alphabet=string.ascii_letters + "éßø中 ", min_size=1, max_size=20).filter(lambda s: s.strip())
tags = st.text(alphabet=string.ascii_lowercase + "-é", min_size=1, max_size=12)
floats = st.floats(min_value=0.5, max_value=86_000, allow_nan=False, allow_infinity=False)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=20)
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)

FIELDS: dict[type[Record], st.SearchStrategy[dict]] = {
    CheckIn: st.fixed_dictionaries(
        {"mood": st.integers(1, 9), "energy": st.none() | st.integers(1, 9), "note": texts, "at": moments,
         "tags": st.lists(tags, max_size=3), "emotion": st.none() | names}
    ),
    Reflection: st.fixed_dictionaries(
        {"day": st.dates(min_value=datetime(1971, 1, 2).date()), "session": st.sampled_from(["morning", "evening", "weekly", "journal"]),
         "answers": st.dictionaries(st.text(string.ascii_lowercase, min_size=1, max_size=8), texts, max_size=3),
         "body": texts, "episodes": st.lists(st.fixed_dictionaries({"activity": names, "start": st.just("09:00"), "end": st.just("10:30")}), max_size=2)}
    ),
    FocusBlock: st.fixed_dictionaries(
        {"planned_seconds": floats, "started_at": moments, "intention": lines, "note": texts,
         "pauses": st.lists(st.fixed_dictionaries({"start": moments}), max_size=2),
         "interruptions": st.lists(st.fixed_dictionaries({"at": moments, "reason": lines}), max_size=2)}
    ),
    Person: st.fixed_dictionaries({"name": names, "relation": st.sampled_from(["client", "colleague", "friend"]), "note": texts}),
    FeedbackRequest: st.fixed_dictionaries({"questions": st.lists(lines, max_size=3), "message": texts}),
    FeedbackResponse: st.fixed_dictionaries(
        {"from_name": lines, "received_at": moments,
         "answers": st.lists(st.fixed_dictionaries({"question": lines, "text": texts}), max_size=3)}
    ),
    Strength: st.fixed_dictionaries({"name": names, "self_rating": st.none() | st.integers(0, 5)}),
    Story: st.fixed_dictionaries(
        {"master": texts, "steps": st.dictionaries(st.text(string.ascii_lowercase, min_size=1, max_size=6), texts, max_size=3),
         "variants": st.lists(st.fixed_dictionaries({"text": texts, "length": st.sampled_from(["30s", "2min"])}), max_size=2)}
    ),
    Rehearsal: st.fixed_dictionaries({"started_at": moments, "duration_seconds": floats, "laps": st.lists(floats, max_size=3), "note": texts}),
    PitchUse: st.fixed_dictionaries({"at": moments, "where": lines, "outcome": texts}),
    Portrait: st.fixed_dictionaries(
        {"text": texts, "versions": st.lists(st.fixed_dictionaries({"n": st.integers(1, 50), "saved_at": moments, "text": texts}), max_size=2)}
    ),
    Settings: st.fixed_dictionaries({"theme": st.sampled_from(["textual-dark", "nord"]), "wpm": st.integers(60, 250)}),
    StoryPart: st.fixed_dictionaries(
        {"story_id": st.uuids().map(str), "item": st.sampled_from(["master", "step:proof"]), "text": texts,
         "draft": st.none() | texts, "rev": lines, "lineage": st.lists(lines, max_size=3),
         "conflicts": st.lists(st.fixed_dictionaries({"rev": lines, "text": texts}), max_size=2)}
    ),
    PitchVariant: st.fixed_dictionaries(
        {"story_id": st.uuids().map(str), "text": texts, "length": st.sampled_from(["30s", "2min"]), "draft": st.none() | texts}
    ),
    StoryVersionRecord: st.fixed_dictionaries(
        {"story_id": st.uuids().map(str), "n": st.integers(1, 50), "saved_at": moments, "master": texts,
         "steps": st.dictionaries(st.text(string.ascii_lowercase, min_size=1, max_size=6), texts, max_size=3)}
    ),
    VariantVersionRecord: st.fixed_dictionaries(
        {"story_id": st.uuids().map(str), "variant_id": st.uuids().map(str), "n": st.integers(1, 50), "saved_at": moments, "text": texts}
    ),
    Draft: st.fixed_dictionaries({"form": lines, "values": st.dictionaries(lines, texts, max_size=3)}),
}

RESERVED = {name for cls in RECORD_TYPES for name in cls.model_fields}
extras = st.dictionaries(
    st.text(alphabet=string.ascii_lowercase, min_size=3, max_size=10).filter(lambda k: k not in RESERVED),
    json_values,
    max_size=3,
)


def test_every_kind_has_a_strategy() -> None:
    assert set(FIELDS) == set(RECORD_TYPES)


@st.composite
def records(draw) -> Record:
    cls = draw(st.sampled_from(RECORD_TYPES))
    fields = draw(FIELDS[cls])
    fields.update(draw(extras))
    fields["created_at"] = draw(moments)
    fields["updated_at"] = draw(moments)
    return cls.model_validate(fields)


@given(records())
@settings(max_examples=300, deadline=None)
def test_to_doc_json_model_validate_is_identity(record: Record) -> None:
    text = json.dumps(record.to_doc(), ensure_ascii=False, allow_nan=False)
    again = type(record).model_validate(json.loads(text))
    assert again == record
    assert again.to_doc() == record.to_doc()
    assert again.model_extra == record.model_extra
    for name in ("created_at", "updated_at"):
        assert getattr(again, name).utcoffset() == getattr(record, name).utcoffset()


@given(st.lists(records(), min_size=1, max_size=6))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_records_round_trip_through_the_store_files(tmp_path_factory, batch: list[Record]) -> None:
    root = tmp_path_factory.mktemp("rt")
    store = Store(root, FakeClock(), auto_backup=False).open()
    for record in batch:
        store.add(record)
    fresh = Store(root, FakeClock()).open()
    for record in batch:
        got = fresh.get(type(record), record.id, include_deleted=True)
        assert got == record
        assert got.to_doc() == record.to_doc()


def test_an_offset_stays_as_given(store: Store) -> None:
    at = datetime(2026, 3, 14, 21, 5, tzinfo=timezone(timedelta(hours=-7)))
    checkin = store.add(CheckIn(mood=4, at=at, created_at=at, updated_at=at))
    raw = (store.root / "checkins" / "2026-03.json").read_text(encoding="utf-8")
    assert '"at": "2026-03-14T21:05:00-07:00"' in raw
    got = Store(store.root).open().get(CheckIn, checkin.id)
    assert got.at.isoformat() == "2026-03-14T21:05:00-07:00"
    assert got.at.hour == 21


def test_unknown_fields_survive_an_edit_by_this_version(store: Store) -> None:
    checkin = store.add(CheckIn(mood=4, at=store.clock.now()))
    path = store.root / "checkins" / "2026-03.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    doc = next(iter(data["checkin"].values()))
    doc["from_the_future"] = {"nested": [1, "two", None]}
    doc["weather"] = "rain"
    path.write_text(json.dumps(data), encoding="utf-8")
    block = store.add(FocusBlock(planned_seconds=60, started_at=store.clock.now()))
    fb_path = store.root / "focus_blocks" / "2026-03.json"
    data = json.loads(fb_path.read_text(encoding="utf-8"))
    fb = next(iter(data["focus_block"].values()))
    fb["pauses"] = [{"start": "2026-03-14T09:01:00-07:00", "why": "doorbell"}]
    fb_path.write_text(json.dumps(data), encoding="utf-8")

    fresh = Store(store.root, store.clock).open()
    loaded = fresh.get(CheckIn, checkin.id)
    fresh.put(loaded.model_copy(update={"mood": 8}))
    fresh.put(fresh.get(FocusBlock, block.id).model_copy(update={"intention": "edited"}))

    stored = next(iter(json.loads(path.read_text(encoding="utf-8"))["checkin"].values()))
    assert stored["mood"] == 8
    assert stored["from_the_future"] == {"nested": [1, "two", None]}
    assert stored["weather"] == "rain"
    stored_fb = next(iter(json.loads(fb_path.read_text(encoding="utf-8"))["focus_block"].values()))
    assert stored_fb["intention"] == "edited"
    assert stored_fb["pauses"][0]["why"] == "doorbell"


def test_unicode_note_round_trips_through_the_file(store: Store) -> None:
    note = "naïve café — 日本語 ✓ 🙂 עברית [bold]x[/] \u200b"
    checkin = store.add(CheckIn(mood=5, note=note, at=store.clock.now()))
    assert Store(store.root).open().get(CheckIn, checkin.id).note == note
    assert "日本語" in (store.root / "checkins" / "2026-03.json").read_text(encoding="utf-8")
