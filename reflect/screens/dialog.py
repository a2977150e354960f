"""The base of the app's dialogs: one look, Escape that first leaves a text field, drafts, and the
one yes/no confirm dialog (`ConfirmDialog`).

Escape in a text field only leaves the field (Help promises it); Escape elsewhere closes the dialog.
A dialog that names a draft form (`draft_form()`) keeps what the user typed as a `Draft` record
while they type, through the app's ordered save queue, so closing the dialog, quitting or a crash
loses nothing: the next open of the same form restores it, except in the fields the user already
changed while it loaded (what they type wins over the draft). The draft is cleared when the dialog
saves (`drop_draft()`) or when the user puts the form back as it was opened (e.g. empties it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, SelectionList, Static, TextArea

from reflect.core.drafts import Draft, cleared, draft_id, new_draft
from reflect.typed_app import reflect_app
from reflect.widgets.footer import OwnFooter

if TYPE_CHECKING:
    from reflect.typed_app import ReflectApp

R = TypeVar("R")

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 76; max-width: 100%; height: auto; max-height: 100%;
    border: round $primary; background: $surface; padding: 0 1; overflow-y: auto;
}}
{name} .row {{ height: auto; }}
{name} .buttons {{ dock: bottom; }}
{name} .row Button {{ margin-right: 1; min-width: 8; }}
{name} .error {{ color: $error; height: auto; }}
{name} Label {{ margin-top: 1; }}
{name}.-short Label {{ margin-top: 0; }}
{name}.-short .buttons Button {{ border: none !important; }}
"""
"""The shared look of a dialog, formatted with the dialog's class name. A form taller than the
terminal scrolls inside its frame; its row of buttons (class `buttons`) stays at the bottom, in view,
and below 24 rows the labels lose the blank line above them and the buttons their borders."""

def keep_draft(app: ReflectApp, form: str, values: dict[str, Any]) -> None:
    """Store `values` as the draft of `form`, in order with every other save of it (not waiting)."""
    app.autosave(new_draft(form, values))


def clear_draft(app: ReflectApp, form: str) -> None:
    """Clear the draft of `form` (after any pending save of it)."""
    app.autosave(cleared(form, app.clock.now()))


async def load_draft(app: ReflectApp, form: str) -> dict[str, Any] | None:
    """The values of `form`'s draft, or None (read off the loop)."""
    await app.store_ready()
    draft = await app.io(app.store.get, Draft, draft_id(form))
    return draft.values if draft is not None and draft.values else None


TEXT_FIELDS = (Input, TextArea)
"""Widgets that Escape leaves before it closes anything."""


SUBMIT_BUTTONS = ("save", "ok")
"""The id (or name) of a form's primary button: ctrl+s presses it."""


class Dialog(OwnFooter, ModalScreen[R]):
    """A modal with Escape (leave the field, then cancel), ctrl+s (save a form), a one-line error
    area, optional drafts, and a footer of its own keys only (`OwnFooter`)."""

    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]
    """The screen gets one of these classes from its height (-short below 24 rows: tighter rows)."""
    BINDINGS = [
        Binding("escape", "escape", "Close"),
        Binding("ctrl+s", "submit", "Save", priority=True),
        # Moving focus is decided when the key arrives, not when the field being left gets round to
        # it: text typed right after Tab (a fast typist, a text expander) goes to the next field.
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._pristine: dict[str, Any] | None = None
        self._has_draft = False
        self._restoring = False
        """True while the draft loads: the draft on disk is not overwritten before it is read."""

    reflect = reflect_app
    """The app, typed."""

    # --- saving ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """ctrl+s only where there is a form to save (not on a yes/no question)."""
        if action == "submit":
            return self._submit_button() is not None or callable(getattr(self, "action_save", None))
        return True

    def _submit_button(self) -> Button | None:
        for button in self.query(Button):
            if button.id in SUBMIT_BUTTONS or button.name in SUBMIT_BUTTONS:
                return button
        return None

    async def action_submit(self) -> None:
        """Save the form, the way its own save key or primary button does."""
        if callable(getattr(self, "action_save", None)):
            await self.run_action("save")
            return
        button = self._submit_button()
        if button is not None and not button.disabled:
            button.press()

    # --- escape and closing ---------------------------------------------------------------------

    def footer_description(self, binding: Binding) -> str | None:
        """While a text field has focus the footer says what Escape does there: it leaves the field
        (a second Escape closes)."""
        if binding.action == "escape" and isinstance(self.focused, TEXT_FIELDS):
            return "Leave field"
        return None

    def action_escape(self) -> None:
        """Leave a text field; anywhere else close (the draft is kept)."""
        if isinstance(self.focused, TEXT_FIELDS):
            self.leave_field()
        else:
            self.action_cancel()

    def leave_field(self) -> None:
        """Where focus goes when Escape leaves a text field (nowhere, so the dialog's keys work)."""
        self.set_focus(None)

    def action_cancel(self) -> None:
        """Close without a result (what was typed stays as a draft)."""
        self.keep_draft()
        self.dismiss(None)

    def show_error(self, message: str) -> None:
        """Show a one-line problem in the dialog (as plain text)."""
        self.query_one(".error", Static).update(Text(message))

    # --- drafts ---------------------------------------------------------------------------------

    def draft_form(self) -> str | None:
        """The name of this form's draft (None: this dialog keeps no draft)."""
        return None

    def form_values(self) -> dict[str, Any]:
        """The form's fields as plain values (JSON-ready)."""
        return {}

    def restore_values(self, values: dict[str, Any]) -> None:
        """Put a draft's values back into the form."""

    def on_mount(self) -> None:
        """Remember the form as opened, then bring back its draft (off the loop)."""
        if self.draft_form() is not None:
            self.call_after_refresh(self._start_drafts)

    def _start_drafts(self) -> None:
        self._pristine = self.form_values()
        self._restoring = True
        self.run_worker(self._restore_draft(), group="draft", exit_on_error=False)

    async def _restore_draft(self) -> None:
        """Bring back the draft, leaving alone every field the user changed while it loaded (what
        they type always wins), then keep what the form holds now as the draft."""
        form = self.draft_form()
        assert form is not None
        try:
            values = await load_draft(self.reflect, form)
            if values is None or not self.is_attached or self._pristine is None:
                return
            self._has_draft = True
            current = self.form_values()
            touched = {key: value for key, value in current.items() if value != self._pristine.get(key)}
            if set(values) - set(touched):
                self.restore_values({**values, **touched})
                self.notify("Restored what you typed last time (a draft).", markup=False, timeout=4)
        finally:
            self._restoring = False
        if self.is_attached:
            self.keep_draft()

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    def _field_changed(self) -> None:
        self.keep_draft()

    def keep_draft(self) -> None:
        """Store the form as a draft now (or clear it when the form is as it was opened)."""
        form = self.draft_form()
        if form is None or self._pristine is None or self._restoring:
            return
        values = self.form_values()
        if values == self._pristine:
            if self._has_draft:
                self.drop_draft()
            return
        self._has_draft = True
        keep_draft(self.reflect, form, values)

    def form_saved(self) -> None:
        """The form was saved and stays open: drop the draft; what is shown now is the new start."""
        self.drop_draft()
        if self._pristine is not None:
            self._pristine = self.form_values()

    def drop_draft(self) -> None:
        """Clear the draft (the form was saved or emptied); later edits start a new one."""
        form = self.draft_form()
        if form is None or not self._has_draft:
            return
        self._has_draft = False
        clear_draft(self.reflect, form)


class ConfirmDialog(Dialog[bool]):
    """Ask before something is deleted; returns True when the user says yes (y), False otherwise."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ConfirmDialog") + "ConfirmDialog > Vertical { border: round $error; }"
    BINDINGS = [Binding("y", "yes", "Yes"), Binding("n,escape", "no", "No")]
    AUTO_FOCUS = "#no"
    """Enter right after the key that asked keeps the record: only y (or the Yes button) deletes."""

    def __init__(self, question: str | Text, yes: str = "Yes, delete (y)", no: str = "No (n)") -> None:
        super().__init__()
        self.question = question
        self.labels = (yes, no)

    def compose(self) -> ComposeResult:
        """The question (plain text, never markup) and two buttons."""
        with Vertical() as box:
            box.border_title = "Are you sure?"
            yield Static(self.question if isinstance(self.question, Text) else Text(self.question))
            with Horizontal(classes="row buttons"):
                yield Button(self.labels[0], variant="error", id="yes")
                yield Button(self.labels[1], id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Yes or no."""
        self.dismiss(event.button.id == "yes")

    def action_yes(self) -> None:
        """Confirm."""
        self.dismiss(True)

    def action_no(self) -> None:
        """Decline."""
        self.dismiss(False)
