"""The value story: guided steps, the master text, versions, variants, diffs and exports.

Pure functions over `Story` records (the caller stores them). Every save appends a version, so
nothing the user wrote is ever overwritten: restoring an old version saves it as a new one.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reflect import content
from reflect.core import prose
from reflect.core.models import Story, StoryVersion, Variant, VariantVersion

MASTER = "master"
"""The editor item id of the master story."""


@dataclass(frozen=True)
class Step:
    """One guided step of the story builder (from data/story_frameworks.json)."""

    id: str
    title: str
    prompt: str
    scaffold: str
    fields: tuple[str, ...]
    short: str


def steps() -> list[Step]:
    """The guided steps, in order."""
    return [
        Step(s["id"], s["title"], s["prompt"], s.get("scaffold", ""), tuple(s.get("fields", ())), s.get("short", s["title"]))
        for s in content.load("story_frameworks")["steps"]
    ]


def lengths() -> dict[str, dict[str, Any]]:
    """Variant lengths by id (label, seconds)."""
    return {x["id"]: x for x in content.load("story_frameworks")["lengths"]}


def audiences() -> dict[str, dict[str, Any]]:
    """Variant audiences by id (label, hint)."""
    return {x["id"]: x for x in content.load("story_frameworks")["audiences"]}


def variant_label(variant: Variant) -> str:
    """"60 seconds · Client"."""
    return f"{lengths()[variant.length]['label']} · {audiences()[variant.audience]['label']}"


def parse_fields(text: str, fields: tuple[str, ...]) -> list[dict[str, str]]:
    """Labelled lines ("For whom: ...") grouped into blocks (a blank line or a repeated label starts a new one)."""
    blocks: list[dict[str, str]] = []
    current: dict[str, str] = {}
    last: str | None = None
    lower = {f.lower(): f for f in fields}
    for line in text.splitlines():
        if not line.strip():
            if current:
                blocks.append(current)
            current, last = {}, None
            continue
        label, sep, value = line.partition(":")
        key = lower.get(label.strip().lower()) if sep else None
        if key:
            if key in current:
                blocks.append(current)
                current = {}
            current[key] = value.strip()
            last = key
        elif last:
            current[last] = (current[last] + " " + line.strip()).strip()
        else:
            current.setdefault("", "")
            current[""] = (current[""] + " " + line.strip()).strip()
    if current:
        blocks.append(current)
    return blocks


def _sentence(text: str) -> str:
    return prose.sentence(text)


def _lower_first(text: str) -> str:
    return prose.lower_first(prose.fragment(text))


def assemble(story_steps: dict[str, str]) -> str:
    """A master story from the steps: hook, positioning, proof, call to action (one paragraph each)."""
    by_id = {s.id: s for s in steps()}
    paragraphs: list[str] = []
    one = story_steps.get("oneliner", "").strip()
    if one:
        parts = [b for b in parse_fields(one, by_id["oneliner"].fields)]
        fields = parts[0] if parts else {}
        if any(fields.get(f) for f in ("Problem", "Solution", "Result")):
            pieces = [fields.get("Problem", ""), fields.get("Solution", ""), fields.get("Result", "")]
            paragraphs.append(" ".join(_sentence(p) for p in pieces if p.strip()))
        else:
            paragraphs.append(_sentence(one))
    pos = story_steps.get("positioning", "").strip()
    if pos:
        f = (parse_fields(pos, by_id["positioning"].fields) or [{}])[0]
        out = []
        if f.get("For whom"):
            need = prose.relative_clause(f.get("Their need", ""))
            out.append(_sentence(f"I work with {_lower_first(f['For whom'])}{need}"))
        if f.get("What I do"):
            out.append(_sentence(f["What I do"]))
        if f.get("Unlike"):
            out.append(_sentence(f"Unlike {_lower_first(f['Unlike'])}, {_lower_first(f.get('Why me') or 'I do it differently')}"))
        elif f.get("Why me"):
            out.append(_sentence(f["Why me"]))
        if f.get(""):
            out.append(_sentence(f[""]))
        paragraphs.append(" ".join(out) if out else _sentence(pos))
    proof = story_steps.get("proof", "").strip()
    for block in parse_fields(proof, by_id["proof"].fields) if proof else []:
        keys = ("", "Situation", "Task", "Action", "Result")
        text = " ".join(_sentence(block[k]) for k in keys if block.get(k))
        if text:
            paragraphs.append(text)
    cta = story_steps.get("cta", "").strip()
    if cta:
        paragraphs.append(_sentence(cta))
    return "\n\n".join(paragraphs)


# --- versions ----------------------------------------------------------------------------------


def latest_version(story: Story) -> int:
    """The number of the newest saved version (0 when none)."""
    return story.versions[-1].n if story.versions else 0


def save_version(story: Story, now: datetime, steps_: dict[str, str], master: str, why: str = "") -> Story:
    """A copy of `story` with these texts and one more version (nothing is saved when nothing changed)."""
    if story.versions and story.steps == steps_ and story.master == master:
        return story
    version = StoryVersion(n=latest_version(story) + 1, saved_at=now, why=why, steps=dict(steps_), master=master)
    return story.model_copy(update={"steps": dict(steps_), "master": master, "versions": [*story.versions, version]})


def saved_message(story: Story, items: set[str]) -> str:
    """What a save made, numbered as each list of versions counts: "Saved as version 3" for the
    story's steps and master, "Saved 60 seconds · Client as its version 2" for a variant."""
    parts = []
    if not items or any(not i.startswith("v:") for i in items):
        parts.append(f"version {latest_version(story)}")
    for v in story.variants:
        if f"v:{v.id}" in items and v.versions:
            parts.append(f"{variant_label(v)} as its version {v.versions[-1].n}")
    if len(parts) == 1 and parts[0].startswith("version"):
        return f"Saved as {parts[0]}"
    return "Saved " + "; ".join(parts)


def restore_version(story: Story, n: int, now: datetime) -> Story:
    """Bring back version `n` as a new version (the versions in between are kept)."""
    old = next((v for v in story.versions if v.n == n), None)
    if old is None:
        raise KeyError(f"no version {n}")
    return save_version(story, now, dict(old.steps), old.master, why=f"Restored version {n}")


def version_text(version: StoryVersion) -> str:
    """A version as one readable text: each step under its title, then the master."""
    titles = {s.id: s.title for s in steps()}
    order = [*titles, *(k for k in version.steps if k not in titles)]
    parts = [f"# {titles.get(k, k)}\n{version.steps[k].strip()}" for k in order if version.steps.get(k, "").strip()]
    if version.master.strip():
        parts.append(f"# Master story\n{version.master.strip()}")
    return "\n\n".join(parts)


def master_at(story: Story, n: int) -> str | None:
    """The master text as it was in version `n` (None when there is no such version)."""
    return next((v.master for v in story.versions if v.n == n), None)


def is_out_of_date(story: Story, variant: Variant) -> bool:
    """True when the master has changed since the version the variant was written from."""
    if not story.versions:
        return False
    then = master_at(story, variant.from_version)
    return then is None or then != story.versions[-1].master


def save_variant(story: Story, variant_id: str, text: str, now: datetime, why: str = "") -> Story:
    """A copy of `story` whose variant has this text, as a new variant version written from the current master."""
    variants = []
    for v in story.variants:
        if v.id == variant_id and (v.text != text or not v.versions or v.from_version != latest_version(story)):
            n = (v.versions[-1].n if v.versions else 0) + 1
            ver = VariantVersion(n=n, saved_at=now, why=why, text=text, from_version=latest_version(story))
            v = v.model_copy(update={"text": text, "updated_at": now, "from_version": latest_version(story), "versions": [*v.versions, ver]})
        variants.append(v)
    return story.model_copy(update={"variants": variants})


def restore_variant(story: Story, variant_id: str, n: int, now: datetime) -> Story:
    """Bring back version `n` of a variant as its newest version."""
    v = next(v for v in story.variants if v.id == variant_id)
    old = next((x for x in v.versions if x.n == n), None)
    if old is None:
        raise KeyError(f"no version {n}")
    return save_variant(story, variant_id, old.text, now, why=f"Restored version {n}")


# --- diffs -------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\S+\s*|\s+")


def diff_ops(old: str, new: str) -> list[tuple[str, str]]:
    """A word-level diff as (op, text) pairs, op one of "=", "-", "+"."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(("=", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                out.append(("-", "".join(a[i1:i2])))
            if j2 > j1:
                out.append(("+", "".join(b[j1:j2])))
    return out


def diff_plain(old: str, new: str) -> str:
    """The diff as plain text: removed words as [-...-], added as {+...+}."""
    marks = {"=": ("", ""), "-": ("[-", "-]"), "+": ("{+", "+}")}
    return "".join(marks[op][0] + text + marks[op][1] for op, text in diff_ops(old, new))


# --- evidence links ----------------------------------------------------------------------------


def add_evidence(story: Story, entry: dict[str, Any]) -> Story:
    """A copy of `story` with one more proof entry (the same source is linked once per step)."""
    key = (entry.get("source_kind"), entry.get("source_id"), entry.get("strength"), entry.get("step"))
    for e in story.evidence:
        if (e.get("source_kind"), e.get("source_id"), e.get("strength"), e.get("step")) == key:
            return story
    return story.model_copy(update={"evidence": [*story.evidence, dict(entry)]})


def evidenced_strengths(story: Story) -> set[str]:
    """Strength names with at least one linked quote (quotable or not)."""
    return {e["strength"] for e in story.evidence if e.get("strength")}


def signature_relation(relation: str | None) -> str:
    """", former manager" for a quote's signature; "" when the relation is unknown or "other"."""
    from reflect.core.feedback.people import relation_label

    return f", {relation_label(relation)}" if relation and relation != "other" else ""


def quote_line(entry: dict[str, Any]) -> str:
    """A quote as it is inserted into a text: “...” (author, relation)."""
    who = entry.get("author") or "someone I worked with"
    rel = signature_relation(entry.get("relation"))
    return f"\u201c{entry.get('text', '').strip()}\u201d ({who}{rel})"
