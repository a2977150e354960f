"""Revisions of records edited in two places: compare-and-swap, three-way merge, conflict copies.

Every save gives a record a new `rev` and appends the old one to its `lineage`. Two copies of one
record then relate in one of three ways: the same revision; one descends from the other (a later
edit of it: the newer simply wins); or neither (edited apart: both are kept, one as the current
text and the other in `conflicts`, until the user picks).
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

LINEAGE_MAX = 200
"""At most this many ancestor revisions are kept on a record."""

_KEEP_OUT = ("lineage", "conflicts", "history")


def new_rev() -> str:
    """A fresh revision id."""
    return uuid.uuid4().hex[:16]


def bumped(doc: dict[str, Any]) -> dict[str, Any]:
    """`doc` with a new revision whose ancestry includes its old one."""
    lineage = [*doc.get("lineage", [])]
    if doc.get("rev"):
        lineage.append(doc["rev"])
    return {**doc, "rev": new_rev(), "lineage": list(dict.fromkeys(lineage))[-LINEAGE_MAX:]}


def descends(doc: dict[str, Any], other: dict[str, Any]) -> bool:
    """True when `doc` is `other` or a later edit of it."""
    rev = other.get("rev") or ""
    return doc.get("rev") == rev or rev in (doc.get("lineage") or [])


def copy_of(doc: dict[str, Any]) -> dict[str, Any]:
    """A conflict copy: the record's fields without its ancestry and nested copies."""
    return {k: v for k, v in doc.items() if k not in _KEEP_OUT}


def union_conflicts(*lists: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Conflict copies of several sides, each revision once, in order."""
    seen: dict[str, dict[str, Any]] = {}
    for copies in lists:
        for c in copies or []:
            if isinstance(c, dict):
                seen.setdefault(str(c.get("rev")), c)
    return list(seen.values())


def join(winner: dict[str, Any], loser: dict[str, Any]) -> dict[str, Any]:
    """Two copies met by a sync: the winner, knowing the loser's ancestry, with the loser as a
    conflict copy when the two were edited apart.

    When the result differs from the winner it gets a revision derived from both sides, so two
    machines that merge the same pair reach the same record (and no new conflict).
    """
    if descends(loser, winner) and not descends(winner, loser):
        winner, loser = loser, winner
    copies = union_conflicts(winner.get("conflicts", []), loser.get("conflicts", []))
    lineage = [*winner.get("lineage", [])]
    if not descends(winner, loser):
        copies = union_conflicts(copies, [copy_of(loser)])
        lineage += [*loser.get("lineage", []), loser.get("rev", "")]
    out = {**winner, "conflicts": copies}
    if out == winner and lineage == winner.get("lineage", []):
        return winner
    lineage.append(winner.get("rev", ""))
    out["lineage"] = [r for r in dict.fromkeys(lineage) if r][-LINEAGE_MAX:]
    both = "/".join(sorted((str(winner.get("rev")), str(loser.get("rev")))))
    out["rev"] = "j" + hashlib.sha1(both.encode()).hexdigest()[:15]
    return out


def merge3(base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any], fields: tuple[Any, ...]) -> dict[str, Any]:
    """Our edit of `base`, merged into `theirs` (what is on disk now), field by field.

    A field may be a tuple of names that change together (a text and its unsaved draft are one
    thing to the user: what the editor shows).

    A field only one side changed takes that side's value; a field both changed to different
    values keeps ours (what the user sees) and puts theirs in `conflicts`. The result descends
    from both and has a new revision.
    """
    out = dict(theirs)
    clash = False
    for name in fields:
        names = name if isinstance(name, tuple) else (name,)
        mine, other, was = (tuple(d.get(n) for n in names) for d in (ours, theirs, base))
        if mine == other or mine == was:
            continue
        out.update({n: ours.get(n) for n in names})
        clash = clash or other != was
    copies = union_conflicts(theirs.get("conflicts", []), ours.get("conflicts", []), [copy_of(theirs)] if clash else [])
    resolved = {str(c.get("rev")) for c in base.get("conflicts", [])} - {str(c.get("rev")) for c in ours.get("conflicts", [])}
    out["conflicts"] = [c for c in copies if str(c.get("rev")) not in resolved]
    lineage = [*theirs.get("lineage", []), *ours.get("lineage", [])]
    out["lineage"] = [r for r in dict.fromkeys(lineage) if r][-LINEAGE_MAX:]
    return bumped(out)
