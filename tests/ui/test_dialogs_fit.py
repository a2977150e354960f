"""Every dialog is usable at 60x20: its buttons are on screen whole, not cut off by the terminal's
edge or hidden under the footer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widget import Widget
from textual.widgets import Button

from reflect.core.feedback import requests as fb
from reflect.core.models import Person
from reflect.screens.dialog import ConfirmDialog
from reflect.screens.focus.dialogs import AwayDialog, DebriefDialog, InterruptionDialog, ReasonDialog
from reflect.screens.people.dialogs import ImportFileDialog, NewRequestDialog, PasteReplyDialog, PersonDialog
from reflect.screens.people.request import RequestDialog
from reflect.screens.story.dialogs import ExportDialog, NewVariantDialog, PitchUseDialog, RatingDialog, SaveDialog
from reflect.screens.transfer import ExportScreen, ImportScreen

from tests.conftest import idle, wait_until

PEOPLE = [Person(name=f"Client {n}", relation="client") for n in "ABCDEFGH"]

DIALOGS = {
    "person": lambda: PersonDialog(),
    "new request": lambda: NewRequestDialog(PEOPLE, set(), date(2026, 3, 14)),
    "request message": lambda: RequestDialog(fb.new_request(fb.question_set("best-self"), PEOPLE[:1], date(2026, 3, 20)),
                                             PEOPLE[0]),
    "paste reply": lambda: PasteReplyDialog(PEOPLE[0], "## A time you saw me at my best"),
    "import reply file": lambda: ImportFileDialog(Path("/tmp")),
    "confirm": lambda: ConfirmDialog("Delete this check-in?"),
    "story save": lambda: SaveDialog("the story"),
    "new variant": lambda: NewVariantDialog(),
    "story export": lambda: ExportDialog("pitch"),
    "rate a run": lambda: RatingDialog("Run of 58 s, 131 wpm"),
    "pitch use": lambda: PitchUseDialog([("v1", "60 seconds · Client")], "v1"),
    "debrief": lambda: DebriefDialog("write the proposal", 25),
    "abandon": lambda: ReasonDialog("Abandon this block?"),
    "interruption": lambda: InterruptionDialog(),
    "away": lambda: AwayDialog("write the proposal", 70, expired=True),
    "import": lambda: ImportScreen(),
    "export": lambda: ExportScreen(),
}


def cut_off(button: Button) -> bool:
    """True when any row of the button is outside the screen or covered (the footer, the dialog's edge)."""
    screen = button.screen
    region = button.region
    if not region or not screen.region.contains_region(region):
        return True
    x = region.x + region.width // 2
    return any(screen.get_widget_at(x, y)[0] is not button for y in range(region.y, region.bottom))


def shown(widget: Widget) -> bool:
    """The widget and every container it is in are displayed (a button hidden on purpose is not checked)."""
    return all(node.display for node in (widget, *widget.ancestors) if isinstance(node, Widget))


@pytest.mark.parametrize("name", list(DIALOGS))
async def test_a_dialogs_buttons_are_whole_on_screen_at_60x20(make_test_app, name) -> None:
    app = make_test_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_until(pilot, lambda: idle(app))
        dialog = DIALOGS[name]()
        await app.push_screen(dialog)
        await wait_until(pilot, lambda: app.screen is dialog and idle(app))
        await pilot.pause()
        buttons = [b for b in dialog.query(Button) if shown(b)]
        assert buttons
        assert [str(b.label) for b in buttons if cut_off(b)] == []
