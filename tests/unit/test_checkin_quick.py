"""`reflect log`'s check-in document built without pydantic is the `CheckIn` model's, exactly.

One set of rules: for any input, the quick builder either gives the document the model's `to_doc()`
gives for the same clock and id, or gives None and leaves the input to the model (so a refused
value gets the model's own one-line error). It never gives a document for input the model refuses.
And a document it gives, written through `Store.add_doc`, is stored as `Store.add` stores the model.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from reflect.core.checkin.checkins import new_checkin, tag_list
from reflect.core.checkin.model import CheckIn
from reflect.core.checkin.quick import KIND, VERSION, checkin_doc
from reflect.core.checkin.quick import new_id as quick_id
from reflect.core.clock import FakeClock
from reflect.core.envelope import LINE_MAX, NOTE_MAX, new_id
from reflect.store import Store
from reflect.store.backups import BACKUPS

RID = "0b7e3c55-2f1a-4e8e-9d4a-6f1c2b3a4d5e"


class _Clock:
    """What `new_checkin` asks of a clock: `now()` (any value, even a naive or odd one)."""

    def __init__(self, now: datetime) -> None:
        self._now = now

    def now(self) -> datetime:
        return self._now


ODD = [
    "\x00", "\x07", "\x1b", "\x1b[31m", "\x1b]0;title\x07", "\x1bP1;2\x1b\\", "\x9b2J", "\r\n", "\r", "\n",
    "\t", "\x7f", "\u202e", "\u2066", "\u200b", "\ufeff", "\u0130", "\u1e9e", "\ufb03", "\udcff", "\ud800",
    "#", ",", " ", "  ", "\u00a0", "\u3000", "\u2028", "café", "😀", "ß",
]
"""Pieces that test the cleaning: controls, escape sequences, bidi overrides, odd whitespace, letters
that change length when lower-cased, lone surrogates (what an undecodable argument becomes)."""

pieces = st.one_of(st.text(max_size=6), st.sampled_from(ODD), st.text(alphabet=st.characters(max_codepoint=127), max_size=8))
texts = st.lists(pieces, max_size=8).map("".join)


def _long(limit: int) -> st.SearchStrategy[str]:
    """Text around `limit` characters long, some of it controls that cleaning removes."""
    return st.builds(
        lambda unit, n, tail: unit * n + tail,
        st.sampled_from(["a", "ab ", "\x00", "a\x1b[0m", "#,", "x\r\n"]),
        st.integers(limit // 6, limit + 2),
        texts,
    )


offsets = st.one_of(
    st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m))),
    st.integers(-86399, 86399).map(lambda s: timezone(timedelta(seconds=s))),  # mostly not whole minutes
    st.just(timezone.utc),
)
moments = st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2999, 12, 30), timezones=offsets)
scales = st.one_of(st.integers(-2, 11), st.booleans(), st.sampled_from(["5", 5.0, 5.5, None]))

arguments = st.fixed_dictionaries({
    "mood": scales,
    "energy": scales,
    "emotion": st.one_of(st.none(), texts, _long(LINE_MAX)),
    "tags": st.lists(st.one_of(texts, _long(60)), max_size=5),
    "note": st.one_of(texts, _long(NOTE_MAX)),
    "at": st.one_of(st.none(), moments, st.datetimes(min_value=datetime(1900, 1, 2))),
})


def model_doc(now: datetime, args: dict[str, Any]) -> dict[str, Any] | None:
    """What `reflect log` stores through the model for these arguments (None: the model refuses)."""
    try:
        record = new_checkin(
            _Clock(now), mood=args["mood"], energy=args["energy"], emotion=args["emotion"],
            tags=tag_list(args["tags"]), note=args["note"], at=args["at"],
        )
    except ValidationError:
        return None
    return record.model_copy(update={"id": RID}).to_doc()


def quick_doc(now: datetime, args: dict[str, Any]) -> dict[str, Any] | None:
    return checkin_doc(now, record_id=RID, **args)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example])
@given(now=st.one_of(moments, st.datetimes(min_value=datetime(1900, 1, 2))), args=arguments)
def test_the_quick_document_is_the_models_or_none(now: datetime, args: dict[str, Any]) -> None:
    quick = quick_doc(now, args)
    if quick is None:
        return  # the model builds it (or gives its own error), exactly as without the quick path
    expected = model_doc(now, args)
    assert expected is not None, "the quick builder made a document the model refuses"
    assert list(quick.items()) == list(expected.items())  # same fields, values and order


ascii_pieces = st.one_of(
    st.text(alphabet=st.characters(max_codepoint=127), max_size=8),
    st.sampled_from([p for p in ODD if p.isascii()]),
)
ascii_texts = st.lists(ascii_pieces, max_size=8).map("".join)
whole_minutes = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))
plain_moments = st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2999, 12, 30), timezones=whole_minutes)


@settings(max_examples=400, deadline=None)
@given(
    now=plain_moments,
    args=st.fixed_dictionaries({
        "mood": st.integers(1, 9),
        "energy": st.one_of(st.none(), st.integers(1, 9)),
        "emotion": st.one_of(st.none(), ascii_texts),
        "tags": st.lists(ascii_texts, max_size=5),
        "note": ascii_texts,
        "at": st.one_of(st.none(), plain_moments),
    }),
)
def test_plain_input_is_built_quickly_and_equals_the_model(now: datetime, args: dict[str, Any]) -> None:
    """ASCII text (controls and escapes included) within the limits never needs the model."""
    quick = quick_doc(now, args)
    assert quick is not None
    expected = model_doc(now, args)
    assert expected is not None and list(quick.items()) == list(expected.items())


@pytest.mark.parametrize(
    "change",
    [
        {"mood": 0}, {"mood": 10}, {"mood": True}, {"mood": "5"}, {"energy": 10}, {"energy": 5.0},
        {"emotion": "x" * (LINE_MAX + 1)}, {"note": "x" * (NOTE_MAX + 1)}, {"note": "caf\u00e9"},
        {"tags": ["caf\u00e9"]}, {"emotion": "\u202ecalm"}, {"note": "\udcff"},
        {"at": datetime(2026, 3, 14, 21, 5)},  # naive
        {"at": datetime(2026, 3, 14, 21, 5, tzinfo=timezone(timedelta(seconds=30)))},
    ],
)
def test_what_is_left_to_the_model(change: dict[str, Any]) -> None:
    now = datetime(2026, 3, 14, 9, 0, tzinfo=timezone(timedelta(hours=-7)))
    args = {"mood": 5, "energy": None, "emotion": None, "tags": [], "note": "", "at": None, **change}
    assert quick_doc(now, args) is None


def test_new_ids_are_canonical_random_uuids() -> None:
    ids = {quick_id() for _ in range(2000)}
    assert len(ids) == 2000
    for rid in ids:
        parsed = uuid.UUID(rid)
        assert str(parsed) == rid and parsed.version == 4 and parsed.variant == uuid.RFC_4122
    assert {rid[14] for rid in ids} == {"4"} and {rid[19] for rid in ids} == set("89ab")
    doc = checkin_doc(datetime(2026, 3, 14, 9, 0, tzinfo=timezone.utc), mood=5)
    assert doc is not None and CheckIn.model_validate(doc).id == doc["id"] != quick_id()


def test_the_kind_and_version_are_the_models() -> None:
    assert (KIND, VERSION) == (CheckIn.KIND, CheckIn.VERSION)


# --- stored through the store -----------------------------------------------------------------


def _doc(clock: FakeClock, at: datetime | None = None) -> dict[str, Any]:
    doc = checkin_doc(clock.now(), mood=7, energy=3, emotion=" Calm\x1b[0m ", tags=["#Work, deep  focus", "work"],
                      note="line one\r\nline two\x07", at=at)
    assert doc is not None
    return doc


def test_a_stored_document_reads_back_as_an_equal_checkin(store: Store, clock: FakeClock) -> None:
    at = clock.now() - timedelta(days=40)
    doc = _doc(clock, at)
    store.add_doc("checkin", doc, moment=at)
    stored = Store(store.root, clock).open().get(CheckIn, doc["id"])
    assert stored == CheckIn.model_validate(doc)
    assert stored is not None and stored.at == at and stored.tags == ["work", "deep focus"]
    assert store.shard_path(CheckIn, stored).exists() and store.months(CheckIn) == ["2026-02"]


def test_the_file_written_is_the_one_add_writes(tmp_path: Path, clock: FakeClock) -> None:
    doc = _doc(clock)
    quick, model = Store(tmp_path / "quick", clock).open(), Store(tmp_path / "model", clock).open()
    quick.add_doc("checkin", doc, moment=clock.now())
    model.add(CheckIn.model_validate(doc))
    name = "checkins/2026-03.json"
    assert (tmp_path / "quick" / name).read_bytes() == (tmp_path / "model" / name).read_bytes()


def test_the_days_backup_is_made_before_the_first_write(store: Store, clock: FakeClock) -> None:
    store.add(new_checkin(clock, mood=5))
    later = Store(store.root, clock).open()
    later.add_doc("checkin", _doc(clock), moment=clock.now())
    assert (store.root / BACKUPS / "2026-03-14").is_dir()
    assert len(later.list(CheckIn)) == 2


def test_the_store_knows_where_it_wrote_so_a_move_leaves_no_copy(store: Store, clock: FakeClock) -> None:
    """An edit that moves the check-in to another month removes the copy `add_doc` wrote, found
    through the store's note of where each record is (nothing was read in between)."""
    jan = datetime(2026, 1, 10, 8, 0, tzinfo=clock.now().tzinfo)
    doc = _doc(clock, jan)
    store.add_doc("checkin", doc, moment=jan)
    store.put(CheckIn.model_validate(doc).model_copy(update={"at": jan + timedelta(days=31)}))
    reread = Store(store.root, clock).open()
    assert [c.at.month for c in reread.list(CheckIn)] == [2]
    assert reread.raw_docs(CheckIn, with_deleted=True) and not reread._read_shard(
        CheckIn, store.shard_path(CheckIn, month="2026-01")).records


def test_a_document_with_a_stored_id_replaces_it(store: Store, clock: FakeClock) -> None:
    doc = _doc(clock)
    store.add_doc("checkin", doc, moment=clock.now())
    store.add_doc("checkin", {**doc, "note": "changed"}, moment=clock.now())
    assert [c.note for c in Store(store.root, clock).open().list(CheckIn)] == ["changed"]


@pytest.mark.parametrize(
    ("kind", "doc", "moment"),
    [
        ("nothing", {"kind": "nothing", "v": 1}, None),
        ("checkin", {"kind": "reflection", "v": 1}, None),
        ("checkin", {"kind": "checkin", "v": "1"}, None),
        ("checkin", {"kind": "checkin", "v": 1, "id": new_id()}, None),  # sharded: needs its moment
    ],
)
def test_add_doc_refuses_what_it_cannot_place(store: Store, kind: str, doc: dict[str, Any], moment: Any) -> None:
    with pytest.raises(ValueError):
        store.add_doc(kind, doc, moment=moment)
