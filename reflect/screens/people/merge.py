"""Merging two people who are one: pick the other record, confirm, move everything onto one.

The highlighted person is kept; the one picked here is merged into them (their replies, requests
and story quotes move, then the record is removed). People whose names share a word or who share
an address are listed first.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from reflect.core.feedback.people import look_alikes, relation_label
from reflect.core.models import Person
from reflect.screens.people.dialogs import DIALOG_CSS, Dialog


class MergeDialog(Dialog):
    """Pick the person to merge into `keep`; returns that person's id (None when cancelled)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="MergeDialog") + "MergeDialog OptionList { height: auto; max-height: 12; }"

    def __init__(self, keep: Person, people: list[Person]) -> None:
        super().__init__()
        self.keep = keep
        alike = look_alikes(keep, people)
        rest = sorted((p for p in people if p.id != keep.id and p not in alike and not p.deleted), key=lambda p: p.name.lower())
        self.choices = [*alike, *rest]
        """Everyone else, look-alikes first."""

    def compose(self) -> ComposeResult:
        """Who is kept, and the list to pick from."""
        with Vertical() as box:
            box.border_title = "Merge two people"
            yield Static(Text(f"Keep {self.keep.name}. Merge into them (replies, requests and quotes move, the other record goes):"))
            yield Label("Enter picks, Escape cancels")
            yield OptionList(*(Option(Text(f"{p.name} ({relation_label(p.relation)}{', ' + p.contact if p.contact else ''})"), id=p.id)
                               for p in self.choices), id="merge-choices")

    def on_mount(self) -> None:
        """Focus the list."""
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """The person to merge."""
        self.dismiss(event.option.id)


def start_merge(screen, keep: Person) -> None:
    """Ask which person to merge into `keep`, confirm, then merge off the event loop."""
    from reflect.core.errors import ReflectError
    from reflect.screens.people.dialogs import ConfirmDialog
    from reflect.services import feedback_store as fs

    app = screen.reflect
    others = [p for p in screen.data.people if p.id != keep.id]
    if not others:
        screen.notify("No one else to merge: add or import another person first.", markup=False)
        return

    def picked(gone_id: str | None) -> None:
        gone = screen.data.person(gone_id)
        if gone is None:
            return
        question = f"Merge {gone.name} into {keep.name}? {gone.name}'s replies, requests and quotes move to {keep.name}."
        screen.app.push_screen(ConfirmDialog(question), lambda yes: merge(gone) if yes else None)

    async def merge(gone: Person) -> None:
        try:
            plan = await app.io(fs.merge_people, app.store, keep.id, gone.id)
        except ReflectError as exc:
            screen.notify(str(exc), title="Not merged", severity="error", markup=False)
            return
        for collection in ("people", "feedback_requests", "feedback_responses", "stories"):
            app.data_changed.publish(collection)
        screen.notify(plan.summary(), markup=False)

    screen.app.push_screen(MergeDialog(keep, others), picked)
