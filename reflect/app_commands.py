"""The app's global keys and command palette: the areas, the dialogs any screen can open.

`ReflectApp` (reflect/app.py) inherits these actions; its BINDINGS name them.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App, SystemCommand
from textual.screen import Screen

AREAS: list[tuple[str, str, str, str]] = [
    ("t", "today", "Today", "Today's check-ins, frog, focus and reminders"),
    ("f", "focus", "Focus", "Timed focus blocks with an intention"),
    ("p", "people", "People", "Ask people for stories about your strengths"),
    ("s", "story", "Story", "Write your value story, cut pitches, rehearse"),
    ("i", "insights", "Insights", "Patterns in your mood, energy and focus"),
]
"""(key, mode, footer label, palette help) for each top-level area."""


class AppCommands(App[int]):
    """The actions behind the global keys and the palette (each screen's module is imported on use)."""

    async def action_area(self, mode: str) -> None:
        """Show a top-level area, closing screens pushed over the current one (History, say).

        Without that, History opened from an area would stay on that area's stack: its own key
        would do nothing and coming back later would show History again. A pushed screen that is
        busy (a running rehearsal) says so with `can_leave = False` and keeps the user there.
        """
        covered = len(self.screen_stack) > 1
        while len(self.screen_stack) > 1:
            if getattr(self.screen, "can_leave", True) is False:
                self.notify("Finish or stop what is running here first.", markup=False, timeout=4)
                return
            await self.pop_screen()
        if mode != self.current_mode:
            await self.switch_mode(mode)
        elif not covered:  # the key of the area shown: read it again (another process may have written)
            reload = getattr(self.screen, "reload", None)
            if callable(reload):
                reload()

    async def action_quit(self) -> None:
        """Quit (q, or ctrl+q from anywhere) after the focused field has taken every key typed
        before the quit key, so its draft or autosave holds all of them."""
        from reflect.widgets.keys import keys_taken

        await keys_taken(self)
        self.exit()

    def action_help_quit(self) -> None:
        """ctrl+c copies in text fields and never quits: say how to quit, the way the footer does."""
        where = "q quits" if "q" in self.screen.active_bindings else "Escape closes this, then q quits"
        self.notify(f"{where} (ctrl+q quits from anywhere, even a text field).", title="Quit", markup=False)

    def _push_once(self, module: str, name: str) -> None:
        """Push the screen class `name` of `module` (imported on first use), unless it is on top."""
        import importlib

        screen_class = getattr(importlib.import_module(module), name)
        if not isinstance(self.screen, screen_class):
            self.push_screen(screen_class())

    def action_check_in(self) -> None:
        """Open the check-in dialog over the current screen."""
        self._push_once("reflect.screens.checkin.dialog", "CheckInScreen")

    def action_reflect(self) -> None:
        """Open the guided reflection."""
        self._push_once("reflect.screens.reflection", "ReflectionScreen")

    def action_checkin_history(self) -> None:
        """Show every check-in, to filter, edit or delete."""
        self._push_once("reflect.screens.checkin.history", "CheckInHistoryScreen")

    def action_help(self) -> None:
        """Show the keys."""
        self._push_once("reflect.screens.help", "HelpScreen")

    def action_search(self) -> None:
        """Open the search over everything written."""
        self._push_once("reflect.screens.search", "SearchScreen")

    def action_daily_settings(self) -> None:
        """Open the daily-loop settings (the day start)."""
        from reflect.screens.settings import DailySettingsScreen

        self.push_screen(DailySettingsScreen())

    def action_import(self) -> None:
        """Open the import dialog."""
        from reflect.screens.transfer import ImportScreen

        self.push_screen(ImportScreen())

    def action_export(self) -> None:
        """Open the export dialog."""
        from reflect.screens.transfer import ExportScreen

        self.push_screen(ExportScreen())

    def action_sync(self) -> None:
        """Merge sync-conflict copies now, in a worker."""
        from reflect.screens.transfer import merge_sync_conflicts

        self.run_worker(merge_sync_conflicts(self, quiet=False), group="sync", exclusive=True, exit_on_error=False)

    def action_conflicts(self) -> None:
        """Show every record edited in two places, to keep either copy."""
        from reflect.screens.conflicts import RecordConflictsScreen

        if not isinstance(self.screen, RecordConflictsScreen):
            self.push_screen(RecordConflictsScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every area and global action, for the command palette."""
        for key, mode, label, help_text in AREAS:
            yield SystemCommand(f"{label} ({key})", help_text, lambda m=mode: self.run_action(f"area('{m}')"))
        yield SystemCommand("Check in (m)", "Record mood and energy now", self.action_check_in)
        yield SystemCommand("Reflect (r)", "A short guided reflection", self.action_reflect)
        yield SystemCommand("Check-in history (h)", "Filter, edit or delete check-ins", self.action_checkin_history)
        yield SystemCommand("Help (?)", "Keys and where your data lives", self.action_help)
        yield SystemCommand("Search everything written", "Find words in check-ins, reflections, feedback and the story", self.action_search)
        yield SystemCommand("Settings: your day", "When your day starts, and reminders to check in and reflect", self.action_daily_settings)
        yield SystemCommand("Import", "Bring in a reflect, Daylio or jrnl export", self.action_import)
        yield SystemCommand("Export", "Write the journal as JSON, CSV or Markdown", self.action_export)
        yield SystemCommand("Sync now", "Merge copies your sync tool left after a conflict", self.action_sync)
        yield SystemCommand("Conflicts", "Records edited in two places: compare both copies, keep either", self.action_conflicts)
        yield from self._screen_commands(screen)
        yield from super().get_system_commands(screen)

    def _screen_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The keys of the area on screen (also those a narrow footer had no room for)."""
        seen: set[str] = set()
        for node, binding, enabled, _tip in screen.active_bindings.values():
            if node is self or not binding.show or not enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            yield SystemCommand(
                f"{binding.description} ({self.get_key_display(binding)})",
                f"{screen.title or type(screen).__name__.removesuffix('Screen')} key",
                lambda n=node, a=binding.action: self.run_action(a, n),
            )
