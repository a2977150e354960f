"""The story builder's list of items: steps, the master story, variants."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList


class ItemList(OptionList):
    """The story's items: steps, the master, variants. Delete removes the highlighted variant."""

    BINDINGS = [Binding("delete", "remove", "Delete")]

    @dataclass
    class RemoveRequested(Message):
        """The user asked to delete the highlighted item."""

        item: str

    def action_remove(self) -> None:
        """Ask the screen to delete the highlighted variant."""
        option = self.highlighted_option
        if option and option.id:
            self.post_message(self.RemoveRequested(option.id))
