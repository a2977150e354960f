"""Story & pitch: guided steps, the master story, variants; live checks and evidence beside the editor."""

from __future__ import annotations

import asyncio
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from reflect import content
from reflect.core.errors import ReflectError
from reflect.core.story import story as sc
from reflect.services import story_store
from reflect.services.evidence import Evidence, gather
from reflect.services.story_store import Loaded
from reflect.core.models import Story, Strength, Variant
from reflect.core.story.pitch import DEFAULT_WPM, LENGTH_SECONDS, aim, check
from reflect.screens.base import AreaScreen
from reflect.screens.story.actions import StoryActions
from reflect.screens.story.conflicts import ConflictActions
from reflect.screens.story.dialogs import SaveDialog
from reflect.screens.story.saves import LatestWriter
from reflect.widgets.story.evidence_panel import EvidencePanel
from reflect.widgets.story.pitch_checks import ChecksPanel
from reflect.widgets.story.items import ItemList

CHECK_DELAY = 0.3
"""Seconds of quiet typing before the checks run again."""

DRAFT_DELAY = 2.0
"""Seconds of quiet typing before unsaved texts are written to the journal (not as a version)."""


def fetch(store: Any, today: Any) -> tuple[Loaded | None, Evidence, int, list[str]]:
    """The story, the evidence, the planned pace and the strength vocabulary (blocking)."""
    sc.steps(), sc.lengths(), sc.audiences(), content.load("pitch_words")  # read the shipped lists here, off the loop
    loaded = story_store.load(store)
    evidence = gather(store, today)
    vocab = [s.name for s in store.list(Strength)]
    return loaded, evidence, store.settings().wpm, vocab


def save_and_load(store: Any, loaded: Loaded, story: Story) -> Loaded:
    """Write the story's changes (compare-and-swap per record), then read it back (blocking)."""
    story_store.save(store, loaded, story)
    return story_store.load(store) or loaded


class StoryScreen(ConflictActions, StoryActions, AreaScreen):
    """Story & pitch: write a value story from evidence, cut it into pitches, rehearse them."""

    WATCHES = frozenset({"stories", "feedback_responses", "people", "strengths", "reflections", "focus_blocks", "settings"})
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-normal"), (120, "-wide")]
    """The screen gets one of these classes from its width: the side column moves below when narrow."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+g", "assemble", "Master"),
        Binding("ctrl+n", "new_variant", "Variant"),
        Binding("ctrl+o", "versions", "Versions"),
        Binding("ctrl+r", "rehearse", "Rehearse"),
        Binding("ctrl+l", "uses", "Uses"),
        Binding("ctrl+t", "export", "Export"),
        Binding("ctrl+b", "conflicts", "Conflicts"),
    ]

    DEFAULT_CSS = """
    StoryScreen #story-body { height: 1fr; }
    StoryScreen #items { width: 18; height: 1fr; border: round $primary 50%; padding: 0; }
    StoryScreen #center { width: 1fr; }
    StoryScreen #prompt { height: auto; max-height: 4; color: $text-muted; padding: 0 1; }
    StoryScreen #editor { height: 1fr; }
    StoryScreen #side { width: 28; }
    StoryScreen.-wide #side { width: 44; }
    /* Under 80 columns the side panels go below the editor, side by side, so the editor keeps
       two thirds of the width instead of a dozen columns. */
    StoryScreen.-narrow #story-body { layout: grid; grid-size: 2 2; grid-columns: 18 1fr; grid-rows: 1fr 7; }
    StoryScreen.-narrow #items { width: 100%; }
    StoryScreen.-narrow #side { column-span: 2; layout: horizontal; width: 100%; height: 100%; }
    StoryScreen.-narrow #side > ChecksPanel { width: 1fr; height: 100%; max-height: 100%; }
    StoryScreen.-narrow #side > EvidencePanel { width: 1fr; height: 100%; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.story: Story | None = None
        """The story as stored (plus evidence links not yet saved)."""
        self.loaded: Loaded | None = None
        """The records the story was put together from (the base of every compare-and-swap)."""
        self.evidence = Evidence()
        self.wpm = DEFAULT_WPM
        self.vocab: list[str] = []
        self.item = "step:portrait"
        """The item in the editor: step:<id>, master, or v:<variant id>."""
        self.drafts: dict[str, str] = {}
        """Unsaved texts by item."""
        self.links_dirty = False
        """Evidence was linked since the last save."""
        self._check_timer: Timer | None = None
        self._draft_timer: Timer | None = None
        self._story_lock = asyncio.Lock()
        self._drafts_writer = LatestWriter(
            self.persist_drafts, lambda job: self.run_worker(job, group="drafts", exit_on_error=False)
        )
        self._told_conflicts = 0
        self._own_change = False
        self._removing = ""

    def body(self) -> ComposeResult:
        """Items | prompt + editor | checks + evidence."""
        with Horizontal(id="story-body"):
            yield ItemList(id="items")
            with Vertical(id="center"):
                yield Static("", id="prompt")
                yield TextArea(id="editor", soft_wrap=True, tab_behavior="focus")
            with Vertical(id="side"):
                yield ChecksPanel()
                yield EvidencePanel()

    def on_mount(self) -> None:
        """Titles, then the base class loads."""
        self.query_one("#items", OptionList).border_title = "Story"
        super().on_mount()

    async def load(self) -> None:
        """Read the story and the evidence off the loop, then show them."""
        today = self.reflect.clock.now().date()
        async with self._story_lock:
            loaded, evidence, wpm, vocab = await self.reflect.io(fetch, self.reflect.store, today)
        if loaded is None:
            now = self.reflect.clock.now()
            story = self.story if self.story and not self.story.versions else Story(created_at=now, updated_at=now)
            loaded = self.loaded if self.loaded and self.loaded.story.id == story.id else Loaded(story, {}, {}, [])
        else:
            story = loaded.story
        self.loaded = loaded
        self.tell_conflicts()
        if self.story is not None and self.links_dirty:
            story = story.model_copy(update={"evidence": self.story.evidence})
        self.story, self.evidence, self.wpm, self.vocab = story, evidence, wpm, vocab
        if not self.drafts and story.drafts:
            self.drafts = dict(story.drafts)
        self.query_one(EvidencePanel).show(evidence)
        self.rebuild_items()
        self.show_item(self.item, keep_editor=True)

    # --- items -----------------------------------------------------------------------------------

    def variant(self, item: str | None = None) -> Variant | None:
        """The variant an item names (None for steps and the master)."""
        item = item or self.item
        if not item.startswith("v:") or self.story is None:
            return None
        return next((v for v in self.story.variants if v.id == item[2:]), None)

    def stored_text(self, item: str) -> str:
        """The saved text of an item."""
        assert self.story is not None
        if item == sc.MASTER:
            return self.story.master
        if item.startswith("step:"):
            return self.story.steps.get(item[5:], "")
        v = self.variant(item)
        return v.text if v else ""

    def text_of(self, item: str) -> str:
        """The text of an item, unsaved edits included."""
        return self.drafts.get(item, self.stored_text(item))

    def rebuild_items(self) -> None:
        """Steps, master, variants; unsaved items marked with *, stale variants with !."""
        assert self.story is not None
        ol = self.query_one("#items", OptionList)
        options: list[Option] = []
        for i, step in enumerate(sc.steps(), 1):
            item = f"step:{step.id}"
            options.append(Option(Text(f"{i} {step.short}" + (" *" if item in self.drafts else "")), id=item))
        options.append(Option(Text("\u2605 Master story" + (" *" if sc.MASTER in self.drafts else ""), style="bold"), id=sc.MASTER))
        for v in self.story.variants:
            label = Text(f"{v.length} {v.audience}" + (" *" if f"v:{v.id}" in self.drafts else ""))
            if sc.is_out_of_date(self.story, v):
                label.append(" !", style="bold yellow")
            options.append(Option(label, id=f"v:{v.id}"))
        ol.set_options(options)
        ids = [o.id for o in options]
        if self.item not in ids:
            self.item = "step:portrait"
        ol.highlighted = ids.index(self.item)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Open the highlighted item in the editor."""
        if event.option_list.id == "items" and event.option.id and event.option.id != self.item:
            self.show_item(event.option.id)

    def action_leave_field(self) -> None:
        """Escape in the editor goes back to the list of steps (the arrows move between them, and the
        area keys work there); elsewhere it only takes focus off the field."""
        if self.focused is self.query_one("#editor", TextArea):
            self.query_one("#items", OptionList).focus()
        else:
            super().action_leave_field()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on an item moves to the editor."""
        if event.option_list.id == "items":
            self.query_one("#editor", TextArea).focus()

    def show_item(self, item: str, keep_editor: bool = False) -> None:
        """Show the item's prompt and text."""
        assert self.story is not None
        self.item = item
        prompt = Text()
        editor = self.query_one("#editor", TextArea)
        placeholder = ""
        if item.startswith("step:"):
            step = next(s for s in sc.steps() if s.id == item[5:])
            prompt.append(step.title + ": ", style="bold")
            prompt.append(step.prompt)
            placeholder = step.scaffold
        elif item == sc.MASTER:
            prompt.append("Master story: ", style="bold")
            prompt.append("the whole story, one paragraph per section. ctrl+g builds it from the steps.")
        else:
            v = self.variant(item)
            if v:
                prompt.append(sc.variant_label(v) + ": ", style="bold")
                prompt.append(sc.audiences()[v.audience]["hint"])
                prompt.append(" " + aim(v.length, self.wpm))
                if sc.is_out_of_date(self.story, v):
                    prompt.append(" Out of date: the master changed since this was written.", style="yellow")
        self.query_one("#prompt", Static).update(prompt)
        text = self.text_of(item)
        if not text and placeholder:
            text = placeholder
        if not (keep_editor and editor.text == text):
            editor.load_text(text)
            first = text.split("\n", 1)[0]
            editor.move_cursor((0, len(first)))
        self.run_checks()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """Keep the draft; run the checks once typing pauses."""
        if self.story is None:
            return
        text = event.text_area.text
        stored = self.stored_text(self.item)
        scaffold = next((s.scaffold for s in sc.steps() if f"step:{s.id}" == self.item), "")
        was = self.item in self.drafts
        if text == stored or (not stored and text == scaffold):
            self.drafts.pop(self.item, None)
        else:
            self.drafts[self.item] = text
        if was != (self.item in self.drafts):
            self.rebuild_items()
        if self._check_timer is not None:
            self._check_timer.stop()
        self._check_timer = self.set_timer(CHECK_DELAY, self.run_checks)
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self._keep_drafts)

    def _keep_drafts(self) -> None:
        self._drafts_writer.request()

    async def persist_drafts(self) -> None:
        """Write the unsaved texts as drafts of their records (not versions), so a crash or quit loses nothing.

        Called only through the screen's LatestWriter: one write at a time, each of the newest texts.
        """
        async with self._story_lock:
            if self.story is None or self.story.drafts == self.drafts:
                return
            await self._store(self.story.model_copy(update={"drafts": dict(self.drafts)}))

    async def store_story(self, story: Story) -> Story | None:
        """Save the story (one write at a time, so a draft write never overtakes a version)."""
        async with self._story_lock:
            return await self._store(story)

    async def _store(self, story: Story) -> Story | None:
        """Under the story lock: write the changes, read the story back, tell about new conflicts."""
        assert self.loaded is not None
        await self.reflect.store_ready()
        try:
            loaded = await self.reflect.io(save_and_load, self.reflect.store, self.loaded, story)
        except ReflectError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False, timeout=10)
            return None
        self.loaded, self.story = loaded, loaded.story
        self.tell_conflicts()
        self._own_change = True  # the other areas reload; this one already holds what it wrote
        try:
            self.reflect.data_changed.publish(Story.COLLECTION)
        finally:
            self._own_change = False
        return loaded.story

    def _on_data_changed(self, collection: str) -> None:
        if not self._own_change:
            super()._on_data_changed(collection)

    def on_screen_suspend(self) -> None:
        """Keep unsaved texts when another area or dialog takes over."""
        self._keep_drafts()

    def run_checks(self) -> None:
        """Check the text in the editor against its item's budget."""
        if self.story is None:
            return
        text = self.query_one("#editor", TextArea).text
        what, kwargs = "", {}
        if self.item == "step:oneliner":
            text, what, kwargs = sc.assemble({"oneliner": text}), "One-liner", {"one_liner": True}
        elif (v := self.variant()) is not None:
            what = v.length
            kwargs = {"one_liner": True} if v.length == "one-liner" else {"target_seconds": LENGTH_SECONDS[v.length]}
        script = not self.item.startswith("step:") or self.item in ("step:oneliner", "step:cta")
        report = check(text, wpm=self.wpm, script=script, strengths=[*self.evidence.strength_names(), *self.vocab],
                       evidenced=sc.evidenced_strengths(self.story), **kwargs)
        self.query_one(ChecksPanel).show(report, what)

    # --- evidence --------------------------------------------------------------------------------

    def on_evidence_panel_chosen(self, message: EvidencePanel.Chosen) -> None:
        """Insert a quote or a win as proof, linked to its source."""
        if self.story is None:
            return
        entry = message.entry
        entry["step"] = self.item
        entry["added_at"] = self.reflect.clock.now().isoformat()
        editor = self.query_one("#editor", TextArea)
        if entry["kind"] == "quote" and not entry.get("quotable"):
            self.notify(f"Ask {entry.get('author') or 'them'} first: they have not said yes to being quoted."
                        " Linked as private evidence for this strength, not inserted.",
                        title=entry.get("strength", ""), markup=False, timeout=5)
        else:
            text = sc.quote_line(entry) if entry["kind"] == "quote" else entry["text"].rstrip(".") + "."
            editor.insert(text + " ")
        self.story = sc.add_evidence(self.story, entry)
        self.links_dirty = True
        editor.focus()
        self.run_checks()

    # --- actions ---------------------------------------------------------------------------------

    def action_save(self) -> None:
        """Save every unsaved text as a new version (asks why, optionally)."""
        if not self.drafts and not self.links_dirty:
            self.notify("Nothing changed since the last save.", markup=False, timeout=3)
            return
        dialog = SaveDialog("your story" if len(self.drafts) != 1 else self._title(self.item))

        async def save_with(why: str | None) -> None:
            if await self._save_with(why):
                dialog.drop_draft()

        self.app.push_screen(dialog, save_with)

    def _title(self, item: str) -> str:
        v = self.variant(item)
        return sc.variant_label(v) if v else ("the master story" if item == sc.MASTER else "the story")

    async def _save_with(self, why: str | None) -> bool:
        """Save every unsaved text with the reason `why`; True when it was stored."""
        if why is None or self.story is None:
            return False
        now = self.reflect.clock.now()
        story = self.story
        step_ids = {f"step:{s.id}" for s in sc.steps()}
        if any(k in step_ids or k == sc.MASTER for k in self.drafts) or not story.versions:
            steps = dict(story.steps)
            steps.update({k[5:]: t for k, t in self.drafts.items() if k in step_ids})
            story = sc.save_version(story, now, steps, self.drafts.get(sc.MASTER, story.master), why)
        for item, text in self.drafts.items():
            if item.startswith("v:"):
                story = sc.save_variant(story, item[2:], text, now, why)
        if self._draft_timer is not None:
            self._draft_timer.stop()
        saved_items = set(self.drafts)
        saved = await self.store_story(story.model_copy(update={"drafts": {}}))
        if saved is not None:
            self.story, self.drafts, self.links_dirty = saved, {}, False
            self.notify(sc.saved_message(saved, saved_items), markup=False, timeout=3)
            self.rebuild_items()
            self.run_checks()
        return saved is not None

    def action_assemble(self) -> None:
        """Build the master story from the steps (unsaved until ctrl+s)."""
        if self.story is None:
            return
        steps = {s.id: self.text_of(f"step:{s.id}") for s in sc.steps()}
        text = sc.assemble(steps)
        if not text:
            self.notify("Write the steps first: one-liner, positioning, proof, call to action.", markup=False)
            return
        self.drafts[sc.MASTER] = text
        self.item = sc.MASTER
        self.rebuild_items()
        self.show_item(sc.MASTER)
