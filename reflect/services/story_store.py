"""The story as separate records: put together for the screens, split apart again on save.

`load` reads the head (`Story`), its parts, variants and versions, and returns a `Loaded`: the story
in the one-record shape the screens and `core.story.story` work on, plus the records it came from.
`save` compares an edited story with what was loaded and writes only what changed, each edited
record by compare-and-swap on its revision: when another window, the CLI's `reflect sync` or a sync
tool changed it meanwhile, the stored record is re-read and merged field by field
(`core.story.revisions.merge3`); where both sides changed the same field, both are kept and the
record shows a conflict, which `resolve` ends with the copy the user picks (the other copy is kept
as a saved version, so nothing is thrown away).

A story still in the v1 shape (everything inline, maybe with a sync's `history` of other
machines' copies) is split into records when first loaded, with ids derived from its content, so
two machines that split the same story make the same records.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from reflect.core.models import PitchUse, Portrait, Rehearsal, Story, StoryVersion, Variant, VariantVersion
from reflect.core.story.records import PitchVariant, Revised, StoryPart, StoryVersionRecord, VariantVersionRecord
from reflect.core.story.revisions import bumped, merge3
from reflect.services import portrait
from reflect.store.repository import Store
from reflect.store.writes import Changed

_NS = uuid.UUID("8f2d6c1e-4b7a-4e0e-9a51-3c7d2b9e6f10")
PART_FIELDS: tuple[Any, ...] = (("text", "draft"),)
VARIANT_FIELDS: tuple[Any, ...] = ("length", "audience", ("text", "draft"), "from_version", "deleted_at")
HEAD_FIELDS = ("title", "framework", "evidence")
INLINE = ("steps", "master", "versions", "variants", "drafts")
CAS_TRIES = 20


def derived_id(*parts: Any) -> str:
    """An id both machines derive alike from the same content (for records made by the split)."""
    return str(uuid.uuid5(_NS, "/".join(str(p) for p in parts)))


def _content_rev(*parts: Any) -> str:
    return "m" + hashlib.sha1("/".join(str(p) for p in parts).encode("utf-8", "replace")).hexdigest()[:15]


@dataclass
class Conflict:
    """A record with copies edited elsewhere at the same time."""

    record: Revised
    label: str
    current: str
    copies: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Loaded:
    """The story put together, and the records it was put together from."""

    story: Story
    parts: dict[str, StoryPart]
    variants: dict[str, PitchVariant]
    conflicts: list[Conflict]


def part_id(story_id: str, item: str) -> str:
    """The id of a story's part for an item (`step:<id>` or `master`): the same on every machine."""
    return derived_id(story_id, item)


def load(store: Store) -> Loaded | None:
    """The story (the oldest head, when two were made apart), or None when there is none (blocking)."""
    heads = store.list(Story)
    if not heads:
        if not any(p.text.strip() for p in store.list(Portrait)):
            return None
        now = store.clock.now()
        heads = [store.put(Story(created_at=now, updated_at=now))]  # a portrait from People starts the story
    for one in heads:
        if any(getattr(one, name) for name in INLINE) or (one.model_extra or {}).get("history"):
            split(store, one)
    heads = sorted(store.list(Story), key=lambda h: (h.created_at, h.id))
    head = heads[0]
    if len(heads) > 1:  # two machines each began a story before they first synced
        adopt(store, head, heads[1:])
    sid = head.id
    parts = {p.item: p for p in store.list(StoryPart) if p.story_id == sid}
    if portrait.fold_in(store, head, parts):
        parts = {p.item: p for p in store.list(StoryPart) if p.story_id == sid}
    variants = {v.id: v for v in store.list(PitchVariant) if v.story_id == sid}
    sv = sorted((r for r in store.list(StoryVersionRecord) if r.story_id == sid), key=lambda r: (r.saved_at, r.n, r.id))
    vv: dict[str, list[VariantVersionRecord]] = {}
    for r in store.list(VariantVersionRecord):
        if r.story_id == sid:
            vv.setdefault(r.variant_id, []).append(r)
    versions = [StoryVersion(id=r.id, n=i, saved_at=r.saved_at, why=r.why, steps=dict(r.steps), master=r.master)
                for i, r in enumerate(sv, 1)]
    views = []
    for v in sorted(variants.values(), key=lambda v: (v.position, v.created_at, v.id)):
        own = sorted(vv.get(v.id, []), key=lambda r: (r.saved_at, r.n, r.id))
        vers = [VariantVersion(id=r.id, n=i, saved_at=r.saved_at, why=r.why, text=r.text, from_version=r.from_version)
                for i, r in enumerate(own, 1)]
        views.append(Variant(id=v.id, length=v.length, audience=v.audience, text=v.text, from_version=v.from_version,
                             updated_at=v.updated_at, versions=vers))
    drafts = {item: p.draft for item, p in parts.items() if p.draft is not None}
    drafts.update({f"v:{v.id}": v.draft for v in variants.values() if v.draft is not None})
    story = head.model_copy(update={
        "steps": {item[5:]: p.text for item, p in parts.items() if item.startswith("step:")},
        "master": parts["master"].text if "master" in parts else "",
        "versions": versions, "variants": views, "drafts": drafts,
    })
    conflicts = [Conflict(p, _part_label(item), shown_text(p.to_doc()), list(p.conflicts))
                 for item, p in sorted(parts.items()) if p.conflicts]
    conflicts += [Conflict(v, f"variant {v.length} {v.audience}", shown_text(v.to_doc()), list(v.conflicts))
                  for v in variants.values() if v.conflicts]
    return Loaded(story, parts, variants, conflicts)


def shown_text(doc: dict[str, Any]) -> str:
    """A copy's text as its editor showed it: the unsaved draft when there is one, else the saved text."""
    draft = doc.get("draft")
    return str(draft if isinstance(draft, str) else doc.get("text", ""))


def _part_label(item: str) -> str:
    return "master story" if item == "master" else f"step {item[5:]}"


# --- the split of a v1 story -------------------------------------------------------------------


def split(store: Store, head: Story) -> None:
    """Write a v1 story's inline content (and its sync `history`) as separate records, then clear it."""
    sides: list[Any] = [head]
    sides += [h for h in (head.model_extra or {}).get("history", []) if isinstance(h, dict)]
    records: dict[str, Any] = {}
    main_parts: dict[str, StoryPart] = {}
    version_texts: dict[str, set[str]] = {}
    for i, side in enumerate(sides):
        try:
            story = side if isinstance(side, Story) else Story.model_validate({**side, "kind": "story", "id": head.id})
        except ValueError:
            continue  # an unreadable old copy is left out; the pre-migration copy keeps it
        for ver in story.versions:
            rid = ver.id if "id" in ver.model_fields_set else derived_id(head.id, "version", ver.n, ver.saved_at.isoformat())
            records[rid] = StoryVersionRecord(id=rid, story_id=head.id, n=ver.n, saved_at=ver.saved_at, why=ver.why,
                                              steps=dict(ver.steps), master=ver.master, created_at=ver.saved_at,
                                              updated_at=ver.saved_at)
            for k, t in [*ver.steps.items(), ("master", ver.master)]:
                version_texts.setdefault("master" if k == "master" else f"step:{k}", set()).add(t)
        for position, v in enumerate(story.variants):
            for ver in v.versions:
                rid = ver.id if "id" in ver.model_fields_set else derived_id(v.id, "version", ver.n, ver.saved_at.isoformat())
                records[rid] = VariantVersionRecord(id=rid, story_id=head.id, variant_id=v.id, n=ver.n, saved_at=ver.saved_at,
                                                    why=ver.why, text=ver.text, from_version=ver.from_version,
                                                    created_at=ver.saved_at, updated_at=ver.saved_at)
            if v.id not in records or i == 0:
                records[v.id] = PitchVariant(id=v.id, story_id=head.id, length=v.length, audience=v.audience, text=v.text,
                                             from_version=v.from_version, draft=story.drafts.get(f"v:{v.id}"), position=position,
                                             rev=_content_rev(v.id, v.text), created_at=v.updated_at, updated_at=v.updated_at)
        items = {f"step:{k}": t for k, t in story.steps.items()}
        if story.master or "master" in story.drafts:
            items["master"] = story.master
        for item in [k for k in story.drafts if not k.startswith("v:")]:
            items.setdefault(item, "")
        for item, text in items.items():
            pid = part_id(head.id, item)
            part = StoryPart(id=pid, story_id=head.id, item=item, text=text, draft=story.drafts.get(item),
                             rev=_content_rev(pid, text), created_at=story.updated_at, updated_at=story.updated_at)
            if i == 0:
                main_parts[item] = part
            elif item not in main_parts:
                main_parts[item] = part
            elif text != main_parts[item].text and text not in version_texts.get(item, set()):
                known = main_parts[item]
                copy = {"rev": part.rev, "text": text, "updated_at": part.updated_at.isoformat()}
                if all(c.get("rev") != part.rev for c in known.conflicts):
                    main_parts[item] = known.model_copy(update={"conflicts": [*known.conflicts, copy]})
    records.update({p.id: p for p in main_parts.values()})
    new = [r for rid, r in records.items() if store.get(type(r), rid, include_deleted=True) is None]
    if new:
        store.put_many(new)
    doc = {k: v for k, v in head.to_doc().items() if k not in ("history", *INLINE)}
    store.put(Story.model_validate(doc), touch=False, keep_history=False)  # the history is split out above


def adopt(store: Store, head: Story, others: list[Story]) -> None:
    """Make the records of other story heads (their variants, versions, rehearsals and uses) the first
    head's, then tombstone those heads.

    A step both stories wrote keeps the first one's text, with the other as a conflicting copy.
    """
    ids = {o.id for o in others}
    parts = {p.item: p for p in store.list(StoryPart) if p.story_id == head.id}
    moved: list[Any] = []
    for cls in (PitchVariant, StoryVersionRecord, VariantVersionRecord, Rehearsal, PitchUse):  # runs and uses too:
        # the rehearsal history and the uses list find them by their story
        moved += [r.model_copy(update={"story_id": head.id}) for r in store.list(cls) if r.story_id in ids]
    if moved:
        store.put_many(moved)
    for part in [p for p in store.list(StoryPart) if p.story_id in ids]:
        mine = parts.get(part.item)
        if mine is None:
            fresh = StoryPart(id=part_id(head.id, part.item), story_id=head.id, item=part.item, text=part.text,
                              draft=part.draft, conflicts=part.conflicts)
            parts[part.item] = put_revised(store, None, fresh, PART_FIELDS)  # type: ignore[assignment]
        elif shown_text(part.to_doc()) != shown_text(mine.to_doc()):
            copy = {"rev": part.rev or part.id, "text": part.text, "draft": part.draft, "updated_at": part.updated_at.isoformat()}
            new = mine.model_copy(update={"conflicts": [*mine.conflicts, copy]})
            parts[part.item] = put_revised(store, mine, new, (*PART_FIELDS, "conflicts"))  # type: ignore[assignment]
        store.delete(part)
    stored = store.get(Story, head.id)
    if stored is not None:
        links = [*stored.evidence, *(e for o in others for e in o.evidence if e not in stored.evidence)]
        if links != stored.evidence:
            store.put(stored.model_copy(update={"evidence": links}))
    for other in others:
        store.delete(other)


# --- saving -------------------------------------------------------------------------------------


def put_revised(store: Store, base: Revised | None, new: Revised, fields: tuple[Any, ...]) -> Revised:
    """Store an edit of `base` as a compare-and-swap on its revision, merging what changed meanwhile."""
    base_doc = base.to_doc() if base is not None else {}
    ours = bumped({**new.to_doc(), "lineage": base_doc.get("lineage", []), "rev": base_doc.get("rev", "")})
    expect: str | None = base_doc.get("rev") if base is not None else None
    for _ in range(CAS_TRIES):
        try:
            return store.put(type(new).model_validate(ours), expect_rev=expect)
        except Changed as changed:
            theirs = changed.current
            if theirs is None:
                expect = None
                continue
            ours = merge3(base_doc, ours, theirs, fields)
            expect = theirs.get("rev") or ""
    raise Changed(None)


def _step_items(story: Story) -> set[str]:
    items = {f"step:{k}" for k in story.steps} | {k for k in story.drafts if not k.startswith("v:")}
    return items | ({"master"} if story.master else set())


def save(store: Store, loaded: Loaded, story: Story) -> None:
    """Write what differs between `story` and `loaded.story` (blocking). Raises StoreError."""
    before = loaded.story
    sid = before.id
    old_versions = {v.id for v in before.versions}
    new = [StoryVersionRecord(id=v.id, story_id=sid, n=v.n, saved_at=v.saved_at, why=v.why, steps=dict(v.steps),
                              master=v.master, created_at=v.saved_at, updated_at=v.saved_at)
           for v in story.versions if v.id not in old_versions]
    old_vv = {x.id for v in before.variants for x in v.versions}
    new += [VariantVersionRecord(id=x.id, story_id=sid, variant_id=v.id, n=x.n, saved_at=x.saved_at, why=x.why, text=x.text,
                                 from_version=x.from_version, created_at=x.saved_at, updated_at=x.saved_at)
            for v in story.variants for x in v.versions if x.id not in old_vv]
    if new:
        store.put_many(new)
    for item in sorted(_step_items(story) | _step_items(before) | set(loaded.parts)):
        text = story.master if item == "master" else story.steps.get(item[5:], "")
        draft = story.drafts.get(item)
        base = loaded.parts.get(item)
        if (base.text, base.draft) == (text, draft) if base else (not text and draft is None):
            continue
        part = StoryPart(id=part_id(sid, item), story_id=sid, item=item, text=text, draft=draft,
                         conflicts=base.conflicts if base else [], created_at=base.created_at if base else store.clock.now())
        put_revised(store, base, part, PART_FIELDS)
    kept = {v.id for v in story.variants}
    for position, v in enumerate(story.variants):
        base_v = loaded.variants.get(v.id)
        draft = story.drafts.get(f"v:{v.id}")
        values = {"length": v.length, "audience": v.audience, "text": v.text, "from_version": v.from_version, "draft": draft}
        if base_v is not None and all(getattr(base_v, k) == x for k, x in values.items()):
            continue
        fresh = PitchVariant(id=v.id, story_id=sid, conflicts=base_v.conflicts if base_v else [],
                             position=base_v.position if base_v else position,
                             created_at=base_v.created_at if base_v else v.updated_at, **values)
        put_revised(store, base_v, fresh, VARIANT_FIELDS)
    for vid, base_v in loaded.variants.items():
        if vid not in kept:
            put_revised(store, base_v, base_v.model_copy(update={"deleted_at": store.clock.now()}), VARIANT_FIELDS)
    head = {k: v for k, v in story.to_doc().items() if k not in INLINE}
    if any(head.get(k) != before.to_doc().get(k) for k in HEAD_FIELDS) or store.get(Story, sid) is None:
        _put_head(store, Story.model_validate(head))


def _put_head(store: Store, head: Story) -> None:
    """The head's fields: title and framework, the newer wins; evidence links, the union of both."""
    stored = store.get(Story, head.id)
    if stored is not None:
        links = [*stored.evidence, *(e for e in head.evidence if e not in stored.evidence)]
        head = head.model_copy(update={"evidence": links})
    store.put(head)


def resolve(store: Store, loaded: Loaded, conflict: Conflict, chosen: dict[str, Any] | None) -> None:
    """End a conflict with the current text (`chosen` None) or a copy; the other is kept as a version."""
    record = conflict.record
    now = store.clock.now()
    others = [c for c in conflict.copies if c is not chosen]
    if chosen is not None:
        others.append(record.to_doc())
    sid = loaded.story.id
    keep: list[Any] = []
    for other in others:
        when = _when(other.get("updated_at")) or now
        text = shown_text(other)
        why = "Other copy from a sync conflict (not chosen)"
        if isinstance(record, PitchVariant):
            keep.append(VariantVersionRecord(id=derived_id(record.id, "conflict", other.get("rev"), text), story_id=sid,
                                             variant_id=record.id, saved_at=when, why=why, text=text,
                                             from_version=record.from_version, created_at=when, updated_at=when))
        else:
            steps = dict(loaded.story.steps)
            master = loaded.story.master
            if record.item == "master":
                master = text
            else:
                steps[record.item[5:]] = text
            keep.append(StoryVersionRecord(id=derived_id(record.id, "conflict", other.get("rev"), text), story_id=sid,
                                           saved_at=when, why=why, steps=steps, master=master, created_at=when, updated_at=when))
    if keep:
        store.put_many(keep)
    fields = VARIANT_FIELDS if isinstance(record, PitchVariant) else PART_FIELDS
    update: dict[str, Any] = {"conflicts": []}
    if chosen is not None:
        names = [n for f in fields for n in (f if isinstance(f, tuple) else (f,)) if n != "deleted_at"]
        update.update({n: chosen[n] for n in names if n in chosen})
    put_revised(store, record, record.model_copy(update=update), fields)


def _when(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
