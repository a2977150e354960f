"""The story as separate records: migration of an old file, compare-and-swap, merges, conflicts."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from reflect.cli.common import conflicts_line
from reflect.core.clock import FakeClock
from reflect.core.models import Story, Variant, VariantVersion
from reflect.core.story import story as sc
from reflect.core.story.records import PitchVariant, StoryPart
from reflect.portability.sync import merge_conflicts
from reflect.services import story_store
from reflect.store import Store
from reflect.store.writes import Changed
from tests.conftest import TZ

FIXTURE = Path(__file__).parent.parent / "fixtures" / "story" / "v1_synced_all.json"
"""stories/all.json as the previous version wrote it after `reflect sync` merged a laptop's
conflict copy: the laptop's new variant, its version 2 and its call to action were kept only in
the record's hidden `history` list."""


def test_a_v1_story_file_is_split_into_records_with_a_pre_migration_copy(data_dir: Path, clock: FakeClock) -> None:
    (data_dir / "stories").mkdir(parents=True)
    shutil.copy(FIXTURE, data_dir / "stories" / "all.json")
    original = FIXTURE.read_bytes()
    store = Store(data_dir, clock, auto_backup=False).open()
    loaded = story_store.load(store)
    assert loaded is not None
    story = loaded.story
    labels = sorted((v.length, v.audience) for v in story.variants)
    assert labels == [("2min", "networking"), ("30s", "client")]  # the laptop's variant is back
    assert [v.why for v in story.versions] == ["First draft", "B's ask"]
    thirty = next(v for v in story.variants if v.length == "30s")
    assert thirty.text == "Thirty seconds, sharper." and [x.n for x in thirty.versions] == [1, 2]
    assert story.steps["cta"] == "Who runs a shop online?"
    assert story.versions[1].steps["cta"] == "Who do you know who sells online?"
    copies = list((data_dir / "backups" / "pre-migration").iterdir())
    assert [c.read_bytes() for c in copies] == [original]
    head = json.loads((data_dir / "stories" / "all.json").read_text())["story"]
    (doc,) = head.values()
    assert doc["v"] == 2 and not {"steps", "versions", "variants", "history"} & {k for k, v in doc.items() if v}
    again = story_store.load(Store(data_dir, clock, auto_backup=False).open())
    assert again is not None and again.story.model_dump() == story.model_dump()  # the split is done once


def _story(store: Store) -> story_store.Loaded:
    now = store.clock.now()
    steps = {"oneliner": "Problem: shops lose sales", "cta": "Who runs a shop online?"}
    story = sc.save_version(Story(created_at=now, updated_at=now), now, steps, "Shops lose sales.", "First")
    store.put(story)
    loaded = story_store.load(store)
    assert loaded is not None
    return loaded


def test_a_write_expecting_an_old_revision_is_refused(store: Store) -> None:
    loaded = _story(store)
    part = loaded.parts["step:cta"]
    store.put(part.model_copy(update={"text": "changed elsewhere", "rev": "other"}), expect_rev=part.rev)
    with pytest.raises(Changed) as caught:
        store.put(part.model_copy(update={"text": "stale"}), expect_rev=part.rev)
    assert caught.value.current is not None and caught.value.current["text"] == "changed elsewhere"
    assert store.get(StoryPart, part.id).text == "changed elsewhere"


def test_edits_made_underneath_are_merged_not_overwritten(data_dir: Path, clock: FakeClock) -> None:
    """Another window (or a sync tool replacing the files) changed one step; ours changed another."""
    mine = Store(data_dir, clock, auto_backup=False).open()
    loaded = _story(mine)
    other = Store(data_dir, clock, auto_backup=False).open()
    theirs = story_store.load(other)
    story_store.save(other, theirs, theirs.story.model_copy(update={"steps": {**theirs.story.steps, "oneliner": "From the other window"}}))
    clock.advance(5)
    story_store.save(mine, loaded, loaded.story.model_copy(update={"drafts": {"step:cta": "My new ask"}}))
    now = story_store.load(mine)
    assert now.story.steps["oneliner"] == "From the other window"
    assert now.story.drafts == {"step:cta": "My new ask"}
    assert now.conflicts == []


def test_one_text_edited_in_two_places_keeps_both_until_the_user_picks(data_dir: Path, clock: FakeClock) -> None:
    mine = Store(data_dir, clock, auto_backup=False).open()
    loaded = _story(mine)
    other = Store(data_dir, clock, auto_backup=False).open()
    theirs = story_store.load(other)
    story_store.save(other, theirs, theirs.story.model_copy(update={"drafts": {"step:cta": "Their ask"}}))
    story_store.save(mine, loaded, loaded.story.model_copy(update={"drafts": {"step:cta": "My ask"}}))
    now = story_store.load(mine)
    assert now.story.drafts["step:cta"] == "My ask"
    (conflict,) = now.conflicts
    assert [c.get("draft") for c in conflict.copies] == ["Their ask"]
    named = conflicts_line(mine)  # what `reflect doctor` and `reflect sync` print
    assert named is not None and named.startswith("1 story text edited in two places keeps both copies") and "ctrl+b" in named
    story_store.resolve(mine, now, conflict, conflict.copies[0])
    after = story_store.load(mine)
    assert after.conflicts == [] and after.story.drafts["step:cta"] == "Their ask"
    assert conflicts_line(mine) is None
    assert any(v.steps.get("cta") == "My ask" and "not chosen" in v.why for v in after.story.versions)


def test_sync_keeps_both_copies_of_a_text_edited_on_two_machines(tmp_path: Path) -> None:
    a = Store(tmp_path / "a", FakeClock(datetime(2026, 3, 14, 9, tzinfo=TZ)), auto_backup=False).open()
    base = _story(a)
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    b = Store(tmp_path / "b", FakeClock(a.clock.now()), auto_backup=False).open()
    on_b = story_store.load(b)
    b.clock.advance(60)
    story_store.save(b, on_b, on_b.story.model_copy(update={"steps": {**on_b.story.steps, "cta": "B's ask"}}))
    a.clock.advance(120)
    story_store.save(a, base, base.story.model_copy(update={"steps": {**base.story.steps, "cta": "A's ask"}}))
    for folder in ("story_parts",):
        shutil.copy(tmp_path / "b" / folder / "all.json", tmp_path / "a" / folder / "all.sync-conflict-20260314-100000-LAPTOPB.json")
    merge_conflicts(a)
    merged = story_store.load(Store(tmp_path / "a", a.clock, auto_backup=False).open())
    assert merged.story.steps["cta"] == "A's ask"
    (conflict,) = merged.conflicts
    assert [c["text"] for c in conflict.copies] == ["B's ask"]
    # the same merge on the other machine reaches the same record: no new conflict when they meet again
    shutil.copy(tmp_path / "a" / "story_parts" / "all.json", tmp_path / "b" / "story_parts" / "all.sync-conflict-20260314-100500-DESKTOP.json")
    merge_conflicts(b)
    shutil.copy(tmp_path / "b" / "story_parts" / "all.json", tmp_path / "a" / "story_parts" / "all.sync-conflict-20260314-101000-LAPTOPB.json")
    merge_conflicts(a)
    final = story_store.load(Store(tmp_path / "a", a.clock, auto_backup=False).open())
    assert len(final.conflicts) == 1 and len(final.conflicts[0].copies) == 1
    assert isinstance(final.conflicts[0].record, (StoryPart, PitchVariant))


def test_two_stories_begun_apart_become_one_with_everything_of_both(tmp_path: Path) -> None:
    """Each machine began a story before they first synced: after the sync one story shows both."""
    clock = FakeClock(datetime(2026, 3, 14, 9, tzinfo=TZ))
    a = Store(tmp_path / "a", clock, auto_backup=False).open()
    b = Store(tmp_path / "b", FakeClock(clock.now() + timedelta(minutes=5)), auto_backup=False).open()
    for store, ask, length in ((a, "A's ask", "30s"), (b, "B's ask", "2min")):
        now = store.clock.now()
        steps = {"cta": ask, "proof": f"Proof from {ask[0]}"}
        story = sc.save_version(Story(created_at=now, updated_at=now), now, steps, "", f"{ask[0]} first")
        variant = Variant(length=length, text=f"{length} text", updated_at=now,
                          versions=[VariantVersion(n=1, saved_at=now, text=f"{length} text")])
        store.put(story.model_copy(update={"variants": [variant]}))
        story_store.load(store)
    for folder in ("stories", "story_parts", "variants", "story_versions", "variant_versions"):
        shutil.copy(tmp_path / "b" / folder / "all.json", tmp_path / "a" / folder / "all.sync-conflict-20260314-100000-LAPTOPB.json")
    merge_conflicts(a)
    merged = story_store.load(Store(tmp_path / "a", clock, auto_backup=False).open())
    assert sorted(v.length for v in merged.story.variants) == ["2min", "30s"]
    assert sorted(v.why for v in merged.story.versions) == ["A first", "B first"]
    assert merged.story.steps["cta"] == "A's ask"
    assert sorted(c.current for c in merged.conflicts) == ["A's ask", "Proof from A"]
    assert sorted(story_store.shown_text(c.copies[0]) for c in merged.conflicts) == ["B's ask", "Proof from B"]
    again = story_store.load(Store(tmp_path / "a", clock, auto_backup=False).open())
    assert len(again.conflicts) == 2 and len(again.story.variants) == 2  # adopted once


def test_runs_and_uses_of_an_adopted_storys_variants_follow_them(data_dir: Path, clock: FakeClock) -> None:
    """A variant moved to the story that adopted it keeps its rehearsals and recorded uses: the
    rehearsal history and the uses list find them by the story they belong to."""
    from reflect.core.models import PitchUse, Rehearsal

    store = Store(data_dir, clock, auto_backup=False).open()
    heads = []
    for ask, length, minutes in (("A's ask", "30s", 0), ("B's ask", "2min", 5)):
        now = clock.now() + timedelta(minutes=minutes)
        story = sc.save_version(Story(created_at=now, updated_at=now), now, {"cta": ask}, "", f"{ask[0]} first")
        variant = Variant(length=length, text=f"{length} text", updated_at=now)
        heads.append(store.put(story.model_copy(update={"variants": [variant]})))
    b_head, b_variant = heads[1], heads[1].variants[0]
    now = clock.now()
    store.put_many([Rehearsal(story_id=b_head.id, variant_id=b_variant.id, started_at=now, created_at=now, updated_at=now),
                    PitchUse(at=now, story_id=b_head.id, variant_id=b_variant.id, created_at=now, updated_at=now)])
    loaded = story_store.load(store)
    assert loaded is not None and loaded.story.id == heads[0].id
    assert b_variant.id in {v.id for v in loaded.story.variants}
    for cls in (Rehearsal, PitchUse):
        assert [(r.story_id, r.variant_id) for r in store.list(cls)] == [(heads[0].id, b_variant.id)]
