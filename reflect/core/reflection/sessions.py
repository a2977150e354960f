"""Guided reflection: prompt sets (shipped and the user's own), sessions, episodes, the frog.

Shipped sets live in `data/prompts.json`. A user adds or replaces sets with a file
`prompts.json` in the config folder (`reflect.paths.config_dir()`), in the same shape:
`{"sets": [{"id", "name", "session", "prompts": [{"id", "text", "kind"?, "hint"?}]}]}`.
A user set with the id of a shipped one replaces it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from reflect import content
from reflect.core.clock import Clock
from reflect.core.journal_day import DEFAULT_DAY_START, journal_day
from reflect.core.models import Episode, Reflection
from reflect.core.text import clean_line, strip_controls

SESSIONS = ("morning", "evening", "weekly", "journal")
KINDS = ("text", "frog", "episodes")
LOOK_DEEPER_ID = "look_deeper"


@dataclass(frozen=True)
class Prompt:
    """One page of a session."""

    id: str
    text: str
    kind: str = "text"
    hint: str = ""


@dataclass(frozen=True)
class PromptSet:
    """A named list of prompts for one kind of session."""

    id: str
    name: str
    session: str
    prompts: tuple[Prompt, ...]
    custom: bool = False


@dataclass
class LoadedSets:
    """The prompt sets available, and any problem found in the user's file."""

    sets: list[PromptSet]
    problem: str | None = None
    look_deeper: list[str] = field(default_factory=list)

    def get(self, set_id: str) -> PromptSet | None:
        """The set with this id, if any."""
        return next((s for s in self.sets if s.id == set_id), None)


def _parse_set(raw: Any, custom: bool) -> PromptSet:
    if not isinstance(raw, dict):
        raise ValueError("each set must be an object")
    set_id = clean_line(str(raw.get("id", ""))).lower()
    if not re.fullmatch(r"[a-z0-9_-]{1,40}", set_id or ""):
        raise ValueError(f"set id {set_id!r} must be 1-40 letters, digits, - or _")
    session = raw.get("session", "journal")
    if session not in SESSIONS:
        raise ValueError(f"set {set_id!r}: session must be one of {', '.join(SESSIONS)}")
    prompts: list[Any] = []
    seen = set()
    for p in raw.get("prompts") or []:
        if not isinstance(p, dict) or not str(p.get("text", "")).strip():
            raise ValueError(f"set {set_id!r}: each prompt needs a text")
        pid = clean_line(str(p.get("id") or f"p{len(prompts) + 1}"))[:40]
        kind = p.get("kind", "text")
        if kind not in KINDS:
            raise ValueError(f"set {set_id!r}: prompt kind must be one of {', '.join(KINDS)}")
        if pid in seen or pid == LOOK_DEEPER_ID:
            raise ValueError(f"set {set_id!r}: prompt id {pid!r} is used twice or reserved")
        seen.add(pid)
        prompts.append(Prompt(pid, clean_line(str(p["text"]))[:500], kind, clean_line(str(p.get("hint", "")))[:300]))
    if not prompts:
        raise ValueError(f"set {set_id!r} has no prompts")
    name = clean_line(str(raw.get("name") or set_id))[:60]
    return PromptSet(set_id, name, session, tuple(prompts), custom)


def load_sets(config_dir: Path | None) -> LoadedSets:
    """The shipped sets plus the user's `prompts.json` (a broken user file is reported, not fatal)."""
    shipped = content.load("prompts")
    sets = [_parse_set(s, False) for s in shipped["sets"]]
    loaded = LoadedSets(sets, None, list(shipped.get("look_deeper", [])))
    if config_dir is None:
        return loaded
    path = config_dir / "prompts.json"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return loaded
    except (OSError, UnicodeDecodeError) as exc:
        loaded.problem = f"{path}: could not be read ({exc}); using the built-in prompts"
        return loaded
    try:
        raw = json.loads(text)
        user = [_parse_set(s, True) for s in (raw.get("sets") if isinstance(raw, dict) else None) or []]
        extra = raw.get("look_deeper") if isinstance(raw, dict) else None
    except (ValueError, AttributeError) as exc:
        loaded.problem = f"{path}: {str(exc).splitlines()[0]}; using the built-in prompts"
        return loaded
    by_id = {s.id: s for s in loaded.sets}
    for s in user:
        by_id[s.id] = s
    loaded.sets = list(by_id.values())
    if isinstance(extra, list):
        loaded.look_deeper += [clean_line(str(x))[:500] for x in extra if str(x).strip()]
    return loaded


def look_deeper(prompts: list[str], day: date, session: str) -> Prompt | None:
    """Today's rotating "look deeper" prompt (the same all day, a different one each day)."""
    if not prompts:
        return None
    index = (day.toordinal() * 3 + SESSIONS.index(session)) % len(prompts)
    return Prompt(LOOK_DEEPER_ID, prompts[index], "text", "A question to go deeper. Skip it if it does not fit today.")


def pages(prompt_set: PromptSet, day: date, extra: list[str]) -> list[Prompt]:
    """The pages of a session: the set's prompts, then the rotating look-deeper prompt."""
    out = list(prompt_set.prompts)
    deeper = look_deeper(extra, day, prompt_set.session)
    if deeper is not None:
        out.append(deeper)
    return out


def suggested_session(now: datetime, day_start: time = DEFAULT_DAY_START) -> str:
    """Morning before noon, weekly on Sunday afternoons, evening otherwise.

    After midnight and before the day start it is still last night: evening (weekly on Sunday night).
    """
    if (now.hour, now.minute) < (day_start.hour, day_start.minute):
        return "weekly" if journal_day(now, day_start).weekday() == 6 else "evening"
    if now.hour < 12:
        return "morning"
    if now.weekday() == 6:
        return "weekly"
    return "evening"


def new_reflection(clock: Clock, prompt_set: PromptSet, day: date | None = None) -> Reflection:
    """A fresh in-progress session."""
    now = clock.now()
    return Reflection(
        session=prompt_set.session, day=day or now.date(), prompt_set=prompt_set.id,
        created_at=now, updated_at=now, status="in_progress", position=0,
    )


def resumable(reflections: list[Reflection], today: date) -> Reflection | None:
    """The newest unfinished session from today or yesterday, to resume."""
    open_ = [r for r in reflections if r.status == "in_progress" and today - r.day <= timedelta(days=1)]
    return max(open_, key=lambda r: r.updated_at) if open_ else None


def with_answer(reflection: Reflection, prompt: Prompt, text: str, position: int) -> Reflection:
    """The session with one answer recorded (episodes and the frog parsed too)."""
    answers = dict(reflection.answers)
    prompts = dict(reflection.prompts)
    text = strip_controls(text)[:20_000]
    if text.strip():
        answers[prompt.id] = text
        prompts[prompt.id] = prompt.text
    else:
        answers.pop(prompt.id, None)
    update: dict[str, Any] = {"answers": answers, "prompts": prompts, "position": position}
    if prompt.kind == "frog":
        update["frog"] = clean_line(text)[:500] or None
    if prompt.kind == "episodes":
        update["episodes"] = parse_episodes(text)[0]
    return reflection.model_copy(update=update)


_EPISODE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s+(.+?)(?:\s*=\s*(\d+))?\s*$")

OVERNIGHT = (18 * 60, 6 * 60)
"""An episode may run past midnight when it starts from 18:00 and ends by 06:00 (a late evening);
any other end before its start is a typo."""


def parse_episodes(text: str) -> tuple[list[Episode], list[int]]:
    """Episodes from lines 'HH:MM-HH:MM activity = feeling'; returns them and the bad line numbers."""
    episodes: list[Episode] = []
    bad: list[int] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = _EPISODE.match(line)
        if not m:
            bad.append(n)
            continue
        h1, m1, h2, m2, activity, feeling = m.groups()
        if int(h1) > 23 or int(h2) > 23 or int(m1) > 59 or int(m2) > 59 or (feeling and not 1 <= int(feeling) <= 9):
            bad.append(n)
            continue
        start, end = int(h1) * 60 + int(m1), int(h2) * 60 + int(m2)
        if end == start or (end < start and not (start >= OVERNIGHT[0] and end <= OVERNIGHT[1])):
            bad.append(n)
            continue
        episodes.append(
            Episode(activity=activity, start=f"{int(h1):02d}:{m1}", end=f"{int(h2):02d}:{m2}",
                    feeling=int(feeling) if feeling else None)
        )
    return episodes, bad


def episodes_from_blocks(blocks: list[Any]) -> str:
    """Episode lines pre-filled from the day's focus blocks (FocusBlock models), oldest first."""
    lines = []
    for b in sorted(blocks, key=lambda b: b.started_at):
        if getattr(b, "block_type", "focus") != "focus" or b.outcome == "discarded":
            continue
        end = b.ended_at or (b.started_at + timedelta(seconds=b.planned_seconds))
        what = b.intention or "Focus block"
        lines.append(f"{b.started_at:%H:%M}-{end:%H:%M} {what}")
    return "\n".join(lines)


def frog_for(reflections: list[Reflection], today: date) -> str | None:
    """Today's frog: named this morning, else named last evening for today."""
    best: tuple[int, datetime, str] | None = None
    for r in reflections:
        if not r.frog:
            continue
        if r.day == today and r.session == "morning":
            rank = 2
        elif r.day == today - timedelta(days=1) and r.session == "evening":
            rank = 1
        else:
            continue
        key = (rank, r.updated_at, r.frog)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best else None
