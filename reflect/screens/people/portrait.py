"""The best-self portrait editor's unsaved text, kept as a draft while the user types.

Every change goes through the app's ordered save queue (one draft record, `portrait`), so quitting
or a crash before ctrl+s loses nothing, and an older keystroke's save never lands after a newer
one. The next open shows the draft instead of the last saved version; saving a version clears it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import TextArea

from reflect.core.models import Portrait
from reflect.screens.dialog import clear_draft, keep_draft, load_draft

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

    @property
    def app(self) -> ReflectApp:
        """The app of the screen the editor is on."""
        return self.screen.reflect

    async def fill(self, area: TextArea, portrait: Portrait | None) -> None:
        """Put the draft (or else the saved text) into an empty editor, once."""
        self._saved_text = portrait.text if portrait else ""
        if self._filled or area.text:
            return
        values = await load_draft(self.app, FORM)
        self._filled = True
        if values is not None and isinstance(values.get("text"), str):
            self._has_draft = True
            area.load_text(values["text"])
            self.app.notify("Your portrait has unsaved text from last time; ctrl+s saves it as a version.",
                            markup=False, timeout=5)
        elif self._saved_text:
            area.load_text(self._saved_text)

    def changed(self, text: str) -> None:
        """Keep the editor's text as the draft (or clear it when it is the saved text again)."""
        if not self._filled:
            return
        if text == self._saved_text:
            self.saved(text)
            return
        self._has_draft = True
        keep_draft(self.app, FORM, {"text": text})

    def saved(self, text: str) -> None:
        """A version with `text` was saved (or the editor is back to it): the draft goes."""
        self._saved_text = text
        if self._has_draft:
            self._has_draft = False
            clear_draft(self.app, FORM)
