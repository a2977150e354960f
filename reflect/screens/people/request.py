"""One request: edit the message, then copy it, save it as .txt/.md, or get a mailto: link, and mark it sent."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static, TextArea

from reflect.core.feedback import requests as fb
from reflect.core.errors import BadInput, ReflectError
from reflect.core.models import FeedbackRequest, Person
from reflect.core.text import strip_controls
from reflect.screens.people.dialogs import DIALOG_CSS, Dialog
from reflect.store.storage import atomic_write
from reflect.typed_app import reflect_app


def default_path(person: Person, home: Path | None = None) -> Path:
    """`~/feedback-request-<person>.md`: where a request is saved unless the user types another path."""
    slug = re.sub(r"[^a-z0-9]+", "-", person.name.lower()).strip("-") or "request"
    return (home or Path.home()) / f"feedback-request-{slug}.md"


def write_text_file(path: Path, text: str) -> Path:
    """Write the message atomically (UTF-8); refuse other suffixes and missing folders with one line."""
    path = path.expanduser()
    if path.suffix.lower() not in (".txt", ".md"):
        raise ReflectError(f"{path.name}: save as .txt or .md")
    if not path.parent.is_dir():
        raise ReflectError(f"{path.parent}: no such folder; nothing was saved")
    if path.is_dir():
        raise ReflectError(f"{path}: is a folder; type a file name ending in .txt or .md")
    atomic_write(path, text.encode("utf-8"))
    return path


class RequestDialog(Dialog):
    """The message for one person of a request, with the ways to send it."""

    DEFAULT_CSS = DIALOG_CSS.format(name="RequestDialog") + """
    RequestDialog TextArea { height: 1fr; min-height: 6; }
    RequestDialog > Vertical { height: 100%; }
    RequestDialog #path { width: 1fr; }
    RequestDialog #due { width: 16; }
    RequestDialog .status { height: auto; color: $text-muted; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save_message", "Save text"),
        Binding("ctrl+o", "copy", "Copy"),
        Binding("ctrl+l", "mailto", "mailto: link"),
        Binding("ctrl+t", "sent", "Mark sent"),
        Binding("escape", "escape", "Close"),
    ]

    def __init__(self, request: FeedbackRequest, person: Person) -> None:
        super().__init__()
        self.request = request.model_copy(deep=True)
        """The request as edited here."""
        self._base = request
        """The request as last read or saved: a save keeps a change made elsewhere since."""
        self.person = person

    reflect = reflect_app
    """The app, typed."""

    def draft_form(self) -> str:
        """One draft of the message per request."""
        return f"request:{self.request.id}"

    def form_values(self) -> dict[str, Any]:
        """The message and the due date as typed."""
        return {"message": self.query_one("#message", TextArea).text, "due": self.query_one("#due", Input).value}

    def restore_values(self, values: dict[str, Any]) -> None:
        """Put the edited message back."""
        message = self.query_one("#message", TextArea)
        if message.text != str(values.get("message", "")):  # text being typed keeps its cursor
            message.load_text(str(values.get("message", "")))
        self.query_one("#due", Input).value = str(values.get("due", ""))

    def compose(self) -> ComposeResult:
        """Message editor, file path, buttons, status line."""
        with Vertical() as box:
            box.border_title = self._title()
            yield Static(Text("{name} = their name. Keep the ## headings: replies are sorted by them."), classes="status")
            yield TextArea(self.request.message, id="message", soft_wrap=True)
            with Horizontal(classes="row"):
                yield Input(str(default_path(self.person)), id="path")
                yield Button("Save file", id="file")
                yield Input(self.request.due.isoformat() if self.request.due else "", placeholder="due", id="due")
            with Horizontal(classes="row"):
                yield Button("Copy ^o", id="copy", variant="primary")
                yield Button("mailto ^l", id="mailto")
                yield Button("Sent ^t", id="sent")
                yield Button("Save ^s", id="save")
                yield Button("Close", id="close")
            yield Static("", classes="error")

    def _text(self) -> str:
        return strip_controls(self.query_one("#message", TextArea).text)

    def _personal(self) -> str:
        return fb.personalise(self._text(), self.person.name)

    def _say(self, message: str) -> None:
        self.query_one(".error", Static).update(Text(message, style="bold"))

    async def _store(self, **changes) -> bool:
        try:
            self.request.due = fb.parse_due(self.query_one("#due", Input).value, self.reflect.clock.now().date(),
                                            "Due", was=self._base.due)
        except BadInput as exc:
            self._say(f"{exc}. Nothing was saved.")
            return False
        self.request.message = self._text()
        for key, value in changes.items():
            setattr(self.request, key, value)
        saved = await self.reflect.save(self.request, base=self._base)
        if saved is not None:
            self._base, self.request = saved, saved.model_copy(deep=True)
            self.form_saved()
        return saved is not None

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        """Dispatch the buttons to the actions."""
        actions = {"copy": self.action_copy, "mailto": self.action_mailto, "sent": self.action_sent,
                   "save": self.action_save_message, "file": self.action_file}
        if event.button.id in actions:
            await actions[event.button.id]()
        else:
            self.action_cancel()

    async def action_save_message(self) -> None:
        """Store the edited message."""
        if await self._store():
            self._say("Message saved.")

    async def action_copy(self) -> None:
        """Copy the personal message to the clipboard (OSC 52) and save the edits."""
        self.app.copy_to_clipboard(self._personal())
        await self._store()
        self._say(f"Copied the message for {self.person.name} ({len(self._personal()):,} characters). Paste it into your mail or chat, then ^t.")

    async def action_mailto(self) -> None:
        """Show and copy a mailto: link with the subject and the message."""
        link = fb.mailto_link(self.person.contact, fb.subject_for(self.request), self._personal())
        self.app.copy_to_clipboard(link)
        await self._store()
        note = "" if "@" in self.person.contact else " (no e-mail address on file: add one with e on People)"
        self._say(f"Copied a mailto: link ({len(link):,} characters){note}: {link[:80]}...")

    async def action_file(self) -> None:
        """Save the personal message as .txt/.md at the path in the box (atomic write)."""
        path = Path(self.query_one("#path", Input).value.strip())
        try:
            written = await self.reflect.io(write_text_file, path, self._personal())
        except ReflectError as exc:
            self._say(str(exc))
            return
        await self._store()
        self._say(f"Saved {written}.")

    def _title(self) -> Text:
        status = self.request.status.get(self.person.id, "draft")
        return Text(f"{fb.request_label(self.request)} \u2192 {self.person.name} ({status})")

    async def action_sent(self) -> None:
        """Mark the request sent to this person (starts the follow-up clock) and note when they were asked."""
        now = self.reflect.clock.now()
        status = dict(self.request.status)
        status[self.person.id] = "sent"
        if not await self._store(status=status, sent_at=self.request.sent_at or now):
            return
        await self.reflect.save(self.person.model_copy(update={"last_asked": now}), base=self.person)
        self.query_one(Vertical).border_title = self._title()
        self._say(f"Marked sent to {self.person.name}. Today will remind you to follow up in a week.")
