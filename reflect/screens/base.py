"""What every top-level area screen shares: header, footer, and reloading when data changes."""

from __future__ import annotations


from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header
from textual.worker import Worker

from reflect.widgets.footer import AppFooter
from reflect.typed_app import reflect_app


class AreaScreen(Screen):
    """A top-level area. Subclasses compose `body()` and load their data in `load()`.

    `load()` runs in an exclusive worker when the screen mounts, when it is shown again, when its
    area key is pressed while it is shown, and whenever the app announces that data changed (also
    when another process changed the files: the app watches the folders), so a screen never polls.
    """

    WATCHES: frozenset[str] = frozenset()
    """Collections whose changes make this screen reload (empty: any change)."""

    BINDINGS = [Binding("escape", "leave_field", "Leave field", show=False)]

    reflect = reflect_app
    """The app, typed."""

    def compose(self) -> ComposeResult:
        """Header, the area's body, footer."""
        yield Header(show_clock=False)
        yield from self.body()
        yield AppFooter()

    def body(self) -> ComposeResult:
        """The area's own widgets."""
        yield from ()

    def action_leave_field(self) -> None:
        """Take focus off a text field, so the one-letter area keys work again."""
        self.set_focus(None)

    _first_load: Worker[None] | None = None
    """The load `on_mount` started, while it runs."""

    def on_mount(self) -> None:
        """Subscribe to data changes and load."""
        self.reflect.data_changed.subscribe(self, self._on_data_changed)
        self._first_load = self.reload()

    def on_screen_resume(self) -> None:
        """Reload when the area is shown again.

        Not while the load `on_mount` started is running: Textual shows (resumes) a screen right
        after mounting it, even twice, and that load is the one of this showing. Another would not
        stop it (its reading runs in a thread, which a cancelled worker leaves running) but read
        everything again beside it, holding both in memory.
        """
        if self._first_load is not None:
            if not self._first_load.is_finished:
                return
            self._first_load = None
        if self.is_mounted:
            self.reload()

    def _on_data_changed(self, collection: str) -> None:
        if not self.WATCHES or collection in self.WATCHES:
            self.reload()

    @work(exclusive=True, group="load", exit_on_error=False)
    async def reload(self) -> None:
        """Run `load()` once the store is ready (exclusive: a newer reload cancels an older one)."""
        await self.reflect.store_ready()
        try:
            await self.load()
        finally:
            self.reflect.area_shown.set()

    async def load(self) -> None:
        """Fetch data (with `await self.reflect.io(...)`) and update widgets. Override."""
