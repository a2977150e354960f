"""The best-self portrait: the editor's unsaved text kept as a draft while the user types, and the
Themes and Portrait tabs' actions (`PortraitActions`, a mixin of PeopleScreen).

Every change goes through the app's ordered save queue (one draft record, `portrait`), so quitting
or a crash before ctrl+s loses nothing, and an older keystroke's save never lands after a newer
one. The next open shows the draft instead of the last saved version; saving a version clears it.
A draft older than a portrait saved since (in Story) is not shown as the portrait: its text is kept
beside the Portrait step, where the Story screen's Conflicts offer it.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual.widgets import TextArea

from reflect.core.drafts import Draft, draft_id
from reflect.core.errors import ReflectError
from reflect.core.feedback import strengths as st
from reflect.core.models import Portrait
from reflect.core.text import strip_controls
from reflect.screens.dialog import clear_draft, keep_draft

if TYPE_CHECKING:
    from reflect.typed_app import ReflectApp
    from reflect.screens.base import AreaScreen

FORM = "portrait"
"""The draft's form name."""


class PortraitDraft:
    """Keeps the portrait editor's text as a draft until a version is saved."""

    def __init__(self, screen: AreaScreen) -> None:
        self.screen = screen
        self._saved_text = ""
        self._has_draft = False
        self._filled = False
        self._draft_at: datetime | None = None
        """When the draft was last typed (a portrait saved after it is newer)."""

    @property
    def app(self) -> ReflectApp:
        """The app of the screen the editor is on."""
        return self.screen.reflect

    async def fill(self, area: TextArea, portrait: Portrait | None) -> None:
        """Put the draft (or else the saved text) into the editor once; later, show a portrait
        saved elsewhere since (Story) instead of an older draft."""
        saved = portrait.text if portrait else ""
        saved_at = portrait.versions[-1].saved_at if portrait and portrait.versions else None
        if self._filled or area.text:
            if self._filled and saved != self._saved_text:
                await self._saved_elsewhere(area, saved, saved_at)
            self._saved_text = saved
            return
        draft = await self.app.io(self.app.store.get, Draft, draft_id(FORM))
        self._filled = True
        self._saved_text = saved
        text = draft.values.get("text") if draft is not None and draft.values else None
        if isinstance(text, str) and draft is not None:
            self._has_draft = True  # cleared when the editor shows the saved text
            self._draft_at = draft.updated_at
            if text != saved and not await self._stale(text, saved_at):
                area.load_text(text)
                self.app.notify("Your portrait has unsaved text from last time; ctrl+s saves it as a version.",
                                markup=False, timeout=5)
                return
        if saved:
            area.load_text(saved)
        elif self._has_draft:
            self.saved("")

    async def _saved_elsewhere(self, area: TextArea, saved: str, saved_at: datetime | None) -> None:
        """The portrait was saved elsewhere (Story, a sync): show it, unless the editor holds a
        draft newer than it."""
        if area.text.strip() == saved.strip():
            return
        if self._has_draft and not await self._stale(area.text, saved_at):
            return
        self._saved_text = saved
        area.load_text(saved)  # its Changed clears the draft

    async def _stale(self, text: str, saved_at: datetime | None) -> bool:
        """True when the draft `text` is older than the saved portrait and was kept beside it."""
        if saved_at is None or self._draft_at is None or self._draft_at >= saved_at:
            return False
        from reflect.services import portrait as service

        if not await self.app.io(service.set_aside, self.app.store, text, self._draft_at):
            return False
        self.app.data_changed.publish("stories")  # an open Story screen lists the kept copy
        self.app.notify("Your unsaved portrait text is older than the portrait saved since; it is kept "
                        "beside the Portrait step (Story, ctrl+b).", markup=False, timeout=6)
        return True

    def changed(self, text: str) -> None:
        """Keep the editor's text as the draft (or clear it when it is the saved text again)."""
        if not self._filled:
            return
        if text == self._saved_text:
            self.saved(text)
            return
        self._has_draft = True
        self._draft_at = self.app.clock.now()
        keep_draft(self.app, FORM, {"text": text})

    def saved(self, text: str) -> None:
        """A version with `text` was saved (or the editor is back to it): the draft goes."""
        self._saved_text = text
        if self._has_draft:
            self._has_draft = False
            clear_draft(self.app, FORM)


class PortraitActions:
    """The Themes and Portrait tabs' actions: rate yourself, draft the portrait from the themes, save a
    version, bring back an older one (mixed into PeopleScreen: it uses the screen's data,
    `_portrait` draft and `_older` counter)."""

    def action_rate(self) -> None:
        """Rate yourself on the strengths; add your own."""
        from reflect.screens.people.strengths import RateStrengths

        self.app.push_screen(RateStrengths(self.data.strengths))

    def action_draft(self) -> None:
        """Replace the editor's text with a draft from the themes (save keeps the old version)."""
        draft = st.draft_portrait(self.data.themes(), self.data.strengths)
        self.query_one("#portrait-text", TextArea).load_text(draft)

    async def action_save_portrait(self) -> None:
        """Save the editor's text as a new version of the portrait."""
        from reflect.services import portrait

        text = strip_controls(self.query_one("#portrait-text", TextArea).text)
        try:  # the same text as the Portrait step of the story
            n = await self.reflect.io(portrait.save, self.reflect.store, text, self.reflect.clock.now())
        except ReflectError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False, timeout=10)
            return
        if n is None:
            self._portrait.saved(text)
            self.notify("No change since the last version.", markup=False)
            return
        self._portrait.saved(text)
        self._older = 0
        self.reflect.data_changed.publish("stories")
        self.notify(f"Saved version {n} of your portrait (also the Portrait step of your story).", markup=False)

    def action_older(self) -> None:
        """Load the next older saved version into the editor (save to make it current again)."""
        versions = self.data.portrait.versions if self.data.portrait else []
        if not versions:
            self.notify("No saved versions yet (ctrl+s saves one).", markup=False)
            return
        self._older = (self._older + 1) % (len(versions) + 1) or 1
        v = versions[-self._older]
        self.query_one("#portrait-text", TextArea).load_text(v.text)
        self.notify(f"Version {v.n} of {len(versions)}, saved {v.saved_at:%d %b %Y %H:%M}.", markup=False)
