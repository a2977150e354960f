"""The footer every area shows: compact, and fitted to the terminal's width."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

PALETTE_MIN_WIDTH = 92
"""From this width on, the footer also shows the command palette key (^p)."""


class AppFooter(Footer):
    """A compact footer that shows what fits, the screen's own keys first.

    An area's own keys (Start, Save, Rehearse...) come first. When they and the global keys
    (t f p s i m r q) do not fit on one line, keys are left out from the end, global ones first,
    but `? Help`, which lists them all, always stays. The `^p palette` hint shows only from PALETTE_MIN_WIDTH columns (ctrl+p always
    works). It also rebuilds itself only when the keys it shows change: the stock footer rebuilds
    on every change of focus, which cost a third of the app's first frame.

    A dialog without a footer of its own (the check-in, help, confirmations) shows through to
    this one: while such a dialog is on top, this footer lists the dialog's keys (Save ctrl+s,
    Cancel...) instead of the area's, since the area's and the global keys do not reach it.
    """

    DEFAULT_CSS = """
    AppFooter { dock: bottom; }
    """

    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)
        self._shown: Any = None

    def _source(self) -> Screen:
        """The screen whose keys work now: a footer-less dialog on top of this screen, else this screen."""
        try:
            top = self.app.screen
        except Exception:  # noqa: BLE001 - no screen yet (start-up, shut-down)
            return self.screen
        if top is not self.screen and top.is_modal and not top.query(Footer):
            return top
        return self.screen

    def _keys(self) -> list[tuple[Any, bool, str]]:
        """(binding, enabled, tooltip) of the keys to show, fitted to the width."""
        shown = []
        actions: set[str] = set()
        source = self._source()
        modal = source.is_modal
        for node, binding, enabled, tip in source.active_bindings.values():
            if modal and node is self.app:
                continue  # a dialog's footer lists the dialog's keys, never the areas' or the app's
            if binding.show and binding.action not in actions:  # one key per action, as the stock footer
                actions.add(binding.action)
                shown.append((node, binding, enabled, tip))
        def cells(key: tuple) -> int:
            return len(self.app.get_key_display(key[1])) + len(key[1].description) + 2

        room = self.app.size.width
        if self.show_command_palette:
            room -= 14  # the palette hint on the right: " ^p palette " and its margin
        help_key = [k for k in shown if k[1].action == "help"]
        room -= sum(cells(k) for k in help_key)
        picked = {id(k) for k in help_key}
        for own in (True, False):  # the screen's own keys first, then the global ones
            for key in shown:
                if (source is not self.screen or key[0] is not self.app) == own and id(key) not in picked and cells(key) <= room:
                    picked.add(id(key))
                    room -= cells(key)
        return [(binding, enabled, tip) for key in shown if id(key) in picked for _n, binding, enabled, tip in [key]]

    def _signature(self) -> Any:
        return tuple((b.key, b.description, enabled) for b, enabled, _tip in self._keys()), self.show_command_palette

    def compose(self) -> ComposeResult:
        """The keys that fit (remembering which, so an unchanged set is not rebuilt)."""
        if not self._bindings_ready:
            return
        self._shown = self._signature()
        keys = self._keys()
        self.styles.grid_size_columns = len(keys)
        for binding, enabled, tooltip in keys:
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            ).data_bind(compact=Footer.compact)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE and self._source() is self.screen:
            found = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, _tip = found
                yield FooterKey(
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    classes="-command-palette",
                    disabled=not enabled,
                    tooltip=binding.tooltip or binding.description,
                )

    def on_mount(self) -> None:
        """Follow this screen's keys, and the dialogs pushed over it."""
        super().on_mount()
        self.app.screen_change_signal.subscribe(self, self._screen_changed)

    def on_unmount(self) -> None:
        """Stop following."""
        super().on_unmount()
        self.app.screen_change_signal.unsubscribe(self)

    def _screen_changed(self, top: Screen) -> None:
        """A dialog came or went: follow its keys while it is on top of this footer's screen."""
        if self.screen not in self.app.screen_stack:
            return  # a screen of another area, out of sight: not under this dialog
        if top is not self.screen and top.is_modal and top.is_running:
            top.bindings_updated_signal.subscribe(self, self.bindings_changed)
        if self.is_attached and self._bindings_ready and self._signature() != self._shown:
            self.call_after_refresh(self.recompose)

    def bindings_changed(self, screen: Screen) -> None:
        """Rebuild only when the shown keys changed (also while the terminal reports no focus: a
        dialog opened then must not leave the area's keys showing)."""
        self._bindings_ready = True
        if self.is_attached and screen is self._source() and self._signature() != self._shown:
            self.call_after_refresh(self.recompose)

    def on_resize(self, event: events.Resize) -> None:
        """Show the palette key only when it fits, and refit the keys."""
        wide = event.size.width >= PALETTE_MIN_WIDTH
        if wide != self.show_command_palette:
            self.show_command_palette = wide
        if self._bindings_ready and self._signature() != self._shown:
            self.call_after_refresh(self.recompose)


class OwnFooter:
    """A modal screen with its own `AppFooter` at the bottom, listing only the modal's keys.

    Put it first among the bases (`class Dialog(OwnFooter, ModalScreen)`). A screen that composes
    a footer of its own keeps that one. The dialog's footer covers the area's footer underneath, so
    what is shown never depends on the area's footer following the dialog (at any size, after any
    switch of area).
    """

    def _extend_compose(self, widgets: list[Widget]) -> None:
        super()._extend_compose(widgets)  # type: ignore[misc]
        if not any(isinstance(widget, Footer) for widget in widgets):
            widgets.append(AppFooter())
