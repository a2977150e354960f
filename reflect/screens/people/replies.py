"""The Replies tab's actions: review, paste or import a reply, quote permission, delete.

A mixin of PeopleScreen (it uses the screen's data, selection and `_confirm_delete`).
"""

from __future__ import annotations

from pathlib import Path

from reflect.core.errors import ReflectError
from reflect.core.feedback import requests as fb
from reflect.services import feedback_store as fs
from reflect.core.prose import counted


class ReplyActions:
    """Actions of the People screen on replies (mixed into PeopleScreen)."""

    def _reply(self):
        rid = self._selected("replies")
        return next((r for r in self.data.responses if r.id == rid), None)

    def action_open_reply(self) -> None:
        """Review the highlighted reply."""
        from reflect.screens.people.reply import ReplyScreen

        if reply := self._reply():
            self.app.push_screen(ReplyScreen(reply, self.data.strengths))

    def action_paste(self) -> None:
        """Paste a reply from the highlighted person (People) or the reply's sender (Replies)."""
        from reflect.screens.people.dialogs import PasteReplyDialog

        reply = self._reply() if self.tab == "replies" else None
        person = self.data.person(reply.person_id) if reply else self._person() if self.tab == "people" else None
        if person is None:
            self.notify("Highlight a person on People first (1), then v.", markup=False)
            return
        request = fs.open_request_for(self.data, person.id)
        hint = f"Split by the headings of “{request.title}”." if request else "Split by any known question heading."

        dialog = PasteReplyDialog(person, hint)

        async def pasted(text: str | None) -> None:
            if text is None:
                return
            try:
                result = await self.reflect.io(fs.import_text, self.reflect.store, text, person, request)
            except ReflectError as exc:
                self.notify(str(exc) + " The text is kept as a draft: v opens it.", title="Reply not saved", severity="error", markup=False)
                return
            dialog.drop_draft()
            self._announce(result)

        self.app.push_screen(dialog, pasted)

    def _announce(self, result: fs.ImportResult) -> None:
        for c in ("people", "feedback_requests", "feedback_responses"):
            self.reflect.data_changed.publish(c)
        found = sorted({t.strength for r in result.responses for t in r.strengths})
        extra = f" Suggested strengths: {', '.join(found)}." if found else ""
        skipped = f" {result.skipped} already imported." if result.skipped else ""
        hints = "".join(f" {h}" for h in result.hints())
        self.notify(f"Saved {counted(len(result.responses), 'reply')}.{extra}{skipped}{hints}", markup=False, timeout=10 if hints else None)

    def action_import_file(self) -> None:
        """Import a reply file (.txt, .md, .eml, .csv)."""
        from reflect.screens.people.dialogs import ImportFileDialog

        async def chosen(value) -> None:
            if value is None:
                return
            path, name, relation = value
            try:
                result = await self.reflect.io(fs.import_file, self.reflect.store, Path(path), name, relation)
            except ReflectError as exc:
                self.notify(str(exc), title="Not imported", severity="error", markup=False)
                return
            self._announce(result)

        self.app.push_screen(ImportFileDialog(Path.home()), chosen)

    async def action_quotable(self) -> None:
        """Cycle permission to quote the highlighted reply: no, with the name, without it."""
        if reply := self._reply():
            quotable, anonymous = fb.next_quote_permission(reply.quotable, reply.anonymous)
            await self.reflect.save(reply.model_copy(update={"quotable": quotable, "anonymous": anonymous}), base=reply)

    def action_delete_reply(self) -> None:
        """Delete the highlighted reply."""
        if reply := self._reply():
            self._confirm_delete(reply, f"Delete the reply from {reply.from_name} and its strength tags?")
