"""Daily-loop settings: when the journal day starts, and the reminder times."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from reflect.core.errors import BadInput
from reflect.core.journal_day import parse_day_start
from reflect.core.reminders import parse_times
from reflect.typed_app import reflect_app
from reflect.widgets.keys import keys_taken


class DailySettingsScreen(ModalScreen[None]):
    """Edit the day start and reminder times; Enter or ctrl+s saves, Escape leaves them as they were."""

    BINDINGS = [
        Binding("escape", "dismiss", "Cancel"),
        Binding("ctrl+s", "save", "Save", priority=True),
    ]
    DEFAULT_CSS = """
    DailySettingsScreen { align: center middle; }
    DailySettingsScreen #dialog {
        width: 64; max-width: 100%; height: auto; border: round $accent; padding: 0 1; background: $surface;
    }
    DailySettingsScreen .row { height: 1; margin-top: 1; }
    DailySettingsScreen .row Label { width: 19; }
    DailySettingsScreen .row Input { width: 1fr; }
    DailySettingsScreen #status { height: auto; margin-top: 1; }
    """

    reflect = reflect_app
    """The app, typed."""

    def compose(self) -> ComposeResult:
        """The fields and a status line."""
        with Vertical(id="dialog") as dialog:
            dialog.border_title = "Settings · your day"
            dialog.border_subtitle = "Enter or ctrl+s saves · Esc cancels"
            with Horizontal(classes="row"):
                yield Label("Day starts at")
                yield Input(compact=True, id="day_start", placeholder="04:00", max_length=5)
            yield Static(Text("Before this time (00:00-11:59) it is still the day before, in Today, "
                              "reflections, the frog, insights and balance.", style="dim"))
            with Horizontal(classes="row"):
                yield Label("Remind to check in")
                yield Input(compact=True, id="remind_checkin", placeholder="10:00, 15:00 (empty: never)")
            with Horizontal(classes="row"):
                yield Label("Remind to reflect")
                yield Input(compact=True, id="remind_reflect", placeholder="08:30, 21:00 (empty: never)")
            yield Static(Text("Reminders arrive with the app closed once `reflect remind install` has set up "
                              "the timer; none comes when you already checked in or reflected since the last one.",
                              style="dim"))
            yield Static(id="status")

    def on_mount(self) -> None:
        """Fill the fields from the settings, read off the loop."""
        self.run_worker(self._fill(), group="settings", exit_on_error=False)

    async def _fill(self) -> None:
        """Put the stored values in the fields the user has not typed in yet (a slow read must not
        overwrite what a quick user typed meanwhile)."""
        await self.reflect.store_ready()
        settings = await self.reflect.io(self.reflect.store.settings)
        for name, value in (("remind_checkin", settings.remind_checkin), ("remind_reflect", settings.remind_reflect),
                            ("day_start", settings.day_start)):
            field = self.query_one(f"#{name}", Input)
            if not field.value:
                field.value = value
                if field.has_focus:
                    field.select_all()  # typing replaces it, as when a filled field is tabbed into
        if self.focused is None:
            self.query_one("#day_start", Input).focus()

    @on(Input.Submitted)
    async def action_save(self) -> None:
        """Check the fields, save the settings, close (or say what is wrong)."""
        await keys_taken(self.app)
        try:
            day_start = parse_day_start(self.query_one("#day_start", Input).value)
            checkin = parse_times(self.query_one("#remind_checkin", Input).value, "check-in reminder times")
            reflect = parse_times(self.query_one("#remind_reflect", Input).value, "reflection reminder times")
        except BadInput as exc:
            self.query_one("#status", Static).update(Text(str(exc), style="bold red"))
            return
        settings = await self.reflect.io(self.reflect.store.settings)
        update = {"day_start": f"{day_start:%H:%M}", "remind_checkin": ", ".join(checkin), "remind_reflect": ", ".join(reflect)}
        if await self.reflect.save(settings.model_copy(update=update), base=settings) is not None:
            self.app.notify(f"Your day now starts at {day_start:%H:%M}.", markup=False, timeout=4)
            self.dismiss()
