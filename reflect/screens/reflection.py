"""Guided reflection (dialog): one prompt per page, progress, skip and back, autosave as you type.

Every answer is saved shortly after typing stops (debounced, off the event loop) as a Reflection
with status "in_progress" and the page it is on, so closing or killing the app mid-session loses
nothing: pressing r again resumes the same session on the same page. Every save goes through the
app's ordered save queue, so an older save never lands after a newer one; moving page first lets
the answer box take every key typed before the move.
"""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, Footer, OptionList, ProgressBar, Static, TextArea
from textual.widgets.option_list import Option

from reflect.core.dates import short_date
from reflect.core.models import FocusBlock, Reflection
from reflect.core.reflection.sessions import (
    LoadedSets,
    Prompt,
    PromptSet,
    episodes_from_blocks,
    load_sets,
    new_reflection,
    pages,
    parse_episodes,
    resumable,
    suggested_session,
    with_answer,
)
from reflect.services.edits import EditTracker, Tracked
from reflect.typed_app import reflect_app
from reflect.widgets.keys import settled

AUTOSAVE_DELAY = 0.6
"""Seconds after the last key press before an answer is saved."""
AREA_KEYS = (("t", "today"), ("f", "focus"), ("p", "people"), ("s", "story"), ("i", "insights"))
"""The area keys, which work here once escape has left the answer box (letters type into it)."""


class ReflectionScreen(ModalScreen[None]):
    """Reflect: a morning, evening or weekly session (or one of the user's own), resumable."""

    BINDINGS = [
        Binding("escape", "leave_answer", "Leave answer"),
        Binding("escape", "close", "Close (saved)"),
        Binding("ctrl+b", "back", "Back", priority=True),
        Binding("ctrl+n", "next", "Next / skip", priority=True),
        *(Binding(key, f"area('{mode}')", "Areas (saved)", key_display="t f p s i", show=key == "t")
          for key, mode in AREA_KEYS),
    ]
    DEFAULT_CSS = """
    ReflectionScreen { align: center middle; }
    ReflectionScreen > #dialog {
        width: 100; max-width: 100%; height: 100%; max-height: 32;
        border: round $accent; padding: 0 1; background: $surface;
    }
    ReflectionScreen #chooser { height: 1fr; border: none; }
    ReflectionScreen #intro { height: auto; margin-bottom: 1; }
    ReflectionScreen #progress-line { height: 1; }
    ReflectionScreen ProgressBar { height: 1; margin-bottom: 1; }
    ReflectionScreen #prompt { height: auto; text-style: bold; }
    ReflectionScreen #hint { height: auto; color: $text-muted; }
    ReflectionScreen #answer { height: 1fr; margin-top: 1; }
    ReflectionScreen #buttons { height: 1; align-horizontal: right; margin-top: 1; }
    ReflectionScreen #buttons Button { margin-left: 2; }
    ReflectionScreen #page { display: none; }
    ReflectionScreen.-in-session #page { display: block; }
    ReflectionScreen.-in-session #choose { display: none; }
    """

    def __init__(self, set_id: str | None = None) -> None:
        super().__init__()
        self.set_id = set_id
        self.sets: LoadedSets | None = None
        self.reflection: Reflection | None = None
        """The session being written (None until one is chosen)."""
        self.pages: list[Prompt] = []
        self.index = 0
        self._timer: Timer | None = None
        self._loading_text = False
        self._latest = ""
        """The answer box's text as last typed (it is gone by the time the screen unmounts)."""
        self._done_today: dict[str, Reflection] = {}
        self._disk: dict[str, dict] = {}
        """Recent sessions as read from disk: what an edit of one is compared against."""
        self.tracker: EditTracker[Reflection] = EditTracker(None)
        """Saves of the open session are compare-and-swaps through this (services.edits)."""
        """Today's finished session of each set: choosing that set again opens it, not a second one."""

    reflect = reflect_app
    """The app, typed."""

    def compose(self) -> ComposeResult:
        """A set chooser, then the pages."""
        with Vertical(id="dialog") as dialog:
            dialog.border_title = "Reflect"
            with Vertical(id="choose"):
                yield Static(Text("Loading…", style="dim"), id="intro")
                yield OptionList(id="chooser")
            with Vertical(id="page"):
                yield Static(id="progress-line")
                yield ProgressBar(show_eta=False, show_percentage=False)
                yield Static(id="prompt")
                yield Static(id="hint")
                yield TextArea(id="answer", soft_wrap=True)
                with Horizontal(id="buttons"):
                    yield Button("Back", compact=True, id="back")
                    yield Button("Skip", variant="primary", compact=True, id="next")
        yield Footer()

    def on_mount(self) -> None:
        """Load prompt sets and any unfinished session off the loop."""
        self.run_worker(self._start(), group="start", exit_on_error=False)

    async def _start(self) -> None:
        from reflect.paths import config_dir

        app = self.reflect
        self.sets = await app.io(load_sets, config_dir())
        if self.sets.problem:
            app.notify(self.sets.problem, title="Your prompt sets", severity="warning", markup=False, timeout=10)
        today = app.today()
        recent = await app.io(app.store.list, Reflection, today - timedelta(days=1), today)
        self._disk = {r.id: r.to_doc() for r in recent}
        found = resumable(recent, today)
        if found is not None and self.set_id is None and self.sets.get(found.prompt_set or found.session):
            await self._open(found)
            app.notify("Resumed where you left off.", markup=False, timeout=3)
            return
        self._done_today = {r.prompt_set or r.session: r for r in recent if r.status == "done" and r.day == today}
        chooser = self.query_one("#chooser", OptionList)
        suggested = suggested_session(app.clock.now(), app.day_start)
        for s in self.sets.sets:
            label = Text(s.name, style="bold")
            count = len(pages(s, today, self.sets.look_deeper))  # the pages "1 of N" will count
            label.append(f"  {count} prompts" + ("  · done today (Enter opens it)" if self._done_for(s) else ""), style="dim")
            chooser.add_option(Option(label, id=s.id))
        self.query_one("#intro", Static).update(Text("Which session? Enter starts it; escape closes."))
        wanted = self.set_id or suggested
        index = next((i for i, s in enumerate(self.sets.sets) if s.id == wanted), 0)
        chooser.highlighted = index
        chooser.focus()
        if self.set_id and self.sets.get(self.set_id):
            await self._open(self._session_for(self.sets.get(self.set_id)))

    @on(OptionList.OptionSelected, "#chooser")
    async def _chosen(self, event: OptionList.OptionSelected) -> None:
        assert self.sets is not None
        chosen = self.sets.get(str(event.option.id))
        if chosen is not None:
            await self._open(self._session_for(chosen))

    def _done_for(self, prompt_set: PromptSet) -> Reflection | None:
        """Today's finished session of this set, or of its kind when it was written with a set no longer known."""
        assert self.sets is not None
        found = self._done_today.get(prompt_set.id)
        if found is None:
            orphans = (r for r in self._done_today.values() if r.session == prompt_set.session and self.sets.get(r.prompt_set or "") is None)
            found = next(orphans, None)
        return found

    def _session_for(self, prompt_set: PromptSet) -> Reflection:
        """Today's finished session of this set (opened on its first page to read or edit), else a new one."""
        done = self._done_for(prompt_set)
        return done.model_copy(update={"position": 0}) if done is not None else new_reflection(self.reflect.clock, prompt_set, self.reflect.today())

    async def _open(self, reflection: Reflection) -> None:
        assert self.sets is not None
        prompt_set = self.sets.get(reflection.prompt_set) or self.sets.get(reflection.session)
        if prompt_set is None:
            return
        self.reflection = reflection
        self.tracker = EditTracker(self._disk.get(reflection.id))
        self.pages = pages(prompt_set, reflection.day, self.sets.look_deeper)
        day = short_date(reflection.day, self.reflect.today(), weekday=True)
        self.query_one("#dialog").border_title = f"Reflect · {prompt_set.name} · {day}"
        self.add_class("-in-session")
        self.query_one(ProgressBar).update(total=len(self.pages))
        await self._show(min(reflection.position, len(self.pages) - 1))

    async def _show(self, index: int) -> None:
        assert self.reflection is not None
        self.index = index
        prompt = self.pages[index]
        self.query_one("#progress-line", Static).update(Text(f"{index + 1} of {len(self.pages)}", style="dim"))
        self.query_one(ProgressBar).update(progress=index + 1)
        self.query_one("#prompt", Static).update(Text(prompt.text))
        self.query_one("#hint", Static).update(Text(prompt.hint))
        text = self.reflection.answers.get(prompt.id, "")
        if prompt.kind == "episodes" and not text:
            app = self.reflect
            day = self.reflection.day
            blocks = await app.io(app.store.list, FocusBlock, day, day)
            text = episodes_from_blocks(blocks)
        answer = self.query_one("#answer", TextArea)
        self._loading_text = True
        answer.load_text(text)
        self._latest = text
        answer.move_cursor(answer.document.end)
        answer.focus()
        self.query_one("#back", Button).disabled = index == 0
        self._label_next(text)
        if text != self.reflection.answers.get(prompt.id, ""):
            self._schedule()  # a pre-filled page is kept like typed text

    def _label_next(self, text: str) -> None:
        last = self.index == len(self.pages) - 1
        self.query_one("#next", Button).label = "Finish" if last else ("Next" if text.strip() else "Skip")

    @on(TextArea.Changed, "#answer")
    def _typed(self, event: TextArea.Changed) -> None:
        if self._loading_text:
            self._loading_text = False
            return
        self._latest = event.text_area.text
        self._label_next(event.text_area.text)
        prompt = self.pages[self.index] if self.pages else None
        if prompt is not None and prompt.kind == "episodes":
            _, bad = parse_episodes(event.text_area.text)
            hint = prompt.hint if not bad else f"Line {', '.join(map(str, bad))}: write it as 09:00-10:30 activity = 1-9"
            self.query_one("#hint", Static).update(Text(hint))
        self._schedule()

    def _schedule(self) -> None:
        """Save once typing pauses."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(AUTOSAVE_DELAY, self._autosave)

    def _autosave(self) -> None:
        self._timer = None
        self._capture()
        if self.reflection is not None:
            self.reflect.autosave(Tracked(self.tracker, self.reflection))

    def idle_saves(self) -> bool:
        """True when no save of this session is waiting or being written."""
        return self._timer is None and (self.reflection is None or self.reflect.saves.idle(self.reflection.id))

    def _capture(self, position: int | None = None, **update) -> None:
        """Fold the text on screen into the session record."""
        if self.reflection is None or not self.pages:
            return
        text = self.query_one("#answer", TextArea).text
        rec = with_answer(self.reflection, self.pages[self.index], text, self.index if position is None else position)
        self.reflection = rec.model_copy(update=update) if update else rec

    async def _flush(self, position: int | None = None, **update) -> bool:
        """Take in every key typed so far, then save the session through the ordered queue."""
        await settled(self.query_one("#answer", TextArea))
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._capture(position, **update)
        if self.reflection is None:
            return True
        return await self.reflect.save_edit(self.tracker, self.reflection) is not None

    def on_unmount(self) -> None:
        """Typing not yet saved when the app closes is queued, not dropped.

        The queue's writer thread is joined before the process exits, so the write finishes
        without holding up the event loop, after any older save of the session.
        """
        if self._timer is None or self.reflection is None:
            return
        self._timer.stop()
        self._timer = None
        if self.pages:
            record = with_answer(self.reflection, self.pages[self.index], self._latest, self.index)
            self.reflect.autosave(Tracked(self.tracker, record))

    @on(Button.Pressed, "#next")
    async def action_next(self) -> None:
        """Save and go on (the last page finishes the session)."""
        if self.reflection is None:
            return
        if self.index == len(self.pages) - 1:
            self._capture(self.index)
            if not self.reflection.answers:  # every page skipped: nothing to count as done
                await self._discard_empty()
                return
            if await self._flush(self.index, status="done"):
                self.app.notify("Reflection saved.", markup=False, timeout=3)
                self.dismiss()
            return
        await self._flush(self.index + 1)
        await self._show(self.index + 1)

    async def _discard_empty(self) -> None:
        """Close a session where every page was skipped, without counting it (its empty record goes)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        record = self.reflection
        assert record is not None
        stored = await self.reflect.io(self.reflect.store.get, Reflection, record.id)
        if stored is not None and stored.status == "in_progress":
            await self.reflect.save(stored, delete=True)
        self.app.notify("Every page was skipped, so this session is not counted as done.", markup=False, timeout=4)
        self.dismiss()

    @on(Button.Pressed, "#back")
    async def action_back(self) -> None:
        """Save and go back a page."""
        if self.reflection is None or self.index == 0:
            return
        await self._flush(self.index - 1)
        await self._show(self.index - 1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In the answer box escape leaves it (letters type there); out of it, escape closes and the
        area keys work. The footer shows whichever applies."""
        typing = isinstance(self.focused, TextArea)
        if action == "leave_answer":
            return typing
        if action == "close":
            return not typing
        return True

    def action_leave_answer(self) -> None:
        """Escape in the answer box: leave it, so t f p s i switch area and escape closes."""
        self.set_focus(None)

    async def action_area(self, mode: str) -> None:
        """An area key (after escape left the answer box): save what is typed, close, go there."""
        if self.reflection is not None and self.reflection.status == "in_progress" and self.pages:
            if not await self._flush():
                return  # the save failed and said why: stay, nothing typed is dropped
        self.app.call_later(self.app.run_action, f"area('{mode}')")  # the app pops this screen, not its own handler

    async def action_close(self) -> None:
        """Escape: leave the answer box; a second one saves what is typed and closes (r resumes)."""
        if isinstance(self.focused, TextArea):
            self.set_focus(None)
            return
        if self.reflection is not None and self.reflection.status == "in_progress":
            if self.reflection.answers or self.query_one("#answer", TextArea).text.strip():
                await self._flush()
                self.app.notify("Saved. Press r to carry on later.", markup=False, timeout=3)
        self.dismiss()
